// Rule empty-assignments: an empty list, which removes every assignment of the app.
import type { Rule } from './ruleTypes';

const NAME = 'empty-assignments';

export const emptyAssignments: Rule = {
  name: NAME,
  severity: 'warning',
  description: 'An empty "mobileAppAssignments" list.',
  rationale: 'assign replaces the app\'s whole assignment list: an empty list removes every assignment the app has.',
  document(visit, ctx) {
    const array = visit.assignmentsArray;
    if (!array || (array.children?.length ?? 0) > 0) return;
    ctx.report({
      rule: NAME,
      offset: array.offset,
      length: array.length,
      message: 'An empty list REMOVES every assignment the app has. Send it only if that is what you want; otherwise add the assignments to keep.',
    });
  },
};
