// Rule exclusion-settings: settings on an assignment whose target is an exclusion. Graph answers 400
// "Exclusion assignment does not support MobileAppAssignment Settings." (the text maintained tools quote).
import { removePropertyFix, replaceValueFix } from '../fixes';
import { EXCLUSION_TARGET } from '../walker';
import { memberValue, Rule } from './ruleTypes';

const NAME = 'exclusion-settings';

export const exclusionSettings: Rule = {
  name: NAME,
  severity: 'error',
  description: '"settings" other than null on an assignment whose target is an exclusionGroupAssignmentTarget.',
  rationale:
    'An exclusion only says who does not get the app, so there is nothing to set: Graph answers 400 "Exclusion assignment does not support MobileAppAssignment Settings."',
  assignment(visit, ctx) {
    if (visit.target?.typeName !== EXCLUSION_TARGET) return;
    const property = visit.members.get('settings');
    const value = memberValue(visit.members, 'settings');
    if (!property || !value || value.type === 'null') return;
    const key = property.children![0];
    ctx.report({
      rule: NAME,
      offset: key.offset,
      length: key.length,
      message: 'An exclusion takes no settings: Graph answers 400 "Exclusion assignment does not support MobileAppAssignment Settings." Set "settings" to null or remove it.',
      fixes: [replaceValueFix('Set "settings" to null', value, null), removePropertyFix('Remove "settings"', property, false)],
    });
  },
};
