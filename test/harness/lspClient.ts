// THE LSP client of the tests, the fuzzer and the benchmark (bench/lsp.mjs imports its compiled form): starts a
// language server over stdio (ours, `intune-assign lsp --stdio` from the built CLI, by default), speaks the
// protocol through vscode-languageserver-protocol, answers the server's requests (configuration by section,
// registrations, anything else with null), and lets callers await published diagnostics, bound requests in
// time, and read the server's memory. Any wait also ends, with the reason, when the server process dies.
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  ClientCapabilities,
  ConfigurationRequest,
  createProtocolConnection,
  Diagnostic,
  InitializeRequest,
  InitializeResult,
  LogMessageNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationRequest,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface Memory {
  /** Resident now. */
  rssMb: number;
  /** The peak so far. */
  hwmMb: number;
}

export interface StartOptions {
  /** The server's command line after `node` (default: the built CLI's `lsp --stdio`). */
  args?: string[];
  /** Node.js flags for the server process. */
  nodeArgs?: string[];
  capabilities?: ClientCapabilities;
  workspaceFolder?: string;
  initializationOptions?: unknown;
  /** Answers workspace/configuration for one section (default: intuneAssign gets `client.settings`, others null). */
  configuration?: (section: string | undefined, scopeUri: string | undefined) => unknown;
  /** Working folder of the server process. */
  cwd?: string;
  /** Environment of the server process, over this one's. */
  env?: NodeJS.ProcessEnv;
  /** Answers to requests the server sends the client (the extension's intuneAssign/tenant/*), by method. */
  answers?: Record<string, (params: unknown) => unknown>;
}

export interface TestClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  initializeResult: InitializeResult;
  /** What the client answers to workspace/configuration for section intuneAssign. */
  settings: Record<string, unknown>;
  /** What it answers for other sections (`editor`, `[intune-assign]`, ...). */
  sections: Record<string, unknown>;
  /** Every publishDiagnostics the server sent, in order. */
  published: PublishDiagnosticsParams[];
  /** window/logMessage and window/showMessage texts, in order (at most 1,000). */
  log: string[];
  /** Methods the server registered dynamically. */
  registrations: string[];
  /** Requests from the server that the client answered with null, by method (at most 100). */
  otherRequests: string[];
  /**
   * Resolves with the diagnostics for `uri` as soon as the latest published ones satisfy `predicate`; with
   * `timeoutMs`, rejects after it (or when the server exits) and stops waiting.
   */
  diagnostics(uri: string, predicate?: (d: Diagnostic[], params: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /**
   * The first publication for `uri` after this call that satisfies `predicate`, with the time it arrived
   * (performance.now()); rejects after `timeoutMs` or when the server exits.
   */
  nextDiagnostics(uri: string, predicate: (params: PublishDiagnosticsParams) => boolean, timeoutMs: number): Promise<{ params: PublishDiagnosticsParams; time: number }>;
  /** A request bounded in time; rejects, saying what, on timeout or when the server exits. */
  request<R>(method: string, params: unknown, timeoutMs: number): Promise<R>;
  /** A notification whose sending is bounded in time (a server that stops reading fills the pipe). */
  notify(method: string, params: unknown, timeoutMs?: number): Promise<void>;
  memory(): Memory;
  exited(): boolean;
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

/** Resident and peak memory of a process, from /proc (NaN where there is none). */
function readMemory(pid: number | undefined): Memory {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: NaN, hwmMb: NaN };
  }
}

export async function startClient(capabilities: ClientCapabilities = DEFAULT_CAPABILITIES, workspaceFolder?: string): Promise<TestClient> {
  return startServer({ capabilities, workspaceFolder });
}

