// Every rule fires on a minimal bad document, with exactly the findings listed (no cascades), and every rule
// stays silent on the corpus of valid payloads (corpus.test.ts).
import * as assert from 'node:assert/strict';
import { RULES, type ValidationOptions } from '../../core/src';
import { assignment, body, DELETED, describeFindings, FACTS, FILTER, GONE_FILTER, GROUP, GROUP2, groupTarget, IOS_FILTER, NS, validate } from './helpers';

interface Case {
  name: string;
  text: string;
  options?: Partial<ValidationOptions>;
  /** `rule severity: text the finding points at`, in document order. */
  expect: string[];
}

const win32 = (extra: Record<string, unknown> = {}) => ({
  '@odata.type': `${NS}win32LobAppAssignmentSettings`,
  notifications: 'showAll',
  deliveryOptimizationPriority: 'notConfigured',
  ...extra,
});
const iosLob = (extra: Record<string, unknown>) => ({ '@odata.type': `${NS}iosLobAppAssignmentSettings`, ...extra });
const filtered = (id: unknown, type?: unknown) => ({
  ...groupTarget(),
  ...(id !== undefined ? { deviceAndAppManagementAssignmentFilterId: id } : {}),
  ...(type !== undefined ? { deviceAndAppManagementAssignmentFilterType: type } : {}),
});

const tenant = { tenant: FACTS };

