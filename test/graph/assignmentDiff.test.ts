// The change a send makes, on many shapes: assignments paired by target, intent/filter/settings changes,
// removals, the same group with two intents, merge that keeps what the document does not name, and the
// normalized form pull writes.
import * as assert from 'node:assert/strict';
import { diffAssignments, mergeAssignments, normalizeAssignment, projectForDisplay, targetLabel } from '../../graph/src/assignmentDiff';
import { assignmentJson } from '../../sandbox/src/graph/assignments';
import { toDocument } from '../../graph/src/send';
import { validate } from '../core/helpers';

const G1 = '4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10';
const G2 = '9f1b3c5d-2e4a-4b6c-8d0e-1f2a3b4c5d6e';
const F1 = 'e8b1a2c3-d4e5-4f60-8172-93a4b5c6d7e8';
const NS = '#microsoft.graph.';
const group = (id: string, extra: Record<string, unknown> = {}) => ({ '@odata.type': `${NS}groupAssignmentTarget`, groupId: id, ...extra });
const a = (intent: string, target: unknown, settings: unknown = null, extra: Record<string, unknown> = {}) => ({ intent, target, settings, ...extra });
const summary = (d: ReturnType<typeof diffAssignments>) => d.changes.map((c) => `${c.kind} ${c.label}${c.details.length ? ` [${c.details.join('; ')}]` : ''}`);

