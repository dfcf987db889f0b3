// The Graph client over real HTTP on loopback: client-request-id, retries on 429/503/504 honouring Retry-After
// (seconds and dates) with capped backoff otherwise, no retry on other 4xx, cancellation, error bodies,
// paging, redirects that drop the token for another origin, and the claims challenge. Waits go through an
// injected sleep that records them, so no test waits for real.
import * as assert from 'node:assert/strict';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { claimsChallenge, GraphClient, GraphError, retryAfter, SignInRequiredError } from '../../graph/src/graphClient';
import { createLogger, redact } from '../../graph/src/log';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function serve(handler: Handler): Promise<{ server: Server; origin: string; seen: { method: string; url: string; headers: IncomingMessage['headers'] }[] }> {
  const seen: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlc2lnbmF0dXJl';

function client(origin: string, extra: Partial<ConstructorParameters<typeof GraphClient>[0]> = {}) {
  const waits: number[] = [];
  const lines: string[] = [];
  let now = 1_000_000;
  const c = new GraphClient({
    baseUrl: `${origin}/beta`,
    tokens: { getToken: async () => TOKEN },
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    now: () => now,
    random: () => 0.5,
    log: createLogger((_level, line) => lines.push(line), 'debug'),
    ...extra,
  });
  return { c, waits, lines };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('Graph client', () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));
  const start = async (handler: Handler) => {
    const s = await serve(handler);
    servers.push(s.server);
    return s;
  };

  it('sends a fresh client-request-id and the token with every request', async () => {
    const s = await start((_req, res) => json(res, 200, { ok: true }, { 'request-id': 'r-1' }));
    const { c } = client(s.origin);
    const first = await c.request('GET', '/a');
    await c.request('GET', '/b');
    assert.equal(first.requestId, 'r-1');
    assert.equal(s.seen[0].headers.authorization, `Bearer ${TOKEN}`);
    assert.match(String(s.seen[0].headers['client-request-id']), /^[0-9a-f-]{36}$/);
    assert.notEqual(s.seen[0].headers['client-request-id'], s.seen[1].headers['client-request-id']);
  });

  it('retries 429 after Retry-After seconds, 503 after a Retry-After date, 504 with backoff', async () => {
    let calls = 0;
    const date = new Date(1_000_000 + 7000).toUTCString(); // the injected clock starts at 1,000,000 ms
    const s = await start((_req, res) => {
      calls++;
      if (calls === 1) return json(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '3' });
      if (calls === 2) return json(res, 503, { error: { code: 'serviceNotAvailable', message: 'busy' } }, { 'retry-after': date });
      if (calls === 3) return json(res, 504, { error: { code: 'gatewayTimeout', message: 'late' } });
      json(res, 200, { value: 1 });
    });
    const retries: string[] = [];
    const { c, waits } = client(s.origin, { onRetry: (i) => retries.push(`${i.attempt}:${i.reason}`) });
    const response = await c.request<{ value: number }>('GET', '/x');
    assert.equal(response.body?.value, 1);
    assert.deepEqual(waits.slice(0, 1), [3000]);
    assert.ok(waits[1] >= 3000 && waits[1] <= 4000, `${waits[1]} ms for a date 7 s after the start, 3 s of which had passed`);
    assert.equal(waits[2], 3000); // backoff for attempt 3: ceiling 4 s, half plus half of the jitter at 0.5
    assert.equal(retries.length, 3);
    assert.match(retries[0], /throttling/);
  });

  it('gives up after the capped number of attempts with the last error', async () => {
    const s = await start((_req, res) => json(res, 429, { error: { code: 'TooManyRequests', message: 'no' } }, { 'retry-after': '1' }));
    const { c, waits } = client(s.origin, { retry: { maxAttempts: 3 } });
    await assert.rejects(c.request('GET', '/x'), (e: GraphError) => e.status === 429 && /gave up after 3 attempt/.test(e.message));
    assert.equal(waits.length, 2);
  });

  it('stops retrying when the total time would pass its cap', async () => {
    const s = await start((_req, res) => json(res, 503, { error: { code: 'x', message: 'down' } }, { 'retry-after': '600' }));
    const { c, waits } = client(s.origin, { retry: { maxTotalMs: 60_000 } });
    await assert.rejects(c.request('GET', '/x'), (e: GraphError) => e.status === 503);
    assert.deepEqual(waits, []);
  });

  it('does not retry other 4xx, and turns the error body into status, code, message and ids', async () => {
    const s = await start((req, res) =>
      json(res, 400, { error: { code: 'BadRequest', message: 'isRemovable is only allowed with required', innerError: { 'request-id': 'req-9', 'client-request-id': String(req.headers['client-request-id']), date: '2026-11-28T10:00:00' } } }),
    );
    const { c, waits } = client(s.origin);
    const error = (await c.request('POST', '/y', { body: {} }).catch((e) => e)) as GraphError;
    assert.ok(error instanceof GraphError);
    assert.equal(s.seen.length, 1);
    assert.deepEqual(waits, []);
    assert.deepEqual({ ...error.toJSON(), clientRequestId: undefined }, { status: 400, code: 'BadRequest', message: 'isRemovable is only allowed with required', requestId: 'req-9', clientRequestId: undefined, date: '2026-11-28T10:00:00' });
    assert.equal(error.clientRequestId, s.seen[0].headers['client-request-id']);
    assert.match(error.describe(), /^Graph answered 400 BadRequest: .* \(request-id req-9, client-request-id .*, date .*\)$/);
  });

  it('can be cancelled, also while waiting out a throttle', async () => {
    const s = await start((_req, res) => json(res, 429, {}, { 'retry-after': '30' }));
    const controller = new AbortController();
    const c = new GraphClient({
      baseUrl: `${s.origin}/beta`,
      tokens: { getToken: async () => TOKEN },
      onRetry: () => controller.abort(new Error('cancelled by the user')),
    });
    await assert.rejects(c.request('GET', '/x', { signal: controller.signal }), /cancelled by the user/);
    const aborted = new AbortController();
    aborted.abort(new Error('already'));
    await assert.rejects(c.request('GET', '/x', { signal: aborted.signal }), /already/);
  });

  it('times out a request that does not answer and retries it', async () => {
    let calls = 0;
    const s = await start((_req, res) => {
      if (++calls === 1) return; // never answers
      json(res, 200, { ok: 1 });
    });
    const { c, waits } = client(s.origin, { timeoutMs: 200 });
    const response = await c.request<{ ok: number }>('GET', '/slow');
    assert.equal(response.body?.ok, 1);
    assert.equal(waits.length, 1);
  });

  it('follows @odata.nextLink across pages, and refuses a nextLink to another origin', async () => {
    const s = await start((req, res) => {
      const page = Number(new URL(req.url!, 'http://x').searchParams.get('page') ?? 1);
      json(res, 200, { value: [page * 10, page * 10 + 1], ...(page < 3 ? { '@odata.nextLink': `http://${req.headers.host}/beta/items?page=${page + 1}` } : {}) });
    });
    const { c } = client(s.origin);
    assert.deepEqual(await c.collect('/items'), [10, 11, 20, 21, 30, 31]);
    const evil = await start((_req, res) => json(res, 200, { value: [1], '@odata.nextLink': 'http://198.51.100.7/steal' }));
    await assert.rejects(client(evil.origin).c.collect('/items'), (e: GraphError) => e.code === 'foreignOrigin');
  });

  it('drops the Authorization header when a redirect leads to another origin', async () => {
    const other = await start((_req, res) => json(res, 200, { moved: true }));
    const graph = await start((req, res) => {
      const location = { '/beta/here': '/beta/there', '/beta/there': `${other.origin}/elsewhere` }[req.url!];
      if (!location) return json(res, 404, {});
      res.writeHead(req.url === '/beta/here' ? 302 : 307, { location });
      res.end();
    });
    const { c, lines } = client(graph.origin);
    const response = await c.request<{ moved: boolean }>('GET', '/here');
    assert.equal(response.body?.moved, true);
    assert.equal(graph.seen[1].headers.authorization, `Bearer ${TOKEN}`, 'same origin keeps the token');
    assert.equal(other.seen[0].headers.authorization, undefined, 'another origin never sees it');
    assert.ok(lines.some((l) => /without the token/.test(l)));
  });

  it('answers a claims challenge with one new token, then says sign in again', async () => {
    const claims = JSON.stringify({ access_token: { nbf: { essential: true, value: '1' } } });
    const header = `Bearer realm="", error="insufficient_claims", claims="${Buffer.from(claims).toString('base64')}"`;
    let calls = 0;
    const s = await start((_req, res) => json(res, ++calls < 2 ? 401 : 200, calls < 2 ? { error: { code: 'InvalidAuthenticationToken', message: 'claims' } } : { ok: 1 }, { 'www-authenticate': header }));
    const asked: (string | undefined)[] = [];
    const c = new GraphClient({
      baseUrl: `${s.origin}/beta`,
      tokens: {
        getToken: async (x) => {
          asked.push(x);
          return TOKEN;
        },
      },
    });
    assert.equal((await c.request<{ ok: number }>('GET', '/x')).body?.ok, 1);
    assert.deepEqual(asked, [undefined, claims]);
    const always = await start((_req, res) => json(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'no' } }, { 'www-authenticate': header }));
    const c2 = new GraphClient({ baseUrl: `${always.origin}/beta`, tokens: { getToken: async () => TOKEN } });
    await assert.rejects(c2.request('GET', '/x'), (e: Error) => e instanceof SignInRequiredError && /sign in again/.test(e.message));
    assert.equal(always.seen.length, 2, 'one new sign-in, not a loop');
  });

  it('never writes the token or a header value into its log', async () => {
    const s = await start((_req, res) => json(res, 500, { error: { code: 'x', message: `echo ${TOKEN}` } }));
    const { c, lines } = client(s.origin);
    await c.request('GET', '/x').catch(() => undefined);
    assert.ok(lines.length > 0);
    assert.ok(lines.every((l) => !l.includes(TOKEN) && !l.toLowerCase().includes('bearer ey')));
  });

  it('reads Retry-After as seconds or a date, and claims from a challenge', () => {
    assert.equal(retryAfter('12', 0), 12_000);
    assert.equal(retryAfter(new Date(5000).toUTCString(), 1000), 4000);
    assert.equal(retryAfter('soon', 0), undefined);
    assert.equal(retryAfter(null, 0), undefined);
    assert.equal(claimsChallenge('Bearer error="insufficient_claims", claims="eyJhIjoxfQ=="'), '{"a":1}');
    assert.equal(claimsChallenge('Bearer realm=""'), undefined);
    assert.equal(redact(`Authorization: Bearer ${TOKEN} client_secret=abc123 "refresh_token": "rt-1"`), 'Authorization: Bearer <redacted> client_secret=<redacted> "refresh_token": "<redacted>"');
  });
});
