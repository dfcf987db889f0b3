// The sending commands of the editor: Send assign, Pull assignments from app…, Compare with app's current
// assignments, Select target app…, Sign in, Sign out. A thin shell: validation is the language server's, the
// plan, diff and POST are the sending core's; this file supplies the UI of each step (progress, pickers, the
// diff editor, the modal confirmation) and turns failures into messages that say what to do. Nothing runs in
// Restricted Mode, and nothing is sent without a clean validation and a confirmation.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DEFAULT_SETTINGS, GRAPH_VERSIONS, GraphVersion, isAssignDocument, LANGUAGE_ID, SETTINGS_SECTION } from '../../common/src/constants';
import { AppTypeNotification, ValidateRequest, ValidateResult } from '../../common/src/protocol';
import { SignInCancelled, SignInError } from '../../graph/src/auth/signIn';
import { CloudError } from '../../graph/src/clouds';
import { locateGraphError } from '../../graph/src/errorLocation';
import { GraphError, SignInRequiredError } from '../../graph/src/graphClient';
import type { IntuneApps, MobileApp } from '../../graph/src/intuneApps';
import type { Logger } from '../../graph/src/log';
import { AppNotAssignableError, InvalidDocumentError, planSend, summarizeDiff, toDocument } from '../../graph/src/send';
import { AppChoice, pickApp, shortType, toChoice } from './appPicker';
import { PreviewProvider } from './preview';
import { confirmation, runSend, SendResult, SendSteps } from '../../graph/src/sendFlow';
import type { Connected, SigningSession } from './session';
import { readSendingSettings } from './settings';
import type { Targets } from './targets';

export const COMMAND = {
  send: 'intuneAssign.send',
  pull: 'intuneAssign.pull',
  compare: 'intuneAssign.compare',
  selectApp: 'intuneAssign.selectApp',
  signIn: 'intuneAssign.signIn',
  signOut: 'intuneAssign.signOut',
} as const;

/** The user gave up at a step: nothing more to say. */
class Cancelled extends Error {}

export interface SendingContext {
  client: LanguageClient;
  session: SigningSession;
  targets: Targets;
  preview: PreviewProvider;
  log: Logger;
  /** Problems Graph reported, placed on the property they name. */
  graphProblems: vscode.DiagnosticCollection;
  output: vscode.OutputChannel;
}

export function registerCommands(ctx: SendingContext): vscode.Disposable[] {
  const run = <A extends unknown[]>(name: string, handler: (...args: A) => Promise<unknown>) =>
    vscode.commands.registerCommand(name, async (...args: A) => {
      if (!(await requireTrust())) return undefined;
      try {
        return await handler(...args);
      } catch (error) {
        await report(ctx, error);
        return undefined;
      }
    });
  return [
    run(COMMAND.send, (uri?: vscode.Uri) => send(ctx, uri)),
    run(COMMAND.compare, (uri?: vscode.Uri) => compare(ctx, uri)),
    run(COMMAND.selectApp, (uri?: vscode.Uri) => selectApp(ctx, uri)),
    run(COMMAND.pull, () => pull(ctx)),
    run(COMMAND.signIn, async () => {
      const account = await ctx.session.signInNow();
      void vscode.window.showInformationMessage(`Intune Assign: signed in as ${account.username} (tenant ${account.tenantId}, ${account.cloud}).`);
      return account;
    }),
    vscode.commands.registerCommand(COMMAND.signOut, async () => {
      await ctx.session.signOut();
      void vscode.window.showInformationMessage('Intune Assign: signed out. The saved sign-in was removed from the secret storage.');
    }),
  ];
}

/** Sending and pulling need a trusted workspace: a cloned repository must not drive them. */
async function requireTrust(): Promise<boolean> {
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
async function assignDocument(uri: vscode.Uri | undefined): Promise<vscode.TextDocument> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target || !isAssignDocument(target.path)) {
    throw new UsageProblem('Open an *.assign.json file first: Intune Assign sends the document in the active editor.');
  }
  return vscode.workspace.openTextDocument(target);
}

class UsageProblem extends Error {}

function graphVersionOf(resource?: vscode.Uri): GraphVersion {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION, resource).get<string>('graphVersion');
  return (GRAPH_VERSIONS as readonly string[]).includes(value ?? '') ? (value as GraphVersion) : DEFAULT_SETTINGS.graphVersion;
}

async function validate(ctx: SendingContext, document: vscode.TextDocument): Promise<ValidateResult> {
  return ctx.client.sendRequest(ValidateRequest, { uri: ctx.client.code2ProtocolConverter.asUri(document.uri) });
}

async function refuse(result: ValidateResult): Promise<void> {
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  const first = result.problems.find((p) => p.severity === 'error');
  void vscode.window.showErrorMessage(
    `Intune Assign: nothing was sent. The document has ${result.errors} error(s)${first ? `; the first, on line ${first.line + 1}: ${first.message}` : ''}. Fix them (see the Problems panel) and send again.`,
  );
}

