// Rule odata-type-required: a target or settings object without @odata.type.
import { addTypeFixes, listOf, placeOf, validTypeNames } from './odataTypeShared';
import type { Rule } from './ruleTypes';

const NAME = 'odata-type-required';

export const odataTypeRequired: Rule = {
  name: NAME,
  severity: 'error',
  description: 'A target or settings object without "@odata.type".',
  rationale:
    'target and settings are declared with abstract types in the metadata, so Graph can only read them when @odata.type names the concrete type.',
  typeReference(visit, ctx) {
    if (visit.property || !ctx.types.type(visit.declared)?.abstract) return;
    const names = validTypeNames(visit, ctx.types);
    const key = visit.objectNode.parent?.children?.[0];
    const anchor = key && key !== visit.objectNode ? key : visit.objectNode;
    ctx.report({
      rule: NAME,
      offset: anchor.offset,
      length: anchor.length,
      message: `${placeOf(visit, ctx.types)} needs "@odata.type" naming its type: one of ${listOf(names)}.`,
      fixes: addTypeFixes(visit.objectNode, names, ctx),
    });
  },
};
