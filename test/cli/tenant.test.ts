// The tenant as a workspace, end to end: the built CLI against sandbox tenants over real HTTP with the real
// MSAL. pull --all of a 300-app tenant, plan says 0 changes, three edited files plan exactly 3 changed apps,
// apply --yes posts exactly those 3 bodies as written, plan is back to 0; the request budget; every exit code;
// promotion to a second tenant by name (and refused when a name is missing); who-targets and copy.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, DELETED_GROUP, largeTenant, SANDBOX_DEMO_SECRET, SANDBOX_READONLY_CLIENT, SANDBOX_SECRET_CLIENT, secondTenant } from '../../sandbox/src/seed';
import { folder, remove, run, type Run } from './cliHelpers';

const SEED = largeTenant(DEFAULT_SEED, { apps: 300, assignments: 700 });
/** The demo tenant and ten generated apps: two published Win32 apps to copy between. */
const SMALL = largeTenant(DEFAULT_SEED, { apps: 10, assignments: 20 });
const SEVEN_ZIP = DEFAULT_SEED.apps[0];
const INTRANET = DEFAULT_SEED.apps.find((a) => a['@odata.type'].endsWith('webApp'))!;
const NEW_WIN32 = SMALL.apps.find((a) => a['@odata.type'].endsWith('win32LobApp') && a.id !== DEFAULT_SEED.apps[0].id && a.publishingState === 'published')!;
const KIOSK = DEFAULT_SEED.groups.find((g) => g.displayName === 'Kiosk Devices')!;
const FINANCE = DEFAULT_SEED.groups.find((g) => g.displayName === 'All Finance Staff')!;
// Reads well past Intune's 1,000 requests in 20 s: the throttling itself is tested in test/graph.
const NO_THROTTLING = { windowMs: 20_000, appWrites: 1000, appRequests: 100_000, tenantWrites: 1000, tenantRequests: 100_000 };

type Doc = { mobileAppAssignments: Record<string, unknown>[] };

