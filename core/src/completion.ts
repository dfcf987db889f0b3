// Completion: property names with their documentation, @odata.type values valid where the cursor is (always
// with '#'), enum and boolean values, and snippets for whole assignments. Works on the one assignment around
// the cursor, so its cost does not grow with the document. What it inserts over several lines is laid out as
// Format Document would lay it out, indented from the cursor's line with the document's own indentation (else
// the editor's), and sent as is: LSP does not give completion the editor's formatting options, and an editor
// re-indenting a snippet with its own defaults gave new files 4 spaces where the examples use 2.
import { createScanner, getLocation, Location, Node, SyntaxKind } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionItem,
  CompletionItemKind,
  CompletionList,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  Position,
  Range,
} from 'vscode-languageserver-types';
import { ASSIGNMENTS_PROPERTY, AssignDocument } from './assignDocument';
import { isBlank } from './parse';
import { enumMemberMarkdown, propertyMarkdown, typeLabel, typeMarkdown } from './docs';
import { GraphTypes, localName } from './graphTypes';
import { assignmentFamily, isGroupTarget } from './tenant';
import { type TenantCompletion, tenantCompletionItems } from './tenantFeatures';
import { objectAtPath, ObjectAtPath, propertyAtPath, resolveObject } from './typeAtPath';
import type { PropertyInfo } from './typeMapFormat';
import { ASSIGNMENT_SNIPPETS, DOCUMENT_SNIPPET, renderSnippet } from './snippets';
import { FILTER_ID, GROUP_ID, membersOf, ODATA_TYPE } from './walker';

export interface CompletionSettings {
  /** The client can expand snippets (`${1|a,b|}` placeholders). */
  snippets: boolean;
  /** The editor's indentation unit, for documents that have none of their own yet; two spaces when unknown. */
  indent?: string;
  /** The client understands `insertTextMode`: multi-line items say `asIs`, so it does not indent them again. */
  insertTextMode?: boolean;
  /** The tenant's groups or filters for the id being typed (see tenantQueryAt), when the shell has them. */
  tenant?: TenantCompletion;
  /** The type of the app the document is for, when known: filters of its platform are offered first. */
  appType?: string;
}

/** How inserted lines are laid out. Snippet text is written with '\n' and a leading '\t' per level. */
interface Layout {
  /** The leading whitespace of the cursor's line: every inserted line after the first starts with it. */
  base: string;
  unit: string;
  eol: string;
  asIs: boolean;
}

/** Lays out text written with '\n' and leading tabs: each later line gets the base and a unit per tab. */
function laidOut(text: string, layout: Layout): string {
  if (!text.includes('\n')) return text;
  return text
    .split('\n')
    .map((line, i) => {
      if (i === 0) return line;
      let tabs = 0;
      while (line.charCodeAt(tabs) === 0x09) tabs++;
      return layout.base + layout.unit.repeat(tabs) + line.slice(tabs);
    })
    .join(layout.eol);
}

/** Every item's text laid out; those spanning lines marked to be inserted as they are. */
function layOutItems(items: CompletionItem[], layout: Layout): void {
  for (const item of items) {
    const edit = item.textEdit as { newText: string } | undefined;
    if (!edit || !edit.newText.includes('\n')) continue;
    edit.newText = laidOut(edit.newText, layout);
    if (layout.asIs) item.insertTextMode = InsertTextMode.asIs;
  }
}

const SENTINEL = 'unknownFutureValue';

export function doComplete(
  doc: AssignDocument,
  textDocument: TextDocument,
  position: Position,
  types: GraphTypes,
  settings: CompletionSettings,
): CompletionList {
  const items: CompletionItem[] = [];
  const result: CompletionList = { isIncomplete: false, items };
  // A document over the budget gets nothing: its one problem says why.
  if (doc.refused) return result;
  const text = doc.text;
  const offset = textDocument.offsetAt(position);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let indentEnd = lineStart;
  while (indentEnd < offset && (text.charCodeAt(indentEnd) === 0x20 || text.charCodeAt(indentEnd) === 0x09)) indentEnd++;
  const layout: Layout = {
    base: text.slice(lineStart, indentEnd),
    unit: doc.indentation ?? settings.indent ?? '  ',
    eol: doc.lineBreak,
    asIs: settings.insertTextMode ?? false,
  };
  completeAt(doc, textDocument, offset, types, settings, items);
  layOutItems(items, layout);
  return result;
}

