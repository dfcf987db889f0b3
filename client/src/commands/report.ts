// Every failure of a command as a message that says what to do, and Graph's refusals placed as diagnostics on
// the property they name.
import * as vscode from 'vscode';
import { isAssignDocument, SETTINGS_SECTION } from '../../../common/src/constants';
import { SignInCancelled, SignInError } from '../../../graph/src/auth/signIn';
import { CloudError } from '../../../graph/src/clouds';
import { locateGraphError } from '../../../graph/src/errorLocation';
import { GraphError, SignInRequiredError } from '../../../graph/src/graphClient';
import { AppNotAssignableError, InvalidDocumentError } from '../../../graph/src/send';
import { Cancelled, type SendingContext, UsageProblem } from './context';
import { COMMAND } from './names';

/** Every failure as a message that says what to do; Graph's refusals on the property they name. */
export async function report(ctx: SendingContext, error: unknown): Promise<void> {
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
