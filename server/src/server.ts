// The language server's LSP wiring: capabilities (declared statically, so clients that cannot register them
// dynamically get every feature), the document store with incremental re-parsing, settings pulled per
// document and merged with the workspace's configuration file, debounced validation whose superseded results
// are dropped, problems of files that are not open, and handlers that never take the server down. Every
// language feature itself lives in the validation core (service/).
import {
  CodeActionKind,
  Connection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InitializeParams,
  InitializeResult,
  ServerCapabilities,
  TextDocumentContentChangeEvent,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE, isAssignDocument, LANGUAGE_ID, readServerSettings, ServerSettings, SETTINGS_SECTION } from '../../common/src/constants';
import { AppTypeNotification, ValidateRequest, ValidateResult } from '../../common/src/protocol';
import { AssignDocument, CONFIG_FILE_NAME, FIX_ALL_KIND, getLanguageService, ValidationOptions } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { toPath, Workspace } from './workspace';
import type { LoadedConfig } from '../../workspace/src/config';
import { readText } from '../../workspace/src/files';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';

/** Long enough to let a burst of keystrokes settle, short enough that problems feel immediate. */
export const VALIDATION_DELAY_MS = 60;
/** More problems than anyone reads in an editor; past it, errors are kept first and the rest counted. */
export const MAX_PUBLISHED_DIAGNOSTICS = 1000;

interface OpenDocument {
  textDocument: TextDocument;
  parsed: AssignDocument;
  timer?: NodeJS.Timeout;
}

