// The Microsoft Graph client of the sending half: every request carries a client-request-id and a timeout, can
// be cancelled, answers a Conditional Access claims challenge once, pages through @odata.nextLink (a page
// without its `value` list is an error, never "empty"), and turns Graph's error bodies into GraphError with
// anything token-shaped redacted. It never logs a token or a header value.
// Reads are retried on 429/503/504 and network faults (Retry-After as seconds or a date, else exponential
// backoff with jitter, capped in attempts and total time) and follow redirects on the Graph origin only, the
// Authorization header never leaving it. A change (POST) is sent at most once: it is retried only where Graph
// says it did not apply it (429, 503 with Retry-After), never after a network fault or a timeout (the
// request may have reached Graph: the error says so, mayHaveApplied), and a redirect is never followed. A POST
// that changes nothing (`idempotent`: a JSON batch of reads) is retried as a read is.
import { randomUUID } from 'node:crypto';
import { Logger, redact, silentLogger } from './log';

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly clientRequestId?: string,
    readonly date?: string,
    /** A change whose request may have reached Graph before this failure: it may have been applied. */
    readonly mayHaveApplied = false,
  ) {
    super(redact(message));
  }

  /** The error as people read it: status, code, message and the ids support asks for. */
  describe(): string {
    const ids = [this.requestId && `request-id ${this.requestId}`, this.clientRequestId && `client-request-id ${this.clientRequestId}`, this.date && `date ${this.date}`]
      .filter(Boolean)
      .join(', ');
    return `Graph answered ${this.status} ${this.code}: ${this.message}${ids ? ` (${ids})` : ''}`;
  }

  toJSON(): Record<string, unknown> {
    return { status: this.status, code: this.code, message: this.message, requestId: this.requestId, clientRequestId: this.clientRequestId, date: this.date };
  }
}

