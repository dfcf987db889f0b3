// The sandbox's Graph over real HTTP: listing with paging, $filter, $search, $select, $orderby and $count; one
// app; assignments as Graph's GET returns them (beta and v1.0); assign with replace semantics; every 400 the
// facts call for; 401 for bad, expired and foreign tokens; 403 for a read-only token; Multi Admin Approval;
// groups and assignment filters.
import * as assert from 'node:assert/strict';
import { Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, SANDBOX_DEMO_SECRET, SANDBOX_READONLY_CLIENT } from '../../sandbox/src/seed';
import { appToken, assignBody, graph, GraphCall, Json } from './helpers';

const NS = '#microsoft.graph.';
const byType = (type: string) => DEFAULT_SEED.apps.find((a) => a['@odata.type'] === `${NS}${type}` && a.publishingState === 'published')!;
const WIN32 = DEFAULT_SEED.apps[0];
const VPP = byType('iosVppApp');
const WEB = byType('webApp');
const MAA = DEFAULT_SEED.apps.find((a) => a.requiresApproval)!;
const PROCESSING = DEFAULT_SEED.apps.find((a) => a.publishingState === 'processing')!;
const NOT_PUBLISHED = DEFAULT_SEED.apps.find((a) => a.publishingState === 'notPublished')!;
const USER_GROUP = DEFAULT_SEED.groups.find((g) => g.kind === 'user')!.id;
const DEVICE_GROUP = DEFAULT_SEED.groups.find((g) => g.kind === 'device')!.id;
const FILTER = DEFAULT_SEED.filters[0].id;
const groupTarget = (groupId: string = USER_GROUP) => ({ '@odata.type': `${NS}groupAssignmentTarget`, groupId });

