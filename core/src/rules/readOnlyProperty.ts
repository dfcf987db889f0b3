// Rule read-only-property: properties the service computes (source, sourceId).
import { removePropertyFix } from '../fixes';
import type { Rule } from './ruleTypes';

const NAME = 'read-only-property';

export const readOnlyProperty: Rule = {
  name: NAME,
  severity: 'warning',
  description: 'A property the service computes, such as "source" or "sourceId".',
  rationale: 'The metadata marks them Computed and read-only: sending them changes nothing, and they hide what the payload really sets.',
  property(visit, ctx) {
    if (!visit.info?.readOnly) return;
    ctx.report({
      rule: NAME,
      offset: visit.key.offset,
      length: visit.key.length,
      message: `"${visit.name}" is computed by the service; sending it has no effect. Remove it.`,
      fixes: [removePropertyFix(`Remove "${visit.name}"`, visit.node)],
    });
  },
};