function completeAt(doc: AssignDocument, textDocument: TextDocument, offset: number, types: GraphTypes, settings: CompletionSettings, items: CompletionItem[]): void {
  const text = doc.text;
  if (isBlank(text)) {
    items.push(snippetItem('Assign body', DOCUMENT_SNIPPET, 'An assign body with one assignment.', range(textDocument, 0, text.length), settings));
    return;
  }

  const index = doc.assignmentIndexAt(offset);
  const element = index >= 0 ? doc.assignments[index] : undefined;
  if (element?.type === 'object' && offset > element.offset && offset < element.offset + element.length) {
    const slice = text.slice(element.offset, element.offset + element.length);
    const location = getLocation(slice, offset - element.offset);
    completeInAssignment(location, element, slice, offset - element.offset, element.offset, textDocument, types, settings, items);
    return;
  }

  const array = doc.assignmentsArray;
  if (array && offset > array.offset && offset < array.offset + array.length) {
    completeAssignment(text, offset, textDocument, types, settings, items);
    return;
  }

  // No tree: text that is not JSON at all (an empty document was handled above).
  if (!doc.root) return;
  const location = getLocation(text, offset);
  if (location.path.length === 1 && location.isAtPropertyKey) {
    const token = tokenAt(text, offset);
    const present = doc.root?.type === 'object' && membersOf(doc.root).has(ASSIGNMENTS_PROPERTY);
    if (!present) {
      const r = range(textDocument, token.start, token.end);
      const insert = `"${ASSIGNMENTS_PROPERTY}": [\n\t$0\n]${needsComma(text, token.end) ? ',' : ''}`;
      items.push({
        label: ASSIGNMENTS_PROPERTY,
        kind: CompletionItemKind.Property,
        documentation: { kind: MarkupKind.Markdown, value: 'The complete list of the app\'s assignments. The assign action **replaces** every assignment the app has with this list.' },
        textEdit: { range: r, newText: settings.snippets ? insert : `"${ASSIGNMENTS_PROPERTY}": []` },
        insertTextFormat: settings.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        filterText: `"${ASSIGNMENTS_PROPERTY}"`,
      });
    }
  } else if (location.path.length === 1 && location.path[0] === ASSIGNMENTS_PROPERTY && !location.isAtPropertyKey && !array) {
    const token = tokenAt(text, offset);
    items.push(snippetItem('[ assignment ]', `[\n\t${renderSnippet(ASSIGNMENT_SNIPPETS[0].body, 1)}\n]`, 'A list with one assignment.', range(textDocument, token.start, token.end), settings));
  }
}

function completeInAssignment(
  location: Location,
  element: Node,
  slice: string,
  localOffset: number,
  base: number,
  textDocument: TextDocument,
  types: GraphTypes,
  settings: CompletionSettings,
  items: CompletionItem[],
): void {
  const token = tokenAt(slice, localOffset);
  const replace = range(textDocument, base + token.start, base + token.end);
  const path = location.path;
  if (location.isAtPropertyKey) {
    const owner = objectAtPath(types, element, path.slice(0, -1));
    if (!owner) return;
    const comma = needsComma(slice, token.end);
    // The key being typed or replaced is offered again: only the object's other members are left out.
    propertyItems(owner, types, settings, replace, comma, items, base + token.start);
    return;
  }
  // A value: of a property, or an element of a collection property.
  const valuePath = typeof path[path.length - 1] === 'number' ? path.slice(0, -1) : path;
  const property = propertyAtPath(types, element, valuePath);
  if (!property) return;
  const comma = needsComma(slice, token.end);
  const idKind = tenantKind(property);
  if (idKind) {
    if (!settings.tenant) return;
    const settingsNode = membersOf(element).get('settings')?.children?.[1];
    const settingsType = settingsNode?.type === 'object' ? resolveObject(types, types.slots.settings, settingsNode).concrete : undefined;
    const family = assignmentFamily(types, settings.appType, settingsType)?.family;
    items.push(...tenantCompletionItems(idKind, typedIn(slice, token, localOffset), settings.tenant, replace, comma, family));
    return;
  }
  if (property.name === ODATA_TYPE) {
    for (const name of validTypes(types, property.owner.declared)) {
      items.push({
        label: `#${name}`,
        kind: CompletionItemKind.Class,
        detail: types.type(name)?.slot ?? localName(property.owner.declared),
        documentation: { kind: MarkupKind.Markdown, value: typeMarkdown(types, name) },
        textEdit: { range: replace, newText: `"#${name}"${comma ? ',' : ''}` },
        filterText: `"#${name}"`,
      });
    }
    return;
  }
  if (property.info) valueItems(property.info, types, settings, replace, comma, items);
}

