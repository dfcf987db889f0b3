// Rule is-removable-intent: isRemovable set with an intent other than "required". A warning: the admin portal
// offers "Install as removable" only for required assignments, but no source shows Graph refusing it.
import { removePropertyFix } from '../fixes';
import { isSet, Rule } from './ruleTypes';

const NAME = 'is-removable-intent';

export const isRemovableIntent: Rule = {
  name: NAME,
  severity: 'warning',
  description: '"isRemovable" present and not null with an intent other than "required".',
  rationale: 'Whether the user may remove an app only means something when Intune installs it: the admin portal offers the setting for required assignments only.',
  assignment(visit, ctx) {
    const settings = visit.settings;
    if (!settings || !visit.intent || visit.intent === 'required') return;
    if (!isSet(settings.members, 'isRemovable')) return;
    const property = settings.members.get('isRemovable')!;
    ctx.report({
      rule: NAME,
      offset: property.children![0].offset,
      length: property.children![0].length,
      message: `"isRemovable" only applies with intent "required" (this one is "${visit.intent}"). Remove it or set it to null.`,
      fixes: [removePropertyFix('Remove "isRemovable"', property)],
    });
  },
};
