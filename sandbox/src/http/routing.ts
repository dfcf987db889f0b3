// Where each request of the sandbox goes: the index (GET /), Graph (/beta, /v1.0, behind graphGate.ts), Entra
// ID (/{tenant}/v2.0/..., /{tenant}/oauth2/v2.0/..., instance discovery), the device login page and the
// control endpoints. First the guards: a Host other than the sandbox's own is refused (421: a name resolving
// to 127.0.0.1 that is not ours is DNS rebinding), and so is a POST to the page or the control endpoints
// whose Origin is not the sandbox's own (403), such as another web page's or "null". The one exception is a
// port forward the sandbox was told of (forwarding.ts): its Host and Origin are accepted for a person's pages
// (the index and the device login page) only. A browser opening the index is sent on to the device login page.
import type { IncomingMessage } from 'node:http';
import type { GraphVersion } from '../../../common/src/constants';
import type { Entra } from '../entra/entra';
import { page } from '../entra/pages';
import type { Sandbox } from '../sandbox';
import { control, SECRET_HEADER } from './control';
import type { Forwarded } from './forwarding';
import type { GraphGate } from './graphGate';
import { header, isGraphPath, Reply, Route } from './server';

export interface RoutingContext {
  /** http://127.0.0.1:PORT (https with TLS). */
  origin: string;
  authorityOrigin: string;
  entra: Entra;
  gate: GraphGate;
  sandbox: Sandbox;
  /** The port forward a browser reaches the pages through, if any. */
  forwarded: () => Forwarded | undefined;
}

export function makeRoute(ctx: RoutingContext): Route {
  const { origin, entra } = ctx;
  const port = new URL(origin).port;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const ownOrigins = new Set([origin, origin.replace('127.0.0.1', 'localhost')]);

  return (req: IncomingMessage, raw: string): Reply => {
    const method = req.method ?? 'GET';
    const host = (req.headers.host ?? '').toLowerCase();
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    const forwarded = ctx.forwarded();
    // Through the port forward: the person's pages only.
    const viaForward = !allowedHosts.has(host) && forwarded !== undefined && host === forwarded.host && (path === '/' || path === '/devicelogin');
    if (!allowedHosts.has(host) && !viaForward) {
      return { status: 421, json: { error: 'misdirected_request', error_description: `This server answers to ${[...allowedHosts].join(' and ')} only.` } };
    }
    const correlationId = header(req, 'client-request-id');

    if (path.startsWith('/_sandbox/') || path === '/devicelogin') {
      const requestOrigin = header(req, 'origin');
      // The page also takes the forward's Origin with its own Host: a forward that sets the Host to its target
      // (localhost:PORT) rather than passing the browser's on, as code-server does.
      const fromForward = path === '/devicelogin' && requestOrigin !== undefined && requestOrigin === forwarded?.origin;
      const sameOrigin = requestOrigin === undefined || (viaForward ? fromForward : ownOrigins.has(requestOrigin) || fromForward);
      if (method !== 'GET' && !sameOrigin) {
        return { status: 403, json: { error: 'forbidden', error_description: 'Cross-origin requests to the sandbox are refused.' } };
      }
      if (path === '/devicelogin') return entra.deviceLoginPage(method, url.searchParams, raw);
      return control(ctx.sandbox, method, path, raw, header(req, SECRET_HEADER));
    }
    if (path === '/' && method === 'GET' && /\btext\/html\b/.test(header(req, 'accept') ?? '')) {
      // A browser: on to the page a person wants, at the address it came by. An absolute URL, as a path-only
      // Location (`/devicelogin`) would be prefixed by code-server's proxy but not by every other forward.
      return { status: 302, redirect: viaForward ? `${forwarded.base}devicelogin` : `${url.protocol}//${host}/devicelogin` };
    }
    if (path === '/' && method === 'GET') {
      return { status: 200, json: { name: 'intune-assign sandbox', graph: `${origin}/beta`, tenantId: entra.tenantId, authority: `${ctx.authorityOrigin}/${entra.tenantId}`, deviceLogin: `${origin}/devicelogin` } };
    }
    if (isGraphPath(path)) {
      const [, version, rest] = /^\/(beta|v1\.0)(\/.*)?$/.exec(path)!;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
      return ctx.gate.handle({ method, version: version as GraphVersion, path: rest ?? '/', query: url.searchParams, rawBody: raw, headers, base: `${origin}/${version}` });
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
    if (method !== 'POST') return entra.errors.error(405, 'invalid_request', 900561, `The endpoint only accepts POST requests. Received a ${method} request.`, correlationId);
    const form = new URLSearchParams(raw);
    basicCredentials(req, form);
    return endpoint === 'devicecode' ? entra.deviceCode(form, correlationId) : entra.token(form, tenant, correlationId);
  };
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
