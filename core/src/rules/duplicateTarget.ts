// Rule duplicate-target: the same target twice. Intents compare as Graph reads them (whatever their case). A
// warning: the admin portal blocks it, but no source shows Graph refusing such a body.
import { EXCLUSION_TARGET } from '../walker';
import type { AssignmentSummary, Rule } from './ruleTypes';
import { assignmentLabel, targetLabel } from './targetLabels';

const NAME = 'duplicate-target';

export const duplicateTarget: Rule = {
  name: NAME,
  severity: 'warning',
  description: 'The same target (same kind, same group) twice, with the same intent or with different ones.',
  rationale:
    'Intune keeps one intent per group for an app (the portal blocks a second one); a repeated target is at best redundant and at worst resolved by Intune\'s conflict precedence rather than by you.',
  document(visit, ctx) {
    const first = new Map<string, AssignmentSummary>();
    for (const summary of visit.summaries) {
      const target = summary.target;
      if (!target?.key) continue;
      const earlier = first.get(target.key);
      if (!earlier) {
        first.set(target.key, summary);
        continue;
      }
      const same = earlier.intent === summary.intent;
      // Excluding one group from several intents is how the admin portal excludes it from each of them.
      if (!same && target.typeName === EXCLUSION_TARGET) continue;
      const label = targetLabel(summary);
      ctx.report({
        rule: NAME,
        offset: target.offset,
        length: target.length,
        message: same
          ? `${capitalize(label)} is already targeted with intent "${summary.intent ?? '?'}" by ${assignmentLabel(earlier)}. Remove one of them.`
          : `${capitalize(label)} is also targeted by ${assignmentLabel(earlier)}, with intent "${earlier.intent ?? '?'}" there and "${summary.intent ?? '?'}" here. Intune allows one intent per target for an app: keep one.`,
        related: [{ offset: earlier.target!.offset, length: earlier.target!.length, message: `First targeted by ${assignmentLabel(earlier)}` }],
      });
    }
  },
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
