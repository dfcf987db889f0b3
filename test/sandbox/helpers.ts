// Helpers for the sandbox's tests over real HTTP: tokens from its Entra ID, Graph calls, client assertions
// signed with the demo certificate's key, and small parsers for the HTML pages the browser side sees.
import { constants, createHash, createPrivateKey, KeyObject, sign, X509Certificate } from 'node:crypto';
import { DEMO_CLIENT_CERTIFICATE_PEM, DEMO_CLIENT_PRIVATE_KEY_PEM } from '../../sandbox/src/seed';
import type { Sandbox } from '../../sandbox/src/sandbox';
import { SANDBOX_DEMO_SECRET, SANDBOX_SECRET_CLIENT } from '../../sandbox/src/seed';

export const GRAPH_SCOPE_HOST = 'https://graph.sandbox.invalid';

export type Json = Record<string, any>;

export async function postForm(sandbox: Sandbox, path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; json: Json; headers: Headers }> {
  const response = await fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) });
  return { status: response.status, json: (await response.json()) as Json, headers: response.headers };
}

export function tokenRequest(sandbox: Sandbox, fields: Record<string, string>, tenant: string = sandbox.tenantId) {
  return postForm(sandbox, `/${tenant}/oauth2/v2.0/token`, fields);
}

/** An app-only token of the secret client (or another secret client). */
export async function appToken(sandbox: Sandbox, clientId = SANDBOX_SECRET_CLIENT, secret = SANDBOX_DEMO_SECRET): Promise<string> {
  const reply = await tokenRequest(sandbox, { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: `${GRAPH_SCOPE_HOST}/.default` });
  if (reply.status !== 200) throw new Error(`token: ${reply.status} ${JSON.stringify(reply.json)}`);
  return reply.json.access_token as string;
}

export interface GraphCall {
  status: number;
  json: Json;
  headers: Headers;
}

export async function graph(sandbox: Sandbox, path: string, init: { method?: string; token?: string | null; body?: string; headers?: Record<string, string>; version?: string } = {}): Promise<GraphCall> {
  const headers: Record<string, string> = { 'client-request-id': 'test-client-request-id', ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  const url = path.startsWith('http') ? path : `${sandbox.url}/${init.version ?? 'beta'}${path}`;
  const response = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Json) : {}, headers: response.headers };
}

export function assignBody(...assignments: unknown[]): string {
  return JSON.stringify({ mobileAppAssignments: assignments });
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A client assertion for the certificate client: PS256 with x5t#S256, or RS256 with x5t (SHA-1). */
export function certificateAssertion(
  alg: 'PS256' | 'RS256',
  claims: Json,
  options: { key?: string | KeyObject; certificate?: string; header?: Json } = {},
): string {
  const der = new X509Certificate(options.certificate ?? DEMO_CLIENT_CERTIFICATE_PEM).raw;
  const thumbprint = alg === 'PS256' ? { 'x5t#S256': createHash('sha256').update(der).digest('base64url') } : { x5t: createHash('sha1').update(der).digest('base64url') };
  const input = `${b64({ alg, typ: 'JWT', ...thumbprint, ...(options.header ?? {}) })}.${b64(claims)}`;
  const key = typeof options.key === 'object' ? options.key : createPrivateKey(options.key ?? DEMO_CLIENT_PRIVATE_KEY_PEM);
  const signature = alg === 'PS256' ? sign('sha256', Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }) : sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

/** An assertion from another identity provider (a CI's OIDC token); its signature is not what the sandbox checks. */
export function federatedAssertion(claims: Json): string {
  return `${b64({ alg: 'RS256', typ: 'JWT', kid: 'ci' })}.${b64(claims)}.${Buffer.from('not-checked').toString('base64url')}`;
}

export function decodeJwt(token: string): Json {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Json;
}

/** PKCE: a verifier and its S256 challenge. */
export function pkce(verifier = 'a-verifier-of-at-least-43-characters-0123456789abcdef'): { verifier: string; challenge: string } {
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The form an auto-submitting page posts: its action and hidden fields. */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no form in ${html.slice(0, 300)}`);
  const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [unescape(m[1]), unescape(m[2])]));
  return { action: unescape(action), fields };
}

/** A control endpoint (/_sandbox/*) called as a script would: with the sandbox's secret in x-sandbox-secret. */
export function control(sandbox: Sandbox, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    method,
    headers: { 'x-sandbox-secret': sandbox.secret, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The device login page's form token (a hidden field), which a POST of the form must carry. */
export async function deviceLoginToken(sandbox: Sandbox): Promise<string> {
  const html = await (await fetch(`${sandbox.url}/devicelogin`)).text();
  const token = /name="form_token" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no form token in ${html.slice(0, 300)}`);
  return token;
}

/** A clock tests move by hand. */
export function manualClock(start = Date.now()): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}
