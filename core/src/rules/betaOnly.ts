// Rule beta-only: a type, property or enum value that Graph v1.0 lacks, when the document targets v1.0.
import { localName } from '../graphTypes';
import { enumValues, Rule, RuleContext } from './ruleTypes';

const NAME = 'beta-only';
const SWITCH = 'Remove it, or set the Graph version to beta (intuneAssign.graphVersion / graphVersion in the configuration).';

export const betaOnly: Rule = {
  name: NAME,
  severity: 'error',
  description: 'A type, property or enum value that only Graph beta has, while the Graph version is v1.0.',
  rationale: 'v1.0 lacks assignment filters, the DDM, WinGet, catalog and Android managed-store settings and more; it rejects what it does not know.',
  typeReference(visit, ctx) {
    if (!isV1(ctx) || visit.resolution?.kind !== 'ok' || !visit.resolution.betaOnly) return;
    const value = visit.property!.children![1];
    report(ctx, value, `${localName(visit.resolution.name)} exists only in Graph beta. ${SWITCH}`);
  },
  property(visit, ctx) {
    // Inside an object whose type only beta has, the type's own finding says it all.
    if (!isV1(ctx) || ctx.types.isBetaOnlyType(visit.owner.typeName)) return;
    if (visit.betaOnly) {
      report(ctx, visit.key, `"${visit.name}" exists only in Graph beta. ${SWITCH}`);
      return;
    }
    for (const value of enumValues(visit, ctx.types)) {
      if (ctx.types.isBetaOnlyEnumMember(visit.info!.type, value.value as string)) {
        report(ctx, value, `"${value.value}" exists only in Graph beta. ${SWITCH}`);
      }
    }
  },
};

function isV1(ctx: RuleContext): boolean {
  return ctx.options.graphVersion !== 'beta';
}

function report(ctx: RuleContext, node: { offset: number; length: number }, message: string): void {
  ctx.report({ rule: NAME, offset: node.offset, length: node.length, message });
}
