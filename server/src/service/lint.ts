// Whole-file validation for the command line, with a fast path: most files in CI are valid, and proving that
// with the native JSON.parse and a tree without positions is several times cheaper than parsing with
// positions. Any doubt (a syntax error, a repeated key, a finding) falls back to the positional path, so both
// paths report exactly what the editor reports.
import type { Node } from 'jsonc-parser';
import { AssignDocument } from './assignDocument';
import { MAX_DEPTH } from './parse';
import type { ValidationOptions } from './rules/ruleTypes';
import { ResolvedFinding, Validator } from './validate';

type MutableNode = { -readonly [K in keyof Node]: Node[K] };

export class Linter {
  private readonly validator = new Validator({ cache: false });

  /** The findings of a whole document, as the editor would report them. */
  lint(text: string, options: ValidationOptions): { findings: ResolvedFinding[]; fast: boolean } {
    if (this.provablyClean(text, options)) return { findings: [], fast: true };
    return { findings: this.validator.validate(AssignDocument.parse(text), options), fast: false };
  }

  private provablyClean(text: string, options: ValidationOptions): boolean {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return false;
    }
    const counts = { members: 0, colonsInStrings: 0 };
    const root = toNode(value, undefined, 0, counts);
    // JSON.parse keeps the last of repeated keys silently: every member has exactly one ':' outside strings,
    // so fewer members than such colons means a key repeats (escaped colons only make this more cautious).
    if (!root || colonsIn(text) - counts.colonsInStrings !== counts.members) return false;
    return this.validator.validate(AssignDocument.fromTree(text, root), options).length === 0;
  }
}

/** A jsonc-parser-shaped tree of a parsed value, without positions; undefined when nested too deep. */
function toNode(value: unknown, parent: Node | undefined, depth: number, counts: { members: number; colonsInStrings: number }): Node | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (typeof value) {
    case 'string':
      counts.colonsInStrings += colonsIn(value);
      return { type: 'string', value, offset: 0, length: 0, parent };
    case 'number':
      return { type: 'number', value, offset: 0, length: 0, parent };
    case 'boolean':
      return { type: 'boolean', value, offset: 0, length: 0, parent };
  }
  if (value === null) return { type: 'null', value: null, offset: 0, length: 0, parent };
  const children: Node[] = [];
  if (Array.isArray(value)) {
    const node: Node = { type: 'array', offset: 0, length: 0, parent, children };
    for (let i = 0; i < value.length; i++) {
      const child = toNode(value[i], node, depth + 1, counts);
      if (!child) return undefined;
      children.push(child);
    }
    return node;
  }
  const node: Node = { type: 'object', offset: 0, length: 0, parent, children };
  const object = value as Record<string, unknown>;
  for (const key in object) {
    counts.members++;
    counts.colonsInStrings += colonsIn(key);
    const property: MutableNode = { type: 'property', offset: 0, length: 0, parent: node, children: undefined };
    const keyNode: Node = { type: 'string', value: key, offset: 0, length: 0, parent: property };
    const valueNode = toNode(object[key], property, depth + 1, counts);
    if (!valueNode) return undefined;
    property.children = [keyNode, valueNode];
    children.push(property);
  }
  return node;
}

function colonsIn(text: string): number {
  let count = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) count++;
  return count;
}
