// Rule odata-type-abstract: @odata.type names an abstract type, as the example in Graph's own docs does.
import { localName } from '../graphTypes';
import { listOf, placeOf, replaceTypeFixes, validTypeNames } from './odataTypeShared';
import type { Rule } from './ruleTypes';

const NAME = 'odata-type-abstract';

export const odataTypeAbstract: Rule = {
  name: NAME,
  severity: 'error',
  description: '"@odata.type" names an abstract type (deviceAndAppManagementAssignmentTarget, mobileAppAssignmentSettings).',
  rationale:
    'Abstract types cannot be instantiated; the example in Graph\'s own assign docs uses them and is therefore not a valid payload.',
  typeReference(visit, ctx) {
    if (visit.resolution?.kind !== 'abstract') return;
    const value = visit.property!.children![1];
    const names = validTypeNames(visit, ctx.types);
    ctx.report({
      rule: NAME,
      offset: value.offset,
      length: value.length,
      message: `${localName(visit.resolution.name)} is abstract: Graph needs a concrete type for ${placeOf(visit, ctx.types)}. Use one of ${listOf(names)}.`,
      fixes: replaceTypeFixes(value, names),
    });
  },
};