/** Whether a value being completed is a group id (of a group or exclusion target) or an assignment filter id. */
function tenantKind(property: { owner: ObjectAtPath; name: string }): 'group' | 'filter' | undefined {
  if (property.name === FILTER_ID) return 'filter';
  if (property.name === GROUP_ID && property.owner.concrete && isGroupTarget(property.owner.concrete)) return 'group';
  return undefined;
}

/** The text typed inside a string token, from its opening quote to the cursor. */
function typedIn(text: string, token: { start: number; end: number }, offset: number): string {
  const from = text[token.start] === '"' ? token.start + 1 : token.start;
  return text.slice(from, Math.max(from, offset));
}

/**
 * What completion at `position` would search the tenant for: a group or filter id and the text typed so far,
 * so a shell can fetch the matching groups before asking for the items. Undefined anywhere else.
 */
export function tenantQueryAt(doc: AssignDocument, textDocument: TextDocument, position: Position, types: GraphTypes): { kind: 'group' | 'filter'; text: string } | undefined {
  if (doc.refused) return undefined;
  const offset = textDocument.offsetAt(position);
  const index = doc.assignmentIndexAt(offset);
  const element = index >= 0 ? doc.assignments[index] : undefined;
  if (element?.type !== 'object' || offset <= element.offset || offset >= element.offset + element.length) return undefined;
  const slice = doc.text.slice(element.offset, element.offset + element.length);
  const local = offset - element.offset;
  const location = getLocation(slice, local);
  if (location.isAtPropertyKey) return undefined;
  const property = propertyAtPath(types, element, location.path);
  const kind = property && tenantKind(property);
  return kind ? { kind, text: typedIn(slice, tokenAt(slice, local), local) } : undefined;
}

/** Concrete types valid where `declared` stands, without those only beta has when the version is not beta. */
function validTypes(types: GraphTypes, declared: string): string[] {
  return types.concreteTypes(declared).filter((n) => types.version === 'beta' || !types.isBetaOnlyType(n));
}

function propertyItems(
  owner: ObjectAtPath,
  types: GraphTypes,
  settings: CompletionSettings,
  replace: Range,
  comma: boolean,
  items: CompletionItem[],
  keyOffset: number,
): void {
  const present = owner.node ? membersOf(owner.node) : new Map<string, Node>();
  for (const [name, member] of present) if (member.children?.[0]?.offset === keyOffset) present.delete(name);
  const declaredAbstract = types.type(owner.declared)?.abstract ?? false;
  if (!present.has(ODATA_TYPE) && (declaredAbstract || owner.declared === types.rootTypeName || types.type(owner.declared)?.slot)) {
    const names = validTypes(types, owner.declared).map((n) => `#${n}`);
    const value = settings.snippets ? `"\${1|${names.join(',')}|}"` : `"${names[0]}"`;
    items.push({
      label: ODATA_TYPE,
      kind: CompletionItemKind.Property,
      sortText: '0',
      documentation: {
        kind: MarkupKind.Markdown,
        value: declaredAbstract
          ? `The concrete type of this object (required: ${localName(owner.declared)} is abstract).\n\nOne of ${names.map((n) => `\`${n}\``).join(', ')}.`
          : `The type of this object: \`#${owner.declared}\`. Optional here.`,
      },
      textEdit: { range: replace, newText: `"${ODATA_TYPE}": ${value}${comma ? ',' : ''}` },
      insertTextFormat: settings.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      filterText: `"${ODATA_TYPE}"`,
    });
  }
  if (!owner.concrete) return;
  for (const { name, info, betaOnly } of types.properties(owner.concrete)) {
    if (present.has(name) || info.readOnly || (betaOnly && types.version !== 'beta')) continue;
    const value = valueSnippet(info, types, settings.snippets);
    items.push({
      label: name,
      kind: CompletionItemKind.Property,
      detail: typeLabel(info),
      sortText: `${info.nullable ? '2' : '1'}${name}`,
      documentation: { kind: MarkupKind.Markdown, value: propertyMarkdown(types, owner.concrete, name, info) },
      textEdit: { range: replace, newText: `"${name}": ${value}${comma ? ',' : ''}` },
      insertTextFormat: settings.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      filterText: `"${name}"`,
    });
  }
}

