// Rule unknown-future-value: "unknownFutureValue" is Graph's evolvable-enum sentinel, not a value to send.
import { replaceValueFix } from '../fixes';
import { enumValues, Rule } from './ruleTypes';

const NAME = 'unknown-future-value';
const SENTINEL = 'unknownFutureValue';

export const unknownFutureValue: Rule = {
  name: NAME,
  severity: 'warning',
  description: '"unknownFutureValue" used as a value.',
  rationale: 'Graph marks its evolvable-enum sentinel "do not use": it stands for members added later, not for a setting.',
  property(visit, ctx) {
    for (const value of enumValues(visit, ctx.types)) {
      if (value.value !== SENTINEL) continue;
      const others = (ctx.types.enum(visit.info!.type)?.members ?? []).filter((m) => m.name !== SENTINEL);
      ctx.report({
        rule: NAME,
        offset: value.offset,
        length: value.length,
        message: `"${SENTINEL}" is Graph's placeholder for values added later, not a setting. Use one of ${others.map((m) => m.name).join(', ')}.`,
        fixes: others.map((m) => replaceValueFix(`Change to "${m.name}"`, value, m.name, false)),
      });
    }
  },
};
