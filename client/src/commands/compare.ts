// Compare with app's current assignments: the diff a send would make, in the diff editor; nothing is sent.
import * as vscode from 'vscode';
import { planSend, summarizeDiff } from '../../../graph/src/send';
import { readSendingSettings } from '../settings';
import { assignDocument, chooseApp, refuse, type SendingContext, validate, withProgress } from './context';

export async function compare(ctx: SendingContext, uri?: vscode.Uri): Promise<void> {
  const document = await assignDocument(uri);
  const validation = await validate(ctx, document);
  if (validation.errors > 0) return refuse(validation);
  const connected = await ctx.session.connect(validation.options.graphVersion);
  const chosen = await chooseApp(ctx, document, connected, false);
  if (!chosen) return;
  const { settings } = readSendingSettings(document.uri);
  const plan = await withProgress(ctx, 'Reading the app and its assignments', async (signal) => {
    const app = await connected.apps.getApp(chosen.id, signal);
    await ctx.tenant.tellAppType(document, app['@odata.type']);
    return planSend({ apps: connected.apps, appId: app.id, app, text: document.getText(), options: validation.options, mode: settings.sendMode, signal });
  });
  await ctx.preview.show(plan, validation.options.graphVersion);
  void vscode.window.showInformationMessage(`Intune Assign: sending to "${plan.app.displayName}" (${plan.mode}) would make ${summarizeDiff(plan.diff)}. Nothing was sent.`);
}
