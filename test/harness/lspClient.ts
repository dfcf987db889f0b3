// A real LSP client over stdio for tests: starts `intune-assign lsp --stdio` from the built CLI, speaks the
// protocol through vscode-languageserver-protocol, and lets tests await published diagnostics.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ClientCapabilities,
  ConfigurationRequest,
  createProtocolConnection,
  Diagnostic,
  InitializeRequest,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

export const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface TestClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  initializeResult: InitializeResult;
  /** What the client answers to workspace/configuration for section intuneAssign. */
  settings: Record<string, unknown>;
  /** Every publishDiagnostics the server sent, in order. */
  published: PublishDiagnosticsParams[];
  /** Methods the server registered dynamically. */
  registrations: string[];
  /** Resolves with the diagnostics for `uri` as soon as the latest published ones satisfy `predicate`. */
  diagnostics(uri: string, predicate?: (d: Diagnostic[], params: PublishDiagnosticsParams) => boolean): Promise<Diagnostic[]>;
  stderr(): string;
  stop(): Promise<void>;
}

export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
  textDocument: {
    completion: { completionItem: { snippetSupport: true } },
    publishDiagnostics: { relatedInformation: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
  },
};

export async function startClient(capabilities: ClientCapabilities = DEFAULT_CAPABILITIES, workspaceFolder?: string): Promise<TestClient> {
  const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: ((p: PublishDiagnosticsParams) => void)[] = [];
  const client = {
    connection,
    process: child,
    settings: { graphVersion: 'beta', cloud: 'global' } as Record<string, unknown>,
    published,
  } as TestClient;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    for (const waiter of [...waiters]) waiter(params);
  });
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => client.settings));
  connection.onRequest(RegistrationRequest.type, (params) => {
    client.registrations.push(...params.registrations.map((r) => r.method));
    return null;
  });
  connection.listen();
  client.registrations = [];
  const folderUri = workspaceFolder ? pathToFileURL(workspaceFolder).href : null;
  client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: folderUri,
    capabilities,
    workspaceFolders: folderUri ? [{ uri: folderUri, name: 'workspace' }] : null,
  });
  await connection.sendNotification('initialized', {});
  client.diagnostics = (uri, predicate = () => true) =>
    new Promise((resolve) => {
      // What was already published counts: a server may answer before the test starts waiting.
      const latest = [...published].reverse().find((p) => p.uri === uri);
      if (latest && predicate(latest.diagnostics, latest)) return resolve(latest.diagnostics);
      const waiter = (p: PublishDiagnosticsParams) => {
        if (p.uri !== uri || !predicate(p.diagnostics, p)) return;
        waiters.splice(waiters.indexOf(waiter), 1);
        resolve(p.diagnostics);
      };
      waiters.push(waiter);
    });
  client.stderr = () => stderr;
  client.stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return connection.dispose();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
    } catch {
      child.kill();
    }
    await exited;
    connection.dispose();
  };
  return client;
}
