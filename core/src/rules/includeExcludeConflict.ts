// Rule include-exclude-conflict: a group both included and excluded.
import { NAMESPACE } from '../graphTypes';
import type { AssignmentSummary, Rule } from './ruleTypes';
import { assignmentLabel } from './targetLabels';

const NAME = 'include-exclude-conflict';
const INCLUDE = `${NAMESPACE}.groupAssignmentTarget`;
const EXCLUDE = `${NAMESPACE}.exclusionGroupAssignmentTarget`;

export const includeExcludeConflict: Rule = {
  name: NAME,
  severity: 'warning',
  description: 'A group both included (groupAssignmentTarget) and excluded (exclusionGroupAssignmentTarget).',
  rationale: 'Exclusion wins over inclusion of the same kind of group, so the inclusion gives that group nothing: usually a mistake.',
  document(visit, ctx) {
    const included = new Map<string, AssignmentSummary>();
    for (const s of visit.summaries) {
      if (s.target?.id && s.target.typeName === INCLUDE && !included.has(s.target.id)) {
        included.set(s.target.id, s);
      }
    }
    for (const s of visit.summaries) {
      if (!s.target?.id || s.target.typeName !== EXCLUDE) continue;
      const include = included.get(s.target.id);
      if (!include) continue;
      ctx.report({
        rule: NAME,
        offset: s.target.offset,
        length: s.target.length,
        message: `Group ${s.target.id} is included by ${assignmentLabel(include)} and excluded here. The exclusion wins, so the inclusion gives this group nothing: remove one of them.`,
        related: [{ offset: include.target!.offset, length: include.target!.length, message: `Included by ${assignmentLabel(include)}` }],
      });
    }
  },
};