const CASES: Case[] = [
  // json-syntax
  { name: 'a comment', text: '{\n  // assignments\n  "mobileAppAssignments": []\n}', expect: ['json-syntax error: // assignments'] },
  { name: 'a trailing comma', text: '{"mobileAppAssignments": [],}', expect: ['json-syntax error: ,'] },
  { name: 'single quotes', text: "{'mobileAppAssignments': []}", expect: ["json-syntax error: 'mobileAppAssignments'"] },
  { name: 'an unterminated string', text: '{"mobileAppAssignments": [{"intent": "requ\n}]}', expect: ['json-syntax error: "requ'] },
  // schema
  { name: 'a root that is not an object', text: '[]', expect: ['schema error: []'] },
  { name: 'a missing mobileAppAssignments', text: '{}', expect: ['schema error: {'] },
  { name: 'an extra top-level property', text: '{"mobileAppAssignments": [], "appId": "x"}', expect: ['empty-assignments warning: []', 'schema error: "appId"'] },
  { name: 'a GET response body', text: JSON.stringify({ value: [assignment('required')] }), expect: ['schema error: "value"'] },
  { name: 'mobileAppAssignments not an array', text: '{"mobileAppAssignments": {}}', expect: ['schema error: {}'] },
  { name: 'an assignment that is not an object', text: '{"mobileAppAssignments": ["required"]}', expect: ['schema error: "required"'] },
  { name: 'a missing intent', text: body({ target: groupTarget() }), expect: ['schema error: {'] },
  { name: 'a missing target', text: body({ intent: 'required' }), expect: ['schema error: {'] },
  { name: 'a null target', text: body({ intent: 'required', target: null }), expect: ['schema error: null'] },
  { name: 'an unknown property', text: body({ ...assignment('required'), intnet: 'x' }), expect: ['schema error: "intnet"'] },
  { name: 'an intent outside the enum', text: body(assignment('install')), expect: ['schema error: "install"'] },
  { name: 'a wrong JSON type', text: body(assignment('required', groupTarget(), iosLob({ isRemovable: 'false' }))), expect: ['schema error: "false"'] },
  { name: 'null where not nullable', text: body(assignment('required', groupTarget(), win32({ notifications: null }))), expect: ['schema error: null'] },
  { name: 'a repeated property', text: '{"mobileAppAssignments": [{"intent": "required", "intent": "required", "target": {"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}]}', expect: ['schema error: "intent"'] },
  { name: 'a number out of Int32 range', text: body(assignment('required', groupTarget(), win32({ restartSettings: { gracePeriodInMinutes: 4294967296, countdownDisplayBeforeRestartInMinutes: 5 } }))), expect: ['schema error: 4294967296'] },
  // odata-type-*
  { name: 'a target without @odata.type', text: body(assignment('required', { groupId: GROUP })), expect: ['odata-type-required error: "target"'] },
  { name: 'settings without @odata.type', text: body(assignment('required', groupTarget(), { useDeviceContext: true })), expect: ['odata-type-required error: "settings"'] },
  { name: 'an abstract target type', text: body(assignment('required', { '@odata.type': `${NS}deviceAndAppManagementAssignmentTarget` })), expect: [`odata-type-abstract error: "${NS}deviceAndAppManagementAssignmentTarget"`] },
  { name: 'abstract settings as in the docs example', text: body(assignment('required', groupTarget(), { '@odata.type': 'microsoft.graph.mobileAppAssignmentSettings' })), expect: ['odata-type-abstract error: "microsoft.graph.mobileAppAssignmentSettings"'] },
  { name: 'an unknown type', text: body(assignment('required', { '@odata.type': `${NS}groupAsignmentTarget`, groupId: GROUP })), expect: [`odata-type-unknown error: "${NS}groupAsignmentTarget"`] },
  { name: 'a type name in another case', text: body(assignment('required', groupTarget(), win32({ '@odata.type': `${NS}Win32LobAppAssignmentSettings` }))), expect: [`odata-type-casing warning: "${NS}Win32LobAppAssignmentSettings"`] },
  { name: 'a type name in another case, without #', text: body(assignment('required', { '@odata.type': 'Microsoft.Graph.AllDevicesAssignmentTarget' })), expect: ['odata-type-casing warning: "Microsoft.Graph.AllDevicesAssignmentTarget"', 'odata-type-prefix warning: "Microsoft.Graph.AllDevicesAssignmentTarget"'] },
  { name: 'an abstract type in another case', text: body(assignment('required', { '@odata.type': `${NS}DeviceAndAppManagementAssignmentTarget` })), expect: [`odata-type-abstract error: "${NS}DeviceAndAppManagementAssignmentTarget"`] },
  { name: 'a settings type as the target', text: body(assignment('required', { '@odata.type': `${NS}win32LobAppAssignmentSettings` })), expect: [`odata-type-slot error: "${NS}win32LobAppAssignmentSettings"`] },
  { name: 'a type without #', text: body(assignment('required', { '@odata.type': 'microsoft.graph.allDevicesAssignmentTarget' })), expect: ['odata-type-prefix warning: "microsoft.graph.allDevicesAssignmentTarget"'] },
  { name: 'a non-string @odata.type', text: body(assignment('required', { '@odata.type': 3 })), expect: ['schema error: 3'] },
  // enum-casing, unknown-future-value, read-only-property, beta-only
  { name: 'an intent in another case', text: body(assignment('Required')), expect: ['enum-casing warning: "Required"'] },
  { name: 'a filter type in another case', text: body(assignment('required', filtered(FILTER, 'Include'))), expect: ['enum-casing warning: "Include"'] },
  { name: 'unknownFutureValue', text: body(assignment('available', groupTarget(), win32({ autoUpdateSettings: { autoUpdateSupersededAppsState: 'unknownFutureValue' } }))), expect: ['unknown-future-value warning: "unknownFutureValue"'] },
  { name: 'source and sourceId', text: body({ ...assignment('required'), source: 'direct', sourceId: null }), expect: ['read-only-property warning: "source"', 'read-only-property warning: "sourceId"'] },
  { name: 'a beta-only settings type in v1.0', text: body(assignment('required', groupTarget(), { '@odata.type': `${NS}winGetAppAssignmentSettings`, notifications: 'showAll' })), options: { graphVersion: 'v1.0' }, expect: [`beta-only error: "${NS}winGetAppAssignmentSettings"`] },
  { name: 'a beta-only property in v1.0', text: body(assignment('required', filtered(null, 'none'))), options: { graphVersion: 'v1.0' }, expect: ['beta-only error: "deviceAndAppManagementAssignmentFilterId"', 'beta-only error: "deviceAndAppManagementAssignmentFilterType"'] },
  // whole-document rules
  { name: 'an empty list', text: body(), expect: ['empty-assignments warning: []'] },
  { name: 'the same group twice with the same intent', text: body(assignment('required'), assignment('required')), expect: [`duplicate-target warning: "${GROUP}"`] },
  { name: 'the same group twice with the same intent in another case', text: body(assignment('required'), assignment('Required')), expect: ['enum-casing warning: "Required"', `duplicate-target warning: "${GROUP}"`] },
  { name: 'the same excluded group twice with the same intent', text: body(assignment('uninstall', groupTarget(GROUP, 'exclusionGroupAssignmentTarget')), assignment('uninstall', groupTarget(GROUP, 'exclusionGroupAssignmentTarget'))), expect: [`duplicate-target warning: "${GROUP}"`] },
  { name: 'the same group twice with different intents', text: body(assignment('required'), assignment('available')), expect: [`duplicate-target warning: "${GROUP}"`] },
  { name: 'all devices twice', text: body(assignment('required', { '@odata.type': `${NS}allDevicesAssignmentTarget` }), assignment('uninstall', { '@odata.type': `${NS}allDevicesAssignmentTarget` })), expect: [`duplicate-target warning: "${NS}allDevicesAssignmentTarget"`] },
  { name: 'a group included and excluded', text: body(assignment('required'), assignment('required', groupTarget(GROUP, 'exclusionGroupAssignmentTarget'))), expect: [`include-exclude-conflict warning: "${GROUP}"`] },
  { name: 'a group included and excluded, the intents in different cases', text: body(assignment('Available'), assignment('available', groupTarget(GROUP, 'exclusionGroupAssignmentTarget'))), expect: ['enum-casing warning: "Available"', `include-exclude-conflict warning: "${GROUP}"`] },
  // assignment rules
  { name: 'available to all devices', text: body(assignment('available', { '@odata.type': `${NS}allDevicesAssignmentTarget` })), expect: [`available-device-target warning: "${NS}allDevicesAssignmentTarget"`] },
  { name: 'available without enrollment to all devices', text: body(assignment('availableWithoutEnrollment', { '@odata.type': `${NS}allDevicesAssignmentTarget` })), expect: [`available-without-enrollment-target warning: "${NS}allDevicesAssignmentTarget"`] },
  { name: 'available to all devices with settings of a store app', text: body(assignment('available', { '@odata.type': `${NS}allDevicesAssignmentTarget` }, iosLob({}))), expect: [`available-device-target warning: "${NS}allDevicesAssignmentTarget"`] },
  { name: 'isRemovable with intent available', text: body(assignment('available', groupTarget(), iosLob({ isRemovable: false }))), expect: ['is-removable-intent warning: "isRemovable"'] },
  { name: 'install settings with uninstall', text: body(assignment('uninstall', groupTarget(), iosLob({ preventManagedAppBackup: true, uninstallOnDeviceRemoval: false }))), expect: ['uninstall-settings warning: "preventManagedAppBackup"', 'uninstall-settings warning: "uninstallOnDeviceRemoval"'] },
  { name: 'settings on an exclusion', text: body(assignment('required', groupTarget(GROUP, 'exclusionGroupAssignmentTarget'), win32())), expect: ['exclusion-settings error: "settings"'] },
  { name: 'empty settings on an exclusion', text: body(assignment('uninstall', groupTarget(GROUP, 'exclusionGroupAssignmentTarget'), {})), expect: ['exclusion-settings error: "settings"', 'odata-type-required error: "settings"'] },
  { name: 'autoUpdateSettings with intent required', text: body(assignment('required', groupTarget(), win32({ autoUpdateSettings: { autoUpdateSupersededAppsState: 'enabled' } }))), expect: ['auto-update-intent warning: "autoUpdateSettings"'] },
  { name: 'a filter id with mode none', text: body(assignment('required', filtered(FILTER, 'none'))), expect: [`filter-consistency warning: "${FILTER}"`] },
  { name: 'a filter id without a mode', text: body(assignment('required', filtered(FILTER))), expect: [`filter-consistency warning: "${FILTER}"`] },
  { name: 'a filter mode without an id', text: body(assignment('required', filtered(null, 'include'))), expect: ['filter-consistency warning: "include"'] },
  { name: 'a group name where the id goes', text: body(assignment('required', groupTarget('Sales Team'))), expect: ['guid-format error: "Sales Team"'] },
  { name: 'a braced GUID', text: body(assignment('required', groupTarget(`{${GROUP}}`))), expect: [`guid-format error: "{${GROUP}}"`] },
  { name: 'a VPN configuration id that is not a GUID', text: body(assignment('required', groupTarget(), iosLob({ vpnConfigurationId: 'corp-vpn' }))), expect: ['guid-format error: "corp-vpn"'] },
  { name: 'a date-time without a zone', text: body(assignment('required', groupTarget(), win32({ installTimeSettings: { useLocalTime: true, deadlineDateTime: '2026-01-31T18:00:00' } }))), expect: ['date-time error: "2026-01-31T18:00:00"'] },
  { name: 'an impossible date', text: body(assignment('required', groupTarget(), win32({ installTimeSettings: { useLocalTime: true, startDateTime: '2026-02-30T00:00:00Z' } }))), expect: ['date-time error: "2026-02-30T00:00:00Z"'] },
  { name: 'a deadline before the start', text: body(assignment('required', groupTarget(), win32({ installTimeSettings: { useLocalTime: false, startDateTime: '2026-03-01T00:00:00Z', deadlineDateTime: '2026-02-01T00:00:00Z' } }))), expect: ['date-time warning: "2026-02-01T00:00:00Z"'] },
  { name: 'foreground in a national cloud', text: body(assignment('required', groupTarget(), win32({ deliveryOptimizationPriority: 'foreground' }))), options: { cloud: 'usgov' }, expect: ['national-cloud-unsupported warning: "foreground"'] },
  { name: 'settings of another app type', text: body(assignment('required', groupTarget(), iosLob({}))), options: { appType: '#microsoft.graph.win32LobApp' }, expect: [`settings-app-type warning: "${NS}iosLobAppAssignmentSettings"`] },
  { name: 'settings for an app that takes none', text: body(assignment('required', groupTarget(), win32())), options: { appType: 'webApp' }, expect: [`settings-app-type warning: "${NS}win32LobAppAssignmentSettings"`] },
  // group-not-found, filter-not-found, filter-platform-mismatch: only with tenant facts, only what they know
  { name: 'a deleted group', text: body(assignment('required', groupTarget(DELETED))), options: tenant, expect: [`group-not-found error: "${DELETED}"`] },
  { name: 'an excluded deleted group', text: body(assignment('required', groupTarget(DELETED.toUpperCase(), 'exclusionGroupAssignmentTarget'))), options: tenant, expect: [`group-not-found error: "${DELETED.toUpperCase()}"`] },
  { name: 'a group the facts do not know', text: body(assignment('required', groupTarget(GROUP2))), options: tenant, expect: [] },
  { name: 'a deleted group without tenant facts', text: body(assignment('required', groupTarget(DELETED))), expect: [] },
  { name: 'a filter the tenant has not', text: body(assignment('required', filtered(GONE_FILTER, 'include'), win32())), options: tenant, expect: [`filter-not-found error: "${GONE_FILTER}"`] },
  { name: 'an iOS filter on Win32 settings', text: body(assignment('required', filtered(IOS_FILTER, 'include'), win32())), options: tenant, expect: [`filter-platform-mismatch warning: "${IOS_FILTER}"`] },
  { name: 'an iOS filter for a Win32 app (no settings)', text: body(assignment('required', filtered(IOS_FILTER, 'exclude'))), options: { ...tenant, appType: '#microsoft.graph.win32LobApp' }, expect: [`filter-platform-mismatch warning: "${IOS_FILTER}"`] },
  { name: 'an iOS filter with iOS settings', text: body(assignment('required', filtered(IOS_FILTER, 'include'), iosLob({ isRemovable: true }))), options: tenant, expect: [] },
  { name: 'an iOS filter where the platform is not known', text: body(assignment('required', filtered(IOS_FILTER, 'include'))), options: tenant, expect: [] },
  { name: 'a known group and a Windows filter on Win32 settings', text: body(assignment('required', filtered(FILTER, 'include'), win32())), options: tenant, expect: [] },
];