const env = { SANDBOX_SECRET: SANDBOX_DEMO_SECRET, INTUNE_ASSIGN_TOKEN_CACHE: 'none' };
const auth = (tenant: string) => ['--cloud', 'sandbox', '--tenant', tenant, '--client-id', SANDBOX_SECRET_CLIENT, '--client-secret-env', 'SANDBOX_SECRET'];
const graphRequests = (at: Sandbox, since: number) => at.requests.slice(since).filter((r) => /^\/(beta|v1\.0)\//.test(r.path));
const posts = (at: Sandbox, since: number) => graphRequests(at, since).filter((r) => r.method === 'POST' && r.path.endsWith('/assign'));

describe('the tenant as a workspace (pull --all, plan, apply, promotion, who-targets, copy)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let cwd: string;
  const outputs: Run[] = [];

  before(async () => {
    sandbox = await startSandbox({ seed: SEED, maxRecordedRequests: 100_000, throttleLimits: NO_THROTTLING });
    cwd = folder({});
  });
  after(async () => {
    await sandbox.close();
    remove(cwd);
  });

  const cli = async (args: string[], options: { at?: Sandbox; dir?: string; tenant?: string; extraEnv?: NodeJS.ProcessEnv } = {}) => {
    const target = options.at ?? sandbox;
    const r = await run(options.dir ?? join(cwd, 'ws'), [...args, ...auth(options.tenant ?? target.tenantId)], { ...env, INTUNE_ASSIGN_SANDBOX_URL: target.url, ...options.extraEnv });
    outputs.push(r);
    return r;
  };
  const config = () => JSON.parse(readFileSync(join(cwd, 'ws', 'intune-assign.config.json'), 'utf8')) as { apps: Record<string, string>; names: { tenant: string; apps: Record<string, string>; groups: Record<string, string>; filters: Record<string, string> } };
  const fileOf = (appId: string) => Object.entries(config().apps).find(([, id]) => id === appId)![0];
  const readDoc = (file: string) => JSON.parse(readFileSync(join(cwd, 'ws', file), 'utf8')) as Doc;
  const writeDoc = (file: string, doc: Doc) => writeFileSync(join(cwd, 'ws', file), `${JSON.stringify(doc, null, 2)}\n`);

  it(`pull --all writes one lint-clean file per app with assignments, the bindings and the names, in at most ceil(N/20)+5 requests`, async () => {
    const since = sandbox.requests.length;
    const r = await cli(['pull', '--all', '--out', 'ws'], { dir: cwd });
    assert.equal(r.code, 0, r.stderr);
    const assigned = SEED.apps.filter((a) => a.assignments.length > 0);
    const requests = graphRequests(sandbox, since);
    assert.ok(requests.length <= Math.ceil(SEED.apps.length / 20) + 5, `${requests.length} requests`);
    const { apps, names } = config();
    assert.equal(Object.keys(apps).length, assigned.length);
    assert.equal(names.tenant, DEFAULT_SEED.tenant.id);
    assert.equal(names.groups[KIOSK.id], 'Kiosk Devices');
    assert.equal(names.apps[SEVEN_ZIP.id], '7-Zip');
    assert.equal(Object.values(names.filters).includes('Windows 11 corporate'), true);
    assert.equal(fileOf(SEVEN_ZIP.id), '7-zip.assign.json');
    // Same names, other apps: collision-safe.
    assert.equal(new Set(Object.keys(apps).map((f) => f.toLowerCase())).size, assigned.length);
    const lint = await run(join(cwd, 'ws'), ['lint', '--quiet']);
    assert.equal(lint.code, 0, lint.stdout);
  });

  it('three edited files plan exactly 3 changed apps, REMOVED stated loudly; without --yes and a terminal nothing is sent', async () => {
    const sevenZip = readDoc(fileOf(SEVEN_ZIP.id));
    writeDoc(fileOf(SEVEN_ZIP.id), { mobileAppAssignments: sevenZip.mobileAppAssignments.slice(0, 2) }); // removes the exclusion
    const second = fileOf(SEED.apps[20].id);
    const doc = readDoc(second);
    doc.mobileAppAssignments[0].intent = doc.mobileAppAssignments[0].intent === 'required' ? 'available' : 'required';
    writeDoc(second, doc);
    const third = fileOf(SEED.apps[40].id);
    const added = readDoc(third);
    added.mobileAppAssignments.push({ intent: 'required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: FINANCE.id }, settings: added.mobileAppAssignments[0].settings ?? null });
    writeDoc(third, added);
    const plan = await cli(['plan', '--detailed-exitcode']);
    assert.equal(plan.code, 2, plan.stderr);
    assert.match(plan.stdout, /3 of \d+ app\(s\) change: \+1 added, 1 changed, 1 REMOVED/);
    assert.match(plan.stdout, /- REMOVED required · excluded group "Kiosk Devices"/);
    assert.match(plan.stdout, /!!! 1 assignment\(s\) will be REMOVED from 1 app\(s\): "7-Zip" !!!/);
    const json = JSON.parse((await cli(['plan', '--format', 'json'])).stdout) as { changedApps: number };
    assert.equal(json.changedApps, 3);
    const markdown = await cli(['plan', '--format', 'markdown']);
    assert.match(markdown.stdout, /> \[!CAUTION\]\n> \*\*1 assignment\(s\) will be REMOVED\*\* from 1 app\(s\): 7-Zip/);
    assert.match(markdown.stdout, /\| 7-Zip \| `7-zip.assign.json` \| 0 \| 0 \| \*\*1 REMOVED\*\* \| 2 \|/);
    const since = sandbox.requests.length;
    const refused = await cli(['apply']);
    assert.equal(refused.code, 5);
    assert.match(refused.stderr, /Not applied: confirm with --yes/);
    assert.deepEqual(posts(sandbox, since), []);
  });

  it('apply --yes posts exactly the 3 changed apps, each body the file as written; plan is back to 0', async () => {
    const since = sandbox.requests.length;
    const r = await cli(['apply', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Applied: 3 succeeded, 0 failed, 0 not tried/);
    const sent = posts(sandbox, since);
    assert.equal(sent.length, 3);
    for (const post of sent) {
      const appId = /mobileApps\/([^/]+)\/assign/.exec(post.path)![1];
      assert.deepEqual(post.body, readDoc(fileOf(appId)), `the body posted to ${appId} is its file as written`);
    }
    const again = await cli(['plan', '--format', 'json', '--detailed-exitcode']);
    assert.equal(again.code, 0, again.stdout);
    const plan = JSON.parse(again.stdout) as { apps: Record<string, unknown>[]; changedApps: number };
    assert.deepEqual(Object.keys(plan).sort(), ['apps', 'changedApps']);
    assert.deepEqual(Object.keys(plan.apps[0]).sort(), ['added', 'appId', 'changed', 'displayName', 'file', 'removed', 'unchanged']);
    assert.equal(plan.changedApps, 0);
  });
});

describe('the workspace commands on a small tenant: --only, refusals, exit codes, who-targets, copy', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let cwd: string;
  const outputs: Run[] = [];

  before(async () => {
    sandbox = await startSandbox({ seed: SMALL, maxRecordedRequests: 10_000 });
    cwd = folder({});
    const r = await run(cwd, ['pull', '--all', '--out', 'ws', ...auth(sandbox.tenantId)], { ...env, INTUNE_ASSIGN_SANDBOX_URL: sandbox.url });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await sandbox.close();
    remove(cwd);
  });
  const cli = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const r = await run(join(cwd, 'ws'), [...args, ...auth(sandbox.tenantId)], { ...env, INTUNE_ASSIGN_SANDBOX_URL: sandbox.url, ...extraEnv });
    outputs.push(r);
    return r;
  };
  const config = () => JSON.parse(readFileSync(join(cwd, 'ws', 'intune-assign.config.json'), 'utf8')) as { apps: Record<string, string> };
  const fileOf = (appId: string) => Object.entries(config().apps).find(([, id]) => id === appId)![0];
  const readDoc = (file: string) => JSON.parse(readFileSync(join(cwd, 'ws', file), 'utf8')) as Doc;
  const writeDoc = (file: string, doc: Doc) => writeFileSync(join(cwd, 'ws', file), `${JSON.stringify(doc, null, 2)}\n`);

  it('a pulled workspace plans 0 changes: --detailed-exitcode 0', async () => {
    const text = await cli(['plan', '--detailed-exitcode']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`No changes: ${SMALL.apps.filter((a) => a.assignments.length).length} app\\(s\\) in sync`));
  });

  it('apply --only sends only the files named; an app that fails does not stop the others (exit 4)', async () => {
    const portal = DEFAULT_SEED.apps.find((a) => a.requiresApproval)!;
    // Company Portal (Multi Admin Approval) bound too: it fails without a justification.
    const text = readFileSync(join(cwd, 'ws', 'intune-assign.config.json'), 'utf8');
    writeFileSync(join(cwd, 'ws', 'intune-assign.config.json'), text.replace('"apps": {', `"apps": {\n    "portal.assign.json": "${portal.id}",`));
    writeDoc('portal.assign.json', { mobileAppAssignments: [{ intent: 'available', target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' } }] });
    const seven = readDoc(fileOf(SEVEN_ZIP.id));
    writeDoc(fileOf(SEVEN_ZIP.id), { mobileAppAssignments: seven.mobileAppAssignments.slice(0, 1) });
    const since = sandbox.requests.length;
    const r = await cli(['apply', '--yes', '--only', 'portal.assign.json', '--only', '7-zip.assign.json']);
    writeDoc(fileOf(SEVEN_ZIP.id), seven);
    sandbox.reset();
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stdout, /FAILED {12}portal\.assign\.json -> "Company Portal": A Multi Admin Approval policy protects this app/);
    assert.match(r.stdout, /succeeded {9}7-zip\.assign\.json -> "7-Zip"/);
    assert.match(r.stdout, /Applied: 1 succeeded, 1 failed, 0 not tried/);
    assert.equal(posts(sandbox, since).length, 2);
    const unbound = await cli(['apply', '--yes', '--only', 'nope.assign.json']);
    assert.equal(unbound.code, 2);
    assert.match(unbound.stderr, /--only nope\.assign\.json: it is not bound/);
    writeFileSync(join(cwd, 'ws', 'intune-assign.config.json'), text);
  });

  it('refuses before signing in: a file with errors, a binding to a missing file, a second binding of an app (exit 1, no request)', async () => {
    const text = readFileSync(join(cwd, 'ws', 'intune-assign.config.json'), 'utf8');
    const original = readFileSync(join(cwd, 'ws', fileOf(SEVEN_ZIP.id)), 'utf8');
    writeFileSync(join(cwd, 'ws', 'twice.assign.json'), original);
    try {
      writeFileSync(join(cwd, 'ws', fileOf(SEVEN_ZIP.id)), original.replace('"required"', '"Installed"'));
      const since = sandbox.requests.length;
      const invalid = await cli(['apply', '--yes']);
      assert.equal(invalid.code, 1);
      assert.match(invalid.stderr, /1 bound file\(s\) cannot be sent as they are; nothing was sent:\n {2}7-zip\.assign\.json: 1 error\(s\)/);
      writeFileSync(join(cwd, 'ws', fileOf(SEVEN_ZIP.id)), original);
      writeFileSync(join(cwd, 'ws', 'intune-assign.config.json'), text.replace('"apps": {', `"apps": {\n    "gone.assign.json": "00000000-0000-4000-8000-00000000dead",\n    "twice.assign.json": "${SEVEN_ZIP.id}",`));
      const bindings = await cli(['plan']);
      assert.equal(bindings.code, 1);
      assert.match(bindings.stderr, /intune-assign\.config\.json:4:5: "gone\.assign\.json" is bound to app .* but does not exist/);
      assert.match(bindings.stderr, /intune-assign\.config\.json:6:5: "7-zip\.assign\.json" and "twice\.assign\.json" are both bound to app/);
      assert.deepEqual(graphRequests(sandbox, since), [], 'not one request');
    } finally {
      writeFileSync(join(cwd, 'ws', 'intune-assign.config.json'), text);
      writeFileSync(join(cwd, 'ws', fileOf(SEVEN_ZIP.id)), original);
    }
  });

  it('exit codes: 2 usage, 3 sign-in, 4 Graph (a bound app deleted is 1: the binding names no app)', async () => {
    assert.equal((await cli(['plan', '--format', 'xml'])).code, 2);
    assert.equal((await cli(['plan'], { SANDBOX_SECRET: 'wrong' })).code, 3);
    // The reporting client may read, not write: Graph refuses the copy, exit 4, nothing changes.
    const refused = await run(join(cwd, 'ws'), ['copy', '--from', SEVEN_ZIP.id, '--to', NEW_WIN32.id, '--yes', ...auth(sandbox.tenantId), '--client-id', SANDBOX_READONLY_CLIENT], { ...env, INTUNE_ASSIGN_SANDBOX_URL: sandbox.url });
    assert.equal(refused.code, 4, refused.stderr);
    assert.match(refused.stderr, /Graph answered 403/);
    const gone = DEFAULT_SEED.apps[1];
    sandbox.state.apps.splice(sandbox.state.apps.findIndex((a) => a.id === gone.id), 1);
    const deleted = await cli(['plan']);
    assert.equal(deleted.code, 1);
    assert.match(deleted.stdout, new RegExp(`! ${fileOf(gone.id).replace(/[.]/g, '\\.')}: ERROR: App ${gone.id} does not exist in tenant`));
    sandbox.reset();
  });

  it('who-targets lists every app and intent including or excluding a group, by name or id', async () => {
    const byName = await cli(['who-targets', 'Kiosk Devices', '--format', 'json']);
    assert.equal(byName.code, 0, byName.stderr);
    const found = JSON.parse(byName.stdout) as { appId: string; displayName: string; intent: string; target: string }[];
    const expected = sandbox.state.apps.flatMap((app) =>
      app.assignments.filter((a) => (a.target as { groupId?: string }).groupId === KIOSK.id).map((a) => `${app.id} ${String(a.intent)} ${String((a.target as Record<string, string>)['@odata.type']).includes('exclusion') ? 'exclude' : 'include'}`),
    );
    assert.deepEqual(found.map((f) => `${f.appId} ${f.intent} ${f.target}`).sort(), expected.sort());
    assert.ok(found.some((f) => f.appId === SEVEN_ZIP.id && f.target === 'exclude'));
    assert.deepEqual(Object.keys(found[0]).sort(), ['appId', 'displayName', 'intent', 'target']);
    const byId = await cli(['who-targets', KIOSK.id]);
    assert.match(byId.stdout, new RegExp(`"Kiosk Devices" \\(${KIOSK.id}\\) is targeted by ${found.length} assignment\\(s\\)`));
    const unknown = await cli(['who-targets', 'No Such Group']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No group is called "No Such Group"/);
  });

  it('copy sends the assignments of one app to another of its type, and refuses settings that do not fit', async () => {
    const since = sandbox.requests.length;
    const unfit = await cli(['copy', '--from', SEVEN_ZIP.id, '--to', INTRANET.id, '--yes']);
    assert.equal(unfit.code, 1, unfit.stderr);
    assert.match(unfit.stderr, /settings-app-type/);
    assert.deepEqual(posts(sandbox, since), []);
    const copied = await cli(['copy', '--from', SEVEN_ZIP.id, '--to', NEW_WIN32.id, '--yes']);
    assert.equal(copied.code, 0, copied.stderr);
    const source = sandbox.state.apps.find((a) => a.id === SEVEN_ZIP.id)!;
    const sent = posts(sandbox, since);
    assert.equal(sent.length, 1);
    assert.equal((sent[0].body as Doc).mobileAppAssignments.length, source.assignments.length);
    assert.ok((sent[0].body as Doc).mobileAppAssignments.every((a) => !('id' in a) && !('source' in a)), 'computed fields left out');
    assert.equal(sandbox.state.apps.find((a) => a.id === NEW_WIN32.id)!.assignments.length, source.assignments.length);
  });

  it('never prints a token or the secret', () => {
    for (const r of outputs) {
      const all = `${r.stdout}\n${r.stderr}`;
      assert.ok(!all.includes(SANDBOX_DEMO_SECRET));
      assert.ok(!/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./.test(all));
    }
  });
});

describe('promotion to a second tenant by name', function () {
  this.timeout(60_000);
  let test: Sandbox;
  let production: Sandbox;
  let cwd: string;
  before(async () => {
    [test, production] = await Promise.all([startSandbox({ maxRecordedRequests: 10_000 }), startSandbox({ seed: secondTenant(), maxRecordedRequests: 10_000 })]);
    cwd = folder({});
  });
  after(async () => {
    await Promise.all([test.close(), production.close()]);
    remove(cwd);
  });
  const cli = (at: Sandbox, args: string[], dir = join(cwd, 'ws')) =>
    run(dir, [...args, '--cloud', 'sandbox', '--tenant', at.tenantId, '--client-id', SANDBOX_SECRET_CLIENT, '--client-secret-env', 'SANDBOX_SECRET'], { SANDBOX_SECRET: SANDBOX_DEMO_SECRET, INTUNE_ASSIGN_TOKEN_CACHE: 'none', INTUNE_ASSIGN_SANDBOX_URL: at.url });
  const prodId = (seedId: string, kind: 'apps' | 'groups' | 'filters') => {
    const index = DEFAULT_SEED[kind].findIndex((x) => x.id === seedId);
    return secondTenant()[kind][index].id;
  };

  it('applies a workspace pulled from one tenant to another with the same names, showing the mapping, and plans 0 after', async () => {
    assert.equal((await cli(test, ['pull', '--all', '--out', 'ws'], cwd)).code, 0);
    // Microsoft Authenticator still names a group deleted in the test tenant: it has no name to map by.
    const deleted = await cli(production, ['apply', '--map-by-name', '--yes']);
    assert.equal(deleted.code, 1);
    assert.match(deleted.stderr, new RegExp(`Group ${DELETED_GROUP} has no recorded name`));
    const authenticator = join(cwd, 'ws', 'microsoft-authenticator.assign.json');
    const doc = JSON.parse(readFileSync(authenticator, 'utf8')) as Doc;
    doc.mobileAppAssignments = doc.mobileAppAssignments.filter((a) => (a.target as { groupId?: string }).groupId !== DELETED_GROUP);
    writeFileSync(authenticator, `${JSON.stringify(doc, null, 2)}\n`);
    const plain = await cli(production, ['plan']);
    assert.equal(plain.code, 1);
    assert.match(plain.stderr, new RegExp(`read from tenant ${test.tenantId}, and you are signed in to ${production.tenantId}.*--map-by-name`));
    const r = await cli(production, ['apply', '--map-by-name', '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`Mapping by name from tenant ${test.tenantId} to ${production.tenantId}:`));
    assert.match(r.stdout, new RegExp(`group "Kiosk Devices": ${DEFAULT_SEED.groups.find((g) => g.displayName === 'Kiosk Devices')!.id} -> ${prodId(DEFAULT_SEED.groups.find((g) => g.displayName === 'Kiosk Devices')!.id, 'groups')}`));
    const sevenZip = production.state.apps.find((a) => a.id === prodId(DEFAULT_SEED.apps[0].id, 'apps'))!;
    const sent = production.requests.filter((q) => q.path.endsWith(`/mobileApps/${sevenZip.id}/assign`));
    assert.equal(sent.length, 1);
    // The file as written, with the group and filter ids mapped: the only rewrite.
    const file = JSON.parse(readFileSync(join(cwd, 'ws', '7-zip.assign.json'), 'utf8')) as Doc;
    const expected = JSON.parse(JSON.stringify(file).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      for (const kind of ['groups', 'filters'] as const) if (DEFAULT_SEED[kind].some((x) => x.id === id)) return prodId(id, kind);
      return id;
    })) as Doc;
    assert.deepEqual(sent[0].body, expected);
    assert.equal(sevenZip.assignments.length, 3);
    const again = await cli(production, ['plan', '--map-by-name', '--detailed-exitcode']);
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });

  it('a renamed group stops it, naming the group; nothing is sent', async () => {
    production.state.groups.find((g) => g.displayName === 'Kiosk Devices')!.displayName = 'Kiosks (renamed)';
    const since = production.requests.length;
    const r = await cli(production, ['apply', '--map-by-name', '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Promotion by name is refused: 1 id\(s\) cannot be mapped/);
    assert.match(r.stderr, new RegExp(`Group "Kiosk Devices" \\(${DEFAULT_SEED.groups.find((g) => g.displayName === 'Kiosk Devices')!.id}\\) has no group of that name in tenant ${production.tenantId}`));
    assert.ok(production.requests.slice(since).every((q) => !q.path.endsWith('/assign')));
  });
});
