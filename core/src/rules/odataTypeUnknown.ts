// Rule odata-type-unknown: @odata.type names no known type; suggests the nearest name.
import { listOf, placeOf, validTypeNames } from './odataTypeShared';
import type { Rule } from './ruleTypes';

const NAME = 'odata-type-unknown';

export const odataTypeUnknown: Rule = {
  name: NAME,
  severity: 'error',
  description: '"@odata.type" names a type Graph does not know; the nearest known name is suggested.',
  rationale: 'Graph answers 400 ("A type named ... could not be resolved by the model", "Invalid OData type specified") for a type name it cannot resolve, whatever its case.',
  typeReference(visit, ctx) {
    if (visit.resolution?.kind !== 'unknown') return;
    const value = visit.property!.children![1];
    const suggestion = visit.resolution.suggestion;
    const hint = suggestion
      ? `Did you mean #${suggestion}?`
      : `Valid for ${placeOf(visit, ctx.types)}: ${listOf(validTypeNames(visit, ctx.types))}.`;
    ctx.report({
      rule: NAME,
      offset: value.offset,
      length: value.length,
      message: `Unknown type "${visit.raw}". ${hint}`,
      fixes: suggestion
        ? [{ title: `Change to #${suggestion}`, preferred: true, edits: [{ offset: value.offset, length: value.length, text: JSON.stringify(`#${suggestion}`) }] }]
        : undefined,
    });
  },
};
