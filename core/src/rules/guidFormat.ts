// Rule guid-format: group ids, filter ids and *ConfigurationId values must be GUIDs.
import { replaceValueFix } from '../fixes';
import type { Rule } from './ruleTypes';

const NAME = 'guid-format';
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const guidFormat: Rule = {
  name: NAME,
  severity: 'error',
  description: 'A group id, filter id or *ConfigurationId that is not a GUID.',
  rationale: 'These are object ids. A display name where an id goes is the most common mistake; Graph answers a bare 400, or accepts an id that later shows as a deleted group.',
  property(visit, ctx) {
    const value = visit.value;
    if (visit.info?.format !== 'guid' || value?.type !== 'string') return;
    const text = value.value as string;
    if (GUID.test(text)) return;
    const braced = /^\{(.*)\}$/.exec(text);
    if (braced && GUID.test(braced[1])) {
      ctx.report({
        rule: NAME,
        offset: value.offset,
        length: value.length,
        message: `Write the GUID without braces: "${braced[1]}".`,
        fixes: [replaceValueFix('Remove the braces', value, braced[1])],
      });
      return;
    }
    const looksLikeName = /\s/.test(text) || /[g-z]/i.test(text);
    ctx.report({
      rule: NAME,
      offset: value.offset,
      length: value.length,
      message: text === ''
        ? `"${visit.name}" is empty: it needs a GUID such as "0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f0".`
        : `"${visit.name}" must be a GUID (8-4-4-4-12 hexadecimal digits)${looksLikeName ? ', not a display name: use the object id shown in the Entra or Intune admin center' : ''}.`,
    });
  },
};