describe('assignment diff', () => {
  it('pairs assignments by target and reports added, removed, changed and unchanged', () => {
    const current = [a('required', group(G1)), a('available', { '@odata.type': `${NS}allLicensedUsersAssignmentTarget` }), a('uninstall', group(G2))];
    const desired = [a('available', group(G1)), a('available', { '@odata.type': 'microsoft.graph.allLicensedUsersAssignmentTarget' }), a('required', { '@odata.type': `${NS}allDevicesAssignmentTarget` })];
    const diff = diffAssignments(current, desired);
    assert.deepEqual(summary(diff), [
      `changed available · group ${G1} [intent: required -> available]`,
      'unchanged available · all licensed users',
      'added required · all devices',
      `removed uninstall · group ${G2}`,
    ]);
    assert.deepEqual([diff.added, diff.changed, diff.removed, diff.unchanged], [1, 1, 1, 1]);
  });

  it('treats what Graph returns and what people write as the same assignment', () => {
    const fromGraph = { '@odata.type': `${NS}mobileAppAssignment`, id: `${G1}_0_0`, source: 'direct', sourceId: null, intent: 'required', target: group(G1, { deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' }), settings: null };
    const written = { intent: 'required', target: { groupId: G1.toUpperCase(), '@odata.type': 'microsoft.graph.groupAssignmentTarget' } };
    assert.deepEqual(summary(diffAssignments([fromGraph], [written])), [`unchanged required · group ${G1.toUpperCase()}`]);
  });

  it('reports filter and settings changes property by property', () => {
    const settings = (notifications: string, grace: number) => ({ '@odata.type': `${NS}win32LobAppAssignmentSettings`, notifications, deliveryOptimizationPriority: 'notConfigured', restartSettings: { gracePeriodInMinutes: grace, countdownDisplayBeforeRestartInMinutes: 15 } });
    const diff = diffAssignments([a('required', group(G1), settings('showAll', 1440))], [a('required', group(G1, { deviceAndAppManagementAssignmentFilterId: F1, deviceAndAppManagementAssignmentFilterType: 'include' }), settings('hideAll', 60))]);
    assert.deepEqual(diff.changes[0].details, [`filter: none -> include ${F1}`, 'settings.notifications: "showAll" -> "hideAll"', 'settings.restartSettings.gracePeriodInMinutes: 1440 -> 60']);
  });

  it('keeps two intents for one group apart', () => {
    const current = [a('required', group(G1)), a('uninstall', group(G1))];
    const diff = diffAssignments(current, [a('required', group(G1))]);
    assert.deepEqual(summary(diff), [`unchanged required · group ${G1}`, `removed uninstall · group ${G1}`]);
  });

  it('an empty document removes everything; an app with nothing gets everything added', () => {
    assert.deepEqual(summary(diffAssignments([a('required', group(G1))], [])), [`removed required · group ${G1}`]);
    assert.equal(diffAssignments([], [a('required', group(G1)), a('available', group(G2))]).added, 2);
    assert.deepEqual(diffAssignments([], []).changes, []);
  });

  it('merge adds and updates, and removes nothing', () => {
    const current = [a('required', group(G1)), a('uninstall', group(G2)), a('available', { '@odata.type': `${NS}allLicensedUsersAssignmentTarget` })];
    const incoming = [a('available', group(G2)), a('required', { '@odata.type': `${NS}allDevicesAssignmentTarget` })];
    const merged = mergeAssignments(current, incoming);
    assert.deepEqual(merged.map((m) => `${String(m.intent)} ${targetLabel(m)}`), [`required group ${G1}`, `available group ${G2}`, 'available all licensed users', 'required all devices']);
    const diff = diffAssignments(current, merged);
    assert.equal(diff.removed, 0);
    assert.deepEqual([diff.added, diff.changed, diff.unchanged], [1, 1, 2]);
  });

  it('normalizes in the metadata order, with # types, computed fields out unless kept', () => {
    const raw = { settings: { useDeviceContext: true, '@odata.type': 'microsoft.graph.windowsAppXAppAssignmentSettings' }, sourceId: null, target: { groupId: G1, '@odata.type': 'microsoft.graph.groupAssignmentTarget' }, intent: 'required', id: 'x', source: 'direct', custom: 1 };
    const n = normalizeAssignment(raw);
    assert.deepEqual(Object.keys(n), ['@odata.type', 'intent', 'target', 'settings', 'custom']);
    assert.deepEqual(n.target, { '@odata.type': `${NS}groupAssignmentTarget`, groupId: G1, deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' });
    assert.deepEqual(n.settings, { '@odata.type': `${NS}windowsAppXAppAssignmentSettings`, useDeviceContext: true });
    assert.deepEqual(Object.keys(normalizeAssignment(raw, 'beta', true)).slice(0, 5), ['@odata.type', 'id', 'source', 'sourceId', 'intent']);
    assert.deepEqual(Object.keys(normalizeAssignment(raw, 'v1.0').target as object), ['@odata.type', 'groupId']);
  });

  it('pulls documents that lint clean', () => {
    const fromGraph = [
      { '@odata.type': `${NS}mobileAppAssignment`, id: `${G1}_0_0`, intent: 'required', source: 'direct', sourceId: null, target: group(G1, { deviceAndAppManagementAssignmentFilterId: F1, deviceAndAppManagementAssignmentFilterType: 'include' }), settings: { '@odata.type': `${NS}win32LobAppAssignmentSettings`, notifications: 'showAll', deliveryOptimizationPriority: 'notConfigured', restartSettings: null, installTimeSettings: null, autoUpdateSettings: null } },
      { '@odata.type': `${NS}mobileAppAssignment`, id: 'acacacac_1_0', intent: 'available', source: 'direct', sourceId: null, target: { '@odata.type': `${NS}allLicensedUsersAssignmentTarget`, deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' }, settings: null },
    ];
    const text = toDocument(fromGraph, 'beta');
    assert.deepEqual(validate(text), []);
    assert.doesNotMatch(text, /"source"|"sourceId"|"id"/);
    assert.deepEqual(validate(toDocument(fromGraph, 'beta', true)).map((f) => f.rule), ['read-only-property', 'read-only-property', 'read-only-property', 'read-only-property']);
  });

  it('a property the document leaves out compares equal to what Graph stores for it (the metadata\'s default)', () => {
    const written = a('required', group(G1), { '@odata.type': `${NS}win32LobAppAssignmentSettings`, notifications: 'showAll' });
    // What Graph (and the sandbox, modelled on it) returns for that body: every property spelled out.
    const fromGraph = assignmentJson(written, 0, 'beta');
    assert.equal((fromGraph.settings as Record<string, unknown>).deliveryOptimizationPriority, 'notConfigured');
    assert.deepEqual(summary(diffAssignments([fromGraph], [written])), [`unchanged required · group ${G1}`]);
    // Nested objects too: a restart setting written with only the grace period.
    const nested = a('required', group(G1), { '@odata.type': `${NS}win32LobAppAssignmentSettings`, notifications: 'hideAll', restartSettings: { gracePeriodInMinutes: 60 } });
    const storedNested = { ...assignmentJson(nested, 0, 'beta'), settings: { ...(assignmentJson(nested, 0, 'beta').settings as object), restartSettings: { '@odata.type': 'microsoft.graph.win32LobAppRestartSettings', gracePeriodInMinutes: 60, countdownDisplayBeforeRestartInMinutes: 0, restartNotificationSnoozeDurationInMinutes: null } } };
    assert.equal(diffAssignments([storedNested], [nested]).unchanged, 1);
    // Setting a property to a value other than the default is still a change.
    const foreground = a('required', group(G1), { '@odata.type': `${NS}win32LobAppAssignmentSettings`, notifications: 'showAll', deliveryOptimizationPriority: 'foreground' });
    assert.deepEqual(diffAssignments([fromGraph], [foreground]).changes[0].details, ['settings.deliveryOptimizationPriority: "notConfigured" -> "foreground"']);
  });

  it('enum values that differ only in case compare equal, in keys and in values', () => {
    const current = [a('required', group(G1, { deviceAndAppManagementAssignmentFilterId: F1, deviceAndAppManagementAssignmentFilterType: 'include' })), a('uninstall', group(G1))];
    const desired = [a('Required', group(G1, { deviceAndAppManagementAssignmentFilterId: F1.toUpperCase(), deviceAndAppManagementAssignmentFilterType: 'Include' })), a('UNINSTALL', group(G1))];
    const diff = diffAssignments(current, desired);
    assert.deepEqual([diff.added, diff.changed, diff.removed, diff.unchanged], [0, 0, 0, 2]);
    // Type names in another case (as tools have sent them): the same type, its defaults filled in alike.
    const written = a('required', { '@odata.type': '#microsoft.graph.GroupAssignmentTarget', groupId: G1 }, { '@odata.type': '#microsoft.graph.Win32LobAppAssignmentSettings', notifications: 'ShowAll' });
    const stored = assignmentJson(a('required', group(G1), { '@odata.type': `${NS}win32LobAppAssignmentSettings`, notifications: 'showAll' }), 0, 'beta');
    assert.equal(diffAssignments([stored], [written]).unchanged, 1);
  });

  it('merge posts the app\'s assignments as Graph returned them, less computed fields, and the document\'s as written', () => {
    const returned = [
      { '@odata.type': `${NS}mobileAppAssignment`, id: `${G1}_0_0`, source: 'direct', sourceId: null, intent: 'required', target: group(G1, { deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' }), settings: null },
      { '@odata.type': `${NS}mobileAppAssignment`, id: `${G2}_1_0`, source: 'direct', sourceId: null, intent: 'available', target: group(G2, { deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' }), settings: null },
    ];
    const written = [{ target: { groupId: G2, '@odata.type': 'microsoft.graph.groupAssignmentTarget' }, intent: 'uninstall' }, { intent: 'required', target: { '@odata.type': `${NS}allDevicesAssignmentTarget` } }];
    const merged = mergeAssignments(returned, written);
    const kept = Object.fromEntries(Object.entries(returned[0]).filter(([key]) => !['id', 'source', 'sourceId'].includes(key)));
    assert.deepEqual(merged, [kept, written[0], written[1]]);
    assert.deepEqual(Object.keys(merged[1]), ['target', 'intent'], 'the document\'s key order, nothing added');
  });

  it('shows the app\'s side of the preview in the posted one\'s shape: what Graph fills in is left out unless it differs', () => {
    const written = a('required', group(G1), { '@odata.type': `${NS}win32LobAppAssignmentSettings`, notifications: 'showAll' });
    const fromGraph = { ...assignmentJson(written, 0, 'beta'), settings: { ...(assignmentJson(written, 0, 'beta').settings as object), deliveryOptimizationPriority: 'foreground' } };
    assert.deepEqual(projectForDisplay(fromGraph, written), { intent: 'required', target: group(G1), settings: { '@odata.type': `${NS}win32LobAppAssignmentSettings`, notifications: 'showAll', deliveryOptimizationPriority: 'foreground' } });
  });
});
