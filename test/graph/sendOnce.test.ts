// Sending at most once, to Graph only, over real HTTP on loopback: a POST never follows a redirect (the other
// origin gets nothing), is never sent again after its connection drops (it may have been applied) nor on 504
// or a 503 without Retry-After, and is retried on 429; a list answered without `value` is an error, never
// "empty"; an app answer naming another app is refused; Graph's error text is redacted of token-shaped text;
// the token cache never writes through a planted link.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileStore } from '../../graph/src/auth/cachePlugin';
import { GraphClient, GraphError } from '../../graph/src/graphClient';
import { AssignUncertainError, IntuneApps } from '../../graph/src/intuneApps';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlc2lnbmF0dXJl';
const OPAQUE = `EwB4A8l6BAAU${'x7Qz9'.repeat(30)}`;
const APP = '0b6a7e3c-1f2d-4e5a-9b8c-7d6e5f4a3b2c';
const BODY = { mobileAppAssignments: [{ intent: 'required', target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] };

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

describe('sending at most once, to Graph only', () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  async function start(handler: Handler): Promise<{ origin: string; seen: { method: string; url: string; body: string }[] }> {
    const seen: { method: string; url: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, body });
        handler(req, res, body);
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  const apps = (origin: string) =>
    new IntuneApps(new GraphClient({ baseUrl: `${origin}/beta`, tokens: { getToken: async () => TOKEN }, sleep: async () => undefined, random: () => 0.5 }));
  const reply = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  for (const status of [302, 307, 308]) {
    it(`a POST answered ${status} is not followed: the other origin gets nothing, exit as a refusal`, async () => {
      const elsewhere = await start((_req, res) => reply(res, 204));
      const graph = await start((_req, res) => reply(res, status, undefined, { location: `${elsewhere.origin}/beta/deviceAppManagement/mobileApps/${APP}/assign` }));
      await assert.rejects(apps(graph.origin).assign(APP, BODY, { justification: 'change 42' }), (e: GraphError) => e.code === 'redirectRefused' && e.status === status);
      assert.equal(graph.seen.length, 1);
      assert.equal(elsewhere.seen.length, 0, 'neither the body nor the justification left Graph');
    });
  }

  it('a redirect back to Graph at another path is not followed either', async () => {
    const graph = await start((req, res) => (req.url!.endsWith('/assign') && req.url!.includes(APP) ? reply(res, 307, undefined, { location: '/beta/deviceAppManagement/mobileApps/99999999-9999-4999-8999-999999999999/assign' }) : reply(res, 204)));
    await assert.rejects(apps(graph.origin).assign(APP, BODY), (e: GraphError) => e.code === 'redirectRefused');
    assert.deepEqual(graph.seen.map((s) => s.url), [`/beta/deviceAppManagement/mobileApps/${APP}/assign`]);
  });

  it('a connection dropped after the POST arrived is not retried: one POST, and the error says it may have been applied', async () => {
    const graph = await start((req) => req.socket.destroy());
    await assert.rejects(apps(graph.origin).assign(APP, BODY), (e: unknown) => e instanceof AssignUncertainError && e.reason === 'connection' && /may have/.test(e.message));
    assert.equal(graph.seen.length, 1);
  });

  it('a POST is retried on 429 only where Graph says it did not apply it; 504 and 503 without Retry-After are final', async () => {
    let calls = 0;
    const throttled = await start((_req, res) => (++calls === 1 ? reply(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '0' }) : reply(res, 204)));
    assert.equal((await apps(throttled.origin).assign(APP, BODY)).outcome, 'assigned');
    assert.equal(throttled.seen.length, 2);
    for (const [status, headers] of [[504, {}], [503, {}]] as const) {
      const failing = await start((_req, res) => reply(res, status, { error: { code: 'x', message: 'down' } }, headers));
      await assert.rejects(apps(failing.origin).assign(APP, BODY), (e: GraphError) => e.status === status);
      assert.equal(failing.seen.length, 1, `${status}: one POST`);
    }
    let unavailable = 0;
    const later = await start((_req, res) => (++unavailable === 1 ? reply(res, 503, { error: { code: 'x', message: 'later' } }, { 'retry-after': '0' }) : reply(res, 204)));
    assert.equal((await apps(later.origin).assign(APP, BODY)).outcome, 'assigned');
    assert.equal(later.seen.length, 2);
  });

  it('an answer other than 204 or 202 to assign is not taken for success', async () => {
    const graph = await start((_req, res) => reply(res, 200, { value: [] }));
    await assert.rejects(apps(graph.origin).assign(APP, BODY), (e: unknown) => e instanceof AssignUncertainError && e.reason === 'unexpected-answer');
  });

  it('a list answered 200 without `value` is an error, never an empty list', async () => {
    const graph = await start((_req, res) => reply(res, 200, { '@odata.context': 'x' }));
    await assert.rejects(apps(graph.origin).listAssignments(APP), (e: GraphError) => e.code === 'unexpectedAnswer' && /without a "value" list/.test(e.message));
    const notObjects = await start((_req, res) => reply(res, 200, { value: [1, 'two'] }));
    await assert.rejects(apps(notObjects.origin).listAssignments(APP), (e: GraphError) => e.code === 'unexpectedAnswer');
  });

  it('an app answer that names another app is refused', async () => {
    const graph = await start((_req, res) => reply(res, 200, { id: '11111111-1111-4111-8111-111111111111', '@odata.type': '#microsoft.graph.win32LobApp', displayName: 'Other' }));
    await assert.rejects(apps(graph.origin).getApp(APP), (e: GraphError) => e.code === 'unexpectedAnswer' && /names another app/.test(e.message));
  });

  it("redacts token-shaped text from Graph's error messages", async () => {
    const graph = await start((req, res) => reply(res, 400, { error: { code: 'BadRequest', message: `bad header ${String(req.headers.authorization)}; session ${OPAQUE}` } }));
    const error = await apps(graph.origin).assign(APP, BODY).catch((e: GraphError) => e);
    assert.ok(error instanceof GraphError);
    for (const text of [error.message, error.describe(), JSON.stringify(error)]) {
      assert.ok(!text.includes(TOKEN.slice(20)) && !text.includes(OPAQUE.slice(0, 40)), text);
    }
    assert.match(error.message, /bad header Bearer <redacted>/);
  });

  it('the token cache never writes through a link planted beside it, nor reads one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intune-assign-cache-'));
    try {
      const cache = join(dir, 'cache.json');
      const victim = join(dir, 'victim');
      writeFileSync(victim, 'untouched');
      // What the old temporary-file name would have been: a link there received the tokens.
      symlinkSync(victim, `${cache}.${process.pid}.tmp`);
      await fileStore(cache).write('{"tokens":"secret"}');
      assert.equal(readFileSync(victim, 'utf8'), 'untouched');
      assert.equal(readFileSync(cache, 'utf8'), '{"tokens":"secret"}');
      assert.equal(statSync(cache).mode & 0o777, 0o600);
      const linked = join(dir, 'linked.json');
      symlinkSync(cache, linked);
      assert.equal(await fileStore(linked).read(), undefined, 'a cache that is a link is not read');
      await fileStore(cache).clear();
      assert.equal(readFileSync(cache, 'utf8'), '');
      assert.ok(existsSync(victim));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
