// Rule odata-type-casing: an @odata.type value that names a known type except for its case.
import type { Rule } from './ruleTypes';

const NAME = 'odata-type-casing';

export const odataTypeCasing: Rule = {
  name: NAME,
  severity: 'warning',
  description: 'An "@odata.type" value that names a known type except for its case, such as "#microsoft.graph.Win32LobAppAssignmentSettings".',
  rationale:
    'Graph resolves such names (a widely used tool has sent one for years without a reported failure), but it answers with the exact name, so tools that compare payloads see a difference.',
  typeReference(visit, ctx) {
    const resolution = visit.resolution;
    if (resolution?.kind !== 'ok' || !resolution.caseDiffers) return;
    const value = visit.property!.children![1];
    // Keep the writer's '#' (or its absence: odata-type-prefix speaks to that), so both fixes can apply together.
    const exact = `${visit.raw!.startsWith('#') ? '#' : ''}${resolution.name}`;
    ctx.report({
      rule: NAME,
      offset: value.offset,
      length: value.length,
      message: `Write "${exact}" as Graph does: it accepts "${visit.raw}" but answers with the exact name.`,
      fixes: [{ title: `Change to "${exact}"`, preferred: true, edits: [{ offset: value.offset, length: value.length, text: JSON.stringify(exact) }] }],
    });
  },
};
