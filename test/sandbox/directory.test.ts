// Tenant data at scale and the directory: realistic groups ($search with ConsistencyLevel, $filter, $select,
// $top, $count, absolute nextLinks, one group, deleted groups, getByIds), assignment filters (beta only), the
// permissions each needs, JSON batching with per-request throttling, large generated tenants paged as Intune
// pages them, and a second tenant with the same names under other ids.
import * as assert from 'node:assert/strict';
import { judgeAssignments } from '../../sandbox/src/graph/judge';
import { Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, DELETED_GROUP, largeTenant, SANDBOX_APPS_ONLY_CLIENT, SANDBOX_DEMO_SECRET, SANDBOX_PUBLIC_CLIENT, SANDBOX_READONLY_CLIENT, secondTenant } from '../../sandbox/src/seed';
import { appToken, GRAPH_SCOPE_HOST, graph, Json, postForm, tokenRequest } from './helpers';

const NS = '#microsoft.graph.';
const LIVE = DEFAULT_SEED.groups.filter((g) => !g.deletedDateTime);

/** A delegated token of a public client, through a device code approved in-process. */
async function userToken(sandbox: Sandbox, clientId: string, permission = 'DeviceManagementApps.ReadWrite.All'): Promise<string> {
  const code = (await postForm(sandbox, '/organizations/oauth2/v2.0/devicecode', { client_id: clientId, scope: `${GRAPH_SCOPE_HOST}/${permission}` })).json;
  assert.ok(sandbox.approveDeviceCode(code.user_code));
  const reply = await tokenRequest(sandbox, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: clientId, device_code: code.device_code }, 'organizations');
  return reply.json.access_token as string;
}

