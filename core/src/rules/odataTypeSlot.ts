// Rule odata-type-slot: a known type in the wrong place, such as a settings type as a target.
import { localName } from '../graphTypes';
import { listOf, placeOf, replaceTypeFixes, validTypeNames } from './odataTypeShared';
import type { Rule } from './ruleTypes';

const NAME = 'odata-type-slot';

export const odataTypeSlot: Rule = {
  name: NAME,
  severity: 'error',
  description: '"@odata.type" names a known type that does not belong here (a settings type as a target, ...).',
  rationale: 'Graph only accepts a type derived from the declared type of the property.',
  typeReference(visit, ctx) {
    if (visit.resolution?.kind !== 'wrong-slot') return;
    const value = visit.property!.children![1];
    const slot = ctx.types.slotOf(visit.resolution.name);
    const what = slot ? `a ${slot} type` : localName(visit.resolution.name);
    const names = validTypeNames(visit, ctx.types);
    ctx.report({
      rule: NAME,
      offset: value.offset,
      length: value.length,
      message: `${localName(visit.resolution.name)} is ${what}; it does not fit ${placeOf(visit, ctx.types)}. Use one of ${listOf(names)}.`,
      fixes: replaceTypeFixes(value, names),
    });
  },
};
