// Shared by the odata-type-* rules: where an @odata.type stands, which types fit there, and the fixes that
// put one in.
import type { Node } from 'jsonc-parser';
import { GraphTypes, localName } from '../graphTypes';
import type { Fix, RuleContext, TypeReferenceVisit } from './ruleTypes';

/** Where an object stands, for messages: "target", "settings", "this assignment", or a property name. */
export function placeOf(visit: TypeReferenceVisit, types: GraphTypes): string {
  if (visit.declared === types.rootTypeName) return 'an assignment';
  const key = visit.objectNode.parent?.type === 'property' ? visit.objectNode.parent.children?.[0]?.value : undefined;
  return typeof key === 'string' ? `"${key}"` : localName(visit.declared);
}

/** The concrete types valid where the object stands, as `#`-prefixed names. */
export function validTypeNames(visit: TypeReferenceVisit, types: GraphTypes): string[] {
  const betaOnlyAllowed = types.version === 'beta';
  return types
    .concreteTypes(visit.declared)
    .filter((name) => betaOnlyAllowed || !types.isBetaOnlyType(name))
    .map((name) => `#${name}`);
}

export function listOf(names: string[]): string {
  return names.length <= 6 ? names.join(', ') : `${names.slice(0, 6).join(', ')} and ${names.length - 6} more`;
}

/** Fixes that replace the @odata.type value with each type valid there. */
export function replaceTypeFixes(value: Node, names: string[]): Fix[] {
  return names.map((name) => ({
    title: `Change to ${name}`,
    edits: [{ offset: value.offset, length: value.length, text: JSON.stringify(name) }],
  }));
}

/** Fixes that add an @odata.type member to an object, one per type valid there. */
export function addTypeFixes(object: Node, names: string[], ctx: RuleContext): Fix[] {
  const first = object.children?.[0];
  return names.map((name) => {
    const member = `"@odata.type": ${JSON.stringify(name)}`;
    if (!first) {
      return { title: `Add "@odata.type": "${name}"`, edits: [{ offset: object.offset + 1, length: object.length - 2, text: member }] };
    }
    const lineStart = ctx.text.lastIndexOf('\n', first.offset - 1) + 1;
    const indent = ctx.text.slice(lineStart, first.offset);
    const separator = /^\s*$/.test(indent) && lineStart > object.offset ? `,\n${indent}` : ', ';
    return { title: `Add "@odata.type": "${name}"`, edits: [{ offset: first.offset, length: 0, text: member + separator }] };
  });
}
