// The language server: its capabilities (declared statically, so clients that cannot register them dynamically
// get every feature) and the table of what answers each message. The rooms: documents.ts (the open documents,
// parsed incrementally), settings.ts (per resource, merged with the configuration file), validation.ts
// (debounced, superseded results dropped, capped), workspaceDiagnostics.ts (files that are not open), runner.ts
// (no handler can take the server down), tenant/ (the tenant's groups and filters: from the extension, or from
// the command line's kept session). Every language feature itself lives in the validation core.
import {
  CancellationToken,
  CodeActionKind,
  Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DiagnosticSeverity,
  FileChangeType,
  InitializeParams,
  InitializeResult,
  InlayHint,
  ResponseError,
  ServerCapabilities,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isAssignDocument, LANGUAGE_ID, SETTINGS_SECTION } from '../../common/src/constants';
import { AppTypeNotification, TenantChangedNotification, ValidateRequest, ValidateResult } from '../../common/src/protocol';
import { AssignDocument, CONFIG_FILE_NAME, FIX_ALL_KIND, getLanguageService, ValidationOptions } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { RULE_DOCS } from './ruleDocs';
import type { LoadedConfig } from '../../workspace/src/config';
import { readText } from '../../workspace/src/files';
import { DocumentStore, OpenDocument } from './documents';
import { describe, NODE_TIMERS, Runner, Timers } from './runner';
import { Settings } from './settings';
import { clientBackend } from './tenant/backends';
import type { TenantBackend } from './tenant/source';
import { TenantData } from './tenant/tenantData';
import { DocumentDiagnostics } from './validation';
import { toPath, Workspace } from './workspace';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';

/** Folding ranges asked for without a limit of the client's: an editor shows no more. */
const FOLDING_LIMIT = 5000;
/** Hover waits this long at most for an id being read. */
const HOVER_WAIT_MS = 1500;
/** The check before sending waits this long at most for the document's ids. */
const VALIDATE_WAIT_MS = 5000;

export interface ServerOptions {
  timers?: Timers;
  /** Where tenant data comes from when the client does not provide it (the command line's kept session). */
  tenantBackend?: (log: (message: string) => void) => TenantBackend | undefined;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  redirectConsole(connection);
  const runner = new Runner((message) => connection.console.error(message), options.timers ?? NODE_TIMERS);
  const service = getLanguageService(TYPES, { ruleDocs: RULE_DOCS });
  const documents = new DocumentStore((message) => connection.console.warn(message));
  const workspace = new Workspace(reportConfigProblems);
  const settings = new Settings(connection, workspace);
  const tenant = new TenantData(service, runner, (message) => connection.console.info(message));
  /**
   * A document's options: its settings and configuration, and what the tenant says of the ids it names (now, or
   * after waiting up to `waitMs` for the ids being read).
   */
  const documentOptions = async (uri: string, waitMs?: number): Promise<ValidationOptions> => {
    const [options, { server }] = await Promise.all([settings.optionsFor(uri), settings.forResource(uri)]);
    const open = documents.get(uri);
    const facts = open && (waitMs === undefined ? tenant.now(open, server) : await tenant.resolved(open, server, waitMs));
    return facts ? { ...options, tenant: facts } : options;
  };
  const diagnostics = new DocumentDiagnostics(connection, documents, settings, service, runner, (uri) => documentOptions(uri));
  const onDisk = new WorkspaceDiagnostics(connection, workspace, runner, (uri) => documents.has(uri), async (uri) => {
    // Settings of the folder, not of each file: a workspace of 10,000 files must not cost 10,000 requests.
    const folderSettings = (await settings.forResource(workspace.folderUriOf(uri) ?? uri)).server;
    return folderSettings.workspaceDiagnostics ? workspace.optionsFor(uri, folderSettings) : undefined;
  });
  const client = { registerConfiguration: false, registerWatchers: false, folders: false, snippets: false, insertTextMode: false, foldingLimit: FOLDING_LIMIT, inlayHintRefresh: false };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    client.registerConfiguration = Boolean(caps.workspace?.didChangeConfiguration?.dynamicRegistration);
    client.registerWatchers = Boolean(caps.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    client.folders = Boolean(caps.workspace?.workspaceFolders);
    client.snippets = Boolean(caps.textDocument?.completion?.completionItem?.snippetSupport);
    client.insertTextMode = caps.textDocument?.completion?.completionItem?.insertTextModeSupport?.valueSet?.includes(1) ?? false;
    client.foldingLimit = Math.min(caps.textDocument?.foldingRange?.rangeLimit ?? FOLDING_LIMIT, FOLDING_LIMIT);
    client.inlayHintRefresh = Boolean(caps.workspace?.inlayHint?.refreshSupport);
    settings.initialize(params);
    // The extension holds the sign-in and answers for the tenant; any other client gets the kept session's.
    const providesTenant = (params.initializationOptions as { tenantData?: unknown } | undefined)?.tenantData === true;
    tenant.start(providesTenant ? clientBackend(connection) : options.tenantBackend?.((message) => connection.console.info(message)), tenantChanged);
    workspace.setFolders(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: ['"', ':'], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      documentSymbolProvider: { label: 'Intune assignments' },
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      inlayHintProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    return { capabilities, serverInfo: { name: 'intune-assign', version: SERVER_VERSION } };
  });

