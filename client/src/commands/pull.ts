// Pull assignments from app…: an app's current assignments as a new, unsaved *.assign.json, bound to that app.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../../common/src/constants';
import { toDocument } from '../../../graph/src/send';
import { shortType } from '../../../graph/src/intuneApps';
import { pickApp } from '../appPicker';
import { graphVersionOf, type SendingContext, withProgress } from './context';

export async function pull(ctx: SendingContext): Promise<vscode.TextDocument | undefined> {
  const version = graphVersionOf(vscode.workspace.workspaceFolders?.[0]?.uri);
  const connected = await ctx.session.connect(version);
  const chosen = await pickApp(connected.apps, ctx.targets.recent(connected.settings.cloud), 'Intune Assign: pull the assignments of which app?');
  if (!chosen) return undefined;
  const assignments = await withProgress(ctx, `Reading the assignments of "${chosen.displayName}"`, (signal) => connected.apps.listAssignments(chosen.id, signal));
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${chosen.displayName.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).toLowerCase() || chosen.id}.assign.json`;
  const uri = folder ? vscode.Uri.joinPath(folder, name).with({ scheme: 'untitled' }) : vscode.Uri.from({ scheme: 'untitled', path: name });
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), toDocument(assignments, version));
  await vscode.workspace.applyEdit(edit);
  const shown = await vscode.window.showTextDocument(document);
  if (shown.document.languageId !== LANGUAGE_ID) await vscode.languages.setTextDocumentLanguage(shown.document, LANGUAGE_ID);
  // The target tells the language server the app's type (TenantData).
  await ctx.targets.set(uri, connected.settings.cloud, chosen);
  ctx.log.info('graph', `Pulled ${assignments.length} assignment(s) of "${chosen.displayName}" (${shortType(chosen.type)}).`);
  return document;
}
