// Hover: what a property, a type or an enum value means, its allowed values, and which Graph versions have it.
import { findNodeAtOffset, getNodePath, Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Hover, MarkupKind, Position } from 'vscode-languageserver-types';
import { ASSIGNMENTS_PROPERTY, AssignDocument } from './assignDocument';
import { enumMemberMarkdown, propertyMarkdown, typeMarkdown } from './docs';
import type { GraphTypes } from './graphTypes';
import { propertyAtPath } from './typeAtPath';
import { ODATA_TYPE } from './walker';

export function doHover(doc: AssignDocument, textDocument: TextDocument, position: Position, types: GraphTypes): Hover | null {
  const offset = textDocument.offsetAt(position);
  const index = doc.assignmentIndexAt(offset);
  const element = index >= 0 ? doc.assignments[index] : undefined;
  const scope = element ?? doc.root;
  if (!scope) return null;
  const node = findNodeAtOffset(scope, offset, false);
  if (!node || node.type !== 'string' || node.parent?.type !== 'property') return null;
  const property = node.parent;
  const isKey = property.children?.[0] === node;
  const markdown = element ? describeInAssignment(types, element, node, property, isKey) : describeAtRoot(property, isKey);
  if (!markdown) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: markdown },
    range: { start: textDocument.positionAt(node.offset), end: textDocument.positionAt(node.offset + node.length) },
  };
}

function describeAtRoot(property: Node, isKey: boolean): string | undefined {
  if (!isKey || property.children?.[0]?.value !== ASSIGNMENTS_PROPERTY) return undefined;
  return `**${ASSIGNMENTS_PROPERTY}**\n\nThe complete list of the app's assignments. The assign action **replaces** every assignment the app has with this list: an assignment left out is removed.`;
}

function describeInAssignment(types: GraphTypes, element: Node, node: Node, property: Node, isKey: boolean): string | undefined {
  const name = property.children?.[0]?.value as string;
  const ownerPath = getNodePath(property.parent!).slice(getNodePath(element).length);
  const resolved = propertyAtPath(types, element, [...ownerPath, name]);
  if (!resolved) return undefined;
  if (name === ODATA_TYPE) {
    if (!isKey) {
      // Whatever its case, as Graph resolves it.
      const resolution = types.resolve(node.value as string, resolved.owner.declared);
      if (resolution.kind !== 'unknown') return typeMarkdown(types, resolution.name);
    }
    return `**${ODATA_TYPE}**\n\nThe concrete type of this object, written with a leading \`#\`.${types.type(resolved.owner.declared)?.abstract ? ' Required here: the declared type is abstract.' : ''}`;
  }
  if (!resolved.info || !resolved.owner.concrete) return undefined;
  if (isKey) return propertyMarkdown(types, resolved.owner.concrete, name, resolved.info);
  if (types.isEnum(resolved.info.type)) {
    const member = types.enumMember(resolved.info.type, node.value as string);
    return member ? enumMemberMarkdown(types, resolved.info.type, member) || undefined : undefined;
  }
  return undefined;
}
