// Rule auto-update-intent: autoUpdateSettings (updating superseded apps) on an assignment whose intent is not
// "available". Intune's auto-update with supersedence is for available assignments and maintained tools send it
// only with "available"; a 400 was reported for other intents, but with no public Graph error text, a warning.
import { removePropertyFix } from '../fixes';
import { isSet, Rule } from './ruleTypes';

const NAME = 'auto-update-intent';
const PROPERTY = 'autoUpdateSettings';

export const autoUpdateIntent: Rule = {
  name: NAME,
  severity: 'warning',
  description: '"autoUpdateSettings" present and not null with an intent other than "available".',
  rationale:
    'Auto-update of superseded apps is a setting of available assignments (required ones update anyway); Graph was reported to answer 400 otherwise, and maintained tools send it only with "available".',
  assignment(visit, ctx) {
    const settings = visit.settings;
    if (!settings || !visit.intent || visit.intent === 'available' || !isSet(settings.members, PROPERTY)) return;
    const property = settings.members.get(PROPERTY)!;
    ctx.report({
      rule: NAME,
      offset: property.children![0].offset,
      length: property.children![0].length,
      message: `"${PROPERTY}" is for intent "available" (this one is "${visit.intent}"): Graph may refuse it. Remove it or set it to null.`,
      fixes: [removePropertyFix(`Remove "${PROPERTY}"`, property)],
    });
  },
};
