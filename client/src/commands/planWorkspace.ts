// Refresh, Plan workspace and the diff of one app: the workspace planned against the signed-in tenant in one
// batched read, with progress and cancel; the Intune Apps view shows each file's state, each app's diff is one
// click away (the diff editor, as Send assign shows it), and Plan workspace says the summary, with the whole plan
// (the Markdown a pull request gets) one click away. Nothing is sent.
import * as vscode from 'vscode';
import { planMarkdown, summaryLine } from '../../../graph/src/workspace/format';
import { type EditorPlan, planEditorWorkspace } from '../workspacePlan';
import { type SendingContext, UsageProblem, withProgress } from './context';
import { COMMAND } from './names';

/** Plans with a cancellable notification that says what it reads. */
export async function planWithProgress(ctx: SendingContext, title: string, only?: string[]): Promise<EditorPlan> {
  if (!ctx.bindings.current.bindings.length && !ctx.bindings.current.problems.length) {
    throw new UsageProblem('No file is bound to an Intune app in this workspace: use "Bind to app…" on an *.assign.json, or intune-assign pull --all to make a workspace of a tenant.');
  }
  return withProgress(ctx, title, async (signal, progress) => {
    const plan = await planEditorWorkspace({ session: ctx.session, bindings: ctx.bindings, signal, onProgress: (message) => progress.report({ message }) }, only);
    // A plan of some files only is theirs alone: the view keeps the last whole plan.
    if (!only) ctx.status.set(plan);
    return plan;
  });
}

export async function refreshApps(ctx: SendingContext): Promise<EditorPlan> {
  return planWithProgress(ctx, 'checking the bound apps against the tenant');
}

export async function planWorkspace(ctx: SendingContext): Promise<EditorPlan> {
  const plan = await planWithProgress(ctx, 'planning the workspace');
  await vscode.commands.executeCommand('intuneAssign.apps.focus');
  const line = summaryLine(plan.plan);
  ctx.log.info('graph', `Plan (tenant ${plan.tenantId}): ${line}`);
  const actions = ['Show plan', ...(plan.plan.apps.some((a) => a.state === 'changes' || a.state === 'not-sent') ? ['Apply workspace'] : [])];
  void vscode.window.showInformationMessage(`Intune Assign: plan: ${line}`, ...actions).then((choice) => {
    if (choice === 'Show plan') void vscode.commands.executeCommand(COMMAND.showPlan);
    if (choice === 'Apply workspace') void vscode.commands.executeCommand(COMMAND.applyWorkspace);
  });
  return plan;
}

/** The diff of one bound file's app, from the last plan (planned first if need be). */
export async function showAppDiff(ctx: SendingContext, path?: string): Promise<void> {
  const target = typeof path === 'string' ? path : vscode.window.activeTextEditor?.document.uri.fsPath;
  if (!target) throw new UsageProblem('Choose a bound file in the Intune Apps view.');
  let planned = ctx.status.lastPlan?.plan.apps.find((a) => a.entry.file === target);
  if (!planned) planned = (await planWithProgress(ctx, 'planning the file', [target])).plan.apps.find((a) => a.entry.file === target);
  if (!planned || !('plan' in planned)) throw new UsageProblem(planned && 'message' in planned ? planned.message : 'This file is not bound to an app.');
  await ctx.preview.show(planned.plan);
}

/** The last plan in full, as the Markdown a pull-request comment gets. */
export async function showPlan(ctx: SendingContext): Promise<vscode.TextDocument> {
  const last = ctx.status.lastPlan ?? (await planWithProgress(ctx, 'planning the workspace'));
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: planMarkdown(last.plan, `Intune Assign plan (tenant ${last.tenantId})`) });
  await vscode.window.showTextDocument(document, { preview: true });
  return document;
}
