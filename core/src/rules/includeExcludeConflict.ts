// Rule include-exclude-conflict: a group both included and excluded with the same intent. Exclusions apply per
// intent (the admin portal has included and excluded groups under each of required, available and uninstall), so
// a group included for one intent and excluded from another is a deliberate pattern, not a conflict.
import { EXCLUSION_TARGET, GROUP_TARGET } from '../walker';
import type { AssignmentSummary, Rule } from './ruleTypes';
import { assignmentLabel } from './targetLabels';

const NAME = 'include-exclude-conflict';

export const includeExcludeConflict: Rule = {
  name: NAME,
  severity: 'warning',
  description: 'A group both included (groupAssignmentTarget) and excluded (exclusionGroupAssignmentTarget) with the same intent.',
  rationale: 'Exclusion wins over inclusion of the same kind of group, so the inclusion gives that group nothing: usually a mistake.',
  document(visit, ctx) {
    const included = new Map<string, AssignmentSummary>();
    for (const s of visit.summaries) {
      const key = s.idAndIntent;
      if (key && s.target!.typeName === GROUP_TARGET && !included.has(key)) included.set(key, s);
    }
    for (const s of visit.summaries) {
      const key = s.idAndIntent;
      if (!key || s.target!.typeName !== EXCLUSION_TARGET) continue;
      const include = included.get(key);
      if (!include) continue;
      ctx.report({
        rule: NAME,
        offset: s.target!.offset,
        length: s.target!.length,
        message: `Group ${s.target!.id} is included by ${assignmentLabel(include)} and excluded here, both with intent "${s.intent}". The exclusion wins, so the inclusion gives this group nothing: remove one of them.`,
        related: [{ offset: include.target!.offset, length: include.target!.length, message: `Included by ${assignmentLabel(include)}` }],
      });
    }
  },
};
