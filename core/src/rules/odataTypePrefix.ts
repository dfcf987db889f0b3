// Rule odata-type-prefix: an @odata.type value without its leading '#'.
import type { Rule } from './ruleTypes';

const NAME = 'odata-type-prefix';

export const odataTypePrefix: Rule = {
  name: NAME,
  severity: 'warning',
  description: 'An "@odata.type" value without the leading "#".',
  rationale: 'OData writes type names in @odata.type with a leading "#"; Graph\'s responses always do, and tools that compare payloads expect it.',
  typeReference(visit, ctx) {
    if (visit.resolution?.kind !== 'ok' || visit.raw?.startsWith('#')) return;
    const value = visit.property!.children![1];
    ctx.report({
      rule: NAME,
      offset: value.offset,
      length: value.length,
      message: `Write the type with a leading '#': "#${visit.raw}".`,
      fixes: [{ title: `Add '#': "#${visit.raw}"`, preferred: true, edits: [{ offset: value.offset + 1, length: 0, text: '#' }] }],
    });
  },
};