function valueItems(
  info: PropertyInfo,
  types: GraphTypes,
  settings: CompletionSettings,
  replace: Range,
  comma: boolean,
  items: CompletionItem[],
): void {
  const suffix = comma ? ',' : '';
  const enumInfo = types.enum(info.type);
  if (enumInfo) {
    for (const member of enumInfo.members) {
      if (member.name === SENTINEL) continue;
      if (types.version !== 'beta' && types.isBetaOnlyEnumMember(info.type, member.name)) continue;
      items.push({
        label: member.name,
        kind: CompletionItemKind.EnumMember,
        documentation: { kind: MarkupKind.Markdown, value: enumMemberMarkdown(types, info.type, member.name) },
        textEdit: { range: replace, newText: `"${member.name}"${suffix}` },
        filterText: `"${member.name}"`,
      });
    }
  } else if (info.type === 'Edm.Boolean') {
    for (const value of ['true', 'false']) {
      items.push({ label: value, kind: CompletionItemKind.Value, textEdit: { range: replace, newText: value + suffix } });
    }
  } else if (!info.type.startsWith('Edm.')) {
    const type = types.type(info.type);
    const concrete = type?.abstract ? validTypes(types, info.type) : [info.type];
    for (const name of concrete) {
      const body = objectSnippet(name, types, settings.snippets, type?.abstract ?? false);
      items.push({
        label: type?.abstract ? `{ ${localName(name)} }` : '{ }',
        kind: CompletionItemKind.Struct,
        detail: localName(name),
        documentation: { kind: MarkupKind.Markdown, value: typeMarkdown(types, name) },
        textEdit: { range: replace, newText: body + suffix },
        insertTextFormat: settings.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      });
    }
  }
  if (info.nullable) {
    items.push({ label: 'null', kind: CompletionItemKind.Value, sortText: 'z', textEdit: { range: replace, newText: `null${suffix}` } });
  }
}

/** The value part of a property snippet: `"${1|a,b|}"`, `${1|true,false|}`, `{$1}`, ... */
function valueSnippet(info: PropertyInfo, types: GraphTypes, snippets: boolean): string {
  const enumInfo = types.enum(info.type);
  let value: string;
  if (info.collection) value = snippets ? '[$1]' : '[]';
  else if (enumInfo) {
    const names = enumInfo.members.filter((m) => m.name !== SENTINEL).map((m) => m.name);
    value = snippets ? `"\${1|${names.join(',')}|}"` : `"${names[0]}"`;
  } else if (info.type === 'Edm.Boolean') value = snippets ? '${1|true,false|}' : 'false';
  else if (info.type === 'Edm.Int32' || info.type === 'Edm.Int64') value = snippets ? '${1:0}' : '0';
  else if (info.type === 'Edm.DateTimeOffset') value = snippets ? '"${1:2026-01-01T00:00:00Z}"' : '""';
  else if (info.type.startsWith('Edm.')) value = snippets ? '"$1"' : '""';
  else {
    const abstract = types.type(info.type)?.abstract ?? false;
    if (abstract) {
      const names = validTypes(types, info.type).map((n) => `#${n}`);
      value = snippets ? `{\n\t"${ODATA_TYPE}": "\${1|${names.join(',')}|}"$0\n}` : '{}';
    } else value = objectSnippet(info.type, types, snippets, false);
  }
  return value;
}

