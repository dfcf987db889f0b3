// `intune-assign plan`: what applying the workspace would change, as text, JSON or a pull-request comment.
// Exit codes: 0 (with --detailed-exitcode: no changes), 2 with --detailed-exitcode when something would change,
// 1 when a file, a binding or a name is wrong (see workspace.ts); sign-in and Graph failures as send's.
import { planJson, planMarkdown, planText, summaryLine } from '../../../graph/src/workspace/format';
import { changedApps } from '../../../graph/src/workspace/plan';
import type { ParsedCommand } from '../options';
import { Interrupts } from '../session/interrupts';
import { EXIT } from '../send/spec';
import type { PlanFormat } from './spec';
import { tenantGuarded } from './errors';
import { planFromValues } from './workspace';

/** --detailed-exitcode's "the plan has changes" (Terraform's 2). */
export const EXIT_CHANGES = 2;

export function runPlan({ values }: ParsedCommand): Promise<number> {
  return tenantGuarded(async () => {
    const format = (values.format as PlanFormat | undefined) ?? 'text';
    const interrupts = new Interrupts();
    try {
      const { config, names, plan, connected } = await planFromValues(values, 'read', interrupts);
      const title = `intune-assign plan: ${summaryLine(plan)}`;
      if (format === 'json') process.stdout.write(`${JSON.stringify(planJson(plan), null, 2)}\n`);
      else if (format === 'markdown') process.stdout.write(planMarkdown(plan, `intune-assign plan (tenant ${connected.tenantId})`, names));
      else process.stdout.write(planText(plan, `Workspace ${config}\nTenant   ${connected.who}`, names));
      if (format !== 'text') process.stderr.write(`${title}\n`);
      if (plan.apps.some((a) => a.state === 'invalid' || a.state === 'error')) return EXIT.invalid;
      return values['detailed-exitcode'] === true && changedApps(plan).length > 0 ? EXIT_CHANGES : EXIT.ok;
    } finally {
      interrupts.dispose();
    }
  });
}
