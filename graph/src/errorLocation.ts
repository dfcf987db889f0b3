// Where in a document a Graph error points: Graph's 400 messages often name the property they refuse
// ("isRemovable", "deliveryOptimizationPriority"). The longest property name of the document that the message
// names as a word is taken, at its first occurrence, so a shell can put the error on that property.
import { parseTree, Node } from 'jsonc-parser';

export interface ErrorLocation {
  property: string;
  /** Of the property's name, quotes included. */
  offset: number;
  length: number;
}

/** Names too general to say which property is meant when a message uses them as plain words. */
const TOO_GENERAL = new Set(['value', 'target', 'settings', 'intent', 'id', 'type']);

export function locateGraphError(text: string, message: string): ErrorLocation | undefined {
  const root = parseTree(text);
  if (!root) return undefined;
  const keys: Node[] = [];
  const visit = (node: Node) => {
    if (node.type === 'property' && node.children?.[0]) keys.push(node.children[0]);
    for (const child of node.children ?? []) visit(child);
  };
  visit(root);
  let best: ErrorLocation | undefined;
  for (const key of keys) {
    const name = String(key.value);
    if (name.length < 2 || name.startsWith('@') || TOO_GENERAL.has(name)) continue;
    if (best && name.length <= best.property.length) continue;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`).test(message)) best = { property: name, offset: key.offset, length: key.length };
  }
  return best;
}
