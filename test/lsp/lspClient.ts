// A real LSP client over stdio for tests: starts `intune-assign lsp --stdio` from the built CLI, speaks the
// protocol through vscode-languageserver-protocol, and lets tests await published diagnostics.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
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
  /** Resolves with the first diagnostics for `uri` (after this call) that satisfy `predicate`. */
  diagnostics(uri: string, predicate?: (d: Diagnostic[], params: PublishDiagnosticsParams) => boolean): Promise<Diagnostic[]>;
  stderr(): string;
  stop(): Promise<void>;
}

const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
  textDocument: {
    completion: { completionItem: { snippetSupport: true } },
    publishDiagnostics: { relatedInformation: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
  },
};

export async function startClient(capabilities: ClientCapabilities = DEFAULT_CAPABILITIES): Promise<TestClient> {
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
  connection.listen();
  client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities,
    workspaceFolders: null,
  });
  await connection.sendNotification('initialized', {});
  client.diagnostics = (uri, predicate = () => true) =>
    new Promise((resolve) => {
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