/** Documents that look suspicious but are right: each must produce no finding at all. */
const SILENT: Case[] = [
  { name: 'foreground in the global cloud', text: body(assignment('required', groupTarget(), win32({ deliveryOptimizationPriority: 'foreground' }))), expect: [] },
  { name: 'isRemovable null with intent available', text: body(assignment('available', groupTarget(), iosLob({ isRemovable: null }))), expect: [] },
  { name: 'isRemovable with intent required', text: body(assignment('required', groupTarget(), iosLob({ isRemovable: true }))), expect: [] },
  { name: 'install settings null with uninstall', text: body(assignment('uninstall', groupTarget(), iosLob({ preventManagedAppBackup: null, uninstallOnDeviceRemoval: null }))), expect: [] },
  { name: 'available to all devices for a Win32 app', text: body(assignment('available', { '@odata.type': `${NS}allDevicesAssignmentTarget` }, win32())), options: { appType: '#microsoft.graph.win32LobApp' }, expect: [] },
  { name: 'available to all devices with Win32 settings and no app bound', text: body(assignment('available', { '@odata.type': `${NS}allDevicesAssignmentTarget` }, win32())), expect: [] },
  { name: 'available to all devices with Win32 catalog settings and no app bound', text: body(assignment('available', { '@odata.type': `${NS}allDevicesAssignmentTarget` }, win32({ '@odata.type': `${NS}win32CatalogAppAssignmentSettings` }))), expect: [] },
  { name: 'autoUpdateSettings with intent available', text: body(assignment('available', groupTarget(), win32({ autoUpdateSettings: { autoUpdateSupersededAppsState: 'enabled' } }))), expect: [] },
  { name: 'autoUpdateSettings null with intent required', text: body(assignment('required', groupTarget(), win32({ autoUpdateSettings: null }))), expect: [] },
  { name: 'an exclusion with settings null or absent', text: body(assignment('required', groupTarget(GROUP, 'exclusionGroupAssignmentTarget'), null), { intent: 'available', target: groupTarget(GROUP2, 'exclusionGroupAssignmentTarget') }), expect: [] },
  { name: 'a group included for one intent and excluded from another', text: body(assignment('required'), assignment('uninstall', { '@odata.type': `${NS}allLicensedUsersAssignmentTarget` }), assignment('uninstall', groupTarget(GROUP, 'exclusionGroupAssignmentTarget'))), expect: [] },
  { name: 'a group excluded from two intents', text: body(assignment('required', groupTarget(GROUP, 'exclusionGroupAssignmentTarget')), assignment('uninstall', groupTarget(GROUP, 'exclusionGroupAssignmentTarget'))), expect: [] },
  { name: 'nested settings that name their own type', text: body(assignment('required', groupTarget(), win32({ installTimeSettings: { '@odata.type': `${NS}mobileAppInstallTimeSettings`, useLocalTime: true, deadlineDateTime: '2026-03-15T18:00:00Z' }, restartSettings: { '@odata.type': `${NS}win32LobAppRestartSettings`, gracePeriodInMinutes: 60, countdownDisplayBeforeRestartInMinutes: 5 } }))), expect: [] },
  { name: 'different groups with the same intent', text: body(assignment('required'), assignment('required', groupTarget(GROUP2))), expect: [] },
  { name: 'a filter in include mode', text: body(assignment('required', filtered(FILTER, 'include'))), expect: [] },
  { name: 'no filter with mode none', text: body(assignment('required', filtered(null, 'none'))), expect: [] },
  { name: 'settings that fit the app type', text: body(assignment('required', groupTarget(), win32())), options: { appType: 'microsoft.graph.win32LobApp' }, expect: [] },
  { name: 'an app type the map does not know', text: body(assignment('required', groupTarget(), win32())), options: { appType: '#microsoft.graph.someFutureApp' }, expect: [] },
  { name: 'a start with an offset', text: body(assignment('required', groupTarget(), win32({ installTimeSettings: { useLocalTime: false, startDateTime: '2026-03-01T00:00:00.1234567+05:30' } }))), expect: [] },
  { name: 'a v1.0 payload in v1.0', text: body(assignment('required', groupTarget(), { '@odata.type': `${NS}iosVppAppAssignmentSettings`, useDeviceLicensing: true })), options: { graphVersion: 'v1.0' }, expect: [] },
];

