// The outline (one symbol per assignment, named by intent and target) and selection ranges (expand from a
// value to its property, object, ... up to the document). The outline stops at MAX_SYMBOLS, as VS Code's JSON
// support does by default: past a few thousand entries it only costs time on every edit.
import { findNodeAtOffset, Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentSymbol, Position, SelectionRange, SymbolKind } from 'vscode-languageserver-types';
import { ASSIGNMENTS_PROPERTY, AssignDocument } from './assignDocument';
import { localName, stripHash } from './graphTypes';
import { GROUP_ID, membersOf, ODATA_TYPE } from './walker';

/** Symbols in an outline at most (VS Code's json.maxItemsComputed is 5,000 too). */
export const MAX_SYMBOLS = 5000;

export function getDocumentSymbols(doc: AssignDocument, textDocument: TextDocument): DocumentSymbol[] {
  const list = doc.assignmentsProperty;
  const array = doc.assignmentsArray;
  if (!list) return [];
  const rangeOf = (n: Node) => ({ start: textDocument.positionAt(n.offset), end: textDocument.positionAt(n.offset + n.length) });
  const elements = array?.children ?? [];
  let count = 1;
  const shown: Node[] = [];
  for (const element of elements) {
    count += 1 + (element.type === 'object' ? (element.children?.length ?? 0) : 0);
    if (count > MAX_SYMBOLS) break;
    shown.push(element);
  }
  const children: DocumentSymbol[] = shown.map((element, index) => {
    const members = element.type === 'object' ? membersOf(element) : new Map<string, Node>();
    const value = (name: string) => members.get(name)?.children?.[1];
    const typeOf = (name: string) => {
      const t = value(name) && membersOf(value(name)!).get(ODATA_TYPE)?.children?.[1]?.value;
      return typeof t === 'string' ? short(localName(stripHash(t))) : undefined;
    };
    const intent = value('intent')?.value;
    const target = value('target');
    const id = target?.type === 'object' ? membersOf(target).get(GROUP_ID)?.children?.[1]?.value : undefined;
    const targetName = typeOf('target')?.replace(/AssignmentTarget$/, '');
    const name = [`${index + 1}`, typeof intent === 'string' ? short(intent) : '?', [targetName, typeof id === 'string' ? short(id) : undefined].filter(Boolean).join(' ')]
      .filter(Boolean)
      .join(' · ');
    const range = rangeOf(element);
    const propertySymbols: DocumentSymbol[] = [...members.values()].map((p) => ({
      name: short(String(p.children?.[0]?.value)),
      kind: p.children?.[1]?.type === 'object' ? SymbolKind.Object : SymbolKind.Property,
      detail: p.children?.[1]?.type === 'object' ? typeOf(String(p.children?.[0]?.value)) : undefined,
      range: rangeOf(p),
      selectionRange: rangeOf(p.children![0]),
    }));
    return { name, kind: SymbolKind.Object, detail: typeOf('settings'), range, selectionRange: range, children: propertySymbols };
  });
  return [
    {
      name: ASSIGNMENTS_PROPERTY,
      kind: SymbolKind.Array,
      detail: `${elements.length} assignment${elements.length === 1 ? '' : 's'}${shown.length < elements.length ? ` (the first ${shown.length} shown)` : ''}`,
      range: rangeOf(list),
      selectionRange: rangeOf(list.children![0]),
      children,
    },
  ];
}

/** A value as an outline shows it: whole when short, else its start. */
function short(value: string): string {
  return value.length > 60 ? `${value.slice(0, 59)}…` : value;
}

export function getSelectionRanges(doc: AssignDocument, textDocument: TextDocument, positions: Position[]): SelectionRange[] {
  return positions.map((position) => {
    const offset = textDocument.offsetAt(position);
    let node = doc.root ? findNodeAtOffset(doc.root, offset, true) : undefined;
    const chain: Node[] = [];
    for (; node; node = node.parent) {
      const last = chain[chain.length - 1];
      if (!last || last.offset !== node.offset || last.length !== node.length) chain.push(node);
    }
    let result: SelectionRange | undefined;
    for (let i = chain.length - 1; i >= 0; i--) {
      const n = chain[i];
      result = { range: { start: textDocument.positionAt(n.offset), end: textDocument.positionAt(n.offset + n.length) }, parent: result };
    }
    return result ?? { range: { start: position, end: position } };
  });
}