  connection.onInitialized(() =>
    runner.notification('initialized', () => {
      const registered = (what: string) => (error: unknown) => connection.console.warn(`The client did not register ${what}: ${describe(error)}`);
      if (client.registerConfiguration) {
        connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(registered('settings changes'));
      }
      if (client.registerWatchers) {
        connection.client
          .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.assign.json' }, { globPattern: `**/${CONFIG_FILE_NAME}` }] })
          .catch(registered('file watchers'));
      }
      if (client.folders) {
        connection.workspace.onDidChangeWorkspaceFolders(() =>
          runner.notification('workspace folders', async () => {
            workspace.setFolders(((await connection.workspace.getWorkspaceFolders()) ?? []).map((f) => f.uri));
            revalidateAll();
          }),
        );
      }
      scanWorkspace();
    }),
  );

  function scanWorkspace(): void {
    runner.background('checking the workspace', () => onDisk.scan());
  }

  /** Settings or the configuration changed: every open document and every file on disk again. */
  function revalidateAll(): void {
    diagnostics.scheduleAll();
    scanWorkspace();
  }

  /** What is known of the tenant changed: open documents are checked again, their names shown anew. */
  function tenantChanged(): void {
    diagnostics.scheduleAll();
    if (client.inlayHintRefresh) connection.languages.inlayHint.refresh().catch((error: unknown) => connection.console.warn(`Refreshing inlay hints failed: ${describe(error)}`));
  }

  function reportConfigProblems({ path, problems }: LoadedConfig): void {
    const lines = problems.map((p) => `${path}:${p.line}:${p.column}: ${p.message}`);
    connection.console.warn(`The configuration file has problems; they are ignored:\n${lines.join('\n')}`);
    void connection.window.showWarningMessage(`Intune Assign: ${CONFIG_FILE_NAME} has ${problems.length} problem(s), which are ignored: ${problems[0].message}`);
  }

  // --- Notifications -----------------------------------------------------------------------------------------

  connection.onDidChangeConfiguration((change) =>
    runner.notification('settings change', () => {
      settings.changed(change.settings);
      revalidateAll();
    }),
  );

  connection.onDidChangeWatchedFiles(({ changes }) =>
    runner.notification('file changes', () => {
      let configChanged = false;
      const changed: string[] = [];
      for (const change of changes) {
        if (workspace.isConfigFile(change.uri)) configChanged = true;
        else if (isAssignDocument(change.uri)) {
          if (change.type === FileChangeType.Deleted) onDisk.clear(change.uri);
          else changed.push(change.uri);
        }
      }
      onDisk.queue(changed);
      if (configChanged) {
        workspace.configChanged();
        revalidateAll();
      }
    }),
  );

