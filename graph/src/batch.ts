// JSON batching of reads: many GETs sent as `POST /$batch`, 20 to a batch (Graph's limit), a few batches in
// flight at once. Graph answers each inner request on its own (the batch itself answers 200): a throttled
// (429) or unavailable (503, 504) one is sent again in a later batch once its own Retry-After has passed, and
// while Graph throttles, no new batch starts before that time. Everything is bounded: attempts per request,
// total time, batches in flight; a signal cancels between batches. Only reads are batched here: a change is
// never sent twice, and a batch of reads is safe to send again (the client retries it as a read).
// Source: learn.microsoft.com/graph/json-batching and /graph/throttling ("retry just those").
import { GraphClient, GraphError, retryAfter, sleep as defaultSleep } from './graphClient';

/** Graph's limit of requests in one batch. */
export const MAX_BATCH_REQUESTS = 20;
/** Batches in flight at once, by default: few enough to stay polite to the service, enough to hide latency. */
export const DEFAULT_BATCH_CONCURRENCY = 4;
const RETRIED = new Set([429, 503, 504]);

export interface BatchRequest {
  /** Relative to the client's version root: `/deviceAppManagement/mobileApps/{id}/assignments`. */
  url: string;
  headers?: Record<string, string>;
}

export interface BatchResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: unknown;
}

export interface BatchOptions {
  signal?: AbortSignal;
  concurrency?: number;
  /** Attempts per inner request, the first included (default: the client's retry policy, as its backoff is). */
  maxAttempts?: number;
  /** No retry starts once this much time has gone by since the first batch (default: the client's policy). */
  maxTotalMs?: number;
  /** Called when Graph throttles inner requests and the batcher waits. */
  onThrottle?: (info: { count: number; delayMs: number; status: number }) => void;
  /** Called after each batch with the number of inner requests answered for good so far. */
  onProgress?: (done: number, total: number) => void;
  /** Seams for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

interface Pending {
  index: number;
  attempts: number;
  notBefore: number;
}

/**
 * Sends `requests` (GETs) in JSON batches; the answers come back in the order of the requests. An inner request
 * that Graph keeps throttling past the attempts or the time allowed is returned with its last status (the caller
 * decides what that means); a batch Graph refuses as a whole is a GraphError.
 */
export async function batchGet(client: GraphClient, requests: BatchRequest[], options: BatchOptions = {}): Promise<BatchResponse[]> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const maxAttempts = options.maxAttempts ?? client.retryPolicy.maxAttempts;
  const maxTotalMs = options.maxTotalMs ?? client.retryPolicy.maxTotalMs;
  const started = now();
  const results: (BatchResponse | undefined)[] = new Array(requests.length);
  const queue: Pending[] = requests.map((_, index) => ({ index, attempts: 0, notBefore: 0 }));
  let done = 0;
  /** While Graph throttles: no batch starts before this time. */
  let pauseUntil = 0;
  let inFlight = 0;
  // One failure stops every worker; the caller's signal too.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  /** Settles when a batch in flight is answered (it may give back requests to retry). */
  let answered = signalled();

  const worker = async (): Promise<void> => {
    for (;;) {
      signal.throwIfAborted();
      if (queue.length === 0) {
        if (inFlight === 0) return;
        await answered.promise;
        continue;
      }
      const at = now();
      const wait = Math.max(pauseUntil, Math.min(...queue.map((p) => p.notBefore))) - at;
      if (wait > 0) {
        await sleep(wait, signal);
        continue;
      }
      const chunk: Pending[] = [];
      for (let i = 0; i < queue.length && chunk.length < MAX_BATCH_REQUESTS; ) {
        if (queue[i].notBefore <= at) chunk.push(...queue.splice(i, 1));
        else i++;
      }
      inFlight++;
      try {
        await send(chunk);
      } catch (error) {
        stop.abort(error);
        throw error;
      } finally {
        inFlight--;
        answered.resolve();
        answered = signalled();
      }
    }
  };

  const send = async (chunk: Pending[]): Promise<void> => {
    const body = {
      requests: chunk.map((p) => ({ id: String(p.index), method: 'GET', url: requests[p.index].url, ...(requests[p.index].headers ? { headers: requests[p.index].headers } : {}) })),
    };
    const response = await client.request<{ responses?: unknown }>('POST', '/$batch', { body, signal, idempotent: true });
    const answers = Array.isArray(response.body?.responses) ? (response.body.responses as unknown[]) : undefined;
    if (!answers) throw new GraphError(response.status, 'unexpectedAnswer', `Graph answered the batch (${response.status}) without its "responses" list; nothing was taken from it.`, response.requestId);
    const byId = new Map<string, Record<string, unknown>>();
    for (const answer of answers) {
      if (answer && typeof answer === 'object' && 'id' in answer) byId.set(String((answer as { id: unknown }).id), answer as Record<string, unknown>);
    }
    const throttled: { pending: Pending; delayMs: number; status: number }[] = [];
    for (const pending of chunk) {
      const answer = byId.get(String(pending.index));
      if (!answer || typeof answer.status !== 'number') {
        throw new GraphError(response.status, 'unexpectedAnswer', `Graph's batch answer has no status for request ${pending.index} (${requests[pending.index].url}); nothing was taken from it.`, response.requestId);
      }
      const headers = lowerCaseHeaders(answer.headers);
      const status = answer.status;
      pending.attempts++;
      const delayMs = retryAfter(headers['retry-after'] ?? null, now()) ?? client.backoff(pending.attempts);
      if (RETRIED.has(status) && pending.attempts < maxAttempts && now() - started + delayMs <= maxTotalMs) {
        throttled.push({ pending, delayMs, status });
        continue;
      }
      results[pending.index] = { status, headers, body: answer.body };
      done++;
    }
    if (throttled.length) {
      const at = now();
      for (const { pending, delayMs } of throttled) {
        pending.notBefore = at + delayMs;
        queue.push(pending);
      }
      const longest = Math.max(...throttled.map((t) => t.delayMs));
      // Graph throttles the caller, not one request: no batch starts before the wait it asked for.
      if (throttled.some((t) => t.status === 429)) pauseUntil = Math.max(pauseUntil, at + longest);
      options.onThrottle?.({ count: throttled.length, delayMs: longest, status: throttled[0].status });
    }
    options.onProgress?.(done, requests.length);
  };

  const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_BATCH_CONCURRENCY, Math.ceil(requests.length / MAX_BATCH_REQUESTS)));
  if (requests.length) await Promise.all(Array.from({ length: workers }, worker));
  return results as BatchResponse[];
}

/** The error an inner answer stands for, in the shape the rest of the product reads. */
export function innerError(answer: BatchResponse, what: string): GraphError {
  const error = (answer.body as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http${answer.status}`;
  const message = typeof error?.message === 'string' && error.message ? error.message : `no message`;
  const requestId = answer.headers['request-id'] ?? (typeof error?.innerError?.['request-id'] === 'string' ? error.innerError['request-id'] : undefined);
  return new GraphError(answer.status, code, `${what}: ${message}`, requestId);
}

/** A promise and the function that settles it (Promise.withResolvers, which Node 20 lacks). */
function signalled(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function lowerCaseHeaders(raw: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (raw && typeof raw === 'object') for (const [key, value] of Object.entries(raw)) headers[key.toLowerCase()] = String(value);
  return headers;
}
