// Rule group-not-found: a group or exclusion target whose groupId the tenant has no group for (never created,
// or deleted), as the tenant facts a shell read say; ids the facts do not know are not judged. An error by
// default: the assignment can reach nobody. Graph does not refuse it (it keeps the assignment, which Intune
// shows as a group deleted from Entra ID), so a configuration may turn the rule down for send too: a deleted
// group restored within 30 days keeps its id.
import { isGroupTarget, staleNote } from '../tenant';
import { GUID } from './guidFormat';
import type { Rule } from './ruleTypes';

const NAME = 'group-not-found';

export const groupNotFound: Rule = {
  name: NAME,
  severity: 'error',
  relaxableForSend: true,
  description: 'A groupId the signed-in tenant has no group for: deleted, or never there (editor with tenant data, lint --online).',
  rationale: 'An assignment to a group that does not exist reaches nobody; Graph keeps it silently and the admin center shows it as a group deleted from Entra ID.',
  tenant(summary, facts, ctx) {
    const target = summary.target;
    // Not a GUID: guid-format's to report, never also this.
    if (!target?.id || !GUID.test(target.id) || !isGroupTarget(target.typeName) || facts.groups.get(target.id) !== null) return;
    ctx.report({
      rule: NAME,
      offset: target.offset,
      length: target.length,
      message: `The tenant has no group ${target.id}: it was deleted, or never existed. An assignment to it reaches nobody; choose the group again (completion lists the tenant's groups by name).${staleNote(facts)}`,
    });
  },
};
