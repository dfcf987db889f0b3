// Rule enum-casing: an enum value right except for its case ("Required"). Graph accepts it; Graph answers in
// camelCase, so the quick fix writes what Graph will show.
import { replaceValueFix } from '../fixes';
import { enumMember } from '../walker';
import { enumValues, Rule } from './ruleTypes';

const NAME = 'enum-casing';

export const enumCasing: Rule = {
  name: NAME,
  severity: 'warning',
  description: 'An enum value that is right except for its case, such as "Required".',
  rationale:
    'Graph accepts enum values in any case (the Intune admin portal itself posts "Required" and "AvailableWithoutEnrollment"), but answers in camelCase: writing them as Graph does keeps documents and Graph\'s answers comparable.',
  property(visit, ctx) {
    for (const value of enumValues(visit, ctx.types)) {
      const given = value.value as string;
      const member = enumMember(ctx.types, visit.info!.type, given);
      if (!member || member === given) continue;
      ctx.report({
        rule: NAME,
        offset: value.offset,
        length: value.length,
        message: `Write "${member}" as Graph does: it accepts "${given}" but answers with "${member}".`,
        fixes: [replaceValueFix(`Change to "${member}"`, value, member)],
      });
    }
  },
};
