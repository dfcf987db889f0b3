// What the language server knows of the workspace on disk: its folders, the configuration file at the root of
// each (intune-assign.config.json, the same file the command line reads), the validation options it gives a
// document, and the *.assign.json files to report problems for when they are not open.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { URI } from 'vscode-uri';
import { BaseOptions, Config, CONFIG_FILE_NAME, ConfigProblem, parseConfig, resolveOptions, type ValidationOptions } from '../../core/src';
import { findFiles, toSlash } from '../../workspace/src/files';

export interface FolderConfig {
  folder: string;
  /** The configuration file's path, when the folder has one. */
  path?: string;
  config?: Config;
  problems: ConfigProblem[];
}

export class Workspace {
  /** Folder paths, innermost first. */
  private folders: string[] = [];
  /** Folder path -> the URI the client gave for it. */
  private readonly folderUris = new Map<string, string>();
  private readonly configs = new Map<string, FolderConfig>();

  /** Sets the workspace folders (file URIs; others are ignored) and loads their configuration files. */
  setFolders(uris: string[]): FolderConfig[] {
    this.folderUris.clear();
    for (const uri of uris) {
      const path = toPath(uri);
      if (path) this.folderUris.set(path, uri);
    }
    this.folders = [...this.folderUris.keys()].sort((a, b) => b.length - a.length);
    this.configs.clear();
    return this.folders.map((folder) => this.loadConfig(folder));
  }

  /** The URI of the workspace folder holding a document, as the client named it. */
  folderUriOf(uri: string): string | undefined {
    const folder = this.folderOf(uri);
    return folder ? this.folderUris.get(folder) : undefined;
  }

  /** Re-reads one folder's configuration file (after it changed on disk). */
  loadConfig(folder: string): FolderConfig {
    const path = join(folder, CONFIG_FILE_NAME);
    let loaded: FolderConfig = { folder, problems: [] };
    if (existsSync(path)) {
      try {
        const { config, problems } = parseConfig(readFileSync(path, 'utf8'));
        loaded = { folder, path, config, problems };
      } catch (error) {
        loaded = { folder, path, problems: [{ line: 1, column: 1, message: `Cannot read it: ${(error as Error).message}` }] };
      }
    }
    this.configs.set(folder, loaded);
    return loaded;
  }

  /** The workspace folder a configuration file configures, if `uri` is one. */
  configFolder(uri: string): string | undefined {
    const path = toPath(uri);
    return this.folders.find((folder) => path === join(folder, CONFIG_FILE_NAME));
  }

  /** The folder holding a document: the innermost workspace folder that contains it. */
  folderOf(uri: string): string | undefined {
    const path = toPath(uri);
    if (!path) return undefined;
    return this.folders.find((folder) => {
      const rel = relative(folder, path);
      return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/');
    });
  }

  /**
   * The options for a document: the editor's settings, then its folder's configuration file and the overrides
   * matching its path — exactly what `intune-assign lint` run in that folder uses.
   */
  optionsFor(uri: string, base: BaseOptions): ValidationOptions {
    const folder = this.folderOf(uri);
    const config = folder ? this.configs.get(folder)?.config : undefined;
    const path = toPath(uri);
    return resolveOptions(base, config, folder && path ? toSlash(relative(folder, path)) : undefined);
  }

  /** Every *.assign.json in the workspace folders (honouring .gitignore, skipping node_modules), as file URIs. */
  assignFiles(): string[] {
    const all = new Set<string>();
    for (const folder of this.folders) for (const file of findFiles(folder, []).files) all.add(URI.file(file).toString());
    return [...all];
  }
}

export function toPath(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}
