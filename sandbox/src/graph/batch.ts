// JSON batching: POST /{version}/$batch with at most 20 requests, each with its own id, method, relative url,
// headers and body; each answered with its own status, headers and body while the batch itself answers 200.
// Each inner request passes the sandbox's gate on its own (failures on demand, the Intune throttle), so a
// throttled one comes back 429 with its own Retry-After. `dependsOn` orders them: a request whose dependency
// failed answers 424. Source: learn.microsoft.com/graph/json-batching, /graph/throttling.
//
// Modelled, not documented: the wording of the 400s for a malformed batch.
import { graphError, GraphReply } from './request';

export const MAX_BATCH_REQUESTS = 20;

export interface InnerRequest {
  method: string;
  /** Path after the version, and the query. */
  path: string;
  query: URLSearchParams;
  rawBody: string;
  headers: Record<string, string>;
}

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

/** Runs a batch; `dispatch` answers one inner request as if it had come alone. */
export function runBatch(rawBody: string, method: string, dispatch: (inner: InnerRequest) => GraphReply): GraphReply {
  if (method !== 'POST') return graphError(405, 'BadRequest', '$batch takes POST only.');
  let parsed: { requests?: unknown };
  try {
    parsed = JSON.parse(rawBody) as typeof parsed;
  } catch {
    return graphError(400, 'BadRequest', 'Invalid batch payload format.');
  }
  const list = parsed?.requests;
  if (!Array.isArray(list) || list.length === 0) return graphError(400, 'BadRequest', "Invalid batch payload format: 'requests' must be a non-empty array.");
  if (list.length > MAX_BATCH_REQUESTS) return graphError(400, 'BadRequest', `Invalid batch payload: ${list.length} requests; a batch holds at most ${MAX_BATCH_REQUESTS}.`);
  const items: BatchItem[] = [];
  const ids = new Set<string>();
  for (const raw of list as Record<string, unknown>[]) {
    const item = raw && typeof raw === 'object' ? raw : {};
    const id = typeof item.id === 'string' ? item.id : typeof item.id === 'number' ? String(item.id) : '';
    if (!id || ids.has(id)) return graphError(400, 'BadRequest', `Invalid batch payload: every request needs an id of its own (${JSON.stringify(item.id)}).`);
    ids.add(id);
    if (typeof item.method !== 'string' || typeof item.url !== 'string') return graphError(400, 'BadRequest', `Invalid batch payload: request ${id} needs a method and a url.`);
    if (/^[a-z][a-z0-9+.-]*:/i.test(item.url)) return graphError(400, 'BadRequest', `Invalid batch payload: the url of request ${id} must be relative (such as /groups), not ${item.url}.`);
    const headers = item.headers && typeof item.headers === 'object' ? Object.fromEntries(Object.entries(item.headers).map(([k, v]) => [k.toLowerCase(), String(v)])) : {};
    if (item.body !== undefined && !headers['content-type']) return graphError(400, 'BadRequest', `Write request id : ${id} does not contain Content-Type header or body.`);
    const dependsOn = Array.isArray(item.dependsOn) ? item.dependsOn.map(String) : undefined;
    if (dependsOn?.some((d) => !ids.has(d) || d === id)) return graphError(400, 'BadRequest', `Invalid batch payload: request ${id} depends on a request that does not come before it.`);
    items.push({ id, method: item.method.toUpperCase(), url: item.url, headers, body: item.body, dependsOn });
  }
  const statuses = new Map<string, number>();
  const responses = items.map((item) => {
    const failed = item.dependsOn?.find((d) => (statuses.get(d) ?? 500) >= 400);
    let reply: GraphReply;
    if (failed !== undefined) reply = graphError(424, 'FailedDependency', `Request ${item.id} depends on request ${failed}, which failed.`);
    else {
      const url = new URL(item.url.startsWith('/') ? item.url : `/${item.url}`, 'http://batch.invalid');
      reply = dispatch({
        method: item.method,
        path: url.pathname,
        query: url.searchParams,
        rawBody: item.body === undefined ? '' : typeof item.body === 'string' ? item.body : JSON.stringify(item.body),
        headers: item.headers ?? {},
      });
    }
    statuses.set(item.id, reply.status);
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    if (reply.json !== undefined) headers['content-type'] ??= 'application/json';
    return { id: item.id, status: reply.status, headers, ...(reply.json !== undefined ? { body: reply.json } : {}) };
  });
  return { status: 200, json: { responses } };
}
