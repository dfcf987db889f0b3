// The workspace's bindings of files to Intune apps, as the editor sees them: every intune-assign.config.json in
// the workspace folders read with the one configuration parser and checked together (workspace/src/bindings.ts),
// read when first needed (not at activation), by a bounded walk, and read again once per burst of changes to a
// configuration or an *.assign.json appearing or going; written back (a binding, the
// names recorded with it) with the file's formatting kept: into the open editor's buffer when the configuration
// is open, else on disk. The problems of the bindings are diagnostics on the configuration files, where they
// are written; an app the tenant does not have is one too, once the tenant has been read.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../common/src/constants';
import { type BaseOptions, CONFIG_FILE_NAME, type RecordedNames, type ValidationOptions } from '../../core/src';
import type { Logger } from '../../graph/src/log';
import { type BindingProblem, type BoundFile, configForBinding, editConfigText, loadBindings, relativeToConfig, type WorkspaceBindings } from '../../workspace/src/bindings';
import { ConfigLookup } from '../../workspace/src/config';
import { type FileProblem, MAX_WORKSPACE_FOLDERS, walk } from '../../workspace/src/files';

/** Configuration files read at most, over all the workspace folders (past it, the log says the rest are not). */
const MAX_CONFIGS = 1_000;
/** File events this close together are one change: the bindings are read again once, after the last. */
const SETTLE_MS = 200;

export class Bindings implements vscode.Disposable {
  private readonly lookup = new ConfigLookup();
  private cached: WorkspaceBindings | undefined;
  /** Problems found by reading the tenant (apps it does not have), by configuration file. */
  private tenantProblems = new Map<string, BindingProblem[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('intune-assign-bindings');
  private readonly subscriptions: vscode.Disposable[];
  private settling: NodeJS.Timeout | undefined;

  constructor(private readonly log?: Logger) {
    const configs = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
    const documents = vscode.workspace.createFileSystemWatcher('**/*.assign.json', false, true, false);
    // A burst of events (a checkout, a pull --all) is one change.
    const refresh = () => {
      clearTimeout(this.settling);
      this.settling = setTimeout(() => {
        this.settling = undefined;
        this.invalidate();
      }, SETTLE_MS);
    };
    this.subscriptions = [
      configs,
      documents,
      configs.onDidCreate(refresh),
      configs.onDidChange(refresh),
      configs.onDidDelete(refresh),
      documents.onDidCreate(refresh),
      documents.onDidDelete(refresh),
      vscode.workspace.onDidChangeWorkspaceFolders(refresh),
    ];
  }

  /** Every configuration of the workspace folders on disk, and their bindings checked together; read on first use. */
  get current(): WorkspaceBindings {
    if (!this.cached) {
      this.cached = loadBindings(this.findConfigs(), this.lookup);
      this.publish();
    }
    return this.cached;
  }

  /** The binding of a file on disk (undefined: none, or one with a problem). */
  bindingOf(uri: vscode.Uri): BoundFile | undefined {
    if (uri.scheme !== 'file') return undefined;
    return this.current.bindings.find((b) => b.path === uri.fsPath);
  }

  /** The validation options of a file: `base` (the editor's settings), then its configuration and overrides. */
  optionsFor(path: string, base: BaseOptions): ValidationOptions {
    return this.lookup.optionsFor(path, base);
  }

  /** The names recorded in the configuration that binds `binding`. */
  namesOf(binding: BoundFile): RecordedNames | undefined {
    return this.current.configs.find((c) => c.path === binding.config)?.config.names;
  }

  /** Where a new binding of this file goes: the nearest configuration within its workspace folder, else the folder's own. */
  configFor(uri: vscode.Uri): string | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (uri.scheme !== 'file' || folder?.uri.scheme !== 'file') return undefined;
    return configForBinding(uri.fsPath, folder.uri.fsPath, this.lookup);
  }

