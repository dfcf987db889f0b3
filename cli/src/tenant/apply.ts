// `intune-assign apply`: the plan, one confirmation for all of it (what is REMOVED said loudly; a prompt on a
// terminal, --yes otherwise; no terminal and no --yes sends nothing: exit 5), then each app that changes, in
// turn (graph/src/workspace/apply.ts). Ctrl-C stops between apps. Exit 4 when an app failed, 130 when stopped
// before the end, 0 when every change was applied (or held for approval).
import { IntuneApps } from '../../../graph/src/intuneApps';
import { printable } from '../../../graph/src/log';
import { applyChanges, type AppOutcome, describeOutcomes } from '../../../graph/src/workspace/apply';
import { planText, summaryLine, totals } from '../../../graph/src/workspace/format';
import { changedApps, type WorkspacePlan } from '../../../graph/src/workspace/plan';
import type { ParsedCommand } from '../options';
import { Interrupts } from '../session/interrupts';
import { EXIT } from '../send/spec';
import { tenantGuarded } from './errors';
import { planFromValues, say } from './workspace';

export function runApply({ values }: ParsedCommand): Promise<number> {
  return tenantGuarded(async () => {
    const interrupts = new Interrupts();
    try {
      const { config, names, plan, connected } = await planFromValues(values, 'write', interrupts, values.only as string[] | undefined);
      process.stdout.write(planText(plan, `Workspace ${config}\nTenant   ${connected.who}`, names));
      if (plan.apps.some((a) => a.state === 'invalid' || a.state === 'error')) {
        say('Nothing was sent: fix the problems above and plan again.');
        return EXIT.invalid;
      }
      const changes = changedApps(plan);
      if (!changes.length) {
        process.stdout.write('\nNothing to apply.\n');
        return EXIT.ok;
      }
      if (!(await confirm(plan, connected.who, values.yes === true, interrupts))) return EXIT.notConfirmed;
      let stopped = false;
      const outcomes = await interrupts.during((signal) => {
        signal.addEventListener('abort', () => (stopped = true), { once: true });
        return applyChanges((version) => new IntuneApps(connected.session.client(version)), changes, {
          signal,
          justification: values.justification as string | undefined,
          onStart: (i, n, p) => process.stderr.write(`[${i + 1}/${n}] Sending ${p.body.mobileAppAssignments.length} assignment(s) to "${printable(p.app.displayName)}"...\n`),
          onOutcome: (o) => process.stdout.write(line(o)),
        });
      });
      process.stdout.write(`\nApplied: ${describeOutcomes(outcomes)}.\n`);
      if (outcomes.some((o) => o.result === 'failed')) return EXIT.graph;
      if (stopped && outcomes.some((o) => o.result === 'not-tried')) return EXIT.interrupted;
      return EXIT.ok;
    } finally {
      interrupts.dispose();
    }
  });
}

function line(o: AppOutcome): string {
  const what = { succeeded: 'succeeded', 'pending-approval': 'held for approval', failed: 'FAILED', 'not-tried': 'not tried' }[o.result];
  const detail = o.message ? `: ${printable(o.message)}` : o.requestId ? ` (request-id ${printable(o.requestId)})` : '';
  return `  ${what.padEnd(17)} ${printable(o.file)} -> "${printable(o.displayName)}"${detail}\n`;
}

async function confirm(plan: WorkspacePlan, who: string, yes: boolean, interrupts: Interrupts): Promise<boolean> {
  if (yes) return true;
  const t = totals(plan);
  const removal = t.removed ? ` This REMOVES ${t.removed} assignment(s) from ${t.removing.length} app(s).` : '';
  return interrupts.confirm(`\nApply to ${printable(who)}: ${summaryLine(plan)}${removal} Type yes to apply: `, 'Not applied');
}
