// Rule filter-not-found: an assignment filter id the tenant has no filter for, as the tenant facts a shell read
// say; ids the facts do not know are not judged. An error: Intune refuses an assignment naming a filter it
// cannot find ("Scope Tags validation failed : Filters …"), and a configuration never relaxes it for send.
import { staleNote } from '../tenant';
import { GUID } from './guidFormat';
import type { Rule } from './ruleTypes';

const NAME = 'filter-not-found';

export const filterNotFound: Rule = {
  name: NAME,
  severity: 'error',
  description: 'An assignment filter id the signed-in tenant has no filter for (editor with tenant data, lint --online).',
  rationale: 'Intune checks the filters an assignment names and refuses one it cannot find; a filter deleted since the file was written is the usual cause.',
  tenant(summary, facts, ctx) {
    const filter = summary.target?.filter;
    if (!filter || !GUID.test(filter.id) || facts.filters.get(filter.id) !== null) return;
    ctx.report({
      rule: NAME,
      offset: filter.offset,
      length: filter.length,
      message: `The tenant has no assignment filter ${filter.id}: it was deleted, or never existed. Choose the filter again (completion lists the tenant's filters by name), or remove it.${staleNote(facts)}`,
    });
  },
};
