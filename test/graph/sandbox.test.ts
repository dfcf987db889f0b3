// The sandbox behaves like Graph where the facts say so: replace semantics, paging, Graph-shaped errors for
// what the service rejects, bearer tokens of its own only, Multi Admin Approval, the documented throttling
// limits and throttling on demand, bounded bodies, loopback only.
import * as assert from 'node:assert/strict';
import { Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, SANDBOX_DEMO_SECRET, SANDBOX_SECRET_CLIENT } from '../../sandbox/src/seed';

const WIN32 = DEFAULT_SEED.apps[0].id;
const MAA = DEFAULT_SEED.apps.find((a) => a.requiresApproval)!.id;
const UPLOADING = DEFAULT_SEED.apps.find((a) => a.publishingState !== 'published')!.id;
const GROUP = DEFAULT_SEED.groups[1].id;

describe('sandbox tenant', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let token: string;

  beforeEach(async () => {
    sandbox = await startSandbox();
    const reply = await fetch(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: SANDBOX_SECRET_CLIENT, client_secret: SANDBOX_DEMO_SECRET, scope: 'https://graph.sandbox.invalid/.default' }),
    });
    token = ((await reply.json()) as { access_token: string }).access_token;
  });
  afterEach(() => sandbox.close());

  const graph = (path: string, init: RequestInit & { token?: string | null } = {}) =>
    fetch(`${sandbox.url}/beta${path}`, {
      ...init,
      headers: { ...(init.token === null ? {} : { authorization: `Bearer ${init.token ?? token}` }), 'content-type': 'application/json', 'client-request-id': 'test-crid', ...(init.headers as Record<string, string>) },
    });
  const assign = (app: string, assignments: unknown[], headers: Record<string, string> = {}) => graph(`/deviceAppManagement/mobileApps/${app}/assign`, { method: 'POST', body: JSON.stringify({ mobileAppAssignments: assignments }), headers });
  const group = { intent: 'required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP }, settings: null };

  it('replaces the whole list on assign, and GET returns it as Graph does', async () => {
    assert.equal((await assign(WIN32, [group])).status, 204);
    const list = (await (await graph(`/deviceAppManagement/mobileApps/${WIN32}/assignments`)).json()) as { value: Record<string, unknown>[] };
    assert.equal(list.value.length, 1);
    assert.equal(list.value[0].source, 'direct');
    assert.match(String(list.value[0].id), new RegExp(`^${GROUP}_0_0$`));
  });

  it('pages with @odata.nextLink on its own origin', async () => {
    const first = (await (await graph('/deviceAppManagement/mobileApps?$top=3')).json()) as { value: unknown[]; '@odata.nextLink': string };
    assert.equal(first.value.length, 3);
    assert.ok(first['@odata.nextLink'].startsWith(`${sandbox.url}/beta/`));
    const second = (await (await fetch(first['@odata.nextLink'], { headers: { authorization: `Bearer ${token}` } })).json()) as { value: unknown[] };
    assert.equal(second.value.length, 3);
  });

  it('answers Graph-shaped errors with the ids, for what the service rejects', async () => {
    const cases: [Response, number, RegExp][] = [
      [await graph('/deviceAppManagement/mobileApps/00000000-0000-4000-8000-000000000000'), 404, /No mobileApp/],
      [await assign(WIN32, [{ ...group, intent: 'install' }]), 500, /Operation ID/], // no install intent at all: a 500, as reported
      [await assign(WIN32, [{ ...group, target: { '@odata.type': '#microsoft.graph.deviceAndAppManagementAssignmentTarget' } }]), 400, /abstract/],
      [await assign(DEFAULT_SEED.apps[1].id, [{ ...group, target: { ...group.target, '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget' }, settings: { '@odata.type': '#microsoft.graph.iosVppAppAssignmentSettings', useDeviceLicensing: true } }]), 400, /Exclusion assignment does not support MobileAppAssignment Settings/],
      [await assign(UPLOADING, [group]), 400, /publishing state is processing/],
      [await graph('/deviceAppManagement/mobileApps', { token: 'forged.token.value' }), 401, /validation failure/],
      [await graph('/deviceAppManagement/mobileApps', { token: null }), 401, /empty/],
    ];
    for (const [response, status, message] of cases) {
      const body = (await response.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
      assert.equal(response.status, status, body.error.message);
      assert.match(body.error.message, message);
      assert.equal(body.error.innerError['client-request-id'], 'test-crid');
      assert.equal(body.error.innerError['request-id'], response.headers.get('request-id'));
    }
  });

  it('Multi Admin Approval: refuses without a justification, holds the change with one', async () => {
    const refused = await assign(MAA, [group]);
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /x-msft-approval-justification/);
    const pending = await assign(MAA, [group], { 'x-msft-approval-justification': 'Change 42' });
    assert.equal(pending.status, 202);
    assert.equal(((await pending.json()) as { status: string }).status, 'needsApproval');
    assert.equal(sandbox.state.apps.find((a) => a.id === MAA)!.assignments.length, 0);
  });

  it('throttles on demand, with Retry-After as seconds or a date or none', async () => {
    const date = new Date(Date.now() + 5000).toUTCString();
    sandbox.throttleNext(1, { retryAfter: '7' });
    sandbox.throttleNext(1, { status: 503, retryAfter: date });
    sandbox.throttleNext(1, { status: 504 });
    const a = await graph('/deviceAppManagement/mobileApps');
    const b = await graph('/deviceAppManagement/mobileApps');
    const c = await graph('/deviceAppManagement/mobileApps');
    assert.deepEqual([a.status, a.headers.get('retry-after'), b.status, b.headers.get('retry-after'), c.status, c.headers.get('retry-after')], [429, '7', 503, date, 504, null]);
    assert.equal((await graph('/deviceAppManagement/mobileApps')).status, 200);
  });

  it("throttles the 101st write to one app within 20 s, as the Intune applications service does", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await assign(WIN32, [group])).status);
    assert.deepEqual([...new Set(statuses.slice(0, 100))], [204]);
    const last = await assign(WIN32, [group]);
    assert.equal(last.status, 429);
    assert.ok(Number(last.headers.get('retry-after')) >= 1);
  });

  it('refuses bodies over 1 MB and listens on loopback only', async () => {
    const big = await graph(`/deviceAppManagement/mobileApps/${WIN32}/assign`, { method: 'POST', body: `{"mobileAppAssignments": [${'1,'.repeat(600_000)}1]}` });
    assert.equal(big.status, 413);
    assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