describe('rules', () => {
  for (const c of [...CASES, ...SILENT]) {
    it(`${c.expect.length ? 'reports' : 'accepts'} ${c.name}`, () => {
      assert.deepEqual(describeFindings(c.text, validate(c.text, c.options)), c.expect);
    });
  }

  it('has a failing case for every rule', () => {
    const covered = new Set(CASES.flatMap((c) => c.expect.map((e) => e.split(' ')[0])));
    assert.deepEqual(RULES.map((r) => r.name).filter((name) => !covered.has(name)), []);
  });

  it('gives every rule a unique kebab-case name, a description and a rationale', () => {
    const names = RULES.map((r) => r.name);
    assert.equal(new Set(names).size, names.length);
    for (const rule of RULES) {
      assert.match(rule.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(rule.description.length > 10 && rule.rationale.length > 10, rule.name);
    }
  });

  it('applies configured levels: off silences, warn and error override', () => {
    const text = body(assignment('Required', groupTarget('Sales')));
    assert.deepEqual(describeFindings(text, validate(text, { rules: { 'enum-casing': 'error', 'guid-format': 'off' } })), [
      'enum-casing error: "Required"',
    ]);
    const warnings = body(assignment('required'), assignment('available'));
    assert.deepEqual(describeFindings(warnings, validate(warnings, { rules: { 'duplicate-target': 'error' } })), [
      `duplicate-target error: "${GROUP}"`,
    ]);
    const errors = body(assignment('required', groupTarget(GROUP, 'exclusionGroupAssignmentTarget'), win32()));
    assert.deepEqual(describeFindings(errors, validate(errors, { rules: { 'exclusion-settings': 'warn' } })), ['exclusion-settings warning: "settings"']);
  });

  it('says what to do in every message, in plain English', () => {
    for (const c of CASES) {
      for (const f of validate(c.text, c.options)) {
        assert.ok(f.message.length > 20 && /[.?)]$/.test(f.message), `${f.rule}: ${f.message}`);
        // What the writer wrote is quoted; the words around it must read right.
        const words = f.message.replace(/"[^"]*"|'[^']*'/g, 'X').replace(/\.\.\./g, '…');
        assert.doesNotMatch(words, /[.,;:!?]\s*[.,;:!?]/, `doubled punctuation in ${f.rule}: ${f.message}`);
        assert.doesNotMatch(words, /\ba [aeio]|\ban [^aeiouh\s]/i, `wrong article in ${f.rule}: ${f.message}`);
      }
    }
  });

  it('compares intents as Graph reads them, whatever their case', () => {
    const text = body(assignment('required'), assignment('REQUIRED'));
    const duplicate = validate(text).find((f) => f.rule === 'duplicate-target')!;
    assert.match(duplicate.message, /already targeted with intent "required"/);
  });

  it('names app types with the right article', () => {
    const messages = (appType: string) => validate(body(assignment('required', groupTarget(), win32())), { appType }).map((f) => f.message);
    assert.match(messages('#microsoft.graph.iosVppApp').join(), /the app, an iosVppApp\./);
    assert.match(messages('#microsoft.graph.officeSuiteApp').join(), /The app is an officeSuiteApp,/);
    assert.match(messages('#microsoft.graph.webApp').join(), /The app is a webApp,/);
  });
});