  /**
   * Binds `uri` to `app` in the configuration `configFor` names (an app bound to another file moves here), and
   * records the names given. The configuration's own editor gets the edit when it is open.
   */
  async bind(uri: vscode.Uri, app: { id: string; displayName: string }, names: RecordedNames = {}): Promise<string> {
    const config = this.configFor(uri);
    const file = config && relativeToConfig(config, uri.fsPath);
    if (!config || !file) throw new Error(`${uri.fsPath} is not in a workspace folder on disk: only such files can be bound.`);
    const configUri = vscode.Uri.file(config);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === config);
    const text = open ? open.getText() : readOrEmpty(config);
    const edited = editConfigText(text, { bind: { [file]: app.id }, names: { ...names, apps: { ...names.apps, [app.id]: app.displayName } } });
    if (open) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(configUri, new vscode.Range(open.positionAt(0), open.positionAt(text.length)), edited);
      await vscode.workspace.applyEdit(edit);
      await open.save();
    } else {
      await vscode.workspace.fs.writeFile(configUri, Buffer.from(edited, 'utf8'));
    }
    this.invalidate();
    return config;
  }

  /** Problems the tenant's answers showed (apps it does not have), shown with the configuration's own. */
  setTenantProblems(problems: BindingProblem[]): void {
    this.tenantProblems = new Map();
    for (const p of problems) this.tenantProblems.set(p.config, [...(this.tenantProblems.get(p.config) ?? []), p]);
    this.publish();
  }

  /** The configurations changed: read again now if they were read (their diagnostics stay current), else on first use. */
  invalidate(): void {
    const read = this.cached !== undefined;
    this.cached = undefined;
    this.lookup.clear();
    if (read) void this.current;
    this.changed.fire();
  }

  dispose(): void {
    clearTimeout(this.settling);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.diagnostics.dispose();
  }

  private publish(): void {
    if (!this.cached) return;
    this.diagnostics.clear();
    const byConfig = new Map<string, BindingProblem[]>();
    // The binding's own problems; a malformed value is the JSON Schema's to report, not reported twice here.
    for (const p of [...this.cached.problems.filter((p) => p.path || /bound/.test(p.message)), ...[...this.tenantProblems.values()].flat()]) {
      byConfig.set(p.config, [...(byConfig.get(p.config) ?? []), p]);
    }
    for (const [config, problems] of byConfig) {
      const lines = readOrEmpty(config).split('\n');
      this.diagnostics.set(
        vscode.Uri.file(config),
        problems.map((p) => {
          const at = new vscode.Position(p.line - 1, p.column - 1);
          // The key, quotes included, where the binding is written.
          const key = /^"(?:[^"\\]|\\.)*"/.exec(lines[p.line - 1]?.slice(p.column - 1) ?? '')?.[0].length ?? 1;
          const diagnostic = new vscode.Diagnostic(new vscode.Range(at, at.translate(0, key)), p.message, vscode.DiagnosticSeverity.Error);
          diagnostic.source = DIAGNOSTIC_SOURCE;
          return diagnostic;
        }),
      );
    }
  }

  /**
   * The configuration files of the workspace folders on disk, walked as lint walks (.gitignore honoured,
   * node_modules skipped) within MAX_CONFIGS and MAX_WORKSPACE_FOLDERS.
   */
  private findConfigs(): string[] {
    const found: string[] = [];
    const problems: FileProblem[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const root = folder.uri.fsPath;
      const here: string[] = [];
      walk(root, root, problems, (path) => here.push(path), { accept: (path) => basename(path) === CONFIG_FILE_NAME, maxFiles: MAX_CONFIGS - found.length, maxFolders: MAX_WORKSPACE_FOLDERS });
      // Folder by folder (the workspace's order), each sorted.
      found.push(...here.sort());
    }
    for (const p of problems) this.log?.warn('workspace', `Bindings: ${p.message}`);
    return found;
  }
}

/**
 * Whether bindings recorded in tenant `recorded` (a configuration's names.tenant) belong to another tenant than the
 * signed-in `signedIn`: their ids are the other tenant's. Not when either is unknown.
 */
export function isOtherTenant(recorded: string | undefined, signedIn: string | undefined): boolean {
  return !!recorded && !!signedIn && recorded.toLowerCase() !== signedIn.toLowerCase();
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
