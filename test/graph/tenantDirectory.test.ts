// The tenant directory against the sandbox over real HTTP: ids resolved in getByIds batches of 1,000 (50 ids one
// request, 2,000 ids two), a deleted group known missing, groups searched by name with ConsistencyLevel:
// eventual, filters listed once; answers from the cache at once and across restarts (per tenant, never another's),
// stale labelling and the offline case; what each permission allows (getByIds refused -> groups by id in JSON
// batches; filters refused -> "permission"); and the real MSAL's silent tokens: signed out, a person's session,
// a client without the tenant-data permissions. Also: group-not-found alone may be relaxed for send.
import * as assert from 'node:assert/strict';
import { Credentials } from '../../graph/src/auth/signIn';
import { resolveCloud, TENANT_DATA_PERMISSIONS } from '../../graph/src/clouds';
import { GraphClient } from '../../graph/src/graphClient';
import { sendOptions } from '../../graph/src/send';
import { DirectoryUnavailable, TenantDirectory } from '../../graph/src/tenant/directory';
import type { Sandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, DELETED_GROUP, SANDBOX_APPS_ONLY_CLIENT, SANDBOX_PUBLIC_CLIENT, SANDBOX_READONLY_CLIENT } from '../../sandbox/src/seed';
import { bigSandbox, clientFor, graphRequests, memoryStore } from './tenantHelpers';

const FIELD_SALES = DEFAULT_SEED.groups.find((g) => g.displayName === 'Field Sales - Devices')!;
const GHOST = '00000000-0000-4000-8000-00000000beef';
const randomIds = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

async function rejectsWith(promise: Promise<unknown>, reason: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof DirectoryUnavailable && error.reason === reason);
}

