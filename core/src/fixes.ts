// Text edits behind quick fixes, computed on the parse tree: replace a value, remove a property (with its
// comma), rename a key.
import type { Node } from 'jsonc-parser';
import type { Fix } from './rules/ruleTypes';

export function replaceValueFix(title: string, node: Node, value: unknown, preferred = true): Fix {
  return { title, preferred, edits: [{ offset: node.offset, length: node.length, text: JSON.stringify(value) }] };
}

/** Removes a property node and the comma that separates it from a neighbour. */
export function removePropertyFix(title: string, property: Node, preferred = true): Fix {
  const siblings = property.parent?.children ?? [property];
  const index = siblings.indexOf(property);
  const next = siblings[index + 1];
  const previous = siblings[index - 1];
  let start = property.offset;
  let end = property.offset + property.length;
  if (next) end = next.offset;
  else if (previous) start = previous.offset + previous.length;
  return { title, preferred, edits: [{ offset: start, length: end - start, text: '' }] };
}
