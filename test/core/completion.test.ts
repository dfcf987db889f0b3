// Completion and hover at `|` cursor markers in inline documents.
import * as assert from 'node:assert/strict';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { DEFAULT_OPTIONS, service, withCursor } from './helpers';
import type { ValidationOptions } from '../../core/src';

function complete(textWithCursor: string, options: Partial<ValidationOptions> = {}, snippets = true) {
  const f = withCursor(textWithCursor);
  const list = service.doComplete(f.textDocument, f.doc, f.position, { ...DEFAULT_OPTIONS, ...options }, { snippets });
  return { ...f, items: list.items };
}

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

/** The document after applying a completion item's edit (snippet placeholders left as they are). */
function apply(f: { text: string; textDocument: { offsetAt(p: { line: number; character: number }): number } }, item: CompletionItem): string {
  const edit = item.textEdit as { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
  const start = f.textDocument.offsetAt(edit.range.start);
  const end = f.textDocument.offsetAt(edit.range.end);
  return f.text.slice(0, start) + edit.newText + f.text.slice(end);
}

function hover(textWithCursor: string, options: Partial<ValidationOptions> = {}): string | undefined {
  const f = withCursor(textWithCursor);
  const h = service.doHover(f.textDocument, f.doc, f.position, { ...DEFAULT_OPTIONS, ...options });
  return h ? (h.contents as MarkupContent).value : undefined;
}

const wrap = (assignment: string) => `{\n  "mobileAppAssignments": [\n    ${assignment}\n  ]\n}`;

describe('completion', () => {
  it('offers the four intents, with documentation', () => {
    const { items } = complete(wrap('{ "intent": "|", "target": { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" } }'));
    assert.deepEqual(labels(items), ['available', 'required', 'uninstall', 'availableWithoutEnrollment']);
    assert.match((items[1].documentation as MarkupContent).value, /Installed automatically/);
  });

  it('replaces the whole string being typed, quotes included', () => {
    const f = complete(wrap('{ "intent": "req|", "target": null }'));
    const required = f.items.find((i) => i.label === 'required')!;
    assert.equal(apply(f, required), wrap('{ "intent": "required", "target": null }'));
  });

  it('offers only the concrete target types in a target, always with #', () => {
    const { items } = complete(wrap('{ "intent": "required", "target": { "@odata.type": "|" } }'));
    assert.deepEqual(labels(items), [
      '#microsoft.graph.allDevicesAssignmentTarget',
      '#microsoft.graph.allLicensedUsersAssignmentTarget',
      '#microsoft.graph.configurationManagerCollectionAssignmentTarget',
      '#microsoft.graph.exclusionGroupAssignmentTarget',
      '#microsoft.graph.groupAssignmentTarget',
    ]);
  });

  it('offers the settings types of the Graph version in settings', () => {
    const text = wrap('{ "intent": "required", "target": null, "settings": { "@odata.type": "|" } }');
    const beta = labels(complete(text).items);
    const v1 = labels(complete(text, { graphVersion: 'v1.0' }).items);
    assert.equal(beta.length, 17);
    assert.equal(v1.length, 8);
    assert.ok(beta.includes('#microsoft.graph.winGetAppAssignmentSettings') && !v1.includes('#microsoft.graph.winGetAppAssignmentSettings'));
    assert.ok(beta.every((l) => l.startsWith('#microsoft.graph.') && l.endsWith('AssignmentSettings')));
  });

  it('offers the properties of the resolved type that are not there yet, with documentation', () => {
    const { items } = complete(wrap('{ "intent": "required", "target": { "@odata.type": "#microsoft.graph.groupAssignmentTarget", | } }'));
    assert.deepEqual(labels(items), ['deviceAndAppManagementAssignmentFilterId', 'deviceAndAppManagementAssignmentFilterType', 'groupId']);
    const groupId = items.find((i) => i.label === 'groupId')!;
    assert.match((groupId.documentation as MarkupContent).value, /Object id \(a GUID\)/);
  });

  it('offers the key under the cursor again, so it can be replaced', () => {
    const { items } = complete(wrap('{ "intent": "required", "target": { "@odata.type": "#microsoft.graph.groupAssignmentTarget", "grou|pId": "x" } }'));
    assert.ok(labels(items).includes('groupId'));
  });

  it('offers @odata.type first in an object whose type is abstract, and nothing it cannot know', () => {
    const { items } = complete(wrap('{ "intent": "required", "target": { | } }'));
    assert.deepEqual(labels(items), ['@odata.type']);
  });

  it('offers assignment properties, leaving out read-only and present ones', () => {
    const { items } = complete(wrap('{ "intent": "required", | }'));
    assert.deepEqual(labels(items).sort(), ['@odata.type', 'id', 'settings', 'target']);
  });

  it('adds a comma when another member follows', () => {
    const f = complete(wrap('{ "intent": "required", "t|"\n "settings": null }'));
    const target = f.items.find((i) => i.label === 'target')!;
    assert.match((target.textEdit as { newText: string }).newText, /^"target": \{\n {6}"@odata.type": "\$\{1\|#microsoft\.graph\.allDevicesAssignmentTarget,.*\|\}"\$0\n {4}\},$/);
  });

  it('offers enum values, booleans and null for settings properties', () => {
    const settings = '"settings": { "@odata.type": "#microsoft.graph.win32LobAppAssignmentSettings", "notifications": "|" }';
    assert.deepEqual(labels(complete(wrap(`{ "intent": "required", "target": null, ${settings} }`)).items), ['showAll', 'showReboot', 'hideAll']);
    const bool = '"settings": { "@odata.type": "#microsoft.graph.iosLobAppAssignmentSettings", "isRemovable": | }';
    assert.deepEqual(labels(complete(wrap(`{ "intent": "required", "target": null, ${bool} }`)).items), ['true', 'false', 'null']);
  });

  it('offers snippets of whole assignments inside the list', () => {
    const f = complete('{\n  "mobileAppAssignments": [\n    |\n  ]\n}');
    assert.ok(f.items.length >= 6);
    assert.ok(f.items.every((i) => i.kind === 15 /* Snippet */));
    assert.ok(labels(f.items).includes('Assignment: group with an assignment filter'));
    assert.ok(!labels(complete('{\n  "mobileAppAssignments": [\n    |\n  ]\n}', { graphVersion: 'v1.0' }).items).includes('Assignment: group with an assignment filter'));
  });

  it('separates a new assignment from the one before it with a comma', () => {
    const f = complete(wrap('{ "intent": "required", "target": null } |'));
    assert.match((f.items[0].textEdit as { newText: string }).newText, /^, \{/);
  });

  it('offers the whole body in an empty document, and mobileAppAssignments at the top', () => {
    assert.deepEqual(labels(complete('|').items), ['Assign body']);
    assert.deepEqual(labels(complete('{ "| }').items), ['mobileAppAssignments']);
  });

  it('gives plain text to clients without snippet support', () => {
    const { items } = complete(wrap('{ "intent": "required", "target": { | } }'), {}, false);
    assert.equal((items[0].textEdit as { newText: string }).newText, '"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"');
    assert.equal(items[0].insertTextFormat, 1);
  });

  it('snippet bodies expand to documents without findings', () => {
    const f = complete('{\n  "mobileAppAssignments": [\n    |\n  ]\n}');
    for (const item of f.items) {
      const expanded = apply(f, { ...item, textEdit: { ...(item.textEdit as object), newText: (item.textEdit as { newText: string }).newText } as never })
        .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
        .replace(/"groupId": "\$\d+"/g, '"groupId": "4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10"')
        .replace(/"deviceAndAppManagementAssignmentFilterId": "\$\d+"/g, '"deviceAndAppManagementAssignmentFilterId": "e8b1a2c3-d4e5-4f60-8172-93a4b5c6d7e8"')
        .replace(/\$\{\d+:([^}]*)\}/g, '$1');
      const findings = service.validate(withCursor(`${expanded}|`).doc, DEFAULT_OPTIONS);
      assert.deepEqual(findings.map((x) => x.message), [], item.label);
    }
  });
});

describe('hover', () => {
  it('explains a property with its type, nullability and Graph versions', () => {
    const text = hover(wrap('{ "intent": "required", "target": { "@odata.type": "#microsoft.graph.groupAssignmentTarget", "grou|pId": "x" } }'));
    assert.match(text!, /\*\*groupId\*\* · `string \(GUID\)` · nullable/);
    assert.match(text!, /Graph beta and v1.0/);
  });

  it('explains a type, where it goes and which versions have it', () => {
    const text = hover(wrap('{ "intent": "required", "target": null, "settings": { "@odata.type": "#microsoft.graph.winGet|AppAssignmentSettings" } }'));
    assert.match(text!, /#microsoft.graph.winGetAppAssignmentSettings\*\* · settings/);
    assert.match(text!, /Graph beta only/);
    assert.match(text!, /For apps of type `winGetApp`/);
  });

  it('explains an enum value and lists the allowed ones', () => {
    const text = hover(wrap('{ "intent": "avail|able", "target": null }'));
    assert.match(text!, /Offered in Company Portal/);
    assert.match(text!, /`available` \| `required` \| `uninstall` \| `availableWithoutEnrollment`/);
  });

  it('explains values and types written in another case, as Graph reads them', () => {
    assert.match(hover(wrap('{ "intent": "AvailableWithout|Enrollment", "target": null }'))!, /\*\*availableWithoutEnrollment\*\*/);
    const type = hover(wrap('{ "intent": "required", "target": null, "settings": { "@odata.type": "#microsoft.graph.Win32Lob|AppAssignmentSettings" } }'));
    assert.match(type!, /#microsoft.graph.win32LobAppAssignmentSettings\*\* · settings/);
  });

  it('says that the list replaces every assignment', () => {
    assert.match(hover('{ "mobileApp|Assignments": [] }')!, /replaces/);
  });

  it('says beta-only properties are beta only', () => {
    const text = hover(wrap('{ "intent": "required", "target": { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget", "deviceAndAppManagementAssignmentFilter|Type": "none" } }'));
    assert.match(text!, /Graph beta only/);
  });

  it('has nothing to say between tokens', () => {
    assert.equal(hover(wrap('{ "intent": "required",| "target": null }')), undefined);
  });
});

describe('completion layout', () => {
  function completeWith(textWithCursor: string, settings: { indent?: string; insertTextMode?: boolean }) {
    const f = withCursor(textWithCursor);
    return { ...f, items: service.doComplete(f.textDocument, f.doc, f.position, DEFAULT_OPTIONS, { snippets: true, ...settings }).items };
  }
  const newText = (item: CompletionItem) => (item.textEdit as { newText: string }).newText;
  const expand = (text: string) => text.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');

  it('inserts a nested object over lines, laid out as Format Document would, not on one line', () => {
    const f = completeWith('{\n  "mobileAppAssignments": [\n    {\n      "intent": "required",\n      "t|"\n    }\n  ]\n}', {});
    const target = f.items.find((i) => i.label === 'target')!;
    const inserted = apply(f, { ...target, textEdit: { ...(target.textEdit as object), newText: expand(newText(target)) } as never });
    const formatted = JSON.stringify(JSON.parse(inserted), null, 2);
    assert.equal(inserted, formatted);
    assert.ok(inserted.split('\n').every((line) => line.length <= 80), inserted);
  });

  it('follows the document\'s own indentation: four spaces, or tabs', () => {
    const four = completeWith('{\n    "mobileAppAssignments": [\n        {\n            "intent": "required",\n            "t|"\n        }\n    ]\n}', { indent: '  ' });
    assert.match(newText(four.items.find((i) => i.label === 'target')!), /^"target": \{\n {16}"@odata\.type": .*\n {12}\}$/);
    const tabs = completeWith('{\n\t"mobileAppAssignments": [\n\t\t|\n\t]\n}', { indent: '  ' });
    assert.match(newText(tabs.items[0]), /^\{\n\t\t\t"@odata\.type": "#microsoft\.graph\.mobileAppAssignment",\n\t\t\t"intent"/);
  });

  it('uses the editor\'s indentation in a new file, two spaces when the editor does not say, and the document\'s line ends', () => {
    assert.match(newText(completeWith('|', { indent: '   ' }).items[0]), /^\{\n {3}"mobileAppAssignments": \[\n {6}\{\n {9}"@odata/);
    assert.match(newText(completeWith('|', {}).items[0]), /^\{\n {2}"mobileAppAssignments": \[\n {4}\{\n {6}"@odata/);
    const crlf = completeWith('{\r\n  "mobileAppAssignments": [\r\n    |\r\n  ]\r\n}', {});
    assert.ok(newText(crlf.items[0]).includes('\r\n      "intent"'));
  });

  it('marks multi-line items to be inserted as they are when the client understands it, so they are not indented twice', () => {
    const text = '{\n  "mobileAppAssignments": [\n    |\n  ]\n}';
    assert.ok(completeWith(text, { insertTextMode: true }).items.every((i) => i.insertTextMode === 1));
    assert.ok(completeWith(text, {}).items.every((i) => i.insertTextMode === undefined));
    const intent = completeWith('{ "mobileAppAssignments": [{ "intent": "|" }] }', { insertTextMode: true }).items;
    assert.ok(intent.every((i) => i.insertTextMode === undefined), 'one-line items are left alone');
  });
});
