// Rule filter-platform-mismatch: an assignment filter made for another platform than the app's: an iOS filter
// on a Win32 app. The app's platform comes from the app's type when known (the app the document is bound or sent
// to), else from the app types its settings type is made for; a filter's platform from the tenant facts. A
// warning: the admin center offers only filters of the app's platform, but no source shows Graph refusing one.
import { withArticle } from '../graphTypes';
import { FAMILY_NAMES, assignmentFamily, filterFamily, staleNote } from '../tenant';
import { platformName } from '../../../common/src/tenant';
import type { Rule } from './ruleTypes';

const NAME = 'filter-platform-mismatch';

export const filterPlatformMismatch: Rule = {
  name: NAME,
  severity: 'warning',
  description: "An assignment filter of another platform than the app's (its type, else its settings' type), with tenant data.",
  rationale: "A filter only matches devices of its own platform: in include mode the assignment reaches nobody, in exclude mode it excludes nobody.",
  tenant(summary, facts, ctx) {
    const ref = summary.target?.filter;
    const filter = ref ? facts.filters.get(ref.id) : undefined;
    if (!ref || !filter || ref.mode === 'none') return;
    const theirs = filterFamily(filter.platform);
    const app = assignmentFamily(ctx.types, ctx.options.appType, summary.settingsType);
    if (!theirs || !app || theirs === app.family) return;
    const effect =
      ref.mode === 'exclude'
        ? 'it can exclude no device the app installs on, so the assignment applies as if it had no filter'
        : 'no device the app installs on can match it, so the assignment reaches nobody';
    ctx.report({
      rule: NAME,
      offset: ref.offset,
      length: ref.length,
      message: `The filter "${filter.displayName}" is for ${platformName(filter.platform)} devices, and this is ${withArticle(FAMILY_NAMES[app.family])} app (${app.from}): ${effect}. Use ${withArticle(FAMILY_NAMES[app.family])} filter.${staleNote(facts)}`,
    });
  },
};
