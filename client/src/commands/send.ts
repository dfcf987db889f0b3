// Send assign: the editor's side of the one send flow (graph/src/sendFlow.ts). It supplies the steps' UI: the
// language server's verdict, sign-in, the app picker (remembered per file), the diff editor and the modal
// confirmation that may switch between replace and merge, progress and cancellation, and the Multi Admin
// Approval justification. Nothing is sent without a clean validation and a confirmation.
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, type GraphVersion } from '../../../common/src/constants';
import type { IntuneApps } from '../../../graph/src/intuneApps';
import { summarizeDiff } from '../../../graph/src/send';
import { confirmation, runSend, type SendResult, type SendSteps } from '../../../graph/src/sendFlow';
import { toChoice } from '../appPicker';
import type { Connected } from '../session';
import { readSendingSettings } from '../settings';
import { assignDocument, chooseApp, refuse, type SendingContext, validate, withProgress } from './context';

export async function send(ctx: SendingContext, uri?: vscode.Uri): Promise<SendResult | undefined> {
  const document = await assignDocument(uri);
  ctx.graphProblems.delete(document.uri);
  const { settings } = readSendingSettings(document.uri);
  let connected: Connected | undefined;
  let version: GraphVersion = DEFAULT_SETTINGS.graphVersion;
  const steps: SendSteps = {
    validate: () => validate(ctx, document),
    refuse,
    connect: async (graphVersion) => {
      version = graphVersion;
      connected = await ctx.session.connect(graphVersion);
      return connected;
    },
    chooseApp: (apps: IntuneApps) => chooseApp(ctx, document, { ...connected!, apps }, false),
    // Setting the target tells the language server the app's type (TenantData).
    appKnown: async (app) => {
      await ctx.targets.set(document.uri, connected!.settings.cloud, toChoice(app), connected!.account.tenantId);
    },
    progress: (title, work) => withProgress(ctx, title, work),
    review: async (plan) => {
      await ctx.preview.show(plan, version);
      const words = confirmation(plan, connected!.account);
      // The first button is the dialog's default, which Enter presses: when sending removes assignments, the
      // default is the other mode (merge), never the removal.
      const buttons = plan.diff.removed > 0 ? [words.switchTo.label, words.send] : [words.send, words.switchTo.label];
      const choice = await vscode.window.showWarningMessage(words.message, { modal: true, detail: words.detail }, ...buttons);
      if (choice === words.send) return { action: 'send' };
      if (choice === words.switchTo.label) return { action: 'switch', mode: words.switchTo.mode };
      return { action: 'cancel' };
    },
    justification: (app) =>
      Promise.resolve(
        vscode.window.showInputBox({
          title: `Multi Admin Approval protects "${app.displayName}"`,
          prompt: 'Another administrator must approve this change. Say why it is needed (sent with the request for approval).',
          ignoreFocusOut: true,
          validateInput: (value) => (value.trim() ? undefined : 'A justification is required.'),
        }),
      ),
  };
  const result = await runSend(steps, { text: () => document.getText(), mode: settings.sendMode });
  announce(ctx, result);
  return result;
}

function announce(ctx: SendingContext, result: SendResult): void {
  if (result.result === 'cancelled') {
    ctx.log.info('graph', `Send cancelled at the ${result.at} step; nothing was sent.`);
    void vscode.window.showInformationMessage('Intune Assign: cancelled. Nothing was sent.');
    return;
  }
  if (result.result === 'uncertain') {
    // The POST failed or was cancelled after it may have reached Graph: say what the app has now.
    const { plan, after } = result;
    const app = `"${plan.app.displayName}"`;
    const state =
      after.state === 'applied'
        ? `Read again, ${app} has exactly what was sent: the change was applied.`
        : after.state === 'unchanged'
          ? `Read again, ${app} is unchanged: the change was not applied; sending again is safe.`
          : after.state === 'other'
            ? `Read again, ${app} has neither what it had nor what was sent: compare before sending again.`
            : `Reading ${app} again failed: the change may or may not have been applied; compare before sending again.`;
    ctx.log.warn('graph', `${result.message} ${state}`);
    void vscode.window.showWarningMessage(`Intune Assign: ${result.message} ${state}`);
    return;
  }
  if (result.result !== 'sent') return;
  const { plan, outcome } = result;
  if (outcome.outcome === 'pending-approval') {
    const id = String(outcome.approval.id ?? outcome.requestId ?? 'unknown');
    ctx.log.info('graph', `Submitted to "${plan.app.displayName}" for Multi Admin Approval (approval request ${id}).`);
    void vscode.window.showInformationMessage(
      `Intune Assign: pending approval. The change to "${plan.app.displayName}" waits for another administrator (approval request ${id}); nothing changes until it is approved.`,
    );
    return;
  }
  ctx.log.info('graph', `Sent ${plan.body.mobileAppAssignments.length} assignment(s) to "${plan.app.displayName}" (${summarizeDiff(plan.diff)}; request-id ${outcome.requestId ?? 'not given'}).`);
  void vscode.window.showInformationMessage(
    `Intune Assign: sent. "${plan.app.displayName}" now has ${plan.body.mobileAppAssignments.length} assignment(s) (${summarizeDiff(plan.diff)}). Request id: ${outcome.requestId ?? 'not given'}.`,
  );
}
