// Apply workspace: the workspace planned anew, one modal confirmation for all of it (the apps, their counts, and
// loudly what is REMOVED; when something is removed, the default button reviews the plan and sends nothing),
// then each app with changes posted in turn with progress per app. Cancel stops between apps, never during a
// request. Nothing is sent while any bound file or binding has a problem.
import * as vscode from 'vscode';
import type { IntuneApps } from '../../../graph/src/intuneApps';
import { applyChanges, type AppOutcome, describeOutcomes } from '../../../graph/src/workspace/apply';
import { summaryLine, totals } from '../../../graph/src/workspace/format';
import { changedApps } from '../../../graph/src/workspace/plan';
import { type SendingContext, withProgress } from './context';
import { COMMAND } from './names';
import { planWithProgress } from './planWorkspace';

const LISTED = 15;

export async function applyWorkspace(ctx: SendingContext): Promise<AppOutcome[] | undefined> {
  const planned = await planWithProgress(ctx, 'planning the workspace before applying it');
  const { plan, tenantId } = planned;
  const problems = plan.apps.filter((a) => a.state === 'invalid' || a.state === 'error');
  if (problems.length) {
    await vscode.commands.executeCommand('intuneAssign.apps.focus');
    void vscode.window.showErrorMessage(`Intune Assign: nothing was sent. ${problems.length} bound file(s) have problems (see the Intune Apps view): ${'message' in problems[0] ? problems[0].message : ''}`);
    return undefined;
  }
  const changes = changedApps(plan);
  if (!changes.length) {
    void vscode.window.showInformationMessage(`Intune Assign: nothing to apply. ${summaryLine(plan)}`);
    return [];
  }
  const t = totals(plan);
  const account = ctx.session.account;
  const detail = [
    `Tenant: ${tenantId}${account ? ` (${account.cloud})` : ''}`,
    ...(account ? [`Account: ${account.username}`] : []),
    '',
    ...changes.slice(0, LISTED).map((c) => `${c.plan.app.displayName}: +${c.plan.diff.added} added, ${c.plan.diff.changed} changed, ${c.plan.diff.removed} REMOVED`),
    ...(changes.length > LISTED ? [`… and ${changes.length - LISTED} more app(s)`] : []),
    ...(t.removed ? ['', `${t.removed} existing assignment(s) will be REMOVED from ${t.removing.length} app(s): ${t.removing.slice(0, LISTED).join(', ')}.`] : []),
  ].join('\n');
  const apply = t.removed ? `Apply and remove ${t.removed}` : 'Apply';
  // The first button is the one Enter presses: when applying removes assignments, it only shows the plan.
  const buttons = t.removed ? ['Review plan', apply] : [apply];
  const choice = await vscode.window.showWarningMessage(`Apply the workspace to ${changes.length} app(s)? +${t.added} added, ${t.modified} changed, ${t.removed} REMOVED`, { modal: true, detail }, ...buttons);
  if (choice === 'Review plan') {
    await vscode.commands.executeCommand(COMMAND.showPlan);
    return undefined;
  }
  if (choice !== apply) {
    void vscode.window.showInformationMessage('Intune Assign: cancelled. Nothing was sent.');
    return undefined;
  }
  const outcomes = await withProgress(ctx, 'applying', async (signal, progress) => {
    const clients = new Map<string, IntuneApps>();
    for (const c of changes) if (!clients.has(c.plan.version)) clients.set(c.plan.version, (await ctx.session.connect(c.plan.version)).apps);
    return applyChanges((version) => clients.get(version)!, changes, {
      signal,
      onStart: (i, n, p) => progress.report({ message: `${i + 1} of ${n}: "${p.app.displayName}"${signal.aborted ? '' : ' (cancel stops after this app)'}`, increment: 100 / n }),
      onOutcome: (o) => ctx.log[o.result === 'failed' ? 'error' : 'info']('graph', `Apply: ${o.file} -> "${o.displayName}": ${o.result}${o.message ? `: ${o.message}` : ''}`),
    });
  });
  ctx.status.applied(outcomes);
  const summary = `Intune Assign: applied: ${describeOutcomes(outcomes)}.`;
  if (outcomes.some((o) => o.result === 'failed')) {
    const failed = outcomes.filter((o) => o.result === 'failed');
    if ((await vscode.window.showErrorMessage(`${summary} ${failed[0].displayName}: ${failed[0].message ?? ''}`, 'Show log')) === 'Show log') ctx.output.show(true);
  } else void vscode.window.showInformationMessage(summary);
  return outcomes;
}