describe('sandbox directory and tenant data', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let token: string;

  before(async () => {
    sandbox = await startSandbox();
    token = await userToken(sandbox, SANDBOX_PUBLIC_CLIENT);
  });
  after(() => sandbox.close());
  const get = (path: string, extra: Parameters<typeof graph>[2] = {}) => graph(sandbox, path, { token, ...extra });

  it('has groups of every kind, a deleted one an assignment still names, and filters for five platforms', () => {
    const names = LIVE.map((g) => g.displayName);
    for (const name of ['Field Sales - Devices', 'Field Sales - Users', 'All Finance Staff', 'Kiosk Devices', 'Pilot Ring 1']) assert.ok(names.includes(name), name);
    assert.ok(LIVE.some((g) => g.groupTypes?.includes('Unified')) && LIVE.some((g) => !g.groupTypes?.includes('Unified')));
    assert.ok(LIVE.some((g) => g.membershipRule) && LIVE.some((g) => !g.membershipRule));
    assert.ok(LIVE.some((g) => g.kind === 'user') && LIVE.some((g) => g.kind === 'device'));
    assert.ok(DEFAULT_SEED.apps.some((a) => a.assignments.some((x) => (x.target as Json).groupId === DELETED_GROUP)));
    const platforms = new Set(DEFAULT_SEED.filters.map((f) => f.platform));
    for (const p of ['windows10AndLater', 'iOS', 'macOS', 'androidForWork', 'androidAOSP']) assert.ok(platforms.has(p), p);
  });

  it('searches groups by display name only with ConsistencyLevel: eventual, and filters, selects, counts and pages them', async () => {
    const refused = await get('/groups?$search="displayName:sales"');
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error.code, 'Request_UnsupportedQuery');
    assert.equal((await get('/groups?$count=true')).status, 400);
    const eventual = { headers: { ConsistencyLevel: 'eventual' } };
    const sales = await get('/groups?$search="displayName:sales"&$count=true&$select=id,displayName', eventual);
    assert.deepEqual(sales.json.value.map((g: Json) => g.displayName).sort(), ['Field Sales - Devices', 'Field Sales - Users']);
    assert.equal(sales.json['@odata.count'], 2);
    assert.deepEqual(Object.keys(sales.json.value[0]).sort(), ['displayName', 'id']);
    assert.deepEqual((await get('/groups?$search="displayName:ales"', eventual)).json.value, [], 'the directory matches the start of words');
    const pilot = await get("/groups?$filter=startswith(displayName,'pilot ring')");
    assert.deepEqual(pilot.json.value.map((g: Json) => g.displayName).sort(), ['Pilot Ring 1', 'Pilot Ring 2']);
    const m365 = (await get('/groups')).json.value.find((g: Json) => g.displayName === 'Field Sales - Users');
    assert.deepEqual([m365.groupTypes, m365.mailEnabled, m365.securityEnabled], [['Unified'], true, false]);
    assert.match(m365.mail, /@contoso-sandbox\.onmicrosoft\.com$/);

    const seen: string[] = [];
    let page = await get('/groups?$top=5&$select=displayName');
    for (let i = 0; i < 10 && page.status === 200; i++) {
      seen.push(...page.json.value.map((g: Json) => g.displayName));
      const next = page.json['@odata.nextLink'] as string | undefined;
      if (!next) break;
      assert.ok(next.startsWith(`${sandbox.url}/beta/groups?`), next);
      page = await graph(sandbox, next, { token });
    }
    assert.deepEqual(seen.sort(), LIVE.map((g) => g.displayName).sort(), 'every live group once, the deleted one never');
    assert.equal((await get('/groups?$top=999')).status, 200);
    assert.equal((await get('/groups?$top=1000')).status, 400);
  });

  it('reads one group, 404 for the deleted one, which lives under deletedItems', async () => {
    const one = await get(`/groups/${LIVE[1].id}?$select=displayName`);
    assert.equal(one.json.displayName, LIVE[1].displayName);
    const gone = await get(`/groups/${DELETED_GROUP}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.error.code, 'Request_ResourceNotFound');
    const deleted = await get('/directory/deletedItems/microsoft.graph.group');
    assert.deepEqual(deleted.json.value.map((g: Json) => [g.id, g.displayName]), [[DELETED_GROUP, 'Legacy VPN Users']]);
    assert.match(deleted.json.value[0].deletedDateTime, /^2026-/);
    assert.equal((await get(`/directory/deletedItems/${DELETED_GROUP}`)).json.id, DELETED_GROUP);
  });

  it('resolves up to 1,000 ids with getByIds, leaving out ids that do not exist or were deleted', async () => {
    const ids = [LIVE[0].id, '00000000-0000-4000-8000-000000000000', DELETED_GROUP, LIVE[2].id];
    const reply = await get('/directoryObjects/getByIds', { method: 'POST', body: JSON.stringify({ ids, types: ['group'] }) });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json.value.map((g: Json) => [g['@odata.type'], g.id]), [[`${NS}group`, LIVE[0].id], [`${NS}group`, LIVE[2].id]]);
    const many = Array.from({ length: 1000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    assert.equal((await get('/directoryObjects/getByIds', { method: 'POST', body: JSON.stringify({ ids: many, types: ['group'] }) })).status, 200);
    const tooMany = await get('/directoryObjects/getByIds', { method: 'POST', body: JSON.stringify({ ids: [...many, LIVE[0].id], types: ['group'] }) });
    assert.equal(tooMany.status, 400);
    assert.deepEqual((await get('/directoryObjects/getByIds', { method: 'POST', body: JSON.stringify({ ids: [LIVE[0].id], types: ['user'] }) })).json.value, []);
  });

  it('refuses what the token has no permission for: groups, getByIds, filters', async () => {
    const appsOnly = await userToken(sandbox, SANDBOX_APPS_ONLY_CLIENT);
    const groups = await graph(sandbox, '/groups', { token: appsOnly });
    assert.equal(groups.status, 403);
    assert.equal(groups.json.error.code, 'Authorization_RequestDenied');
    assert.equal((await graph(sandbox, `/groups/${LIVE[0].id}`, { token: appsOnly })).status, 403);
    assert.equal((await graph(sandbox, '/deviceManagement/assignmentFilters', { token: appsOnly })).status, 403);
    assert.equal((await graph(sandbox, '/deviceAppManagement/mobileApps', { token: appsOnly })).status, 200, 'apps it may read');
    const reporting = await appToken(sandbox, SANDBOX_READONLY_CLIENT, SANDBOX_DEMO_SECRET); // Group.Read.All, no Directory.Read.All
    assert.equal((await graph(sandbox, '/groups', { token: reporting })).status, 200);
    const byIds = await graph(sandbox, '/directoryObjects/getByIds', { token: reporting, method: 'POST', body: JSON.stringify({ ids: [LIVE[0].id] }) });
    assert.equal(byIds.status, 403, 'getByIds is documented with Directory.Read.All');
  });

  it('lists assignment filters on beta with paging, and not on v1.0', async () => {
    const all = await get('/deviceManagement/assignmentFilters');
    assert.equal(all.json.value.length, DEFAULT_SEED.filters.length);
    const ios = await get("/deviceManagement/assignmentFilters?$filter=platform eq 'iOS'");
    assert.ok(ios.json.value.length >= 1 && ios.json.value.every((f: Json) => f.platform === 'iOS' && f.rule && f.assignmentFilterManagementType === 'devices'));
    const first = await get('/deviceManagement/assignmentFilters?$top=3');
    assert.equal(first.json.value.length, 3);
    const second = await graph(sandbox, first.json['@odata.nextLink'], { token });
    assert.equal(second.json.value.length, 3);
    const v1 = await get('/deviceManagement/assignmentFilters', { version: 'v1.0' });
    assert.equal(v1.status, 400);
    assert.match(v1.json.error.message, /segment 'assignmentFilters'/);
  });

  it('answers a JSON batch with each request\'s own status, headers and body, throttling inner requests on their own', async () => {
    const requests = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i + 1), method: 'GET', url: `/groups/${LIVE[i % LIVE.length].id}?$select=displayName` }));
    sandbox.throttleNext(1, { retryAfter: '7' });
    const batch = await get('/$batch', { method: 'POST', body: JSON.stringify({ requests: requests(3) }) });
    assert.equal(batch.status, 200);
    assert.deepEqual(batch.json.responses.map((r: Json) => [r.id, r.status, r.headers['retry-after']]), [['1', 429, '7'], ['2', 200, undefined], ['3', 200, undefined]]);
    assert.equal(batch.json.responses[1].body.displayName, LIVE[1].displayName);
    assert.equal((await get('/$batch', { method: 'POST', body: JSON.stringify({ requests: requests(21) }) })).status, 400, 'at most 20');
    assert.equal((await get('/$batch', { method: 'POST', body: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: 'https://graph.microsoft.com/v1.0/groups' }] }) })).status, 400, 'relative urls only');
    const app = DEFAULT_SEED.apps[0];
    const chained = await get('/$batch', {
      method: 'POST',
      body: JSON.stringify({
        requests: [
          { id: 'a', method: 'POST', url: `/deviceAppManagement/mobileApps/${app.id}/assign`, headers: { 'content-type': 'application/json' }, body: { mobileAppAssignments: [{ intent: 'updateOnly', target: { '@odata.type': `${NS}allDevicesAssignmentTarget` } }] } },
          { id: 'b', method: 'GET', url: `/deviceAppManagement/mobileApps/${app.id}/assignments`, dependsOn: ['a'] },
          { id: 'c', method: 'GET', url: `deviceAppManagement/mobileApps/${app.id}` },
        ],
      }),
    });
    assert.deepEqual(chained.json.responses.map((r: Json) => [r.id, r.status]), [['a', 500], ['b', 424], ['c', 200]]);
  });

  it('throttles each inner request of a batch against the Intune limits, with its own Retry-After', async () => {
    const small = await startSandbox({ throttleLimits: { windowMs: 20_000, appWrites: 100, appRequests: 2, tenantWrites: 200, tenantRequests: 2000 } });
    try {
      const t = await appToken(small);
      const reads = Array.from({ length: 4 }, (_, i) => ({ id: String(i), method: 'GET', url: '/deviceAppManagement/mobileApps?$top=1' }));
      const batch = await graph(small, '/$batch', { token: t, method: 'POST', body: JSON.stringify({ requests: reads }) });
      assert.equal(batch.status, 200);
      const statuses = batch.json.responses.map((r: Json) => r.status);
      assert.deepEqual(statuses, [200, 200, 429, 429]);
      assert.match(batch.json.responses[2].headers['retry-after'], /^\d+$/);
    } finally {
      await small.close();
    }
  });

  it('serves a large generated tenant paged at 1,000 like Intune, with $expand=assignments, the same every time', async () => {
    const seed = largeTenant(DEFAULT_SEED, { apps: 2000, assignments: 5000 });
    assert.deepEqual(seed, largeTenant(DEFAULT_SEED, { apps: 2000, assignments: 5000 }), 'deterministic');
    const generated = seed.apps.slice(DEFAULT_SEED.apps.length);
    assert.equal(generated.reduce((n, a) => n + a.assignments.length, 0), 5000);
    assert.ok(new Set(generated.map((a) => a['@odata.type'])).size >= 6, 'a mix of app types');
    assert.equal(new Set(seed.apps.map((a) => a.id)).size, seed.apps.length);
    for (const app of generated) assert.equal(judgeAssignments(app.assignments, 'beta'), undefined, app.displayName);
    const big = await startSandbox({ seed });
    try {
      const t = await appToken(big);
      let url = '/deviceAppManagement/mobileApps?$expand=assignments&$select=id,displayName';
      const sizes: number[] = [];
      let assignments = 0;
      for (let i = 0; i < 5 && url; i++) {
        const page = await graph(big, url, { token: t });
        assert.equal(page.status, 200);
        sizes.push(page.json.value.length);
        assignments += page.json.value.reduce((n: number, a: Json) => n + a.assignments.length, 0);
        url = page.json['@odata.nextLink'];
      }
      assert.deepEqual(sizes, [1000, 1000, seed.apps.length - 2000]);
      assert.equal(assignments, seed.apps.reduce((n, a) => n + a.assignments.length, 0));
    } finally {
      await big.close();
    }
    assert.throws(() => largeTenant(DEFAULT_SEED, { apps: 20_001 }), RangeError);
  });

  it('serves a second tenant whose groups and filters have the same names under other ids', async () => {
    const twin = secondTenant();
    const other = await startSandbox({ seed: twin });
    try {
      assert.notEqual(other.tenantId, sandbox.tenantId);
      const theirs = (await graph(other, '/groups?$top=999', { token: await userToken(other, SANDBOX_PUBLIC_CLIENT) })).json.value as Json[];
      const ours = (await get('/groups?$top=999')).json.value as Json[];
      assert.deepEqual(theirs.map((g) => g.displayName).sort(), ours.map((g) => g.displayName).sort());
      for (const g of ours) assert.notEqual(theirs.find((x) => x.displayName === g.displayName)!.id, g.id, g.displayName);
      assert.deepEqual(twin.filters.map((f) => f.displayName), DEFAULT_SEED.filters.map((f) => f.displayName));
      assert.ok(twin.filters.every((f, i) => f.id !== DEFAULT_SEED.filters[i].id));
      assert.equal((await graph(other, '/groups', { token })).status, 401, 'a token of one tenant is no good in the other');
    } finally {
      await other.close();
    }
  });
});
