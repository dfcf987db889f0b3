// The local tenant emulator: one HTTP(S) server on 127.0.0.1 with the sandbox's Entra ID and Microsoft Graph,
// request recording (tokens, secrets and codes redacted), throttling (the Intune applications service's
// documented limits, and on demand), Conditional Access challenges on demand, and control endpoints for
// scripts on loopback: POST /_sandbox/approve (approve the newest device code), POST /_sandbox/throttle
// {count, status, retryAfter}, GET /_sandbox/requests, POST /_sandbox/reset (back to the seed).
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Entra, EntraReply, escapeHtml, page } from './entra';
import { graphError, GraphReply, handleGraph, tenantState, TenantState } from './graphApi';
import { DEFAULT_SEED, SandboxSeed } from './seed';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  seed?: SandboxSeed;
  deviceCodeApproval?: 'auto' | 'manual';
  /** Seconds between device-code polls that the sandbox asks for (tests use a fraction). */
  deviceCodeInterval?: number;
  /** The origin advertised for the Entra endpoints; by default the one the product maps to this server. */
  authorityOrigin?: string;
  tls?: { cert: string; key: string };
  tokenLifetimeSeconds?: number;
  /** A line per request: method, path, status. Never a token, a secret or a code. */
  log?: (line: string) => void;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  time: string;
}

export interface Sandbox {
  url: string;
  port: number;
  tenantId: string;
  state: TenantState;
  requests: RecordedRequest[];
  approveDeviceCode(userCode?: string): boolean;
  pendingDeviceCode(): string | undefined;
  revokeRefreshTokens(): void;
  throttleNext(count: number, options?: { status?: 429 | 503 | 504; retryAfter?: string }): void;
  requireClaims(claims?: string): void;
  close(): Promise<void>;
}

