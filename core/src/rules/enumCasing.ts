// Rule enum-casing: an enum value right except for its case ("Required"). Reported instead of schema.
import { replaceValueFix } from '../fixes';
import { enumMember } from '../walker';
import { enumValues, Rule } from './ruleTypes';

const NAME = 'enum-casing';

export const enumCasing: Rule = {
  name: NAME,
  severity: 'error',
  description: 'An enum value that is right except for its case, such as "Required".',
  rationale: 'Graph matches enum members case-sensitively: "Required" is rejected where "required" is accepted.',
  property(visit, ctx) {
    for (const value of enumValues(visit, ctx.types)) {
      const given = value.value as string;
      const member = enumMember(ctx.types, visit.info!.type, given);
      if (!member || member === given) continue;
      ctx.report({
        rule: NAME,
        offset: value.offset,
        length: value.length,
        message: `Enum values are case-sensitive: write "${member}", not "${given}".`,
        fixes: [replaceValueFix(`Change to "${member}"`, value, member)],
      });
    }
  },
};
