// Bind to app…: binds an *.assign.json to an Intune app in the nearest intune-assign.config.json within its
// workspace folder (one is made at the folder's root when there is none), as the command line and CI read it.
// The app's name and the tenant are recorded with it, and the names of the groups and filters the file uses
// when the tenant lets them be read (promotion by name maps by them). An app bound to another file moves here,
// when the user says so. Only in a trusted workspace (the commands ask for trust first).
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { isAssignDocument } from '../../../common/src/constants';
import type { RecordedNames } from '../../../core/src';
import type { Assignment } from '../../../graph/src/intuneApps';
import { DirectoryUnavailable, TenantDirectory, tenantKey } from '../../../graph/src/tenant/directory';
import { idsInUse, namesInUse } from '../../../graph/src/workspace/promote';
import { type AppChoice, pickApp } from '../appPicker';
import type { Connected } from '../session';
import { graphVersionOf, type SendingContext, UsageProblem } from './context';

export async function bindToApp(ctx: SendingContext, uri?: vscode.Uri): Promise<AppChoice | undefined> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target || !isAssignDocument(target.path)) throw new UsageProblem('Bind to app… binds an *.assign.json: open one, or choose one in the Explorer.');
  if (!ctx.bindings.configFor(target)) throw new UsageProblem(`${basename(target.path)} is not a file of a workspace folder on disk: only those can be bound (in the folder's intune-assign.config.json).`);
  const connected = await ctx.session.connect(graphVersionOf(target));
  const chosen = await pickApp(connected.apps, ctx.targets.recent(connected.settings.cloud), `Intune Assign: bind ${basename(target.path)} to which app?`);
  if (!chosen) return undefined;
  const elsewhere = ctx.bindings.current.bindings.find((b) => b.appId.toLowerCase() === chosen.id.toLowerCase() && b.path !== target.fsPath);
  if (elsewhere) {
    const move = 'Move the binding here';
    const answer = await vscode.window.showWarningMessage(`"${chosen.displayName}" is bound to ${basename(elsewhere.path)}.`, { modal: true, detail: 'An app is bound to one file: applying would otherwise post both files to it.' }, move);
    if (answer !== move) return undefined;
  }
  const document = await vscode.workspace.openTextDocument(target);
  const names = await namesOf(ctx, connected, document.getText());
  // The target tells the language server the app's type (TenantData).
  const where = await ctx.targets.set(target, connected.settings.cloud, chosen, connected.account.tenantId, names);
  if (where.bound) {
    void vscode.window.showInformationMessage(`Intune Assign: ${basename(target.path)} is bound to "${chosen.displayName}" in ${basename(ctx.bindings.configFor(target) ?? 'intune-assign.config.json')}.`);
  } else {
    void vscode.window.showWarningMessage(`Intune Assign: not bound (${where.why}): "${chosen.displayName}" is remembered for ${basename(target.path)} in this editor only.`);
  }
  return chosen;
}

/** The names of the groups and filters the document uses, if the tenant lets them be read (else none). */
async function namesOf(ctx: SendingContext, connected: Connected, text: string): Promise<RecordedNames> {
  let assignments: Assignment[] = [];
  try {
    const parsed = JSON.parse(text) as { mobileAppAssignments?: unknown };
    if (Array.isArray(parsed.mobileAppAssignments)) assignments = parsed.mobileAppAssignments.filter((a): a is Assignment => a !== null && typeof a === 'object' && typeof (a as Assignment).target === 'object' && (a as Assignment).target !== null);
  } catch {
    return {};
  }
  const ids = idsInUse(assignments);
  if (!ids.groups.length && !ids.filters.length) return {};
  const beta = connected.apps.client.baseUrl.endsWith('/beta') ? connected : await ctx.session.connect('beta');
  const directory = new TenantDirectory({ client: beta.apps.client, tenant: tenantKey(connected.settings.cloud, connected.account.tenantId), log: ctx.log });
  try {
    return (await namesInUse(directory, assignments, true)).names;
  } catch (error) {
    if (!(error instanceof DirectoryUnavailable)) throw error;
    ctx.log.warn('graph', `The names of the file's groups and filters were not recorded: ${error.message}`);
    return {};
  }
}
