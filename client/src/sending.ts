// Wires the sending half of the extension: the log channel, the sandbox host, the signed-in session, the
// workspace's bindings of files to apps and the target apps, the workspace plan and the Intune Apps view, the
// preview documents, the commands, the code lens and the status bar. Returns what the tests reach through the
// extension's API.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LANGUAGE_ID } from '../../common/src/constants';
import { createLogger, LogLevel } from '../../graph/src/log';
import type { DeviceCodeInfo, Sandbox } from '../../sandbox/src/sandbox';
import { AppsView } from './appsView';
import { Bindings } from './bindings';
import { SendCodeLens } from './codeLens';
import { registerCommands } from './commands';
import { PREVIEW_SCHEME, PreviewProvider } from './preview';
import { SandboxHost } from './sandboxHost';
import { SigningSession } from './session';
import { affectsSignIn } from './settings';
import { SendingStatus } from './statusBar';
import { Targets } from './targets';
import { TenantData } from './tenantData';
import { WorkspaceStatus } from './workspacePlan';

export interface SendingApi {
  session: SigningSession;
  targets: Targets;
  bindings: Bindings;
  status: WorkspaceStatus;
  /** The tenant's names answered to the language server (its cache in the global storage). */
  tenant: TenantData;
  /** The in-process sandbox tenant (started if need be); used when the cloud is `sandbox`. */
  sandbox(): Promise<Sandbox>;
  /** The in-process sandbox issued a device code. */
  onSandboxDeviceCode: vscode.Event<DeviceCodeInfo>;
  /** The browser was sent to the in-process sandbox's sign-in page, at this address. */
  onSandboxSignInPage: vscode.Event<string>;
}

export function registerSending(context: vscode.ExtensionContext, client: LanguageClient): SendingApi {
  const output = vscode.window.createOutputChannel('Intune Assign', { log: true });
  const sinks: Record<LogLevel, (line: string) => void> = {
    debug: (line) => output.debug(line),
    info: (line) => output.info(line),
    warn: (line) => output.warn(line),
    error: (line) => output.error(line),
  };
  const log = createLogger((level, line) => sinks[level](line), 'debug');
  const sandbox = new SandboxHost(log);
  const session = new SigningSession(context.secrets, sandbox, log);
  const bindings = new Bindings(log);
  const targets = new Targets(context.workspaceState, context.globalState, bindings);
  const status = new WorkspaceStatus(bindings);
  const preview = new PreviewProvider();
  const graphProblems = vscode.languages.createDiagnosticCollection('intune-assign-graph');
  const codeLens = new SendCodeLens(targets, session);
  const tenant = new TenantData(client, session, targets, context.globalStorageUri, log);
  context.subscriptions.push(
    output,
    session,
    bindings,
    targets,
    status,
    tenant,
    new AppsView(status),
    preview,
    graphProblems,
    codeLens,
    new SendingStatus(session, targets),
    { dispose: () => void sandbox.dispose() },
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, preview),
    vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, codeLens),
    ...registerCommands({ client, session, targets, bindings, status, preview, log, graphProblems, output, tenant }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsSignIn(event)) session.reset();
    }),
    // A Graph refusal placed on a property is stale once the document changes.
    vscode.workspace.onDidChangeTextDocument((event) => graphProblems.delete(event.document.uri)),
  );
  // Show who is signed in from an earlier session, without signing in.
  if (vscode.workspace.isTrusted) void session.restore().catch((error: unknown) => log.warn('auth', `Reading the saved sign-in failed: ${(error as Error).message}`));
  return { session, targets, bindings, status, tenant, sandbox: () => sandbox.get(), onSandboxDeviceCode: sandbox.onDeviceCode, onSandboxSignInPage: sandbox.onSignInPage };
}