export const DEFAULT_AUTHORITY_ORIGIN = 'https://sandbox-login.invalid';
const MAX_BODY = 1024 * 1024;
const MAX_RECORDED = 2000;
/** The Intune applications service's limits per 20 s (../shared/graph/README.md, section 8). */
const LIMITS = { windowMs: 20_000, appWrites: 100, appAll: 1000, tenantWrites: 200, tenantAll: 2000 };

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? DEFAULT_SEED;
  let state = tenantState(seed);
  const requests: RecordedRequest[] = [];
  const forced: { status: number; retryAfter?: string }[] = [];
  let claimsChallenge: string | undefined;
  const history: { at: number; app?: string; write: boolean }[] = [];
  // Set once the server listens (the endpoints need its port).
  let entra: Entra = undefined as unknown as Entra;
  let origin = '';

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let reply: GraphReply | EntraReply;
      try {
        reply = tooLarge ? graphError(413, 'RequestEntityTooLarge', `The request body is over ${MAX_BODY} bytes.`) : route(req, raw);
      } catch (error) {
        reply = graphError(500, 'InternalServerError', `The sandbox failed: ${(error as Error).message}`);
      }
      send(req, res, reply, raw);
    });
  };

  const route = (req: IncomingMessage, raw: string): GraphReply | EntraReply => {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    const form = () => new URLSearchParams(raw);
    if (path.startsWith('/_sandbox/')) return control(req.method!, path, raw);
    if (path === '/devicelogin') return deviceLogin(req.method!, form());
    if (path === '/common/discovery/instance') return entra.instanceDiscovery();
    const entraPath = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/(token|devicecode|authorize)|discovery\/v2\.0\/keys)$/.exec(path);
    if (entraPath) {
      const [, tenant, what] = entraPath;
      if (!entra.knowsTenant(tenant)) return { status: 400, json: { error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${tenant}' not found.` } };
      if (what.startsWith('v2.0/')) return entra.discovery(tenant);
      if (what.startsWith('discovery/')) return { status: 200, json: { keys: [] } };
      if (what.endsWith('authorize')) return entra.authorize(url.searchParams);
      if (req.method !== 'POST') return { status: 405, json: { error: 'invalid_request', error_description: 'POST it.' } };
      if (what.endsWith('devicecode')) return entra.deviceCode(form());
      return entra.token(form(), `${options.authorityOrigin ?? DEFAULT_AUTHORITY_ORIGIN}${path}`);
    }
    const graph = /^\/(beta|v1\.0)(\/.*)$/.exec(path);
    if (!graph) return graphError(404, 'BadRequest', `Nothing at ${path}: Graph is under /beta and /v1.0.`);
    return graphRequest(req, url, graph[1], graph[2], raw);
  };

  const graphRequest = (req: IncomingMessage, url: URL, version: string, path: string, raw: string): GraphReply => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const claims = bearer ? entra.verifyAccessToken(bearer) : undefined;
    if (!claims) return graphError(401, 'InvalidAuthenticationToken', bearer ? 'Access token validation failure: the token is expired or was not issued by this tenant.' : 'Access token is empty.');
    if (claimsChallenge !== undefined) {
      const challenge = Buffer.from(claimsChallenge).toString('base64');
      claimsChallenge = undefined;
      return { ...graphError(401, 'InvalidAuthenticationToken', 'Continuous access evaluation resulted in claims challenge.'), headers: { 'www-authenticate': `Bearer realm="", authorization_uri="${options.authorityOrigin ?? DEFAULT_AUTHORITY_ORIGIN}/common/oauth2/authorize", error="insufficient_claims", claims="${challenge}"` } };
    }
    const next = forced.shift();
    if (next) return { ...graphError(next.status, next.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', next.status === 429 ? 'Too many requests (sandbox, on demand).' : 'The service is unavailable (sandbox, on demand).'), headers: next.retryAfter ? { 'retry-after': next.retryAfter } : {} };
    const throttled = throttle(req.method === 'GET' ? undefined : path, /\/mobileApps\/([^/]+)/.exec(path)?.[1]);
    if (throttled) return throttled;
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return graphError(400, 'BadRequest', 'The request body is not valid JSON.');
      }
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
    return handleGraph(state, { method: req.method!, path, query: url.searchParams, body, headers, claims, base: `${origin}/${version}` });
  };

  /** The documented per-app and per-tenant limits over a sliding 20 s window. */
  const throttle = (writePath: string | undefined, appId: string | undefined): GraphReply | undefined => {
    const now = Date.now();
    while (history.length && history[0].at <= now - LIMITS.windowMs) history.shift();
    const write = writePath !== undefined;
    const forApp = history.filter((h) => appId && h.app === appId);
    const over =
      (write && history.filter((h) => h.write).length >= LIMITS.tenantWrites) ||
      history.length >= LIMITS.tenantAll ||
      (write && forApp.filter((h) => h.write).length >= LIMITS.appWrites) ||
      forApp.length >= LIMITS.appAll;
    if (over) {
      const wait = Math.max(1, Math.ceil((history[0].at + LIMITS.windowMs - now) / 1000));
      return { ...graphError(429, 'activityLimitReached', 'The Intune applications service throttled the request: too many requests in 20 seconds.'), headers: { 'retry-after': String(wait) } };
    }
    history.push({ at: now, app: appId, write });
    return undefined;
  };

  const deviceLogin = (method: string, form: URLSearchParams): EntraReply => {
    if (method === 'POST') {
      const ok = entra.approveDeviceCode(form.get('code') ?? undefined);
      return { status: ok ? 200 : 400, html: page(ok ? 'Signed in' : 'Unknown code', ok ? '<p>You are signed in to the sandbox. Go back to your terminal or editor.</p>' : '<p>That code is unknown or expired.</p>') };
    }
    return { status: 200, html: page('Sign in to the sandbox', `<form method="post"><label>Code <input name="code" autofocus value="${escapeHtml(entra.pendingDeviceCode() ?? '')}"></label> <button>Sign in</button></form>`) };
  };

  const control = (method: string, path: string, raw: string): GraphReply => {
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    if (path === '/_sandbox/approve' && method === 'POST') return { status: entra.approveDeviceCode(body.userCode as string | undefined) ? 204 : 404 };
    if (path === '/_sandbox/throttle' && method === 'POST') {
      sandbox.throttleNext(Number(body.count ?? 1), { status: (body.status as 429 | 503 | 504) ?? 429, retryAfter: body.retryAfter as string | undefined });
      return { status: 204 };
    }
    if (path === '/_sandbox/requests' && method === 'GET') return { status: 200, json: requests };
    if (path === '/_sandbox/reset' && method === 'POST') {
      state = tenantState(seed);
      sandbox.state = state;
      return { status: 204 };
    }
    return graphError(404, 'BadRequest', `No control endpoint ${method} ${path}.`);
  };

  const send = (req: IncomingMessage, res: ServerResponse, reply: GraphReply | EntraReply, raw: string) => {
    const requestId = randomUUID();
    const headers: Record<string, string> = { 'request-id': requestId, date: new Date().toUTCString(), ...('headers' in reply ? reply.headers : {}) };
    const clientRequestId = req.headers['client-request-id'];
    if (typeof clientRequestId === 'string') headers['client-request-id'] = clientRequestId;
    let text = '';
    if ('redirect' in reply && reply.redirect) headers.location = reply.redirect;
    if ('html' in reply && reply.html !== undefined) {
      headers['content-type'] = 'text/html; charset=utf-8';
      text = reply.html;
    } else if (reply.json !== undefined) {
      headers['content-type'] = 'application/json';
      const json = reply.json as { error?: { innerError?: Record<string, string> } };
      if (json?.error?.innerError) {
        json.error.innerError['request-id'] = requestId;
        if (typeof clientRequestId === 'string') json.error.innerError['client-request-id'] = clientRequestId;
      }
      text = JSON.stringify(reply.json);
    }
    res.writeHead(reply.status, headers);
    res.end(text);
    record(req, reply.status, raw);
  };

  const record = (req: IncomingMessage, status: number, raw: string) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = k === 'authorization' ? String(v).replace(/^(\w+) .*/, '$1 <redacted>') : String(v);
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        const form = Object.fromEntries(new URLSearchParams(raw));
        for (const secret of ['client_secret', 'client_assertion', 'code', 'code_verifier', 'refresh_token', 'device_code', 'assertion', 'password']) if (secret in form) form[secret] = '<redacted>';
        body = form;
      }
    }
    const url = req.url ?? '/';
    requests.push({ method: req.method ?? '', path: url, headers, body, status, time: new Date().toISOString() });
    if (requests.length > MAX_RECORDED) requests.shift();
    options.log?.(`${req.method} ${url.split('?')[0]} -> ${status}`);
  };

  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  entra = new Entra(seed, options.authorityOrigin ?? (options.tls ? origin : DEFAULT_AUTHORITY_ORIGIN), origin, {
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    deviceCodeInterval: options.deviceCodeInterval ?? 1,
    autoApprove: options.deviceCodeApproval === 'auto',
  });

  const sandbox: Sandbox = {
    url: origin,
    port,
    tenantId: seed.tenant.id,
    state,
    requests,
    approveDeviceCode: (userCode) => entra.approveDeviceCode(userCode),
    pendingDeviceCode: () => entra.pendingDeviceCode(),
    revokeRefreshTokens: () => entra.revokeRefreshTokens(),
    throttleNext: (count, throttleOptions = {}) => {
      for (let i = 0; i < count; i++) forced.push({ status: throttleOptions.status ?? 429, retryAfter: throttleOptions.retryAfter });
    },
    requireClaims: (claims = JSON.stringify({ access_token: { nbf: { essential: true, value: String(Math.floor(Date.now() / 1000)) } } })) => {
      claimsChallenge = claims;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sandbox;
}