export async function startServer(options: StartOptions = {}): Promise<TestClient> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...(options.args ?? [CLI, 'lsp', '--stdio'])], { stdio: ['pipe', 'pipe', 'pipe'], cwd: options.cwd, env: options.env && { ...process.env, ...options.env } });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-100_000)));
  let exit: Error | undefined;
  const exitListeners = new Set<(error: Error) => void>();
  const died = (error: Error) => {
    exit ??= error;
    for (const listener of [...exitListeners]) listener(exit);
  };
  child.on('error', died);
  child.on('exit', (code, signal) => died(new Error(`the language server exited (code ${code}, signal ${signal})`)));
  /** Races `promise` against the server's exit and a timeout. */
  const bounded = <T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    let listener: ((error: Error) => void) | undefined;
    const failed = new Promise<never>((_, reject) => {
      if (exit) return reject(new Error(`${what}: ${exit.message}`));
      listener = (error) => reject(new Error(`${what}: ${error.message}`));
      exitListeners.add(listener);
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([promise, failed]).finally(() => {
      clearTimeout(timer);
      if (listener) exitListeners.delete(listener);
    });
  };

  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters = new Set<(p: PublishDiagnosticsParams, time: number) => void>();
  const client = {
    connection,
    process: child,
    settings: { graphVersion: 'beta', cloud: 'global' } as Record<string, unknown>,
    sections: {} as Record<string, unknown>,
    published,
    log: [] as string[],
    registrations: [] as string[],
    otherRequests: [] as string[],
  } as TestClient;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const time = performance.now();
    published.push(params);
    for (const waiter of [...waiters]) waiter(params, time);
  });
  const log = (message: string) => {
    if (client.log.length < 1000) client.log.push(message.slice(0, 2000));
  };
  connection.onNotification(LogMessageNotification.type, ({ message }) => log(message));
  connection.onNotification(ShowMessageNotification.type, ({ message }) => log(`[shown] ${message}`));
  const answer = options.configuration ?? ((section: string | undefined) => (section === 'intuneAssign' ? client.settings : (client.sections[section ?? ''] ?? null)));
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => answer(item.section, item.scopeUri)));
  connection.onRequest(RegistrationRequest.type, (params) => {
    client.registrations.push(...params.registrations.map((r) => r.method));
    return null;
  });
  for (const [method, handler] of Object.entries(options.answers ?? {})) connection.onRequest(method, (params: unknown) => handler(params));
  // Any other request (progress, ...) gets null: vscode-jsonrpc takes a handler for every method, untyped.
  (connection as unknown as { onRequest(handler: (method: string) => null): void }).onRequest((method) => {
    if (client.otherRequests.length < 100) client.otherRequests.push(method);
    return null;
  });
  connection.onError(() => undefined);
  connection.listen();

  client.request = <R>(method: string, params: unknown, timeoutMs: number) => bounded(connection.sendRequest<R>(method, params), timeoutMs, method);
  client.notify = (method, params, timeoutMs = 30_000) => bounded(connection.sendNotification(method, params), timeoutMs, method);
  client.memory = () => readMemory(child.pid);
  client.exited = () => exit !== undefined;
  client.stderr = () => stderr;
  client.diagnostics = (uri, predicate = () => true, timeoutMs) => {
    let waiter: ((p: PublishDiagnosticsParams) => void) | undefined;
    const found = new Promise<Diagnostic[]>((resolve) => {
      // What was already published counts: a server may answer before the test starts waiting.
      const latest = [...published].reverse().find((p) => p.uri === uri);
      if (latest && predicate(latest.diagnostics, latest)) return resolve(latest.diagnostics);
      waiter = (p) => {
        if (p.uri !== uri || !predicate(p.diagnostics, p)) return;
        waiters.delete(waiter!);
        resolve(p.diagnostics);
      };
      waiters.add(waiter);
    });
    return timeoutMs === undefined ? found : bounded(found, timeoutMs, `diagnostics for ${uri}`).finally(() => waiter && waiters.delete(waiter));
  };
  client.nextDiagnostics = (uri, predicate, timeoutMs) => {
    let waiter: ((p: PublishDiagnosticsParams, time: number) => void) | undefined;
    const found = new Promise<{ params: PublishDiagnosticsParams; time: number }>((resolve) => {
      waiter = (params, time) => {
        if (params.uri === uri && predicate(params)) resolve({ params, time });
      };
      waiters.add(waiter);
    });
    return bounded(found, timeoutMs, `diagnostics for ${uri}`).finally(() => waiters.delete(waiter!));
  };
  client.stop = async () => {
    if (exit) return connection.dispose();
    const exited = new Promise<void>((resolve) => exitListeners.add(() => resolve()));
    try {
      await bounded(connection.sendRequest('shutdown'), 5000, 'shutdown');
      await connection.sendNotification('exit');
    } catch {
      child.kill('SIGKILL');
    }
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(killer);
    connection.dispose();
  };

  const folderUri = options.workspaceFolder ? pathToFileURL(options.workspaceFolder).href : null;
  try {
    client.initializeResult = await bounded(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid, // the server exits by itself should this process die
        clientInfo: { name: 'intune-assign tests' },
        rootUri: folderUri,
        capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
        workspaceFolders: folderUri ? [{ uri: folderUri, name: 'workspace' }] : null,
        initializationOptions: options.initializationOptions,
      }),
      30_000,
      'initialize',
    );
    await connection.sendNotification('initialized', {});
  } catch (error) {
    child.kill('SIGKILL');
    connection.dispose();
    throw error;
  }
  return client;
}
