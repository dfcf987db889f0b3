// The local tenant emulator: one HTTP(S) server bound to 127.0.0.1 serving the sandbox's Entra ID (entra.ts)
// and Microsoft Graph (graphApi.ts) over a live tenant state; request recording in a ring buffer (tokens,
// secrets, assertions and codes redacted) and one log line per request; the Intune applications service's
// throttling limits, and failures and Conditional Access challenges on demand; a device login page; and
// control endpoints for scripts and demos. Bodies over 1 MB are refused with 413; requests naming another
// Host (DNS rebinding) are refused, and so are cross-origin POSTs to the control endpoints and the device
// login page, so a web page in the user's browser cannot drive the sandbox.
//
// Control endpoints (loopback only, JSON in and out):
//   POST /_sandbox/approve   {"userCode"?: "ABCD1234", "user"?: upn}  approve that device code (or the newest)
//   POST /_sandbox/deny      {"userCode"?}                            decline it: the poll gets authorization_declined
//   POST /_sandbox/throttle  {"count": 1, "status"?: 429|503|504, "retryAfter"?: "5" | HTTP date}
//   POST /_sandbox/claims    {"claims"?: "{...}"}                      the next Graph request gets a claims challenge
//   POST /_sandbox/revoke                                             every refresh token issued so far fails
//   GET  /_sandbox/requests                                           the recorded requests (redacted)
//   GET  /_sandbox/state                                              the tenant state (apps, assignments, ...)
//   POST /_sandbox/reset                                              the tenant back to the seed; limits and queued failures cleared
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { GraphVersion } from '../../common/src/constants';
import { DeviceCodeInfo, Entra, EntraReply, escapeHtml, page } from './entra';
import { graphError, GraphReply, handleGraph, tenantState, TenantState } from './graphApi';
import { DEFAULT_SEED, SandboxSeed } from './seed';
import { ForcedFailure, INTUNE_APPLICATIONS_LIMITS, IntuneThrottle, ThrottleLimits } from './throttle';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default: DEFAULT_SEED. */
  seed?: SandboxSeed;
  /** `auto` approves each device code at once; `manual` (default) waits for approveDeviceCode or the page. */
  deviceCodeApproval?: 'auto' | 'manual';
  /** Seconds between device-code polls the sandbox asks for (default 1; tests use a fraction such as 0.05). */
  deviceCodeInterval?: number;
  /** Lifetime of a device code (default 900 s). */
  deviceCodeLifetimeSeconds?: number;
  /**
   * The origin advertised for the Entra endpoints. Default `https://sandbox-login.invalid`: the product's MSAL
   * reaches it through a network client that carries it to this server (MSAL refuses http authorities). With
   * `tls`, the default is the server's own https origin.
   */
  authorityOrigin?: string;
  /** Serve HTTPS with this certificate and key. */
  tls?: { cert: string; key: string };
  /** Access token lifetime (default 3600 s). */
  tokenLifetimeSeconds?: number;
  /** A line per request: method, path, status, time. Never a token, a header value, a secret or a code. */
  log?: (line: string) => void;
  /** Called when a device code is issued (the CLI prints it and offers to approve it). */
  onDeviceCode?: (info: DeviceCodeInfo) => void;
  /** How many requests `requests` keeps (default 1000; the oldest go first). */
  maxRecordedRequests?: number;
  /** Throttling limits (default: the Intune applications service's). */
  throttleLimits?: ThrottleLimits;
  /** The clock, in milliseconds (default Date.now): tests move it to expire tokens and codes without waiting. */
  now?: () => number;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, secrets in the query redacted. */
  path: string;
  /** Lower-case names; Authorization as `Bearer <redacted>`, cookies redacted. */
  headers: Record<string, string>;
  /** Parsed JSON, or form fields with secrets, assertions and codes redacted; undefined when empty. */
  body: unknown;
  status: number;
  /** When the request arrived (ISO 8601). */
  time: string;
  durationMs: number;
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT` (https with `tls`); Graph is at `${url}/beta` and `${url}/v1.0`. */
  url: string;
  port: number;
  tenantId: string;
  /** The origin the Entra endpoints are advertised on. */
  authorityOrigin: string;
  /** Live tenant state: apps and their assignments, groups, filters, approval requests. Replaced by reset(). */
  readonly state: TenantState;
  /** Every request (the newest maxRecordedRequests), redacted. */
  readonly requests: RecordedRequest[];
  /** Approves the pending code with this user code (or the newest) for a seeded user (upn; default the first). */
  approveDeviceCode(userCode?: string, user?: string): boolean;
  /** Declines it: the next poll answers authorization_declined. */
  denyDeviceCode(userCode?: string): boolean;
  /** The newest device code waiting for approval. */
  pendingDeviceCode(): string | undefined;
  /** Every refresh token issued so far fails with invalid_grant, suberror bad_token. */
  revokeRefreshTokens(): void;
  /** The next `count` authenticated Graph requests fail with this status (default 429) and Retry-After (default none). */
  throttleNext(count: number, options?: { status?: 429 | 503 | 504; retryAfter?: string }): void;
  /** The next authenticated Graph request answers 401 with a Conditional Access claims challenge. */
  requireClaims(claims?: string): void;
  /** The tenant back to the seed; throttling windows, queued failures and challenges cleared. Tokens stay valid. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_AUTHORITY_ORIGIN = 'https://sandbox-login.invalid';
export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this an oversized upload is cut off instead of drained (the 413 is sent first). */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;
const MAX_RECORDED_BODY_BYTES = 64 * 1024;
const SECRET_FIELDS = new Set(['client_secret', 'client_assertion', 'assertion', 'code', 'code_verifier', 'refresh_token', 'device_code', 'access_token', 'id_token', 'password', 'secret']);
const GRAPH_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Reply = (GraphReply | EntraReply) & { html?: string; redirect?: string };

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? DEFAULT_SEED;
  const now = options.now ?? Date.now;
  const maxRecorded = Math.max(1, options.maxRecordedRequests ?? 1000);
  let state = tenantState(seed);
  const requests: RecordedRequest[] = [];
  /** Failures on demand, in order; each entry covers `remaining` requests (so a large count costs nothing). */
  const forced: { failure: ForcedFailure; remaining: number }[] = [];
  let claimsChallenge: string | undefined;
  const throttle = new IntuneThrottle(options.throttleLimits ?? INTUNE_APPLICATIONS_LIMITS);
  // Set once the server listens: the endpoints need its port.
  let entra = undefined as unknown as Entra;
  let origin = '';
  let authorityOrigin = '';
  let allowedHosts = new Set<string>();

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const started = now();
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES;
    let answered = false;
    const finish = (reply: Reply, raw: string) => {
      if (answered) return;
      answered = true;
      send(req, res, reply, raw, started);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else if (!tooLarge) chunks.push(chunk);
      if (size > MAX_DRAIN_BYTES && !answered) {
        // Enough: answer now and drop the connection rather than read more.
        res.once('finish', () => req.destroy());
        finish(tooLargeReply(req), '');
      }
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      const raw = tooLarge ? '' : Buffer.concat(chunks).toString('utf8');
      let reply: Reply;
      try {
        reply = tooLarge ? tooLargeReply(req) : route(req, raw);
      } catch (error) {
        reply = graphError(500, 'InternalServerError', `The sandbox failed: ${(error as Error).message}`);
      }
      finish(reply, raw);
    });
  };

  const tooLargeReply = (req: IncomingMessage): Reply =>
    isGraphPath(req.url ?? '/')
      ? graphError(413, 'RequestEntityTooLarge', `The request body is larger than ${MAX_BODY_BYTES} bytes.`)
      : { status: 413, json: { error: 'invalid_request', error_description: `The request body is larger than ${MAX_BODY_BYTES} bytes.` } };

  const route = (req: IncomingMessage, raw: string): Reply => {
    const method = req.method ?? 'GET';
    const host = (req.headers.host ?? '').toLowerCase();
    // A name that resolves to 127.0.0.1 but is not ours is a DNS rebinding attempt: refuse it.
    if (!allowedHosts.has(host)) return { status: 421, json: { error: 'misdirected_request', error_description: `This server answers to ${[...allowedHosts].join(' and ')} only.` } };
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    const correlationId = header(req, 'client-request-id');

    if (path.startsWith('/_sandbox/') || path === '/devicelogin') {
      const requestOrigin = header(req, 'origin');
      if (method !== 'GET' && requestOrigin !== undefined && requestOrigin !== origin && requestOrigin !== origin.replace('127.0.0.1', 'localhost')) {
        return { status: 403, json: { error: 'forbidden', error_description: 'Cross-origin requests to the sandbox are refused.' } };
      }
      return path === '/devicelogin' ? deviceLogin(method, url, raw) : control(method, path, raw);
    }
    if (path === '/' && method === 'GET') {
      return { status: 200, json: { name: 'intune-assign sandbox', graph: `${origin}/beta`, tenantId: seed.tenant.id, authority: `${authorityOrigin}/${seed.tenant.id}`, deviceLogin: `${origin}/devicelogin` } };
    }
    if (isGraphPath(path)) {
      const [, version, rest] = /^\/(beta|v1\.0)(\/.*)?$/.exec(path)!;
      return graphRequest(req, url, version as GraphVersion, rest ?? '/', raw);
    }
    if (/^\/[^/]+\/discovery\/instance$/.test(path)) return entra.instanceDiscovery();

    const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/(token|devicecode|authorize|logout))$/.exec(path);
    if (!m) return { status: 404, json: { error: 'not_found', error_description: `Nothing at ${path}. Entra ID is under /{tenant}/ and Graph under /beta and /v1.0.` } };
    const [, segment, what, endpoint] = m;
    let tenant = segment;
    try {
      tenant = decodeURIComponent(segment);
    } catch {
      return entra.unknownTenant(segment, correlationId);
    }
    if (!entra.knowsTenant(tenant)) return entra.unknownTenant(tenant, correlationId);
    if (!endpoint) return what.startsWith('v2.0') ? entra.discovery(tenant) : { status: 200, json: { keys: [] } };
    if (endpoint === 'authorize') return entra.authorize(method === 'POST' ? new URLSearchParams(raw) : url.searchParams, correlationId);
    if (endpoint === 'logout') return { status: 200, html: page('Signed out', '<p>You are signed out of the sandbox. You can close this tab.</p>') };
    if (method !== 'POST') return entra.error(405, 'invalid_request', 900561, `The endpoint only accepts POST requests. Received a ${method} request.`, correlationId);
    const form = new URLSearchParams(raw);
    basicCredentials(req, form);
    return endpoint === 'devicecode' ? entra.deviceCode(form, correlationId) : entra.token(form, tenant, correlationId);
  };

  const graphRequest = (req: IncomingMessage, url: URL, version: GraphVersion, path: string, raw: string): Reply => {
    const authorization = header(req, 'authorization') ?? '';
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const check = entra.checkAccessToken(bearer);
    if (!('claims' in check)) {
      const message = {
        empty: 'Access token is empty.',
        malformed: 'IDX14100: JWT is not well formed: access token validation failure.',
        signature: 'Access token validation failure: the token was not issued by this sandbox (invalid signature).',
        expired: 'Lifetime validation failed, the token is expired.',
        tenant: 'Access token validation failure: the token is for another tenant.',
      }[check.problem];
      return { ...graphError(401, 'InvalidAuthenticationToken', message), headers: { 'www-authenticate': `Bearer realm="", authorization_uri="${authorityOrigin}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"` } };
    }
    if (claimsChallenge !== undefined) {
      const challenge = Buffer.from(claimsChallenge).toString('base64');
      claimsChallenge = undefined;
      return {
        ...graphError(401, 'InvalidAuthenticationToken', 'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: insufficient_claims.'),
        headers: { 'www-authenticate': `Bearer realm="", authorization_uri="${authorityOrigin}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="${challenge}"` },
      };
    }
    const next = forced[0];
    if (next && --next.remaining <= 0) forced.shift();
    const failure = next?.failure;
    if (failure) {
      const [code, message] =
        failure.status === 429 ? ['TooManyRequests', 'Too many requests (the sandbox was told to throttle this one).'] : failure.status === 503 ? ['serviceNotAvailable', 'The service is temporarily unavailable (on demand).'] : ['gatewayTimeout', 'The gateway timed out (on demand).'];
      return { ...graphError(failure.status, code, message), headers: failure.retryAfter !== undefined ? { 'retry-after': failure.retryAfter } : {} };
    }
    // The Intune applications service's limits apply to its own resources.
    if (/^\/deviceappmanagement\//i.test(path)) {
      const limited = throttle.admit(check.claims.tid, check.claims.azp, WRITE_METHODS.has(req.method ?? 'GET'), now());
      if (limited) {
        return {
          ...graphError(429, 'activityLimitReached', `The Intune applications service throttled the request: more than its limit of requests from this app in 20 seconds. Retry after ${limited.retryAfterSeconds} s.`),
          headers: { 'retry-after': String(limited.retryAfterSeconds) },
        };
      }
    }
    return handleGraph(state, {
      method: req.method ?? 'GET',
      version,
      path,
      query: url.searchParams,
      rawBody: raw,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])),
      claims: check.claims,
      base: `${origin}/${version}`,
      now: now(),
    });
  };

  const deviceLogin = (method: string, url: URL, raw: string): Reply => {
    if (method === 'POST') {
      const form = new URLSearchParams(raw);
      const code = form.get('user_code') ?? form.get('code') ?? '';
      const user = form.get('user') ?? undefined;
      const deny = form.get('action') === 'deny';
      const ok = deny ? entra.denyDeviceCode(code) : entra.approveDeviceCode(code, user);
      const title = ok ? (deny ? 'Sign-in declined' : 'Signed in') : 'Unknown code';
      const text = ok
        ? deny
          ? '<p>The sign-in was declined. Go back to your terminal or editor.</p>'
          : `<p>You are signed in to the sandbox as ${escapeHtml(entra.findUser(user)?.upn ?? '')}. Go back to your terminal or editor.</p>`
        : '<p>That code is unknown, expired or already used. <a href="/devicelogin">Try again</a>.</p>';
      return { status: ok ? 200 : 400, html: page(title, text) };
    }
    if (method !== 'GET') return { status: 405, html: page('Not allowed', '<p>GET or POST only.</p>') };
    const prefill = url.searchParams.get('user_code') ?? entra.pendingDeviceCode() ?? '';
    const users = seed.users.map((u, i) => `<option value="${escapeHtml(u.upn)}"${i === 0 ? ' selected' : ''}>${escapeHtml(u.name)} (${escapeHtml(u.upn)})</option>`).join('');
    const waiting = entra.pendingDeviceCodes();
    const list = waiting.length ? `<p>Waiting: ${waiting.map((w) => `<code>${escapeHtml(w.userCode)}</code> (${escapeHtml(w.clientName)})`).join(', ')}</p>` : '<p>No code is waiting right now.</p>';
    return {
      status: 200,
      html: page(
        'Sign in to the sandbox',
        `<p>Enter the code the application shows. No password: this is a local emulator of ${escapeHtml(seed.tenant.displayName ?? seed.tenant.domain)}.</p>${list}` +
          `<form method="post"><p><label>Code <input name="user_code" autocomplete="off" autofocus value="${escapeHtml(prefill)}"></label></p>` +
          `<p><label>Sign in as <select name="user">${users}</select></label></p>` +
          `<p><button name="action" value="approve">Sign in</button> <button name="action" value="deny">Decline</button></p></form>`,
      ),
    };
  };

  const control = (method: string, path: string, raw: string): Reply => {
    let body: Record<string, unknown> = {};
    if (raw.trim()) {
      try {
        const parsed = JSON.parse(raw) as unknown;
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return { status: 400, json: { error: 'bad_request', message: 'The body must be a JSON object.' } };
      }
    }
    const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
    const route = `${method} ${path}`;
    switch (route) {
      case 'POST /_sandbox/approve':
      case 'POST /_sandbox/deny': {
        const userCode = text(body.userCode) ?? entra.pendingDeviceCode();
        const ok = route.endsWith('approve') ? entra.approveDeviceCode(userCode, text(body.user)) : entra.denyDeviceCode(userCode);
        return ok ? { status: 200, json: { userCode, result: route.endsWith('approve') ? 'approved' : 'declined' } } : { status: 404, json: { error: 'not_found', message: 'No such device code is waiting.' } };
      }
      case 'POST /_sandbox/throttle': {
        const count = body.count === undefined ? 1 : Number(body.count);
        const status = body.status === undefined ? 429 : Number(body.status);
        if (!Number.isInteger(count) || count < 0 || count > 10_000 || ![429, 503, 504].includes(status)) {
          return { status: 400, json: { error: 'bad_request', message: 'Expected {"count": 0..10000, "status"?: 429|503|504, "retryAfter"?: seconds or an HTTP date}.' } };
        }
        sandbox.throttleNext(count, { status: status as 429 | 503 | 504, retryAfter: text(body.retryAfter) });
        return { status: 204 };
      }
      case 'POST /_sandbox/claims':
        sandbox.requireClaims(text(body.claims));
        return { status: 204 };
      case 'POST /_sandbox/revoke':
        entra.revokeRefreshTokens();
        return { status: 204 };
      case 'GET /_sandbox/requests':
        return { status: 200, json: requests };
      case 'GET /_sandbox/state':
        return { status: 200, json: state };
      case 'POST /_sandbox/reset':
        sandbox.reset();
        return { status: 204 };
      default:
        return { status: 404, json: { error: 'not_found', message: `No control endpoint ${route}. See sandbox/src/sandbox.ts.` } };
    }
  };

  const send = (req: IncomingMessage, res: ServerResponse, reply: Reply, raw: string, started: number) => {
    const requestId = randomUUID();
    const clientRequestId = header(req, 'client-request-id');
    const date = new Date(now());
    const headers: Record<string, string> = {
      'request-id': requestId,
      'client-request-id': clientRequestId ?? requestId,
      date: date.toUTCString(),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(reply.headers ?? {}),
    };
    let text = '';
    if (reply.redirect) headers.location = reply.redirect;
    if (reply.html !== undefined) {
      headers['content-type'] = 'text/html; charset=utf-8';
      headers['x-frame-options'] = 'DENY';
      headers['referrer-policy'] = 'no-referrer';
      headers['content-security-policy'] ??= "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";
      text = reply.html;
    } else if (reply.json !== undefined) {
      const graph = isGraphPath(req.url ?? '/');
      headers['content-type'] = graph ? GRAPH_CONTENT_TYPE : 'application/json; charset=utf-8';
      const json = reply.json as { error?: { innerError?: Record<string, string> } };
      if (graph && json?.error?.innerError) {
        json.error.innerError.date = date.toISOString().slice(0, 19);
        json.error.innerError['request-id'] = requestId;
        json.error.innerError['client-request-id'] = clientRequestId ?? requestId;
      }
      text = JSON.stringify(reply.json);
    }
    if (!res.headersSent) {
      res.writeHead(reply.status, headers);
      res.end(text);
    }
    record(req, reply.status, raw, started);
  };

  const record = (req: IncomingMessage, status: number, raw: string, started: number) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      const value = Array.isArray(v) ? v.join(', ') : String(v);
      headers[k] = k === 'authorization' || k === 'proxy-authorization' ? value.replace(/^(\S+)\s.*$/s, '$1 <redacted>') : k === 'cookie' ? '<redacted>' : value;
    }
    const path = redactPath(req.url ?? '/');
    const durationMs = Math.max(0, now() - started);
    requests.push({ method: req.method ?? '', path, headers, body: recordedBody(raw), status, time: new Date(started).toISOString(), durationMs });
    while (requests.length > maxRecorded) requests.shift();
    options.log?.(`${req.method} ${path.split('?')[0]} -> ${status} (${durationMs} ms)`);
  };

  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createHttpServer(handler);
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  authorityOrigin = new URL(options.authorityOrigin ?? (options.tls ? origin : DEFAULT_AUTHORITY_ORIGIN)).origin;
  entra = new Entra(seed, {
    publicOrigin: authorityOrigin,
    ownUrl: origin,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    deviceCodeInterval: options.deviceCodeInterval ?? 1,
    deviceCodeLifetimeSeconds: options.deviceCodeLifetimeSeconds ?? 900,
    autoApprove: options.deviceCodeApproval === 'auto',
    now,
    onDeviceCode: options.onDeviceCode,
  });

  const sandbox: Sandbox = {
    url: origin,
    port,
    tenantId: seed.tenant.id,
    authorityOrigin,
    get state() {
      return state;
    },
    requests,
    approveDeviceCode: (userCode, user) => entra.approveDeviceCode(userCode, user),
    denyDeviceCode: (userCode) => entra.denyDeviceCode(userCode),
    pendingDeviceCode: () => entra.pendingDeviceCode(),
    revokeRefreshTokens: () => entra.revokeRefreshTokens(),
    throttleNext: (count, throttleOptions = {}) => {
      if (!Number.isInteger(count) || count < 0) throw new RangeError(`throttleNext needs a whole number of requests, not ${count}.`);
      if (count > 0) forced.push({ failure: { status: throttleOptions.status ?? 429, retryAfter: throttleOptions.retryAfter }, remaining: count });
    },
    requireClaims: (claims) => {
      claimsChallenge = claims ?? JSON.stringify({ access_token: { nbf: { essential: true, value: String(Math.floor(now() / 1000)) } } });
    },
    reset: () => {
      state = tenantState(seed);
      throttle.reset();
      forced.length = 0;
      claimsChallenge = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return sandbox;
}

function isGraphPath(path: string): boolean {
  return /^\/(beta|v1\.0)(\/|$|\?)/.test(path);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** client_secret_basic: credentials in an Authorization: Basic header become form fields. */
function basicCredentials(req: IncomingMessage, form: URLSearchParams): void {
  const basic = /^Basic\s+(\S+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
  if (!basic) return;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return;
  if (!form.has('client_id')) form.set('client_id', decodeURIComponent(decoded.slice(0, colon)));
  if (!form.has('client_secret')) form.set('client_secret', decodeURIComponent(decoded.slice(colon + 1)));
}

function redactPath(path: string): string {
  const q = path.indexOf('?');
  if (q < 0) return path;
  const params = new URLSearchParams(path.slice(q + 1));
  let changed = false;
  for (const key of [...params.keys()]) {
    if (SECRET_FIELDS.has(key.toLowerCase())) {
      params.set(key, '<redacted>');
      changed = true;
    }
  }
  return changed ? `${path.slice(0, q)}?${params.toString()}` : path;
}

/** A request body as recorded: parsed JSON or form fields, secrets redacted, large bodies summarised. */
function recordedBody(raw: string): unknown {
  if (!raw) return undefined;
  if (raw.length > MAX_RECORDED_BODY_BYTES) return { '<not recorded>': `${Buffer.byteLength(raw)} bytes` };
  try {
    return redactJson(JSON.parse(raw) as unknown);
  } catch {
    const form: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(raw)) form[key] = SECRET_FIELDS.has(key.toLowerCase()) ? '<redacted>' : value;
    return form;
  }
}

function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_FIELDS.has(key.toLowerCase()) ? '<redacted>' : redactJson(v);
  return out;
}