describe('the tenant directory against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let client: GraphClient;
  before(async () => {
    sandbox = await bigSandbox({ deviceCodeInterval: 0.05 });
    client = await clientFor(sandbox);
  });
  after(() => sandbox.close());

  const directory = (options: Partial<ConstructorParameters<typeof TenantDirectory>[0]> = {}) => new TenantDirectory({ client, tenant: `sandbox|${sandbox.tenantId}`, ...options });

  it('resolves 50 ids in one getByIds request: groups by name, a deleted group and an unknown id as missing', async () => {
    const ids = [FIELD_SALES.id.toUpperCase(), DELETED_GROUP, GHOST, ...DEFAULT_SEED.groups.slice(0, 10).map((g) => g.id), ...randomIds(37)];
    const since = sandbox.requests.length;
    const known = await directory().resolveGroups(ids);
    const requests = graphRequests(sandbox, since);
    assert.deepEqual(requests.map((r) => `${r.method} ${r.path}`), ['POST /beta/directoryObjects/getByIds']);
    assert.equal(known.get(FIELD_SALES.id)?.value?.displayName, 'Field Sales - Devices');
    assert.equal(known.get(FIELD_SALES.id)?.value?.members, 'devices');
    assert.equal(known.get(DELETED_GROUP)?.value, null);
    assert.equal(known.get(GHOST)?.value, null);
    assert.equal(known.get(GHOST)?.stale, false);
  });

  it('resolves 2,000 ids in two requests, and asks again only for what it does not know', async () => {
    const dir = directory();
    const since = sandbox.requests.length;
    await dir.resolveGroups(randomIds(2000));
    assert.equal(graphRequests(sandbox, since).length, 2);
    await dir.resolveGroups([...randomIds(2000), FIELD_SALES.id]);
    assert.equal(graphRequests(sandbox, since).length, 3);
    // Answers at once from what it has; nothing for what it was never asked.
    assert.equal(dir.groupsNow([FIELD_SALES.id, GHOST]).size, 1);
  });

  it('searches groups by name with ConsistencyLevel: eventual, once per text, and answers from that at once', async () => {
    const dir = directory();
    const since = sandbox.requests.length;
    const found = await dir.searchGroups('Field');
    assert.deepEqual(found.map((g) => g.displayName), ['Field Sales - Devices', 'Field Sales - Users']);
    const [search] = graphRequests(sandbox, since);
    assert.equal(search.headers?.consistencylevel, 'eventual');
    assert.match(decodeURIComponent(search.path), /\$search="displayName:field"/);
    await dir.searchGroups('field');
    assert.equal(graphRequests(sandbox, since).length, 1);
    assert.deepEqual(dir.searchNow('Sales').map((g) => g.displayName), ['Field Sales - Devices', 'Field Sales - Users']);
  });

  it('lists the filters once, with their platforms and rules', async () => {
    const dir = directory();
    const since = sandbox.requests.length;
    const { list } = await dir.filters();
    await dir.filters();
    assert.equal(graphRequests(sandbox, since).length, 1);
    assert.equal(list.length, DEFAULT_SEED.filters.length);
    assert.deepEqual(list.find((f) => f.displayName === 'iPads only'), { id: DEFAULT_SEED.filters[1].id, displayName: 'iPads only', platform: 'iOS', rule: '(device.model -startsWith "iPad")', managementType: 'devices' });
  });

  it('keeps its cache across restarts for its own tenant only, labels old answers stale, and answers them offline', async () => {
    const store = memoryStore();
    let clock = 1_000_000;
    const first = directory({ store, now: () => clock });
    await first.resolveGroups([FIELD_SALES.id, GHOST]);
    await first.filters();
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(store.data && !/token|eyJ/i.test(store.data), 'saved, and no token in it');
    const since = sandbox.requests.length;
    const second = directory({ store, now: () => clock });
    await second.load();
    assert.equal(second.groupsNow([FIELD_SALES.id]).get(FIELD_SALES.id)?.value?.displayName, 'Field Sales - Devices');
    assert.equal(second.filtersNow()?.list.length, DEFAULT_SEED.filters.length);
    assert.equal(graphRequests(sandbox, since).length, 0);
    const other = new TenantDirectory({ client, tenant: 'sandbox|another-tenant', store });
    await other.load();
    assert.equal(other.groupsNow([FIELD_SALES.id]).size, 0);
    // Past the lifetime: stale ("no such group" sooner), and a read that cannot reach Graph says offline.
    clock += 3 * 60_000;
    assert.deepEqual([...second.groupsNow([FIELD_SALES.id, GHOST]).values()].map((k) => k.stale), [false, true]);
    clock += 15 * 60_000;
    const offline = new TenantDirectory({
      client: new GraphClient({ baseUrl: `${sandbox.url}/beta`, tokens: { getToken: async () => 't' }, retry: { maxAttempts: 1 }, fetch: async () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })) }),
      tenant: `sandbox|${sandbox.tenantId}`,
      store,
      now: () => clock,
    });
    await rejectsWith(offline.resolveGroups([FIELD_SALES.id]), 'offline');
    assert.equal(offline.groupsNow([FIELD_SALES.id]).get(FIELD_SALES.id)?.stale, true);
    await offline.clear();
    assert.equal(store.data, undefined);
  });

  it('reads groups by id in JSON batches where getByIds is refused, and says "permission" for filters', async () => {
    const reporting = await clientFor(sandbox, { clientId: SANDBOX_READONLY_CLIENT });
    const dir = new TenantDirectory({ client: reporting, tenant: `sandbox|${sandbox.tenantId}` });
    const since = sandbox.requests.length;
    const known = await dir.resolveGroups([FIELD_SALES.id, DELETED_GROUP, ...randomIds(48)]);
    assert.equal(known.get(FIELD_SALES.id)?.value?.displayName, 'Field Sales - Devices');
    assert.equal(known.get(DELETED_GROUP)?.value, null);
    assert.deepEqual(graphRequests(sandbox, since).map((r) => `${r.path} ${r.status}`), ['/beta/directoryObjects/getByIds 403', '/beta/$batch 200']);
    await rejectsWith(dir.filters(), 'permission');
  });

  it('with the real MSAL: signed out says so without a prompt; a person\'s session reads; a client without the permissions says "permission"', async () => {
    const endpoints = resolveCloud({ cloud: 'sandbox', sandboxUrl: sandbox.url });
    const person = (clientId: string) =>
      new Credentials({
        endpoints,
        tenant: sandbox.tenantId,
        clientId,
        access: 'write',
        method: { kind: 'device-code', onDeviceCode: (info) => assert.ok(sandbox.approveDeviceCode(info.userCode, DEFAULT_SEED.users[0].upn)) },
      });
    const directoryOf = (credentials: Credentials) =>
      new TenantDirectory({ client: new GraphClient({ baseUrl: `${sandbox.url}/beta`, tokens: credentials.silentTokens(TENANT_DATA_PERMISSIONS) }), tenant: `sandbox|${sandbox.tenantId}` });
    const admin = person(SANDBOX_PUBLIC_CLIENT);
    await rejectsWith(directoryOf(admin).resolveGroups([FIELD_SALES.id]), 'signed-out');
    await admin.signIn();
    assert.equal((await directoryOf(admin).resolveGroups([FIELD_SALES.id])).get(FIELD_SALES.id)?.value?.displayName, 'Field Sales - Devices');
    const appsOnly = person(SANDBOX_APPS_ONLY_CLIENT);
    await appsOnly.signIn();
    await rejectsWith(directoryOf(appsOnly).resolveGroups([FIELD_SALES.id]), 'permission');
    await rejectsWith(directoryOf(appsOnly).filters(), 'permission');
  });

  it('lets a configuration relax group-not-found for send, and no other error', () => {
    const rules = sendOptions({ graphVersion: 'beta', cloud: 'global', rules: { 'group-not-found': 'warn', 'filter-not-found': 'off', 'filter-platform-mismatch': 'off' } }).rules;
    assert.deepEqual(rules, { 'group-not-found': 'warn', 'filter-platform-mismatch': 'off' });
  });
});
