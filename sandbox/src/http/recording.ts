// What the sandbox remembers of each request, for tests and scripts (GET /_sandbox/requests) and its log: the
// method, path and query, headers and body, with every secret redacted: Authorization as `Bearer <redacted>`,
// cookies, the control secret, and form or JSON fields that carry secrets, assertions, codes or tokens.
import type { IncomingMessage } from 'node:http';

export interface RecordedRequest {
  method: string;
  /** Path and query, secrets in the query redacted. */
  path: string;
  /** Lower-case names; Authorization as `Bearer <redacted>`, cookies and the control secret redacted. */
  headers: Record<string, string>;
  /** Parsed JSON, or form fields with secrets, assertions and codes redacted; undefined when empty. */
  body: unknown;
  status: number;
  /** When the request arrived (ISO 8601). */
  time: string;
  durationMs: number;
}

const MAX_RECORDED_BODY_BYTES = 64 * 1024;
const SECRET_FIELDS = new Set(['client_secret', 'client_assertion', 'assertion', 'code', 'code_verifier', 'refresh_token', 'device_code', 'access_token', 'id_token', 'password', 'secret', 'form_token']);
const SECRET_HEADERS = new Set(['cookie', 'x-sandbox-secret']);

export function recordRequest(req: IncomingMessage, status: number, raw: string, started: number, durationMs: number): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    const value = Array.isArray(v) ? v.join(', ') : String(v);
    headers[k] = k === 'authorization' || k === 'proxy-authorization' ? value.replace(/^(\S+)\s.*$/s, '$1 <redacted>') : SECRET_HEADERS.has(k) ? '<redacted>' : value;
  }
  return { method: req.method ?? '', path: redactPath(req.url ?? '/'), headers, body: recordedBody(raw), status, time: new Date(started).toISOString(), durationMs };
}

export function redactPath(path: string): string {
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