  connection.onNotification(AppTypeNotification, ({ uri, appType }) =>
    runner.notification('app type', () => {
      settings.setAppType(uri, appType);
      diagnostics.schedule(uri, 0);
    }),
  );

  connection.onNotification(TenantChangedNotification, () => runner.notification('tenant change', () => tenant.reset()));

  connection.onDidOpenTextDocument(({ textDocument: { uri, languageId, version, text } }) => {
    if (!isAssignDocument(uri)) return;
    runner.notification('open', () => {
      documents.open(uri, languageId, version, text);
      onDisk.opened(uri);
      diagnostics.schedule(uri, 0);
    });
  });

  connection.onDidChangeTextDocument(({ textDocument: { uri, version }, contentChanges }) =>
    runner.notification('change', () => {
      if (documents.change(uri, version, contentChanges)) diagnostics.schedule(uri);
    }),
  );

  connection.onDidCloseTextDocument(({ textDocument: { uri } }) =>
    runner.notification('close', async () => {
      if (!documents.close(uri)) return;
      diagnostics.cancel(uri);
      settings.forget(uri);
      // What is on disk may differ from what was in the editor: report the file as the workspace has it.
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      await onDisk.check(uri);
    }),
  );

  // --- Requests ----------------------------------------------------------------------------------------------

  /** Answers a request on an open document; anything else (or a failure) answers `fallback`. */
  function onDocument<R>(uri: string, what: string, token: CancellationToken, fallback: R, handler: (open: OpenDocument, options: ValidationOptions) => R) {
    return runner.request(what, token, fallback, async () => {
      if (!documents.has(uri)) return fallback;
      const options = await documentOptions(uri);
      const open = documents.get(uri);
      return open ? handler(open, options) : fallback;
    });
  }

  connection.onCompletion(({ textDocument: { uri }, position }, token) =>
    runner.request('Completion', token, null, async () => {
      if (!documents.has(uri)) return null;
      const [options, { indent, server }] = await Promise.all([settings.optionsFor(uri), settings.forResource(uri)]);
      let open = documents.get(uri);
      // A group or filter id being typed: the tenant's matches (at once from what is known, else the search).
      const query = open && service.tenantQueryAt(open.textDocument, open.parsed, position, options);
      const names = query ? await tenant.completion(query, server) : undefined;
      open = documents.get(uri);
      if (!open) return null;
      const list = service.doComplete(open.textDocument, open.parsed, position, options, { snippets: client.snippets, indent, insertTextMode: client.insertTextMode, tenant: names });
      // Asked again as the user types: each text is its own search.
      if (names && query?.kind === 'group') list.isIncomplete = true;
      return list;
    }),
  );
  connection.onHover(({ textDocument: { uri }, position }, token) =>
    runner.request('Hover', token, null, async () => {
      if (!documents.has(uri)) return null;
      const options = await documentOptions(uri, HOVER_WAIT_MS);
      const open = documents.get(uri);
      return open ? service.doHover(open.textDocument, open.parsed, position, options) : null;
    }),
  );
  connection.languages.inlayHint.on(({ textDocument: { uri }, range }, token) =>
    runner.request('Inlay hints', token, [] as InlayHint[], async () => {
      if (!tenant.active || !documents.has(uri)) return [];
      const { server } = await settings.forResource(uri);
      const open = documents.get(uri);
      if (!server.inlayHints || !open) return [];
      const options = await documentOptions(uri);
      return service.getInlayHints(open.textDocument, open.parsed, range, options);
    }),
  );
  connection.onCodeAction(({ textDocument, range, context }, token) =>
    onDocument(textDocument.uri, 'Code actions', token, [], (open, options) =>
      service.getCodeActions(open.textDocument, open.parsed, range, options, context.only, diagnostics.current(open, options)),
    ),
  );
  connection.onDocumentFormatting(({ textDocument, options }, token) =>
    onDocument(textDocument.uri, 'Formatting', token, [], (open) => formatted(open, service.format(open.textDocument, open.parsed, undefined, options))),
  );
  connection.onDocumentRangeFormatting(({ textDocument, range, options }, token) =>
    onDocument(textDocument.uri, 'Formatting', token, [], (open) => formatted(open, service.format(open.textDocument, open.parsed, range, options))),
  );
  connection.onDocumentSymbol(({ textDocument }, token) =>
    onDocument(textDocument.uri, 'Outline', token, [], (open) => DocumentStore.memo(open, 'symbols', () => service.getDocumentSymbols(open.textDocument, open.parsed))),
  );
  connection.onFoldingRanges(({ textDocument }, token) =>
    onDocument(textDocument.uri, 'Folding', token, [], (open) =>
      DocumentStore.memo(open, 'folding', () => service.getFoldingRanges(open.textDocument, open.parsed, client.foldingLimit)),
    ),
  );
  connection.onSelectionRanges(({ textDocument, positions }, token) =>
    onDocument(textDocument.uri, 'Selection ranges', token, [], (open) => service.getSelectionRanges(open.textDocument, open.parsed, positions.slice(0, 1000))),
  );

