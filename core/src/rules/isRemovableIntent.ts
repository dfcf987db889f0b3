// Rule is-removable-intent: isRemovable set with an intent other than "required".
import { removePropertyFix } from '../fixes';
import { isSet, Rule } from './ruleTypes';

const NAME = 'is-removable-intent';

export const isRemovableIntent: Rule = {
  name: NAME,
  severity: 'error',
  description: '"isRemovable" present and not null with an intent other than "required".',
  rationale: 'Graph answers 400 when isRemovable comes with any intent but required.',
  assignment(visit, ctx) {
    const settings = visit.settings;
    if (!settings || !visit.intent || visit.intent === 'required') return;
    if (!isSet(settings.members, 'isRemovable')) return;
    const property = settings.members.get('isRemovable')!;
    ctx.report({
      rule: NAME,
      offset: property.children![0].offset,
      length: property.children![0].length,
      message: `"isRemovable" is only allowed with intent "required" (this one is "${visit.intent}"); Graph answers 400. Remove it or set it to null.`,
      fixes: [removePropertyFix('Remove "isRemovable"', property)],
    });
  },
};
