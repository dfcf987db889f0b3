// The sandbox judges assign bodies on its own: a body the product's core is told to accept (a rule turned off,
// or a fact the core does not know) is still refused over HTTP as Graph refuses it. And what GET returns is
// filled in from Graph's metadata (schemas/graph-types.json), not from the core.
import * as assert from 'node:assert/strict';
import { Linter } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED } from '../../sandbox/src/seed';
import { appToken, assignBody, graph, Json } from './helpers';

const NS = '#microsoft.graph.';
const WIN32 = DEFAULT_SEED.apps.find((a) => a['@odata.type'] === `${NS}win32LobApp` && a.publishingState === 'published')!;
const IOS = DEFAULT_SEED.apps.find((a) => a['@odata.type'] === `${NS}iosStoreApp`)!;
const GROUP = DEFAULT_SEED.groups[0].id;

describe('sandbox judging (not the core)', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let token: string;
  const linter = new Linter(TYPES);

  before(async () => {
    sandbox = await startSandbox();
    token = await appToken(sandbox);
  });
  beforeEach(() => sandbox.reset());
  after(() => sandbox.close());

  const assign = (appId: string, body: string, version = 'beta') => graph(sandbox, `/deviceAppManagement/mobileApps/${appId}/assign`, { method: 'POST', token, body, version });
  /** What the core reports as errors with these rules turned off. */
  const coreErrors = (body: string, appType: string, off: string[]) =>
    linter.lint(body, { graphVersion: 'beta', cloud: 'global', appType, rules: Object.fromEntries(off.map((r) => [r, 'off' as const])) }).findings.filter((f) => f.severity === 'error');

  const cases: { what: string; app: typeof WIN32; body: string; off: string[]; status: number; code: string; message: RegExp }[] = [
    {
      what: 'settings on an exclusion target, exclusion-settings turned off',
      app: WIN32,
      body: assignBody({ intent: 'required', target: { '@odata.type': `${NS}exclusionGroupAssignmentTarget`, groupId: GROUP }, settings: { '@odata.type': `${NS}win32LobAppAssignmentSettings`, notifications: 'showAll', deliveryOptimizationPriority: 'notConfigured' } }),
      off: ['exclusion-settings'],
      status: 400,
      code: 'BadRequest',
      message: /^Exclusion assignment does not support MobileAppAssignment Settings\.$/,
    },
    {
      what: 'isRemovable with the intent available, is-removable-intent turned off',
      app: IOS,
      body: assignBody({ intent: 'available', target: { '@odata.type': `${NS}groupAssignmentTarget`, groupId: GROUP }, settings: { '@odata.type': `${NS}iosStoreAppAssignmentSettings`, isRemovable: true } }),
      off: ['is-removable-intent'],
      status: 400,
      code: 'BadRequest',
      message: /isRemovable can only be set with the intent required/,
    },
    {
      what: 'an intent that is no install intent, schema turned off',
      app: WIN32,
      body: assignBody({ intent: 'updateOnly', target: { '@odata.type': `${NS}allDevicesAssignmentTarget` }, settings: null }),
      off: ['schema'],
      status: 500,
      code: 'InternalServerError',
      message: /An internal server error has occurred/,
    },
    {
      what: 'a property the target type lacks, schema turned off',
      app: WIN32,
      body: assignBody({ intent: 'required', target: { '@odata.type': `${NS}groupAssignmentTarget`, groupId: GROUP, groupName: 'All Employees' }, settings: null }),
      off: ['schema'],
      status: 400,
      code: 'BadRequest',
      message: /^The property 'groupName' does not exist on type 'microsoft\.graph\.groupAssignmentTarget'\./,
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.what}, though the core finds no error`, async () => {
      assert.deepEqual(coreErrors(c.body, c.app['@odata.type'], c.off).map((f) => f.rule), [], 'the core, so told, accepts the body');
      const before = JSON.stringify(sandbox.state.apps.find((a) => a.id === c.app.id)!.assignments);
      const reply = await assign(c.app.id, c.body);
      assert.equal(reply.status, c.status, JSON.stringify(reply.json));
      assert.equal(reply.json.error.code, c.code);
      assert.match(reply.json.error.message, c.message);
      assert.equal(JSON.stringify(sandbox.state.apps.find((a) => a.id === c.app.id)!.assignments), before, 'nothing changed');
    });
  }

  it('fills in what GET returns from the metadata: null, the first enum member, false, [] (beta), and no beta-only property on v1.0', async () => {
    const body = assignBody({
      intent: 'required',
      target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: GROUP },
      settings: { '@odata.type': `${NS}win32LobAppAssignmentSettings`, notifications: 'hideAll', deliveryOptimizationPriority: 'foreground' },
    });
    assert.equal((await assign(WIN32.id, body)).status, 204);
    const beta = (await graph(sandbox, `/deviceAppManagement/mobileApps/${WIN32.id}/assignments`, { token })).json.value[0] as Json;
    assert.deepEqual(beta.target, { '@odata.type': `${NS}groupAssignmentTarget`, deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none', groupId: GROUP });
    assert.deepEqual(beta.settings, { '@odata.type': `${NS}win32LobAppAssignmentSettings`, autoUpdateSettings: null, deliveryOptimizationPriority: 'foreground', installTimeSettings: null, notifications: 'hideAll', restartSettings: null });
    assert.equal(beta.source, 'direct');
    const v1 = (await graph(sandbox, `/deviceAppManagement/mobileApps/${WIN32.id}/assignments`, { token, version: 'v1.0' })).json.value[0] as Json;
    assert.deepEqual(v1.target, { '@odata.type': `${NS}groupAssignmentTarget`, groupId: GROUP });
    assert.equal(v1.source, undefined);
    const android = DEFAULT_SEED.apps.find((a) => a['@odata.type'] === `${NS}androidManagedStoreApp`)!;
    const track = assignBody({ intent: 'required', target: { '@odata.type': `${NS}allDevicesAssignmentTarget` }, settings: { '@odata.type': `${NS}androidManagedStoreAppAssignmentSettings`, autoUpdateMode: 'priority' } });
    assert.equal((await assign(android.id, track)).status, 204);
    const served = (await graph(sandbox, `/deviceAppManagement/mobileApps/${android.id}/assignments`, { token })).json.value[0] as Json;
    assert.deepEqual(served.settings.androidManagedStoreAppTrackIds, [], 'a collection not sent is served empty');
  });
});
