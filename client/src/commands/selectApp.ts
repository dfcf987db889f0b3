// Select target app…: choose (again) the app a document is sent to; remembered per file (which tells the
// language server the app's type: TenantData).
import type * as vscode from 'vscode';
import type { AppChoice } from '../appPicker';
import { assignDocument, chooseApp, graphVersionOf, type SendingContext } from './context';

export async function selectApp(ctx: SendingContext, uri?: vscode.Uri): Promise<AppChoice | undefined> {
  const document = await assignDocument(uri);
  const connected = await ctx.session.connect(graphVersionOf(document.uri));
  return chooseApp(ctx, document, connected, true);
}