/** Runs network work in a cancellable notification that shows throttling waits. */
function withProgress<T>(ctx: SendingContext, title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Intune Assign: ${title}`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const subscriptions = [
        token.onCancellationRequested(() => abort.abort()),
        ctx.session.onDidRetry(({ delayMs, reason, attempt }) => progress.report({ message: `${reason}: waiting ${(delayMs / 1000).toFixed(1)} s before attempt ${attempt}…` })),
      ];
      try {
        return await work(abort.signal);
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
async function chooseApp(ctx: SendingContext, document: vscode.TextDocument, connected: Connected, force: boolean): Promise<AppChoice | undefined> {
  const cloud = connected.settings.cloud;
  const remembered = force ? undefined : ctx.targets.get(document.uri, cloud);
  if (remembered) return remembered;
  const picked = await pickApp(connected.apps, ctx.targets.recent(cloud));
  if (picked) await ctx.targets.set(document.uri, cloud, picked);
  return picked;
}

/** The app's type goes to the language server, whose settings-app-type findings then land in the document. */
async function tellAppType(ctx: SendingContext, document: vscode.TextDocument, app: MobileApp | AppChoice): Promise<void> {
  const appType = '@odata.type' in app ? app['@odata.type'] : app.type;
  await ctx.client.sendNotification(AppTypeNotification, { uri: ctx.client.code2ProtocolConverter.asUri(document.uri), appType });
}

async function send(ctx: SendingContext, uri?: vscode.Uri): Promise<SendResult | undefined> {
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
    appKnown: async (app) => {
      await ctx.targets.set(document.uri, connected!.settings.cloud, toChoice(app));
      await tellAppType(ctx, document, app);
    },
    progress: (title, work) => withProgress(ctx, title, work),
    review: async (plan) => {
      await ctx.preview.show(plan, version);
      const words = confirmation(plan, connected!.account);
      const choice = await vscode.window.showWarningMessage(words.message, { modal: true, detail: words.detail }, words.send, words.switchTo.label);
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

async function compare(ctx: SendingContext, uri?: vscode.Uri): Promise<void> {
  const document = await assignDocument(uri);
  const validation = await validate(ctx, document);
  if (validation.errors > 0) return refuse(validation);
  const connected = await ctx.session.connect(validation.options.graphVersion);
  const chosen = await chooseApp(ctx, document, connected, false);
  if (!chosen) return;
  const { settings } = readSendingSettings(document.uri);
  const plan = await withProgress(ctx, 'Reading the app and its assignments', async (signal) => {
    const app = await connected.apps.getApp(chosen.id, signal);
    await tellAppType(ctx, document, app);
    return planSend({ apps: connected.apps, appId: app.id, app, text: document.getText(), options: validation.options, mode: settings.sendMode, signal });
  });
  await ctx.preview.show(plan, validation.options.graphVersion);
  void vscode.window.showInformationMessage(`Intune Assign: sending to "${plan.app.displayName}" (${plan.mode}) would make ${summarizeDiff(plan.diff)}. Nothing was sent.`);
}

async function selectApp(ctx: SendingContext, uri?: vscode.Uri): Promise<AppChoice | undefined> {
  const document = await assignDocument(uri);
  const connected = await ctx.session.connect(graphVersionOf(document.uri));
  const chosen = await chooseApp(ctx, document, connected, true);
  if (chosen) await tellAppType(ctx, document, chosen);
  return chosen;
}

async function pull(ctx: SendingContext): Promise<vscode.TextDocument | undefined> {
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
  await ctx.targets.set(uri, connected.settings.cloud, chosen);
  await tellAppType(ctx, document, chosen);
  ctx.log.info('graph', `Pulled ${assignments.length} assignment(s) of "${chosen.displayName}" (${shortType(chosen.type)}).`);
  return document;
}

/** Every failure as a message that says what to do; Graph's refusals on the property they name. */
async function report(ctx: SendingContext, error: unknown): Promise<void> {
  const say = (message: string, ...actions: string[]) => vscode.window.showErrorMessage(`Intune Assign: ${message}`, ...actions);
  if (error instanceof Cancelled || error instanceof SignInCancelled) {
    ctx.log.info('graph', error.message);
    void vscode.window.showInformationMessage('Intune Assign: cancelled. Nothing was sent.');
    return;
  }
  if (error instanceof UsageProblem) {
    void say(error.message);
    return;
  }
  if (error instanceof InvalidDocumentError) {
    // The document does not fit the app (settings-app-type): the server has the app's type and shows where.
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    void say(`nothing was sent. ${error.findings[0]?.message ?? error.message} (see the Problems panel).`);
    return;
  }
  if (error instanceof AppNotAssignableError || error instanceof CloudError) {
    const openSettings = 'Open Settings';
    if ((await say(error.message, ...(error instanceof CloudError ? [openSettings] : []))) === openSettings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS_SECTION}.cloud`);
    }
    return;
  }
  if (error instanceof SignInError || error instanceof SignInRequiredError || (error instanceof GraphError && error.status === 401)) {
    ctx.log.warn('auth', (error as Error).message);
    ctx.session.reset();
    const again = 'Sign in again';
    const text = error instanceof GraphError ? `${error.describe()}. Sign in again.` : (error as Error).message;
    if ((await say(text, again)) === again) await vscode.commands.executeCommand(COMMAND.signIn);
    return;
  }
  if (error instanceof GraphError) {
    ctx.log.error('graph', error.describe());
    placeGraphError(ctx, error);
    const showLog = 'Show log';
    if ((await say(error.describe(), showLog)) === showLog) ctx.output.show(true);
    return;
  }
  ctx.log.error('graph', `Unexpected failure: ${(error as Error)?.stack ?? String(error)}`);
  void say(`the command failed: ${(error as Error)?.message ?? String(error)}`);
}

/** A Graph refusal that names a property of the active document becomes a diagnostic there. */
function placeGraphError(ctx: SendingContext, error: GraphError): void {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || !isAssignDocument(document.uri.path) || error.status < 400 || error.status >= 500) return;
  const location = locateGraphError(document.getText(), error.message);
  if (!location) return;
  const range = new vscode.Range(document.positionAt(location.offset), document.positionAt(location.offset + location.length));
  const diagnostic = new vscode.Diagnostic(range, `Graph refused the request: ${error.message}`, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'Microsoft Graph';
  diagnostic.code = error.code;
  ctx.graphProblems.set(document.uri, [diagnostic]);
}
