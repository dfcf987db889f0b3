// Rule national-cloud-unsupported: deliveryOptimizationPriority "foreground" outside the global cloud.
import { replaceValueFix } from '../fixes';
import type { Rule } from './ruleTypes';

const NAME = 'national-cloud-unsupported';
/** Clouds where the service supports everything the metadata describes. */
export const GLOBAL_LIKE: readonly string[] = ['global', 'sandbox'];

export const nationalCloudUnsupported: Rule = {
  name: NAME,
  severity: 'warning',
  description: '"deliveryOptimizationPriority": "foreground" when the cloud is not the global one.',
  rationale: 'The metadata says Delivery Optimization priority is not supported in national cloud environments.',
  property(visit, ctx) {
    const value = visit.value;
    if (!visit.info?.globalCloudOnly || GLOBAL_LIKE.includes(ctx.options.cloud)) return;
    if (value?.type !== 'string' || (value.value as string).toLowerCase() !== 'foreground') return;
    ctx.report({
      rule: NAME,
      offset: value.offset,
      length: value.length,
      message: `"${visit.name}": "foreground" is not supported in national clouds (the cloud is ${ctx.options.cloud}). Use "notConfigured".`,
      fixes: [replaceValueFix('Change to "notConfigured"', value, 'notConfigured')],
    });
  },
};
