// Quick fixes change the document as they say, and "fix all" applies every preferred fix at once.
import * as assert from 'node:assert/strict';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { AssignDocument } from '../../core/src';
import { fixture, DEFAULT_OPTIONS, service, GROUP } from './helpers';

function actionsFor(text: string, needle: string, only?: string[]) {
  const f = fixture(text);
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const range = { start: f.textDocument.positionAt(offset), end: f.textDocument.positionAt(offset + needle.length) };
  return { f, actions: service.getCodeActions(f.textDocument, f.doc, range, DEFAULT_OPTIONS, only) };
}

function applyAction(text: string, action: CodeAction): string {
  const f = fixture(text);
  const edits = Object.values(action.edit!.changes!)[0] as TextEdit[];
  const offsets = edits.map((e) => ({ start: f.textDocument.offsetAt(e.range.start), end: f.textDocument.offsetAt(e.range.end), text: e.newText }));
  let result = text;
  for (const e of offsets.sort((a, b) => b.start - a.start)) result = result.slice(0, e.start) + e.text + result.slice(e.end);
  return result;
}

function fix(text: string, needle: string, title: RegExp): string {
  const { actions } = actionsFor(text, needle);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action, `no action ${title} among ${actions.map((a) => a.title).join(', ')}`);
  return applyAction(text, action);
}

const target = `{ "@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "${GROUP}" }`;
const doc = (assignment: string) => `{\n  "mobileAppAssignments": [\n    ${assignment}\n  ]\n}`;

