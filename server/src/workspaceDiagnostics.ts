// Problems of the *.assign.json files that are not open: found by walking the workspace folders a slice at a
// time (each real file once, at most MAX_WORKSPACE_FILES, links that fan out or loop cost one visit per real
// folder), checked from disk with the command line's linter (so the Problems panel shows what
// `intune-assign lint` prints), kept current as files change on disk, cleared when they are deleted or opened.
// The scan yields to requests between slices, and one file that fails is reported and skipped, never the end
// of the scan.
import { existsSync } from 'node:fs';
import { type Connection, type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE, LANGUAGE_ID } from '../../common/src/constants';
import { Linter, MAX_PROBLEMS, toDiagnostics, ValidationOptions } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { RULE_DOCS } from './ruleDocs';
import { MAX_WORKSPACE_FOLDERS, readText } from '../../workspace/src/files';
import { describe, Runner } from './runner';
import { failure } from './validation';
import { toPath, Workspace } from './workspace';

/** More files than a workspace of payloads has; past it, the rest are not checked (and the user is told). */
export const MAX_WORKSPACE_FILES = 10_000;
/** Checking files runs this long between two looks at the message queue. */
const SLICE_MS = 10;

export class WorkspaceDiagnostics {
  private readonly linter = new Linter(TYPES);
  /** URIs whose on-disk problems are published. */
  private readonly published = new Set<string>();
  private generation = 0;
  private warned = false;
  /** Files changed on disk waiting to be checked, and whether they are being worked through. */
  private readonly changed = new Set<string>();
  private draining = false;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly runner: Runner,
    private readonly isOpen: (uri: string) => boolean,
    /** The options for a file, or undefined when its folder turned workspace diagnostics off. */
    private readonly optionsFor: (uri: string) => Promise<ValidationOptions | undefined>,
  ) {}

  /** Checks every file of the workspace again; a scan already running stops. Resolves when done. */
  async scan(): Promise<void> {
    const generation = ++this.generation;
    const pause = () => this.runner.pause();
    const { uris, problems } = await this.workspace.assignFiles({ maxFiles: MAX_WORKSPACE_FILES, maxFolders: MAX_WORKSPACE_FOLDERS }, pause);
    if (generation !== this.generation) return;
    this.report(problems.map((p) => p.message));
    const files = new Set(uris);
    for (const uri of [...this.published]) if (!files.has(uri) && !this.isOpen(uri)) this.clear(uri);
    let since = Date.now();
    for (const uri of files) {
      if (generation !== this.generation) return;
      await this.check(uri);
      if (Date.now() - since >= SLICE_MS) {
        await pause();
        since = Date.now();
      }
    }
  }

  /**
   * Files a watcher says changed: checked one after another, pausing for requests between slices, so a branch
   * switch that changes thousands of files does not hold the server up.
   */
  queue(uris: string[]): void {
    for (const uri of uris) this.changed.add(uri);
    if (this.draining) return;
    this.draining = true;
    this.runner.background('checking changed files', async () => {
      try {
        let since = Date.now();
        for (const uri of this.changed) {
          this.changed.delete(uri);
          await this.check(uri);
          if (Date.now() - since >= SLICE_MS) {
            await this.runner.pause();
            since = Date.now();
          }
        }
      } finally {
        this.draining = false;
      }
    });
  }

  /** A file changed or appeared on disk, or was closed in the editor: check it from disk. Never throws. */
  async check(uri: string): Promise<void> {
    try {
      if (this.isOpen(uri)) return;
      const options = this.workspace.folderOf(uri) ? await this.optionsFor(uri) : undefined;
      const path = toPath(uri);
      if (!options || !path) return this.clear(uri);
      const diagnostics = this.diagnosticsOf(uri, path, options);
      if (this.isOpen(uri)) return; // opened while it was read: the editor's text wins
      if (diagnostics.length === 0) return this.clear(uri);
      this.published.add(uri);
      await this.connection.sendDiagnostics({ uri, diagnostics });
    } catch (error) {
      this.connection.console.error(`Checking ${uri} failed: ${describe(error)}`);
      this.published.add(uri);
      await this.connection.sendDiagnostics({ uri, diagnostics: [failure(error)] }).catch(() => undefined);
    }
  }

  private diagnosticsOf(uri: string, path: string, options: ValidationOptions): Diagnostic[] {
    const read = readText(path);
    // Gone from disk (deleted, or an editor's document never saved): nothing to report.
    if ('error' in read && !existsSync(path)) return [];
    if ('error' in read) {
      return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, message: read.error }];
    }
    const { findings, total } = this.linter.lintWithin(read.text, options, MAX_PROBLEMS);
    if (findings.length === 0) return [];
    return toDiagnostics(TextDocument.create(uri, LANGUAGE_ID, 0, read.text), { findings, total }, RULE_DOCS);
  }

  /** A file was deleted, or is no longer part of the workspace. */
  clear(uri: string): void {
    if (!this.published.delete(uri)) return;
    void this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
  }

  /** An open document's diagnostics now come from the editor's text. */
  opened(uri: string): void {
    this.published.delete(uri);
  }

  /** Folders that could not be searched and limits reached go to the log; a limit is also shown once. */
  private report(problems: string[]): void {
    if (problems.length === 0) return;
    this.connection.console.warn(`Searching the workspace for *.assign.json:\n${problems.join('\n')}`);
    const limit = problems.find((p) => / has more than /.test(p));
    if (limit && !this.warned) {
      this.warned = true;
      void this.connection.window.showWarningMessage(`Intune Assign: ${limit} Open a smaller folder, or add the rest to .gitignore.`);
    }
  }
}