/** Graph asked for a fresh sign-in (Conditional Access, revoked session) and a second token did not satisfy it. */
export class SignInRequiredError extends Error {
  constructor(message: string, readonly claims?: string) {
    super(message);
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** No retry starts once this much time has gone by since the first attempt. */
  maxTotalMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, maxTotalMs: 5 * 60_000, baseDelayMs: 1000, maxDelayMs: 60_000 };

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface TokenSource {
  /** A token for the Graph origin; `claims` after a Conditional Access challenge. */
  getToken(claims?: string): Promise<string>;
}

export interface GraphClientOptions {
  /** `https://graph.microsoft.com/beta` */
  baseUrl: string;
  tokens: TokenSource;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Called before each wait, so a shell can show progress during throttling. */
  onRetry?: (info: RetryInfo) => void;
  log?: Logger;
  /** Seams for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface GraphResponse<T = unknown> {
  status: number;
  body: T | undefined;
  headers: Headers;
  requestId?: string;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A POST that changes nothing (a JSON batch of reads, getByIds): retried as a read is. */
  idempotent?: boolean;
}

const MAX_REDIRECTS = 5;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const RETRIED = new Set([429, 503, 504]);
/** Methods that only read: retried after a network fault, redirects followed (on the Graph origin). */
const READS = new Set(['GET', 'HEAD']);
/** Connection failures that happen before a request is sent: nothing reached Graph. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Whether Graph's answer says a change was not applied and may be sent again: 429, or 503 with Retry-After. */
function changeMayBeRetried(response: Response): boolean {
  return response.status === 429 || (response.status === 503 && response.headers.get('retry-after') !== null);
}

function notSent(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
  return typeof code === 'string' && NOT_SENT.has(code);
}

export class GraphClient {
  private readonly origin: string;
  private readonly retry: RetryPolicy;
  private readonly log: Logger;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly options: GraphClientOptions) {
    this.origin = new URL(options.baseUrl).origin;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.log = options.log ?? silentLogger;
    this.fetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? sleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** A request to a path under the base URL (or an absolute URL on the Graph origin, such as a nextLink). */
  async request<T>(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<GraphResponse<T>> {
    const url = this.resolve(pathOrUrl);
    const read = READS.has(method) || options.idempotent === true;
    const started = this.now();
    let claims: string | undefined;
    let challenged = false;
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      const clientRequestId = randomUUID();
      // Outside the try: a sign-in failure is not a network fault to retry.
      const token = await this.options.tokens.getToken(claims);
      let response: Response;
      try {
        response = await this.send(method, url, options, clientRequestId, token);
      } catch (error) {
        if (options.signal?.aborted || error instanceof SignInRequiredError || error instanceof GraphError) throw error;
        const reason = (error as Error).name === 'TimeoutError' ? 'the request timed out' : `network error: ${describeNetworkError(error)}`;
        if (!read && !notSent(error)) {
          // The request may have reached Graph and been applied: sending it again could apply it twice (with
          // Multi Admin Approval, two approval requests). The caller finds out what happened by reading.
          throw new GraphError(0, 'networkError', `${reason}; the request may have reached Graph`, undefined, clientRequestId, undefined, true);
        }
        const delay = this.backoff(attempt);
        if (!this.mayRetry(attempt, started, delay)) throw new GraphError(0, 'networkError', `${reason} (after ${attempt} attempt(s))`, undefined, clientRequestId);
        await this.wait(attempt, delay, reason, options.signal);
        continue;
      }
      const requestId = response.headers.get('request-id') ?? undefined;
      this.log.info('graph', `${method} ${describeUrl(url)} -> ${response.status} (${this.now() - started} ms, request-id ${requestId ?? '-'}, client-request-id ${clientRequestId})`);
      if (response.status === 401 && !challenged) {
        const challenge = claimsChallenge(response.headers.get('www-authenticate'));
        if (challenge !== undefined) {
          // Conditional Access wants more: ask for a token that carries these claims, once.
          this.log.warn('auth', 'Graph asked for a new sign-in (claims challenge)');
          challenged = true;
          claims = challenge;
          attempt--;
          await response.body?.cancel();
          continue;
        }
      }
      if (response.ok) return { status: response.status, body: (await readJson(response)) as T | undefined, headers: response.headers, requestId };
      const error = await toGraphError(response, clientRequestId);
      if (response.status === 401 && challenged) {
        throw new SignInRequiredError(`Conditional Access still refuses the session after a new sign-in: sign in again (${error.message}).`, claims);
      }
      if (!RETRIED.has(response.status) || (!read && !changeMayBeRetried(response))) throw error;
      const delay = retryAfter(response.headers.get('retry-after'), this.now()) ?? this.backoff(attempt);
      if (!this.mayRetry(attempt, started, delay)) {
        throw new GraphError(error.status, error.code, `${error.message} (gave up after ${attempt} attempt(s) in ${Math.round((this.now() - started) / 1000)} s)`, error.requestId, error.clientRequestId, error.date);
      }
      await this.wait(attempt, delay, response.status === 429 ? 'Graph is throttling requests (429)' : `Graph is unavailable (${response.status})`, options.signal);
    }
  }

  /** The pages of a collection, following @odata.nextLink: a picker can show the first page at once. */
  async *pages<T>(path: string, signal?: AbortSignal): AsyncGenerator<T[]> {
    for (let next: string | undefined = path; next; ) {
      const page: GraphResponse<unknown> = await this.request('GET', next, { signal });
      const body = page.body as { value?: unknown; '@odata.nextLink'?: unknown } | undefined;
      // An answer without its list is not an empty list: taking it for one would make a merge remove
      // everything the app has.
      if (!body || typeof body !== 'object' || !Array.isArray(body.value)) {
        throw new GraphError(page.status, 'unexpectedAnswer', `Graph answered ${page.status} to ${describeUrl(this.resolve(next))} without a "value" list; nothing was taken from it.`, page.requestId);
      }
      const link = body['@odata.nextLink'];
      if (link !== undefined && link !== null && typeof link !== 'string') {
        throw new GraphError(page.status, 'unexpectedAnswer', `Graph answered ${page.status} with an @odata.nextLink that is not a link.`, page.requestId);
      }
      yield body.value as T[];
      next = link ?? undefined;
    }
  }

  /** Every item of a collection (at most `limit`), following @odata.nextLink. */
  async collect<T>(path: string, signal?: AbortSignal, limit = 100_000): Promise<T[]> {
    const items: T[] = [];
    for await (const page of this.pages<T>(path, signal)) {
      items.push(...page);
      if (items.length >= limit) break;
    }
    return items;
  }

  private resolve(pathOrUrl: string): URL {
    const url = /^https?:\/\//i.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(`${this.options.baseUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`);
    // A nextLink (or anything) pointing elsewhere would receive the token: refuse it outright.
    if (url.origin !== this.origin) throw new GraphError(0, 'foreignOrigin', `Refusing to call ${url.origin}: only ${this.origin} receives requests with a token.`);
    return url;
  }

  private async send(method: string, url: URL, options: RequestOptions, clientRequestId: string, token: string): Promise<Response> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 60_000);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'client-request-id': clientRequestId,
      'return-client-request-id': 'true',
      ...options.headers,
    };
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    let target = url;
    for (let hop = 0; ; hop++) {
      // The token goes to the Graph origin only: a redirect elsewhere is followed without it.
      const authorized = target.origin === this.origin;
      const response = await this.fetch(target, {
        method,
        headers: authorized ? { ...headers, authorization: `Bearer ${token}` } : headers,
        body,
        redirect: 'manual',
        signal,
      });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || response.status === 304) return response;
      if (!READS.has(method)) {
        // A change goes to Graph or nowhere: its body (and any approval justification) is never re-sent to
        // where a redirect points, and Graph did not apply what it redirected.
        await response.body?.cancel();
        const where = location ? ` to ${safeOrigin(location, target)}` : '';
        throw new GraphError(response.status, 'redirectRefused', `Graph answered ${method} ${describeUrl(url)} with a redirect (${response.status})${where}; a change is never sent anywhere but Graph, so it was not sent again.`);
      }
      if (!location) return response;
      if (hop >= MAX_REDIRECTS) throw new GraphError(response.status, 'tooManyRedirects', `More than ${MAX_REDIRECTS} redirects from ${describeUrl(url)}.`);
      await response.body?.cancel();
      target = new URL(location, target);
      if (target.protocol !== 'https:' && target.origin !== this.origin && !LOOPBACK.has(target.hostname)) {
        throw new GraphError(response.status, 'insecureRedirect', `Refusing to follow a redirect to ${target.origin} over plain http.`);
      }
      this.log.info('graph', `${method} ${describeUrl(url)} -> ${response.status} redirect to ${target.origin}${authorized && target.origin !== this.origin ? ' (without the token)' : ''}`);
    }
  }

  /** The retry policy this client follows; JSON batches follow it for their inner requests too. */
  get retryPolicy(): Readonly<RetryPolicy> {
    return this.retry;
  }

  /** The wait after attempt `attempt` when Graph gives none: exponential, capped, with jitter (half the ceiling and up to half more). */
  backoff(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  private mayRetry(attempt: number, started: number, delay: number): boolean {
    return attempt < this.retry.maxAttempts && this.now() - started + delay <= this.retry.maxTotalMs;
  }

  private async wait(attempt: number, delayMs: number, reason: string, signal?: AbortSignal): Promise<void> {
    this.log.warn('graph', `${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${this.retry.maxAttempts})`);
    this.options.onRetry?.({ attempt: attempt + 1, delayMs, reason });
    await this.sleep(delayMs, signal);
  }
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The claims of a Conditional Access challenge (`WWW-Authenticate: Bearer ..., claims="..."`), decoded. */
export function claimsChallenge(header: string | null): string | undefined {
  if (!header || !/insufficient_claims|claims=/i.test(header)) return undefined;
  const match = /claims="([^"]*)"/i.exec(header);
  if (!match) return undefined;
  try {
    return Buffer.from(match[1], 'base64').toString('utf8');
  } catch {
    return match[1];
  }
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function toGraphError(response: Response, clientRequestId: string): Promise<GraphError> {
  const body = (await readJson(response)) as { error?: { code?: string; message?: string; innerError?: Record<string, string>; innererror?: Record<string, string> } } | string | undefined;
  const error = typeof body === 'object' ? body?.error : undefined;
  const inner = error?.innerError ?? error?.innererror ?? {};
  const message = error?.message || (typeof body === 'string' && body.length < 500 ? body : '') || response.statusText || 'no message';
  return new GraphError(
    response.status,
    error?.code ?? `http${response.status}`,
    message,
    inner['request-id'] ?? response.headers.get('request-id') ?? undefined,
    inner['client-request-id'] ?? response.headers.get('client-request-id') ?? clientRequestId,
    inner.date ?? response.headers.get('date') ?? undefined,
  );
}

function describeUrl(url: URL): string {
  return `${url.pathname}${url.search}`;
}

function safeOrigin(location: string, base: URL): string {
  try {
    return new URL(location, base).origin;
  } catch {
    return 'an unreadable address';
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
