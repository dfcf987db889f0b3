// The demo tenant is what the brief asks of it and is valid under the product's own rules as under the
// sandbox's; parseSeed takes a seed file apart and names every problem with its path.
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { Linter } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { DEFAULT_SEED, parseSeed, SANDBOX_PUBLIC_CLIENT, SandboxSeed, SeedError } from '../../sandbox/src/seed';

const copy = (): SandboxSeed => structuredClone(DEFAULT_SEED);

function problems(seed: unknown): string[] {
  try {
    parseSeed(seed);
  } catch (error) {
    assert.ok(error instanceof SeedError, String(error));
    return error.problems;
  }
  return [];
}

describe('sandbox seed', () => {
  it('has what tests and demos need', () => {
    const types = new Set(DEFAULT_SEED.apps.map((a) => a['@odata.type'].replace('#microsoft.graph.', '')));
    for (const type of ['win32LobApp', 'iosVppApp', 'iosStoreApp', 'webApp', 'androidManagedStoreApp', 'winGetApp', 'windowsUniversalAppX']) assert.ok(types.has(type), type);
    const states = DEFAULT_SEED.apps.map((a) => a.publishingState);
    assert.ok(states.includes('processing') && states.includes('notPublished'));
    assert.ok(DEFAULT_SEED.apps.some((a) => a.requiresApproval));
    const win32 = DEFAULT_SEED.apps[0];
    assert.equal(win32['@odata.type'], '#microsoft.graph.win32LobApp');
    assert.equal(win32.assignments.length, 3);
    const targets = win32.assignments.map((a) => a.target as Record<string, unknown>);
    assert.ok(targets.some((t) => t['@odata.type'] === '#microsoft.graph.exclusionGroupAssignmentTarget'));
    assert.ok(targets.some((t) => t.deviceAndAppManagementAssignmentFilterType === 'include' && t.deviceAndAppManagementAssignmentFilterId));
    assert.ok(DEFAULT_SEED.apps.filter((a) => a.assignments.length > 0).length >= 5);
    assert.deepEqual(new Set(DEFAULT_SEED.groups.map((g) => g.kind)), new Set(['user', 'device']));
    const kinds = DEFAULT_SEED.clients.map((c) => c.kind);
    assert.deepEqual([...new Set(kinds)].sort(), ['certificate', 'federated', 'public', 'secret']);
    assert.ok(DEFAULT_SEED.clients.some((c) => c.clientId === SANDBOX_PUBLIC_CLIENT && c.kind === 'public'));
    assert.ok(DEFAULT_SEED.clients.some((c) => c.kind !== 'public' && c.permissions.includes('DeviceManagementApps.Read.All') && !c.permissions.includes('DeviceManagementApps.ReadWrite.All')));
    const certificate = new X509Certificate(DEFAULT_SEED.clients.find((c) => c.kind === 'certificate')!.certificate!);
    assert.ok(Date.parse(certificate.validTo) > Date.now() + 10 * 365 * 24 * 3600_000);
  });

  it('passes parseSeed and round-trips through JSON, as a seed file would', () => {
    assert.deepEqual(parseSeed(JSON.parse(JSON.stringify(DEFAULT_SEED))), DEFAULT_SEED);
  });

  it('holds assignments the validation core finds no error nor warning in, for each app\'s type', () => {
    const linter = new Linter(TYPES);
    for (const app of DEFAULT_SEED.apps) {
      if (!app.assignments.length) continue;
      const { findings } = linter.lint(JSON.stringify({ mobileAppAssignments: app.assignments }), { graphVersion: 'beta', cloud: 'global', appType: app['@odata.type'] });
      assert.deepEqual(findings.map((f) => `${f.rule}: ${f.message}`), [], app.displayName);
    }
  });

  it('names every problem of a broken seed with its path, in one go', () => {
    const seed = copy() as unknown as Record<string, any>;
    seed.tenant.id = 'contoso';
    seed.users[0].upn = 'no-at-sign';
    seed.clients[1].kind = 'magic';
    seed.clients[0].secret = 'public clients have none';
    seed.groups[1].id = seed.groups[0].id;
    seed.filters[0].rule = 42;
    seed.apps[2].publishingState = 'Published';
    seed.apps[3].colour = 'blue';
    delete seed.apps[4].displayName;
    const found = problems(seed);
    for (const expected of [
      /^tenant\.id: expected a GUID/,
      /^users\[0\]\.upn: expected name@domain/,
      /^clients\[1\]\.kind: expected "public", "secret", "certificate" or "federated"/,
      /^clients\[0\]\.secret: only a client of kind "secret" has one/,
      /^groups\[1\]\.id: .* is used twice/,
      /^filters\[0\]\.rule: expected a non-empty string/,
      /^apps\[2\]\.publishingState: expected "published", "processing" or "notPublished"/,
      /^apps\[3\]\.colour: unknown property/,
      /^apps\[4\]\.displayName: missing/,
    ]) {
      assert.ok(found.some((p) => expected.test(p)), `${expected} in:\n${found.join('\n')}`);
    }
    assert.throws(() => parseSeed(seed), (e: Error) => e instanceof SeedError && /the seed is not valid:\n {2}- tenant\.id/.test(e.message));
  });

  it('refuses seeded assignments that Graph would refuse, with the sandbox\'s own reason and the status Graph would answer', () => {
    const seed = copy();
    seed.apps[0].assignments[0] = { intent: 'available', target: { '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', groupId: seed.groups[0].id }, settings: { '@odata.type': '#microsoft.graph.win32LobAppAssignmentSettings', notifications: 'showAll' } };
    seed.apps[3].assignments[0] = { intent: 'updateOnly', target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } };
    const found = problems(seed);
    assert.ok(found.some((p) => /^apps\[0\]\.assignments: Exclusion assignment does not support MobileAppAssignment Settings\. \(Graph would answer 400\)$/.test(p)), found.join('\n'));
    assert.ok(found.some((p) => /^apps\[3\]\.assignments: the intent "updateOnly" is not one of .* \(Graph would answer 500\)$/.test(p)), found.join('\n'));
    // What Graph accepts, a seed may hold: an intent in another case.
    const accepted = copy();
    accepted.apps[0].assignments[0] = { intent: 'Required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: accepted.groups[0].id } };
    assert.deepEqual(problems(accepted), []);
  });

  it('refuses what is not a seed at all, and a seed without a public client', () => {
    assert.deepEqual(problems([]), ['seed: expected an object']);
    assert.ok(problems({}).includes('seed.tenant: missing'));
    const seed = copy();
    seed.clients = seed.clients.filter((c) => c.kind !== 'public');
    assert.ok(problems(seed).includes('clients: people need a public client to sign in with'));
    const cert = copy();
    cert.clients.find((c) => c.kind === 'certificate')!.certificate = 'not a pem';
    assert.ok(problems(cert).some((p) => /certificate: expected a PEM certificate/.test(p)));
  });
});
