// What the language server knows of the workspace on disk: its folders, the configuration that applies to each
// document (through workspace/'s one lookup, exactly as `intune-assign lint` finds it), and the *.assign.json
// files to report problems for when they are not open. A configuration file with problems is reported once,
// when it is first used, and ignored until it changes.
import { basename, isAbsolute, relative } from 'node:path';
import { URI } from 'vscode-uri';
import { type BaseOptions, CONFIG_FILE_NAME, type ValidationOptions } from '../../core/src';
import { ConfigLookup, type LoadedConfig } from '../../workspace/src/config';
import { findAssignFiles, type FileProblem, type WalkLimits } from '../../workspace/src/files';

export class Workspace {
  /** Folder paths, innermost first. */
  private folders: string[] = [];
  /** Folder path -> the URI the client gave for it. */
  private readonly folderUris = new Map<string, string>();
  private readonly configs = new ConfigLookup();
  /** Configuration files whose problems were reported (until they change). */
  private readonly reported = new Set<string>();

  /** @param onConfigProblems told once about a configuration file with problems (which are ignored). */
  constructor(private readonly onConfigProblems: (config: LoadedConfig) => void) {}

  /** Sets the workspace folders (file URIs; others are ignored). */
  setFolders(uris: string[]): void {
    this.folderUris.clear();
    for (const uri of uris) {
      const path = toPath(uri);
      if (path) this.folderUris.set(path, uri);
    }
    this.folders = [...this.folderUris.keys()].sort((a, b) => b.length - a.length);
    this.configChanged();
  }

  /** The URI of the workspace folder holding a document, as the client named it. */
  folderUriOf(uri: string): string | undefined {
    const folder = this.folderOf(uri);
    return folder ? this.folderUris.get(folder) : undefined;
  }

  /** Whether `uri` names a configuration file (whichever folder it is in). */
  isConfigFile(uri: string): boolean {
    const path = toPath(uri);
    return path !== undefined && basename(path) === CONFIG_FILE_NAME;
  }

  /** A configuration file appeared, changed or went: every lookup starts afresh. */
  configChanged(): void {
    this.configs.clear();
    this.reported.clear();
  }

  /** The folder holding a document: the innermost workspace folder that contains it. */
  folderOf(uri: string): string | undefined {
    const path = toPath(uri);
    if (!path) return undefined;
    return this.folders.find((folder) => isWithin(folder, path));
  }

  /**
   * The options for a document: the editor's settings, then the nearest configuration file at or above it and
   * the overrides matching its path — exactly what `intune-assign lint` uses for that file.
   */
  optionsFor(uri: string, base: BaseOptions): ValidationOptions {
    const path = toPath(uri);
    if (!path) return { graphVersion: base.graphVersion, cloud: base.cloud, rules: {} };
    const loaded = this.configs.configFor(path);
    if (loaded?.problems.length && !this.reported.has(loaded.path)) {
      this.reported.add(loaded.path);
      this.onConfigProblems(loaded);
    }
    return this.configs.optionsFor(path, base);
  }

  /**
   * Every *.assign.json in the workspace folders (honouring .gitignore, skipping node_modules), as file URIs,
   * each real file once, within `limits`; found a slice at a time, awaiting `pause()` between slices.
   */
  async assignFiles(limits: WalkLimits, pause: () => Promise<void>): Promise<{ uris: string[]; problems: FileProblem[] }> {
    const uris = new Set<string>();
    const problems: FileProblem[] = [];
    // A folder inside another is searched with it.
    const outermost = this.folders.filter((folder) => !this.folders.some((other) => other !== folder && isWithin(other, folder)));
    for (const folder of outermost) {
      const found = await findAssignFiles(folder, { ...limits, maxFiles: (limits.maxFiles ?? Infinity) - uris.size }, pause);
      for (const file of found.files) uris.add(URI.file(file).toString());
      problems.push(...found.problems);
    }
    return { uris: [...uris], problems };
  }
}

/** Whether `path` is strictly inside `folder`. */
function isWithin(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export function toPath(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}