export function startServer(connection: Connection): void {
  redirectConsole(connection);

  const service = getLanguageService(TYPES);
  const documents = new Map<string, OpenDocument>();
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  /** The type of the app each document is aimed at (told by the extension once an app is chosen). */
  const appTypes = new Map<string, string>();
  const workspace = new Workspace(reportConfigProblems);
  const onDisk = new WorkspaceDiagnostics(
    connection,
    workspace,
    (uri) => documents.has(uri),
    // Settings of the folder, not of each file: a workspace of 10,000 files must not cost 10,000 requests.
    async (uri) => {
      const settings = await settingsFor(workspace.folderUriOf(uri) ?? uri);
      return settings.workspaceDiagnostics ? workspace.optionsFor(uri, settings) : undefined;
    },
    capDiagnostics,
  );
  let pushedSettings: unknown;
  let canPullConfiguration = false;
  let canRegisterConfiguration = false;
  let canRegisterWatchers = false;
  let supportsFolders = false;
  let snippetSupport = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    canPullConfiguration = Boolean(caps.workspace?.configuration);
    canRegisterConfiguration = Boolean(caps.workspace?.didChangeConfiguration?.dynamicRegistration);
    canRegisterWatchers = Boolean(caps.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    supportsFolders = Boolean(caps.workspace?.workspaceFolders);
    snippetSupport = Boolean(caps.textDocument?.completion?.completionItem?.snippetSupport);
    pushedSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspace.setFolders(folders);
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
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    return { capabilities, serverInfo: { name: 'intune-assign', version: SERVER_VERSION } };
  });

  connection.onInitialized(() => guard('initialized', () => {
    const registered = (what: string) => (error: unknown) => connection.console.warn(`The client did not register ${what}: ${describe(error)}`);
    if (canRegisterConfiguration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(registered('settings changes'));
    }
    if (canRegisterWatchers) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.assign.json' }, { globPattern: `**/${CONFIG_FILE_NAME}` }] })
        .catch(registered('file watchers'));
    }
    if (supportsFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(() =>
        guard('workspace folders', () => {
          connection.workspace.getWorkspaceFolders().then((folders) => {
            workspace.setFolders((folders ?? []).map((f) => f.uri));
            revalidateAll();
          }, registered('workspace folders'));
        }),
      );
    }
    void onDisk.scan().catch((error) => connection.console.error(`Checking the workspace failed: ${describe(error)}`));
  }));

  connection.onDidChangeConfiguration((change) => {
    const settings = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (settings !== undefined) pushedSettings = settings;
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles(({ changes }) =>
    guard('file changes', () => {
      let configChanged = false;
      for (const change of changes) {
        if (workspace.isConfigFile(change.uri)) {
          configChanged = true;
        } else if (isAssignDocument(change.uri)) {
          if (change.type === FileChangeType.Deleted) onDisk.clear(change.uri);
          else void onDisk.check(change.uri);
        }
      }
      if (configChanged) {
        workspace.configChanged();
        revalidateAll();
      }
    }),
  );

  /** Settings or the configuration changed: every open document and every file on disk again. */
  function revalidateAll(): void {
    settingsCache.clear();
    for (const uri of documents.keys()) scheduleValidation(uri, 0);
    void onDisk.scan().catch((error) => connection.console.error(`Checking the workspace failed: ${describe(error)}`));
  }

  function reportConfigProblems({ path, problems }: LoadedConfig): void {
    const lines = problems.map((p) => `${path}:${p.line}:${p.column}: ${p.message}`);
    connection.console.warn(`The configuration file has problems; they are ignored:\n${lines.join('\n')}`);
    void connection.window.showWarningMessage(`Intune Assign: ${CONFIG_FILE_NAME} has ${problems.length} problem(s), which are ignored: ${problems[0].message}`);
  }

  function settingsFor(uri: string): Promise<ServerSettings> {
    let settings = settingsCache.get(uri);
    if (!settings) {
      settings = canPullConfiguration
        ? connection.workspace
            .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
            .then(readServerSettings, () => readServerSettings(pushedSettings))
        : Promise.resolve(readServerSettings(pushedSettings));
      settingsCache.set(uri, settings);
    }
    return settings;
  }

  async function optionsFor(uri: string): Promise<ValidationOptions> {
    const options = workspace.optionsFor(uri, await settingsFor(uri));
    const appType = appTypes.get(uri);
    return appType ? { ...options, appType } : options;
  }

  connection.onNotification(AppTypeNotification, ({ uri, appType }) =>
    guard('app type', () => {
      if (typeof appType === 'string' && appType) appTypes.set(uri, appType);
      else appTypes.delete(uri);
      scheduleValidation(uri, 0);
    }),
  );

  // Before anything is sent: the document's problems now, as the editor has it (or as the disk has it).
  connection.onRequest(ValidateRequest, async ({ uri }): Promise<ValidateResult> => {
    const options = await optionsFor(uri);
    const open = documents.get(uri);
    let textDocument = open?.textDocument;
    let parsed = open?.parsed;
    if (!textDocument || !parsed) {
      const path = toPath(uri);
      const read = path ? readText(path) : { error: `${uri} is not a file on this machine.` };
      if ('error' in read) throw new Error(read.error);
      textDocument = TextDocument.create(uri, LANGUAGE_ID, 0, read.text);
      parsed = AssignDocument.parse(read.text);
    }
    const doc = textDocument;
    const problems = service
      .doValidation(doc, parsed, options)
      .map((d) => ({
        rule: String(d.code ?? ''),
        severity: d.severity === DiagnosticSeverity.Error ? ('error' as const) : ('warning' as const),
        message: d.message,
        line: d.range.start.line,
        character: d.range.start.character,
      }))
      .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    const errors = problems.filter((p) => p.severity === 'error').length;
    return { errors, warnings: problems.length - errors, problems, options: { graphVersion: options.graphVersion, cloud: options.cloud, rules: options.rules } };
  });

  connection.onDidOpenTextDocument(({ textDocument: { uri, languageId, version, text } }) => {
    if (!isAssignDocument(uri)) return;
    guard('open', () => {
      documents.set(uri, { textDocument: TextDocument.create(uri, languageId, version, text), parsed: AssignDocument.parse(text) });
      onDisk.opened(uri);
      scheduleValidation(uri, 0);
    });
  });

  connection.onDidChangeTextDocument(({ textDocument: { uri, version }, contentChanges }) => {
    const open = documents.get(uri);
    if (!open) return;
    guard('change', () => {
      for (const change of contentChanges) applyChange(open, change, version);
      scheduleValidation(uri, VALIDATION_DELAY_MS);
    });
  });

  function applyChange(open: OpenDocument, change: TextDocumentContentChangeEvent, version: number): void {
    if ('range' in change) {
      const start = open.textDocument.offsetAt(change.range.start);
      const end = open.textDocument.offsetAt(change.range.end);
      open.textDocument = TextDocument.update(open.textDocument, [change], version);
      try {
        open.parsed.applyEdit(start, end, change.text, open.textDocument.getText());
      } catch (error) {
        connection.console.error(`Incremental parse failed, parsing the whole document: ${describe(error)}`);
        open.parsed = AssignDocument.parse(open.textDocument.getText());
      }
    } else {
      open.textDocument = TextDocument.update(open.textDocument, [change], version);
      open.parsed = AssignDocument.parse(change.text);
    }
  }

  connection.onDidCloseTextDocument(({ textDocument: { uri } }) => {
    const open = documents.get(uri);
    if (!open) return;
    clearTimeout(open.timer);
    documents.delete(uri);
    settingsCache.delete(uri);
    // What is on disk may differ from what was in the editor: report the file as the workspace has it.
    void connection.sendDiagnostics({ uri, diagnostics: [] }).then(() => onDisk.check(uri));
  });

  function scheduleValidation(uri: string, delay: number): void {
    const open = documents.get(uri);
    if (!open) return;
    clearTimeout(open.timer);
    open.timer = setTimeout(() => void validate(uri), delay);
  }

  async function validate(uri: string): Promise<void> {
    const open = documents.get(uri);
    if (!open) return;
    const version = open.textDocument.version;
    try {
      const options = await optionsFor(uri);
      // The document changed or closed while settings were fetched: a newer validation is on its way.
      const current = documents.get(uri);
      if (!current || current.textDocument.version !== version) return;
      const diagnostics = service.doValidation(current.textDocument, current.parsed, options);
      await connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (error) {
      connection.console.error(`Validating ${uri} failed: ${describe(error)}`);
    }
  }

  /** Runs a request handler on an open document; a failure is logged and answers the empty result. */
  async function onDocument<R>(uri: string, what: string, fallback: R, handler: (open: OpenDocument, options: ValidationOptions) => R): Promise<R> {
    try {
      if (!documents.has(uri)) return fallback;
      const options = await optionsFor(uri);
      const open = documents.get(uri);
      return open ? handler(open, options) : fallback;
    } catch (error) {
      connection.console.error(`${what} failed: ${describe(error)}`);
      return fallback;
    }
  }

  connection.onCompletion(({ textDocument, position }) =>
    onDocument(textDocument.uri, 'Completion', null, (open, options) =>
      service.doComplete(open.textDocument, open.parsed, position, options, { snippets: snippetSupport }),
    ),
  );
  connection.onHover(({ textDocument, position }) =>
    onDocument(textDocument.uri, 'Hover', null, (open, options) => service.doHover(open.textDocument, open.parsed, position, options)),
  );
  connection.onCodeAction(({ textDocument, range, context }) =>
    onDocument(textDocument.uri, 'Code actions', [], (open, options) =>
      service.getCodeActions(open.textDocument, open.parsed, range, options, context.only),
    ),
  );
  connection.onDocumentFormatting(({ textDocument, options }) =>
    onDocument(textDocument.uri, 'Formatting', [], (open) => service.format(open.textDocument, open.parsed, undefined, options).edits),
  );
  connection.onDocumentRangeFormatting(({ textDocument, range, options }) =>
    onDocument(textDocument.uri, 'Formatting', [], (open) => service.format(open.textDocument, open.parsed, range, options).edits),
  );
  connection.onDocumentSymbol(({ textDocument }) =>
    onDocument(textDocument.uri, 'Outline', [], (open) => service.getDocumentSymbols(open.textDocument, open.parsed)),
  );
  connection.onFoldingRanges(({ textDocument }) =>
    onDocument(textDocument.uri, 'Folding', [], (open) => service.getFoldingRanges(open.textDocument, open.parsed, 5000)),
  );
  connection.onSelectionRanges(({ textDocument, positions }) =>
    onDocument(textDocument.uri, 'Selection ranges', [], (open) => service.getSelectionRanges(open.textDocument, open.parsed, positions)),
  );

  function guard(what: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      connection.console.error(`Handling ${what} failed: ${describe(error)}`);
    }
  }

  connection.listen();
}

/** Keeps the first MAX_PUBLISHED_DIAGNOSTICS (errors before warnings) and says how many were left out. */
export function capDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_PUBLISHED_DIAGNOSTICS) return diagnostics;
  const kept = [...diagnostics]
    .sort((a, b) => (a.severity ?? 1) - (b.severity ?? 1))
    .slice(0, MAX_PUBLISHED_DIAGNOSTICS)
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const omitted = diagnostics.length - kept.length;
  return [
    {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      severity: DiagnosticSeverity.Information,
      source: DIAGNOSTIC_SOURCE,
      message: `${diagnostics.length} problems: the first ${kept.length} are shown, ${omitted} more are not. \`intune-assign lint\` lists them all.`,
    },
    ...kept,
  ];
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

function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
}

declare const INTUNE_ASSIGN_VERSION: string | undefined;
/** Injected by the bundler; `dev` when running from compiled sources (tests). */
export const SERVER_VERSION = typeof INTUNE_ASSIGN_VERSION === 'string' ? INTUNE_ASSIGN_VERSION : 'dev';
