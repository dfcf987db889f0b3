// Reading a tenant's apps and assignments at scale, against the sandbox over real HTTP: JSON batches of 20, at
// most ceil(N/20)+5 requests for N apps; inner 429s retried after their own Retry-After and nothing else
// resent; missing apps reported, not invented; the deprecated `$expand=assignments` list used only above the
// per-app throttling budget and given up when Graph answers it without the assignments; cancellation.
import * as assert from 'node:assert/strict';
import { batchGet } from '../../graph/src/batch';
import { readApps } from '../../graph/src/tenant/apps';
import type { Sandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, largeTenant } from '../../sandbox/src/seed';
import { bigSandbox, clientFor, graphRequests } from './tenantHelpers';

const SEED = largeTenant(DEFAULT_SEED, { apps: 300, assignments: 700 });
const ALL = SEED.apps.length;

describe('reading a tenant at scale', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await bigSandbox({ seed: SEED });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it(`reads ${ALL} apps with their assignments in at most ceil(N/20)+5 requests, batched 20 a request`, async () => {
    const since = sandbox.requests.length;
    const read = await readApps(await clientFor(sandbox), 'all');
    const requests = graphRequests(sandbox, since);
    assert.equal(read.via, 'batch');
    assert.equal(read.apps.size, ALL);
    assert.ok(requests.length <= Math.ceil(ALL / 20) + 5, `${requests.length} requests`);
    const batches = requests.filter((r) => r.path === '/beta/$batch');
    assert.ok(batches.every((b) => (b.body as { requests: unknown[] }).requests.length <= 20));
    for (const app of SEED.apps) assert.equal(read.apps.get(app.id)?.assignments.length, app.assignments.length, app.displayName);
    // As Graph returns them: what plan compares against.
    const sevenZip = read.apps.get(DEFAULT_SEED.apps[0].id)!;
    assert.equal(sevenZip.app['@odata.type'], '#microsoft.graph.win32LobApp');
    assert.equal(sevenZip.assignments[0].source, 'direct');
  });

  it('reads apps by id, one batched GET each, and names the ids the tenant does not have', async () => {
    const ids = SEED.apps.slice(0, 45).map((a) => a.id);
    const ghost = '00000000-0000-4000-8000-00000000dead';
    const since = sandbox.requests.length;
    const read = await readApps(await clientFor(sandbox), [...ids, ghost]);
    assert.deepEqual(read.missing, [ghost]);
    assert.equal(read.apps.size, 45);
    assert.equal(graphRequests(sandbox, since).length, 3);
  });

  it('retries only the inner requests Graph throttled, after their own Retry-After', async () => {
    const client = await clientFor(sandbox);
    const waits: number[] = [];
    sandbox.throttleNext(3, { status: 429, retryAfter: '7' });
    const since = sandbox.requests.length;
    const urls = SEED.apps.slice(0, 20).map((a) => ({ url: `/deviceAppManagement/mobileApps/${a.id}/assignments` }));
    let clock = 0;
    const answers = await batchGet(client, urls, { now: () => clock, sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    } });
    assert.deepEqual(answers.map((a) => a.status), urls.map(() => 200));
    assert.deepEqual(waits, [7000], 'one wait, the Retry-After Graph gave');
    const batches = graphRequests(sandbox, since).map((r) => (r.body as { requests: { url: string }[] }).requests.map((q) => q.url));
    assert.deepEqual(batches.map((b) => b.length), [20, 3], 'the second batch holds the three throttled requests only');
    assert.deepEqual(batches[1], urls.slice(0, 3).map((u) => u.url));
  });

  it('gives a request Graph keeps throttling back with its status, after the attempts allowed', async () => {
    sandbox.throttleNext(100, { status: 503, retryAfter: '1' });
    let clock = 0;
    const answers = await batchGet(await clientFor(sandbox), [{ url: `/deviceAppManagement/mobileApps/${SEED.apps[0].id}` }], { maxAttempts: 3, now: () => clock, sleep: async (ms) => void (clock += ms) });
    assert.equal(answers[0].status, 503);
  });

  it('lists with $expand=assignments only above the per-app throttling budget', async () => {
    const since = sandbox.requests.length;
    const read = await readApps(await clientFor(sandbox), 'all', { expandAbove: 100 });
    assert.equal(read.via, 'list');
    assert.equal(read.apps.size, ALL);
    assert.deepEqual(graphRequests(sandbox, since).map((r) => r.path.replace(/\?.*/, '')), ['/beta/deviceAppManagement/mobileApps', '/beta/deviceAppManagement/mobileApps']);
    for (const app of SEED.apps.slice(0, 50)) assert.equal(read.apps.get(app.id)?.assignments.length, app.assignments.length);
  });

  it('falls back to batches when the list comes back without the assignments, never taking that for "none"', async () => {
    // A Graph that stopped serving the deprecated expansion: the list answers, without "assignments".
    const stripping: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('$expand=assignments') || String(input).includes('/mobileApps/')) return response;
      const body = (await response.json()) as { value: Record<string, unknown>[] };
      for (const app of body.value) delete app.assignments;
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    const read = await readApps(await clientFor(sandbox, { fetch: stripping }), SEED.apps.slice(0, 30).map((a) => a.id), { expandAbove: 10 });
    assert.equal(read.via, 'batch');
    assert.equal(read.apps.get(DEFAULT_SEED.apps[0].id)?.assignments.length, 3);
  });

  it('refuses an app answered without its assignments list', async () => {
    const stripping: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith('/$batch')) return response;
      const body = (await response.json()) as { responses: { body: Record<string, unknown> }[] };
      delete body.responses[0].body.assignments;
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    await assert.rejects(readApps(await clientFor(sandbox, { fetch: stripping }), [DEFAULT_SEED.apps[0].id]), /has no "assignments" list; nothing was taken from it/);
  });

  it('stops when cancelled, with no batch sent after', async () => {
    const abort = new AbortController();
    const since = sandbox.requests.length;
    const reading = readApps(await clientFor(sandbox), 'all', { signal: abort.signal, onProgress: () => abort.abort() });
    await assert.rejects(reading, (error: Error) => error.name === 'AbortError');
    const sent = graphRequests(sandbox, since).length;
    assert.ok(sent < Math.ceil(ALL / 20), `${sent} requests`);
  });
});