function assertGraphError(call: GraphCall, status: number, code: string | RegExp, message?: RegExp): void {
  assert.equal(call.status, status, JSON.stringify(call.json));
  const error = call.json.error as Json;
  assert.ok(error, `no error object in ${JSON.stringify(call.json)}`);
  if (typeof code === 'string') assert.equal(error.code, code);
  else assert.match(error.code, code);
  if (message) assert.match(error.message, message);
  assert.equal(error.innerError['request-id'], call.headers.get('request-id'));
  assert.equal(error.innerError['client-request-id'], 'test-client-request-id');
  assert.equal(call.headers.get('client-request-id'), 'test-client-request-id');
  assert.match(error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.ok(call.headers.get('date'));
}

describe('sandbox Graph', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let token: string;
  let readOnly: string;

  before(async () => {
    sandbox = await startSandbox();
    token = await appToken(sandbox);
    readOnly = await appToken(sandbox, SANDBOX_READONLY_CLIENT, SANDBOX_DEMO_SECRET);
  });
  beforeEach(() => sandbox.reset());
  after(() => sandbox.close());

  const get = (path: string, extra: Parameters<typeof graph>[2] = {}) => graph(sandbox, path, { token, ...extra });
  const assign = (appId: string, body: string, extra: Parameters<typeof graph>[2] = {}) => graph(sandbox, `/deviceAppManagement/mobileApps/${appId}/assign`, { method: 'POST', token, body, ...extra });

  describe('apps', () => {
    it('lists every app with its type, and pages with an absolute @odata.nextLink on its own origin', async () => {
      const all = await get('/deviceAppManagement/mobileApps');
      assert.equal(all.status, 200);
      assert.equal(all.json['@odata.context'], `${sandbox.url}/beta/$metadata#deviceAppManagement/mobileApps`);
      assert.equal(all.json.value.length, DEFAULT_SEED.apps.length);
      assert.equal(all.json['@odata.nextLink'], undefined);
      assert.ok(all.headers.get('content-type')!.startsWith('application/json'));
      const seen: string[] = [];
      let next: string | undefined = '/deviceAppManagement/mobileApps?$top=4';
      let pages = 0;
      while (next) {
        const page: GraphCall = await get(next);
        assert.equal(page.status, 200);
        seen.push(...page.json.value.map((a: Json) => a.id));
        next = page.json['@odata.nextLink'];
        if (next) assert.ok(next.startsWith(`${sandbox.url}/beta/deviceAppManagement/mobileApps?`), next);
        pages++;
      }
      assert.equal(pages, Math.ceil(DEFAULT_SEED.apps.length / 4));
      assert.deepEqual(seen, DEFAULT_SEED.apps.map((a) => a.id));
    });

    it("filters with isof(), keeps the filter across pages, and searches displayName and publisher", async () => {
      const win32 = DEFAULT_SEED.apps.filter((a) => a['@odata.type'] === `${NS}win32LobApp`);
      const first = await get("/deviceAppManagement/mobileApps?$filter=isof('microsoft.graph.win32LobApp')&$top=1");
      assert.deepEqual(first.json.value.map((a: Json) => a['@odata.type']), [`${NS}win32LobApp`]);
      const second = await get(first.json['@odata.nextLink']);
      assert.equal(second.json.value.length, 1);
      assert.equal(second.json.value[0].id, win32[1].id);
      const lob = await get("/deviceAppManagement/mobileApps?$filter=isof('microsoft.graph.mobileLobApp')");
      assert.ok(lob.json.value.every((a: Json) => ['win32LobApp', 'windowsUniversalAppX', 'macOSLobApp'].includes(a['@odata.type'].slice(NS.length))));
      const published = await get("/deviceAppManagement/mobileApps?$filter=publishingState eq 'published' and startswith(displayName,'microsoft')");
      assert.ok(published.json.value.length >= 2);
      assert.ok(published.json.value.every((a: Json) => a.publishingState === 'published' && a.displayName.startsWith('Microsoft')));
      const search = await get('/deviceAppManagement/mobileApps?$search="pavlov"');
      assert.deepEqual(search.json.value.map((a: Json) => a.id), [WIN32.id]);
      const counted = await get("/deviceAppManagement/mobileApps?$count=true&$top=1&$orderby=displayName desc&$select=displayName");
      assert.equal(counted.json['@odata.count'], DEFAULT_SEED.apps.length);
      assert.deepEqual(Object.keys(counted.json.value[0]).sort(), ['@odata.type', 'displayName', 'id']);
      const names = DEFAULT_SEED.apps.map((a) => a.displayName).sort((a, b) => b.localeCompare(a, 'en', { sensitivity: 'base' }));
      assert.equal(counted.json.value[0].displayName, names[0]);
    });

    it('refuses query options and filters it does not understand, instead of ignoring them', async () => {
      assertGraphError(await get('/deviceAppManagement/mobileApps?$filter=displayName eq'), 400, 'BadRequest', /Invalid filter clause/);
      assertGraphError(await get('/deviceAppManagement/mobileApps?$filter=displayName has \'x\''), 400, 'BadRequest', /unsupported operator/);
      assertGraphError(await get('/deviceAppManagement/mobileApps?$top=0'), 400, 'BadRequest', /\$top/);
      assertGraphError(await get('/deviceAppManagement/mobileApps?$skiptoken=abc'), 400, 'BadRequest', /skiptoken/);
      assertGraphError(await get('/deviceAppManagement/mobileApps?$apply=groupby((publisher))'), 400, 'BadRequest', /\$apply/);
    });

    it('returns one app as Graph does, 404 for an unknown one', async () => {
      const app = await get(`/deviceAppManagement/mobileApps/${WIN32.id.toUpperCase()}`);
      assert.equal(app.status, 200);
      assert.equal(app.json['@odata.type'], WIN32['@odata.type']);
      assert.equal(app.json.id, WIN32.id);
      assert.equal(app.json.displayName, WIN32.displayName);
      assert.equal(app.json.publishingState, 'published');
      assert.equal(app.json.isAssigned, true);
      assert.equal(app.json.fileName, WIN32.properties!.fileName);
      assertGraphError(await get('/deviceAppManagement/mobileApps/00000000-0000-4000-8000-000000000000'), 404, 'ResourceNotFound', /No mobileApp/);
      const expanded = await get(`/deviceAppManagement/mobileApps/${WIN32.id}?$select=displayName&$expand=assignments`);
      assert.equal(expanded.json.assignments.length, WIN32.assignments.length);
      assert.equal(expanded.json.publisher, undefined);
    });
  });

  describe('assignments', () => {
    it('returns each as Graph GET does: computed id, source direct, # types, filter fields and every settings property', async () => {
      const list = await get(`/deviceAppManagement/mobileApps/${WIN32.id}/assignments`);
      assert.equal(list.status, 200);
      assert.equal(list.json.value.length, 3);
      const [required, available, exclusion] = list.json.value as Json[];
      assert.deepEqual(Object.keys(required), ['@odata.type', 'id', 'intent', 'source', 'sourceId', 'target', 'settings']);
      assert.equal(required['@odata.type'], '#microsoft.graph.mobileAppAssignment');
      const includedGroup = (WIN32.assignments[0].target as Json).groupId;
      assert.equal(required.id, `${includedGroup}_0_0`);
      assert.deepEqual([required.source, required.sourceId], ['direct', null]);
      assert.deepEqual(required.target, { '@odata.type': `${NS}groupAssignmentTarget`, deviceAndAppManagementAssignmentFilterId: FILTER, deviceAndAppManagementAssignmentFilterType: 'include', groupId: includedGroup });
      assert.equal(available.target['@odata.type'], `${NS}allLicensedUsersAssignmentTarget`);
      assert.equal(available.id, 'allLicensedUsersAssignmentTarget_1_0');
      assert.equal(exclusion.target['@odata.type'], `${NS}exclusionGroupAssignmentTarget`);
      assert.equal(exclusion.settings, null);
      assert.deepEqual(Object.keys(required.settings).sort(), ['@odata.type', 'autoUpdateSettings', 'deliveryOptimizationPriority', 'installTimeSettings', 'notifications', 'restartSettings'].sort());
      const one = await get(`/deviceAppManagement/mobileApps/${WIN32.id}/assignments/${required.id}`);
      assert.equal(one.json.id, required.id);
    });

    it('leaves out what v1.0 does not have: source, sourceId, filter fields and beta-only settings', async () => {
      const v1 = await graph(sandbox, `/deviceAppManagement/mobileApps/${VPP.id}/assignments`, { token, version: 'v1.0' });
      assert.equal(v1.status, 200);
      const [a] = v1.json.value as Json[];
      assert.equal(a.source, undefined);
      assert.equal(a.target.deviceAndAppManagementAssignmentFilterType, undefined);
      assert.deepEqual(Object.keys(a.settings).sort(), ['@odata.type', 'useDeviceLicensing', 'vpnConfigurationId']);
      assert.equal(v1.json['@odata.context'].startsWith(`${sandbox.url}/v1.0/`), true);
    });

    it('assign replaces the whole list: the app ends up with exactly what was posted', async () => {
      const posted = [
        { intent: 'required', target: groupTarget(DEVICE_GROUP), settings: null },
        { intent: 'available', target: { '@odata.type': 'microsoft.graph.allLicensedUsersAssignmentTarget' }, settings: null, id: 'ignored', source: 'direct' },
      ];
      const reply = await assign(WEB.id, assignBody(...posted));
      assert.equal(reply.status, 204, JSON.stringify(reply.json));
      const after = (await get(`/deviceAppManagement/mobileApps/${WEB.id}/assignments`)).json.value as Json[];
      assert.deepEqual(after.map((a) => [a.id, a.intent, a.target['@odata.type']]), [
        [`${DEVICE_GROUP}_0_0`, 'required', `${NS}groupAssignmentTarget`],
        ['allLicensedUsersAssignmentTarget_1_0', 'available', `${NS}allLicensedUsersAssignmentTarget`],
      ]);
      assert.deepEqual(sandbox.state.apps.find((a) => a.id === WEB.id)!.assignments.length, 2);
      assert.equal((await assign(WEB.id, assignBody())).status, 204, 'an empty list is accepted (a warning, not an error)');
      assert.equal((await get(`/deviceAppManagement/mobileApps/${WEB.id}`)).json.isAssigned, false);
    });

    it('answers 400 for every body Graph refuses, and changes nothing', async () => {
      const valid = { intent: 'required', target: groupTarget(), settings: null };
      const cases: [string, string, RegExp][] = [
        ['not JSON', '{"mobileAppAssignments": [', /Unable to read JSON/],
        ['JSON with a comment', '{"mobileAppAssignments": [] /* c */}', /Unable to read JSON/],
        ['wrong shape', JSON.stringify({ assignments: [valid] }), /./],
        ['not an array', JSON.stringify({ mobileAppAssignments: valid }), /./],
        ['abstract target type', assignBody({ ...valid, target: { '@odata.type': `${NS}deviceAndAppManagementAssignmentTarget` } }), /abstract/],
        ['abstract settings type', assignBody({ ...valid, settings: { '@odata.type': `${NS}mobileAppAssignmentSettings` } }), /abstract/],
        ['unknown type', assignBody({ ...valid, target: { '@odata.type': `${NS}groupAsignmentTarget`, groupId: USER_GROUP } }), /A type named 'microsoft\.graph\.groupAsignmentTarget' could not be resolved by the model/],
        ['a property the type lacks', assignBody({ ...valid, target: { ...groupTarget(), group: 'x' } }), /The property 'group' does not exist on type 'microsoft\.graph\.groupAssignmentTarget'/],
        ['an unknown parameter', JSON.stringify({ mobileAppAssignments: [valid], force: true }), /The parameter 'force' in the request payload is not a valid parameter for the operation 'assign'/],
        ['settings on an exclusion', assignBody({ ...valid, target: { ...groupTarget(), '@odata.type': `${NS}exclusionGroupAssignmentTarget` }, settings: { '@odata.type': `${NS}iosVppAppAssignmentSettings`, useDeviceLicensing: true } }), /^Exclusion assignment does not support MobileAppAssignment Settings\.$/],
        ['isRemovable with available', assignBody({ ...valid, intent: 'available', settings: { '@odata.type': `${NS}iosVppAppAssignmentSettings`, useDeviceLicensing: true, isRemovable: false } }), /isRemovable/],
      ];
      const app = VPP;
      const before = JSON.stringify(sandbox.state.apps.find((a) => a.id === app.id)!.assignments);
      for (const [what, body, message] of cases) {
        const reply = await assign(app.id, body);
        assertGraphError(reply, 400, 'BadRequest', message);
        assert.ok(reply.json.error.message.length > 10, what);
      }
      // An intent that is no install intent at all: the service fails with a 500 (as reported for "updateOnly").
      assertGraphError(await assign(app.id, assignBody({ ...valid, intent: 'updateOnly' })), 500, 'InternalServerError', /Operation ID/);
      assert.equal(JSON.stringify(sandbox.state.apps.find((a) => a.id === app.id)!.assignments), before);
      // What Graph accepts: an intent in another case (the admin portal posts "Required"). Settings that do not fit
      // the app's type are only warned about: no source shows Graph refusing them. v1.0 has no filter fields.
      assert.equal((await assign(app.id, assignBody({ ...valid, intent: 'Required' }))).status, 204);
      assert.equal((await assign(WIN32.id, assignBody({ ...valid, settings: { '@odata.type': `${NS}iosVppAppAssignmentSettings`, useDeviceLicensing: true } }))).status, 204);
      const filtered = assignBody({ ...valid, target: { ...groupTarget(), deviceAndAppManagementAssignmentFilterId: FILTER, deviceAndAppManagementAssignmentFilterType: 'include' } });
      assert.equal((await assign(WIN32.id, filtered)).status, 204);
      assertGraphError(await assign(WIN32.id, filtered, { version: 'v1.0' }), 400, 'BadRequest', /The property 'deviceAndAppManagementAssignmentFilterId' does not exist on type 'microsoft\.graph\.groupAssignmentTarget'/);
    });

    it('refuses apps that are not published', async () => {
      const body = assignBody({ intent: 'required', target: groupTarget(), settings: null });
      assertGraphError(await assign(PROCESSING.id, body), 400, 'BadRequest', /publishing state is processing/);
      assertGraphError(await assign(NOT_PUBLISHED.id, body), 400, 'BadRequest', /publishing state is notPublished/);
    });

    it('answers 404 for an unknown app and 405 for a GET on assign', async () => {
      assertGraphError(await assign('00000000-0000-4000-8000-000000000000', assignBody()), 404, 'ResourceNotFound');
      assertGraphError(await get(`/deviceAppManagement/mobileApps/${WIN32.id}/assign`), 405, 'BadRequest');
      assertGraphError(await get('/deviceAppManagement/mobileAps'), 400, 'BadRequest', /segment/);
    });
  });

  describe('authorization', () => {
    it('answers 401 InvalidAuthenticationToken with no token, a forged one, and a token of another sandbox', async () => {
      const none = await graph(sandbox, '/deviceAppManagement/mobileApps', { token: null });
      assertGraphError(none, 401, 'InvalidAuthenticationToken', /empty/);
      assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer /);
      assert.doesNotMatch(none.headers.get('www-authenticate') ?? '', /claims=/);
      const [h, p] = token.split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['Directory.ReadWrite.All'] })).toString('base64url');
      assertGraphError(await graph(sandbox, '/deviceAppManagement/mobileApps', { token: `${h}.${forgedPayload}.${token.split('.')[2]}` }), 401, 'InvalidAuthenticationToken', /validation failure/);
      assertGraphError(await graph(sandbox, '/deviceAppManagement/mobileApps', { token: 'not-a-jwt' }), 401, 'InvalidAuthenticationToken');
      const other = await startSandbox();
      try {
        const foreign = await appToken(other);
        assertGraphError(await graph(sandbox, '/deviceAppManagement/mobileApps', { token: foreign }), 401, 'InvalidAuthenticationToken', /not issued by this sandbox/);
      } finally {
        await other.close();
      }
    });

    it('answers 403 to an assign with a read-only token, which still reads', async () => {
      assert.equal((await graph(sandbox, `/deviceAppManagement/mobileApps/${WIN32.id}/assignments`, { token: readOnly })).status, 200);
      const refused = await graph(sandbox, `/deviceAppManagement/mobileApps/${WIN32.id}/assign`, { method: 'POST', token: readOnly, body: assignBody() });
      assertGraphError(refused, 403, 'Forbidden', /DeviceManagementApps\.ReadWrite\.All/);
      assert.equal(sandbox.state.apps[0].assignments.length, WIN32.assignments.length);
    });
  });

  describe('Multi Admin Approval', () => {
    const body = assignBody({ intent: 'required', target: groupTarget(), settings: null });

    it('refuses a change without x-msft-approval-justification (400), holds it with one (202), and changes nothing', async () => {
      const refused = await assign(MAA.id, body);
      assertGraphError(refused, 400, 'BadRequest', /x-msft-approval-justification.*required to request approval/);
      const pending = await assign(MAA.id, body, { headers: { 'x-msft-approval-justification': 'Change 1234: roll out to finance' } });
      assert.equal(pending.status, 202);
      assert.equal(pending.json['@odata.type'], '#microsoft.graph.operationApprovalRequest');
      assert.equal(pending.json.status, 'needsApproval');
      assert.equal(pending.json.requestJustification, 'Change 1234: roll out to finance');
      assert.match(pending.json.id, /^[0-9a-f-]{36}$/);
      assert.equal(sandbox.state.apps.find((a) => a.id === MAA.id)!.assignments.length, MAA.assignments.length);
      assert.equal(sandbox.state.approvalRequests.length, 1);
      assert.equal(sandbox.state.approvalRequests[0].appId, MAA.id);
      // A body Graph refuses is refused first, justification or not.
      assertGraphError(await assign(MAA.id, '{', { headers: { 'x-msft-approval-justification': 'x' } }), 400, 'BadRequest');
    });
  });

  describe('groups and filters', () => {
    it('lists and gets groups, filters them with $filter, and needs ConsistencyLevel for $search', async () => {
      const all = await get('/groups');
      assert.equal(all.json.value.length, DEFAULT_SEED.groups.filter((g) => !g.deletedDateTime).length);
      assert.equal(all.json['@odata.context'], `${sandbox.url}/beta/$metadata#groups`);
      const dynamic = await get("/groups?$filter=groupTypes/any(c:c eq 'DynamicMembership')");
      assert.ok(dynamic.json.value.length > 0);
      assert.ok(dynamic.json.value.every((g: Json) => g.groupTypes.includes('DynamicMembership') && g.membershipRule));
      const named = await get("/groups?$filter=startswith(displayName,'field')");
      assert.deepEqual(named.json.value.map((g: Json) => g.displayName), ['Field Sales - Devices', 'Field Sales - Users']);
      assertGraphError(await get('/groups?$search="displayName:kiosk"'), 400, 'Request_UnsupportedQuery', /ConsistencyLevel/);
      const searched = await get('/groups?$search="displayName:kiosk"&$count=true', { headers: { ConsistencyLevel: 'eventual' } });
      assert.deepEqual(searched.json.value.map((g: Json) => g.displayName), ['Kiosk Devices']);
      assert.equal(searched.json['@odata.count'], 1);
      const one = await get(`/groups/${USER_GROUP}`);
      assert.equal(one.json.id, USER_GROUP);
      assert.equal(one.json.securityEnabled, true);
      assertGraphError(await get('/groups/00000000-0000-4000-8000-000000000000'), 404, 'Request_ResourceNotFound');
      assertGraphError(await get('/groups/Finance'), 400, 'Request_BadRequest', /Invalid object identifier/);
    });

    it('lists and gets assignment filters with their platform and rule', async () => {
      const all = await get('/deviceManagement/assignmentFilters');
      assert.equal(all.json.value.length, DEFAULT_SEED.filters.length);
      assert.deepEqual(Object.keys(all.json.value[0]).includes('rule'), true);
      const windows = await get("/deviceManagement/assignmentFilters?$filter=platform eq 'windows10AndLater'");
      assert.ok(windows.json.value.every((f: Json) => f.platform === 'windows10AndLater'));
      const one = await get(`/deviceManagement/assignmentFilters/${FILTER}`);
      assert.equal(one.json['@odata.type'], '#microsoft.graph.deviceAndAppManagementAssignmentFilter');
      assert.equal(one.json.id, FILTER);
    });
  });
});