/** An object of a type with its required (not null) members filled in. */
function objectSnippet(typeName: string, types: GraphTypes, snippets: boolean, withType: boolean): string {
  const members: string[] = [];
  let stop = 1;
  if (withType) members.push(`"${ODATA_TYPE}": "#${typeName}"`);
  for (const { name, info, betaOnly } of types.properties(typeName)) {
    if (info.nullable || info.readOnly || (betaOnly && types.version !== 'beta')) continue;
    const value = valueSnippet(info, types, snippets)
      .replace(/\$\{1([:|])/g, (_match, separator: string) => `\${${stop}${separator}`)
      .replace(/\$1\b/g, `$${stop}`);
    stop++;
    members.push(`"${name}": ${value}`);
  }
  if (typeName.endsWith('groupAssignmentTarget') || typeName.endsWith('GroupAssignmentTarget')) {
    // Empty, with the cursor in it: completion there offers the tenant's groups by name.
    members.push(snippets ? `"groupId": "$${stop}"` : '"groupId": ""');
  }
  if (members.length === 0) return snippets ? '{$0}' : '{}';
  // A member that spans lines (a nested object) is one level deeper inside this one.
  return `{\n\t${members.map((m) => m.replace(/\n/g, '\n\t')).join(',\n\t')}\n}`;
}

function completeAssignment(
  text: string,
  offset: number,
  textDocument: TextDocument,
  types: GraphTypes,
  settings: CompletionSettings,
  items: CompletionItem[],
): void {
  const token = tokenAt(text, offset);
  const before = previousNonSpace(text, token.start);
  const prefix = before === '}' || before === ']' ? ', ' : '';
  const suffix = nextNonSpace(text, token.end) === '{' ? ',' : '';
  const replace = range(textDocument, token.start, token.end);
  for (const snippet of ASSIGNMENT_SNIPPETS) {
    if (snippet.betaOnly && types.version !== 'beta') continue;
    const body = renderSnippet(snippet.body, 0);
    items.push(snippetItem(snippet.label, prefix + body + suffix, snippet.description, replace, settings, snippet.label));
  }
}

function snippetItem(label: string, body: string, description: string, replace: Range, settings: CompletionSettings, sort?: string): CompletionItem {
  const plain = body.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
  return {
    label,
    kind: CompletionItemKind.Snippet,
    sortText: sort,
    documentation: { kind: MarkupKind.Markdown, value: `${description}\n\n\`\`\`json\n${plain}\n\`\`\`` },
    textEdit: { range: replace, newText: settings.snippets ? body : plain },
    insertTextFormat: settings.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
}

/** The token under the cursor: a string being typed (up to the cursor when unterminated), or an empty range. */
function tokenAt(text: string, offset: number): { start: number; end: number } {
  // Scan from the start of the line: tokens never span lines in the JSON this completes.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const scanner = createScanner(text.slice(lineStart, offset + 200), true);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const start = lineStart + scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    if (start > offset) break;
    if (offset >= start && offset <= end && (kind === SyntaxKind.StringLiteral || kind === SyntaxKind.Unknown || kind === SyntaxKind.TrueKeyword || kind === SyntaxKind.FalseKeyword || kind === SyntaxKind.NullKeyword || kind === SyntaxKind.NumericLiteral)) {
      if (offset === start && kind !== SyntaxKind.StringLiteral) continue;
      const terminated = kind !== SyntaxKind.StringLiteral || (end - start >= 2 && text[end - 1] === '"');
      return { start, end: terminated ? end : offset };
    }
  }
  return { start: offset, end: offset };
}

function previousNonSpace(text: string, offset: number): string {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] ?? '';
}

function nextNonSpace(text: string, offset: number): string {
  let i = offset;
  while (i < text.length && /\s/.test(text[i])) i++;
  return text[i] ?? '';
}

/** True when another member follows, so the inserted one needs a comma. */
function needsComma(text: string, offset: number): boolean {
  return nextNonSpace(text, offset) === '"';
}

function range(textDocument: TextDocument, start: number, end: number): Range {
  return { start: textDocument.positionAt(start), end: textDocument.positionAt(end) };
}
