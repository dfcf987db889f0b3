// The core with tenant facts handed in: what a shell resolves (the ids a document names), completion of group
// and filter ids (the name shown, the id inserted, filters of the app's platform first), hover and inlay hints
// on ids, the tenant rules judged from each assignment's summary (so new facts cost no new walk, and a syntax
// error elsewhere does not hide them), and the linter's fast path stepping aside when facts are given.
import * as assert from 'node:assert/strict';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { AssignDocument, Linter, type TenantCompletion, type TenantFacts, type ValidationOptions } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { assignment, body, DEFAULT_OPTIONS, DELETED, describeFindings, FACTS, FILTER, fixture, GROUP, GROUP2, groupTarget, IOS_FILTER, NS, service, withCursor } from './helpers';
const FIELD_SALES = { id: '3b8e5f21-6c4d-4e7a-9f10-2a3b4c5d6e71', displayName: 'Field Sales - Devices', description: 'Laptops of the field sales team', kind: 'security', membership: 'dynamic', members: 'devices' } as const;
const WITH_TENANT: ValidationOptions = { ...DEFAULT_OPTIONS, tenant: FACTS };
const wrap = (assignment: string) => `{\n  "mobileAppAssignments": [\n    ${assignment}\n  ]\n}`;
const GROUP_TARGET = (id: string) => `{ "intent": "required", "target": { "@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": ${id} }, "settings": null }`;

function complete(textWithCursor: string, tenant: TenantCompletion | undefined, options: Partial<ValidationOptions> = {}) {
  const f = withCursor(textWithCursor);
  const list = service.doComplete(f.textDocument, f.doc, f.position, { ...DEFAULT_OPTIONS, ...options }, { snippets: true, tenant });
  const query = service.tenantQueryAt(f.textDocument, f.doc, f.position, { ...DEFAULT_OPTIONS, ...options });
  return { ...f, items: list.items, query };
}