describe('quick fixes', () => {
  it('adds the missing # (odata-type-prefix)', () => {
    const text = doc('{ "intent": "required", "target": { "@odata.type": "microsoft.graph.allDevicesAssignmentTarget" } }');
    assert.equal(fix(text, 'microsoft.graph.all', /Add '#'/), text.replace('"microsoft.graph.all', '"#microsoft.graph.all'));
  });

  it('corrects the case of an enum value (enum-casing)', () => {
    const text = doc(`{ "intent": "Required", "target": ${target} }`);
    assert.equal(fix(text, 'Required', /Change to "required"/), text.replace('Required', 'required'));
  });

  it('replaces an unknown type with the suggestion (odata-type-unknown)', () => {
    const text = doc(`{ "intent": "required", "target": { "@odata.type": "#microsoft.graph.groupAsignmentTarget", "groupId": "${GROUP}" } }`);
    assert.equal(fix(text, 'groupAsignment', /Change to #microsoft.graph.groupAssignmentTarget/), text.replace('groupAsignment', 'groupAssignment'));
  });

  it('writes a type name as Graph spells it, keeping the writer\'s # or its absence (odata-type-casing)', () => {
    const text = doc(`{ "intent": "required", "target": { "@odata.type": "#microsoft.graph.GroupAssignmentTarget", "groupId": "${GROUP}" } }`);
    assert.equal(fix(text, 'GroupAssignment', /Change to "#microsoft.graph.groupAssignmentTarget"/), text.replace('GroupAssignment', 'groupAssignment'));
    const bare = doc(`{ "intent": "required", "target": { "@odata.type": "Microsoft.Graph.GroupAssignmentTarget", "groupId": "${GROUP}" } }`);
    assert.equal(fix(bare, 'GroupAssignment', /Change to "microsoft.graph.groupAssignmentTarget"/), bare.replace('Microsoft.Graph.GroupAssignment', 'microsoft.graph.groupAssignment'));
  });

  it('sets the settings of an exclusion to null, or removes them (exclusion-settings)', () => {
    const exclusion = `{ "@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", "groupId": "${GROUP}" }`;
    const settings = '{ "@odata.type": "#microsoft.graph.win32LobAppAssignmentSettings", "notifications": "showAll", "deliveryOptimizationPriority": "notConfigured" }';
    const text = doc(`{ "intent": "required", "target": ${exclusion}, "settings": ${settings} }`);
    const { actions } = actionsFor(text, '"settings"', ['quickfix']);
    assert.deepEqual(actions.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`), ['Set "settings" to null (preferred)', 'Remove "settings"']);
    assert.equal(applyAction(text, actions[0]), doc(`{ "intent": "required", "target": ${exclusion}, "settings": null }`));
    assert.equal(applyAction(text, actions[1]), doc(`{ "intent": "required", "target": ${exclusion} }`));
  });

  it('removes a read-only property with its comma (read-only-property)', () => {
    const text = doc(`{ "intent": "required", "source": "direct", "target": ${target} }`);
    assert.equal(fix(text, '"source"', /Remove "source"/), doc(`{ "intent": "required", "target": ${target} }`));
    const last = doc(`{ "intent": "required", "target": ${target}, "sourceId": null }`);
    assert.equal(fix(last, '"sourceId"', /Remove "sourceId"/), doc(`{ "intent": "required", "target": ${target} }`));
  });

  it('offers the real values for unknownFutureValue (unknown-future-value)', () => {
    const settings = '{ "@odata.type": "#microsoft.graph.win32LobAppAssignmentSettings", "notifications": "showAll", "deliveryOptimizationPriority": "notConfigured", "autoUpdateSettings": { "autoUpdateSupersededAppsState": "unknownFutureValue" } }';
    const text = doc(`{ "intent": "available", "target": ${target}, "settings": ${settings} }`);
    const { actions } = actionsFor(text, 'unknownFutureValue');
    assert.deepEqual(actions.map((a) => a.title), ['Change to "notConfigured"', 'Change to "enabled"']);
    assert.equal(applyAction(text, actions[1]), text.replace('"unknownFutureValue"', '"enabled"'));
  });

  it('adds @odata.type to a target that lacks it, keeping the layout (odata-type-required)', () => {
    const text = doc(`{\n      "intent": "required",\n      "target": {\n        "groupId": "${GROUP}"\n      }\n    }`);
    const fixed = fix(text, '"target"', /groupAssignmentTarget/);
    assert.ok(fixed.includes(`"target": {\n        "@odata.type": "#microsoft.graph.groupAssignmentTarget",\n        "groupId"`), fixed);
    assert.deepEqual(service.validate(AssignDocument.parse(fixed), DEFAULT_OPTIONS), []);
  });

  it('attaches each action to its diagnostic, and offers nothing where nothing is wrong', () => {
    const text = doc(`{ "intent": "Required", "target": ${target} }`);
    const { actions } = actionsFor(text, 'Required');
    assert.equal(actions[0].diagnostics?.[0].code, 'enum-casing');
    assert.equal(actionsFor(text, '"intent"', ['quickfix']).actions.length, 0);
  });

  it('fixes every preferred problem in one pass, even fixes whose edits overlap', () => {
    // Removing "source" and then "sourceId" both take the comma between them; "Microsoft.Graph.GroupAssignmentTarget"
    // wants a '#' and Graph's spelling in the same string.
    const messy = doc(`{ "intent": "Required", "target": { "@odata.type": "Microsoft.Graph.GroupAssignmentTarget", "groupId": "${GROUP}" }, "source": "direct", "sourceId": null }`);
    const { actions } = actionsFor(messy, '{', ['source.fixAll']);
    assert.equal(actions.length, 1);
    const fixed = applyAction(messy, actions[0]);
    assert.equal(fixed, doc(`{ "intent": "required", "target": ${target} }`));
    assert.deepEqual(service.validate(AssignDocument.parse(fixed), DEFAULT_OPTIONS), []);
  });

  it('fixes every preferred problem at once with source.fixAll', () => {
    const text = doc(`{ "intent": "Required", "source": "direct", "target": { "@odata.type": "microsoft.graph.groupAssignmentTarget", "groupId": "${GROUP}" } }`);
    const { actions } = actionsFor(text, '{', ['source.fixAll']);
    assert.equal(actions.length, 1);
    assert.equal(applyAction(text, actions[0]), doc(`{ "intent": "required", "target": ${target} }`));
  });
});