  function formatted<T>(open: OpenDocument, result: { edits: T[]; refused?: string }): T[] {
    if (result.refused) {
      connection.console.warn(`Not formatting ${open.uri}: ${result.refused}.`);
      void connection.window.showWarningMessage(`Intune Assign: not formatted: ${result.refused}.`);
    }
    return result.edits;
  }

  // Before anything is sent: the document's problems now, as the editor has it (or as the disk has it).
  connection.onRequest(ValidateRequest, ({ uri }, token) =>
    runner.request('Validation', token, new ResponseError<void>(-32603, `${uri} could not be validated.`), async (): Promise<ValidateResult | ResponseError<void>> => {
      // What is sent is checked against the tenant as far as it can be read now.
      const options = await documentOptions(uri, VALIDATE_WAIT_MS);
      const open = documents.get(uri);
      let validation;
      let textDocument: TextDocument;
      if (open) {
        textDocument = open.textDocument;
        validation = diagnostics.current(open, options);
      } else {
        const path = toPath(uri);
        const read = path ? readText(path) : { error: `${uri} is not a file on this machine.` };
        if ('error' in read) return new ResponseError(-32602, read.error);
        textDocument = TextDocument.create(uri, LANGUAGE_ID, 0, read.text);
        validation = service.validateWithin(AssignDocument.parse(read.text), options);
      }
      const problems = service
        .toDiagnostics(textDocument, validation)
        .filter((d) => d.code !== undefined)
        .map((d) => ({
          rule: String(d.code),
          severity: d.severity === DiagnosticSeverity.Error ? ('error' as const) : ('warning' as const),
          message: d.message,
          line: d.range.start.line,
          character: d.range.start.character,
        }))
        .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
      const errors = problems.filter((p) => p.severity === 'error').length;
      return { errors, warnings: problems.length - errors, problems, options: { graphVersion: options.graphVersion, cloud: options.cloud, rules: options.rules } };
    }),
  );

  // The tenant's source holds resources (the kept session's file watcher): released when the client shuts down.
  connection.onShutdown(() => tenant.dispose());

  connection.listen();
}

/** On stdio, stdout is the protocol: anything a library prints must go to the client's log instead. */
function redirectConsole(connection: Connection): void {
  /* eslint-disable no-console -- the one place that touches the console: it points it at the client */
  const text = (args: unknown[]) => args.map(String).join(' ');
  console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(text(args));
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = (...args: unknown[]) => connection.console.error(text(args));
  /* eslint-enable no-console */
}

declare const INTUNE_ASSIGN_VERSION: string | undefined;
/** Injected by the bundler; `dev` when running from compiled sources (tests). */
export const SERVER_VERSION = typeof INTUNE_ASSIGN_VERSION === 'string' ? INTUNE_ASSIGN_VERSION : 'dev';
