// Problems of the *.assign.json files that are not open: found by walking the workspace folders, checked from
// disk with the command line's linter (so the Problems panel shows what `intune-assign lint` prints), kept
// current as files change on disk, cleared when they are deleted or opened.
import { type Connection, type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE } from '../../common/src/constants';
import { Linter, toDiagnostic, ValidationOptions } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { RULE_DOCS } from './ruleDocs';
import { toPath, Workspace } from './workspace';
import { readText } from '../../workspace/src/files';

/** Files checked between two looks at the message queue, so requests are answered during a big scan. */
const CHUNK = 50;

export class WorkspaceDiagnostics {
  private readonly linter = new Linter(TYPES);
  /** URIs whose on-disk problems are published. */
  private readonly published = new Set<string>();
  private generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly isOpen: (uri: string) => boolean,
    /** The options for a file, or undefined when its folder turned workspace diagnostics off. */
    private readonly optionsFor: (uri: string) => Promise<ValidationOptions | undefined>,
    private readonly cap: (diagnostics: Diagnostic[]) => Diagnostic[],
  ) {}

  /** Checks every file of the workspace again; a scan already running stops. Resolves when done. */
  async scan(): Promise<void> {
    const generation = ++this.generation;
    const files = new Set(this.workspace.assignFiles());
    for (const uri of [...this.published]) if (!files.has(uri) && !this.isOpen(uri)) this.clear(uri);
    let count = 0;
    for (const uri of files) {
      if (generation !== this.generation) return;
      if (!this.isOpen(uri)) await this.check(uri);
      if (++count % CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** A file changed or appeared on disk, or was closed in the editor: check it from disk. */
  async check(uri: string): Promise<void> {
    if (this.isOpen(uri)) return;
    const options = this.workspace.folderOf(uri) ? await this.optionsFor(uri) : undefined;
    const path = toPath(uri);
    if (!options || !path) return this.clear(uri);
    const read = readText(path);
    let diagnostics: Diagnostic[];
    if ('error' in read) {
      diagnostics = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, message: read.error }];
    } else {
      const { findings } = this.linter.lint(read.text, options);
      const document = findings.length ? TextDocument.create(uri, 'intune-assign', 0, read.text) : undefined;
      diagnostics = this.cap(findings.map((f) => toDiagnostic(document!, f, RULE_DOCS)));
    }
    if (this.isOpen(uri)) return; // opened while it was read: the editor's text wins
    if (diagnostics.length === 0) return this.clear(uri);
    this.published.add(uri);
    await this.connection.sendDiagnostics({ uri, diagnostics });
  }

  /** A file was deleted, or is no longer part of the workspace. */
  clear(uri: string): void {
    if (!this.published.delete(uri)) return;
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** An open document's diagnostics now come from the editor's text. */
  opened(uri: string): void {
    this.published.delete(uri);
  }
}
