// Select target app…: choose (again) the app a document is sent to; remembered per file.
import type * as vscode from 'vscode';
import type { AppChoice } from '../appPicker';
import { assignDocument, chooseApp, graphVersionOf, type SendingContext, tellAppType } from './context';

export async function selectApp(ctx: SendingContext, uri?: vscode.Uri): Promise<AppChoice | undefined> {
  const document = await assignDocument(uri);
  const connected = await ctx.session.connect(graphVersionOf(document.uri));
  const chosen = await chooseApp(ctx, document, connected, true);
  if (chosen) await tellAppType(ctx, document, chosen);
  return chosen;
}
