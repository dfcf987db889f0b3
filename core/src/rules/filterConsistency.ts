// Rule filter-consistency: an assignment filter id without an include/exclude mode, or a mode without an id. A
// warning: such a filter does not apply, but no source shows Graph refusing the body.
import { replaceValueFix } from '../fixes';
import { enumMember, FILTER_ID, FILTER_TYPE } from '../walker';
import { memberValue, Rule } from './ruleTypes';

const NAME = 'filter-consistency';

export const filterConsistency: Rule = {
  name: NAME,
  severity: 'warning',
  description: 'A filter id with filter type "none" or no type, or filter type include/exclude without a filter id.',
  rationale: 'A filter applies only in include or exclude mode and only with the id of a filter; anything else leaves the assignment unfiltered, which is how filters silently stop working.',
  object(visit, ctx) {
    if (!visit.type.properties[FILTER_TYPE]) return;
    const idValue = memberValue(visit.members, FILTER_ID);
    const typeValue = memberValue(visit.members, FILTER_TYPE);
    const hasId = idValue?.type === 'string' && (idValue.value as string) !== '';
    const mode = typeValue?.type === 'string' ? enumMember(ctx.types, visit.type.properties[FILTER_TYPE].type, typeValue.value as string) : undefined;
    // A mode of the wrong JSON type or outside the enum is the schema rule's to report.
    if (hasId && (!typeValue || mode === 'none')) {
      ctx.report({
        rule: NAME,
        offset: idValue.offset,
        length: idValue.length,
        message: `This filter is not applied: ${FILTER_TYPE} is ${typeValue ? '"none"' : 'missing'}. Set it to "include" or "exclude", or remove the filter id.`,
        fixes: typeValue
          ? [replaceValueFix('Set the filter type to "include"', typeValue, 'include', false), replaceValueFix('Set the filter type to "exclude"', typeValue, 'exclude', false)]
          : undefined,
      });
    }
    if ((mode === 'include' || mode === 'exclude') && !hasId) {
      ctx.report({
        rule: NAME,
        offset: typeValue!.offset,
        length: typeValue!.length,
        message: `Filter type "${mode}" needs ${FILTER_ID}: the id (a GUID) of the assignment filter. Add it, or set the type to "none".`,
        fixes: [replaceValueFix('Set the filter type to "none"', typeValue!, 'none', false)],
      });
    }
  },
};
