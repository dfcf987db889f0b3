// What every command shares: the context it runs in, the document it works on, the language server's verdict,
// progress with cancellation and throttling waits, the app a document goes to, and the failures a command
// turns into messages (report.ts). Nothing here runs in Restricted Mode: the commands ask for trust first.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DEFAULT_SETTINGS, GRAPH_VERSIONS, type GraphVersion, isAssignDocument, SETTINGS_SECTION } from '../../../common/src/constants';
import { ValidateRequest, type ValidateResult } from '../../../common/src/protocol';
import { refusalMessage } from '../../../graph/src/sendFlow';
import type { Logger } from '../../../graph/src/log';
import { type AppChoice, pickApp } from '../appPicker';
import type { PreviewProvider } from '../preview';
import type { Connected, SigningSession } from '../session';
import type { Bindings } from '../bindings';
import type { Targets } from '../targets';
import type { TenantData } from '../tenantData';
import type { WorkspaceStatus } from '../workspacePlan';

/** The user gave up at a step: nothing more to say. */
export class Cancelled extends Error {}

/** The command cannot run as asked (no assign document open, ...): said as it is. */
export class UsageProblem extends Error {}

export interface SendingContext {
  client: LanguageClient;
  session: SigningSession;
  targets: Targets;
  /** The workspace's bindings of files to apps (intune-assign.config.json). */
  bindings: Bindings;
  /** The last plan of the workspace and what applying did since. */
  status: WorkspaceStatus;
  preview: PreviewProvider;
  log: Logger;
  /** Problems Graph reported, placed on the property they name. */
  graphProblems: vscode.DiagnosticCollection;
  output: vscode.OutputChannel;
  /** The tenant's group and filter names for the language server. */
  tenant: TenantData;
}

/** Sending and pulling need a trusted workspace: a cloned repository must not drive them. */
export async function requireTrust(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(
    'Intune Assign: sending, pulling and signing in are disabled in Restricted Mode. The language features still work. Trust this workspace to use them.',
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** The *.assign.json the command is for: the one given (code lens, title bar) or the active editor's. */
export async function assignDocument(uri: vscode.Uri | undefined): Promise<vscode.TextDocument> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target || !isAssignDocument(target.path)) {
    throw new UsageProblem('Open an *.assign.json file first: Intune Assign sends the document in the active editor.');
  }
  return vscode.workspace.openTextDocument(target);
}

export function graphVersionOf(resource?: vscode.Uri): GraphVersion {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION, resource).get<string>('graphVersion');
  return (GRAPH_VERSIONS as readonly string[]).includes(value ?? '') ? (value as GraphVersion) : DEFAULT_SETTINGS.graphVersion;
}

export async function validate(ctx: SendingContext, document: vscode.TextDocument): Promise<ValidateResult> {
  return ctx.client.sendRequest(ValidateRequest, { uri: ctx.client.code2ProtocolConverter.asUri(document.uri) });
}

export async function refuse(result: ValidateResult): Promise<void> {
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  void vscode.window.showErrorMessage(`Intune Assign: ${refusalMessage(result)}`);
}

/** Runs network work in a cancellable notification that shows throttling waits (and what `work` reports). */
export function withProgress<T>(ctx: SendingContext, title: string, work: (signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }>) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Intune Assign: ${title}`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const subscriptions = [
        token.onCancellationRequested(() => abort.abort()),
        ctx.session.onDidRetry(({ delayMs, reason, attempt }) => progress.report({ message: `${reason}: waiting ${(delayMs / 1000).toFixed(1)} s before attempt ${attempt}…` })),
      ];
      try {
        return await work(abort.signal, progress);
      } catch (error) {
        if (abort.signal.aborted) throw new Cancelled(`${title}: cancelled.`);
        throw error;
      } finally {
        for (const s of subscriptions) s.dispose();
      }
    }),
  );
}

/** The app the document goes to: the remembered one, or the user's pick (then remembered). */
export async function chooseApp(ctx: SendingContext, document: vscode.TextDocument, connected: Connected, force: boolean): Promise<AppChoice | undefined> {
  const cloud = connected.settings.cloud;
  const remembered = force ? undefined : ctx.targets.get(document.uri, cloud, connected.account.tenantId);
  if (remembered) return remembered;
  const picked = await pickApp(connected.apps, ctx.targets.recent(cloud));
  if (picked) await ctx.targets.set(document.uri, cloud, picked, connected.account.tenantId);
  return picked;
}