function applied(f: { text: string; textDocument: { offsetAt(p: { line: number; character: number }): number } }, item: CompletionItem): string {
  const edit = item.textEdit as { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
  return f.text.slice(0, f.textDocument.offsetAt(edit.range.start)) + edit.newText + f.text.slice(f.textDocument.offsetAt(edit.range.end));
}

describe('tenant facts in the core', () => {
  it('names the group and filter ids a document uses, each once, lower-case, whatever else the document has wrong', () => {
    const text = body(
      assignment('required', { ...groupTarget(GROUP.toUpperCase()), deviceAndAppManagementAssignmentFilterId: FILTER, deviceAndAppManagementAssignmentFilterType: 'include' }),
      assignment('available', groupTarget(GROUP)),
      assignment('uninstall', groupTarget(DELETED, 'exclusionGroupAssignmentTarget')),
      assignment('required', { '@odata.type': `${NS}configurationManagerCollectionAssignmentTarget`, collectionId: 'ABC00012' }),
      assignment('required', { '@odata.type': `${NS}allDevicesAssignmentTarget`, deviceAndAppManagementAssignmentFilterId: IOS_FILTER }),
    );
    assert.deepEqual(service.tenantIds(AssignDocument.parse(text)), { groups: [GROUP, DELETED], filters: [FILTER, IOS_FILTER] });
    assert.deepEqual(service.tenantIds(AssignDocument.parse('{"mobileAppAssignments": [')), { groups: [], filters: [] });
  });

  it('asks for the text typed inside a group id, and only there', () => {
    assert.deepEqual(complete(wrap(GROUP_TARGET('"Fiel|"')), undefined).query, { kind: 'group', text: 'Fiel' });
    assert.deepEqual(complete(wrap(GROUP_TARGET('"|"')), undefined).query, { kind: 'group', text: '' });
    assert.deepEqual(complete(wrap(GROUP_TARGET('"Fie|')), undefined).query, { kind: 'group', text: 'Fie' });
    const filter = '{ "intent": "required", "target": { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget", "deviceAndAppManagementAssignmentFilterId": "ip|" } }';
    assert.deepEqual(complete(wrap(filter), undefined).query, { kind: 'filter', text: 'ip' });
    // A collection id is no group; a key is no value.
    assert.equal(complete(wrap('{ "intent": "required", "target": { "@odata.type": "#microsoft.graph.configurationManagerCollectionAssignmentTarget", "collectionId": "|" } }'), undefined).query, undefined);
    assert.equal(complete(wrap('{ "intent": "required", "target": { "@odata.type": "#microsoft.graph.groupAssignmentTarget", "|" } }'), undefined).query, undefined);
  });

  it('offers the groups it is given by name, with their kind, and inserts the id', () => {
    const f = complete(wrap(GROUP_TARGET('"Fiel|"')), { groups: [FIELD_SALES] });
    assert.deepEqual(f.items.map((i) => [i.label, i.labelDetails?.description]), [['Field Sales - Devices', 'Security group, dynamic device membership']]);
    assert.equal(applied(f, f.items[0]), wrap(GROUP_TARGET(`"${FIELD_SALES.id}"`)));
    assert.match((f.items[0].documentation as MarkupContent).value, /Laptops of the field sales team/);
    // Matched on a later word by the tenant's search: still shown to the client's own filtering.
    const later = complete(wrap(GROUP_TARGET('"Sales|"')), { groups: [FIELD_SALES] });
    assert.equal(later.items[0].filterText, '"SalesField Sales - Devices"');
    // Without tenant data, a group id has no completion (as before).
    assert.deepEqual(complete(wrap(GROUP_TARGET('"|"')), undefined).items, []);
  });

  it('offers the filters of the app\'s platform first, and says which do not fit', () => {
    const filters = [...FACTS.filters.values()].filter((f) => f !== null);
    const text = wrap(`{ "intent": "required", "target": { "@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "${GROUP}", "deviceAndAppManagementAssignmentFilterId": "|" }, "settings": { "@odata.type": "#microsoft.graph.iosLobAppAssignmentSettings" } }`);
    const { items } = complete(text, { filters });
    const sorted = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    assert.deepEqual(sorted.map((i) => [i.label, i.labelDetails?.description]), [
      ['iPads only', 'iOS/iPadOS'],
      ['Windows 11 corporate', 'Windows 10 and later: not for this iOS/iPadOS app'],
    ]);
  });

  it('hovers a group or filter id with what the tenant has, escaping names as text', () => {
    const hover = (id: string, facts: TenantFacts) => {
      const f = withCursor(wrap(GROUP_TARGET(`"${id.slice(0, 4)}|${id.slice(4)}"`)));
      const h = service.doHover(f.textDocument, f.doc, f.position, { ...DEFAULT_OPTIONS, tenant: facts });
      return h ? (h.contents as MarkupContent).value : undefined;
    };
    const odd = { ...FIELD_SALES, displayName: 'Sales [click](https://evil.example)' };
    assert.match(hover(FIELD_SALES.id, { ...FACTS, groups: new Map([[FIELD_SALES.id, odd]]) })!, /^\*\*Sales \\\[click\\\]\\\(https:\/\/evil\\\.example\\\)\*\* · Security group, dynamic device membership/);
    assert.match(hover(DELETED, FACTS)!, /No such group\*\* in the signed-in tenant/);
    assert.equal(hover(GROUP2, FACTS), undefined);
    assert.match(hover(GROUP2, { ...FACTS, unavailable: 'permission' })!, /names unavailable \\\(permission\\\)/);
    assert.match(hover(GROUP, { ...FACTS, stale: true })!, /may be stale/);
  });

  it('shows each known id\'s name as an inlay hint after it, within the range asked', () => {
    const text = body(
      assignment('required', { ...groupTarget(GROUP), deviceAndAppManagementAssignmentFilterId: IOS_FILTER, deviceAndAppManagementAssignmentFilterType: 'include' }),
      assignment('required', groupTarget(DELETED)),
      assignment('required', groupTarget(GROUP2)),
    );
    const f = fixture(text);
    const all = { start: { line: 0, character: 0 }, end: f.textDocument.positionAt(text.length) };
    const hints = service.getInlayHints(f.textDocument, f.doc, all, WITH_TENANT);
    assert.deepEqual(hints.map((h) => [h.label, text.slice(f.textDocument.offsetAt(h.position) - 5, f.textDocument.offsetAt(h.position))]), [
      ['All Employees', '7a10"'],
      ['iPads only', '02c2"'],
      ['no such group', '6e7f"'],
    ]);
    const firstLines = { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } };
    assert.deepEqual(service.getInlayHints(f.textDocument, f.doc, firstLines, WITH_TENANT).map((h) => h.label), ['All Employees']);
    assert.deepEqual(service.getInlayHints(f.textDocument, f.doc, all, { ...DEFAULT_OPTIONS, tenant: { ...FACTS, stale: true } })[0].label, 'All Employees (stale)');
    assert.deepEqual(service.getInlayHints(f.textDocument, f.doc, all, DEFAULT_OPTIONS), []);
  });

  it('judges new facts without walking the assignments again, and beside a syntax error elsewhere', () => {
    const text = body(assignment('required', groupTarget(DELETED)), assignment('required', groupTarget(GROUP2)));
    const doc = AssignDocument.parse(text);
    assert.deepEqual(describeFindings(text, service.validate(doc, WITH_TENANT)), [`group-not-found error: "${DELETED}"`]);
    const more: TenantFacts = { ...FACTS, groups: new Map([...FACTS.groups, [GROUP2, null]]) };
    assert.deepEqual(describeFindings(text, service.validate(doc, { ...DEFAULT_OPTIONS, tenant: more })), [`group-not-found error: "${DELETED}"`, `group-not-found error: "${GROUP2}"`]);
    assert.deepEqual(service.validate(doc, DEFAULT_OPTIONS), []);
    const broken = text.replace('},\n    {', '}\n    {');
    assert.deepEqual(describeFindings(broken, service.validate(AssignDocument.parse(broken), WITH_TENANT)).filter((f) => !f.startsWith('json-syntax')), [`group-not-found error: "${DELETED}"`]);
  });

  it('lints with facts as the editor validates: no fast path then', () => {
    const linter = new Linter(TYPES);
    const text = body(assignment('required', groupTarget(DELETED)));
    assert.equal(linter.lint(text, DEFAULT_OPTIONS).fast, true);
    const online = linter.lint(text, WITH_TENANT);
    assert.equal(online.fast, false);
    assert.deepEqual(online.findings, service.validate(AssignDocument.parse(text), WITH_TENANT));
  });
});
