// THE configuration lookup, used by the language server and the command line alike, so the editor and CI apply
// the same rules to a file: the nearest intune-assign.config.json in the file's folder or above it, up to the
// repository's root (the nearest folder holding .git), or the file system's root outside a repository. A
// configuration named explicitly (`--config FILE`) applies to every file instead. Override globs are relative
// to the folder of the configuration that applies.
import { dirname, join, relative, resolve } from 'node:path';
import { type AppBinding, type BaseOptions, type Config, CONFIG_FILE_NAME, type ConfigProblem, parseConfig, resolveOptions, type ValidationOptions } from '../../core/src';
import { isFile, isRepositoryRoot, type Listed, readText, toSlash } from './files';

export interface LoadedConfig {
  /** The configuration file's absolute path. */
  path: string;
  /** Its folder: override globs are relative to it. */
  dir: string;
  /** What could be read of it (problems are left out of it). */
  config: Config;
  /** Problems with their 1-based positions; a file that cannot be read has one, at 1:1. */
  problems: ConfigProblem[];
  /** Its valid bindings of files to apps ("apps"), with their positions. */
  bindings: AppBinding[];
}

export class ConfigLookup {
  /** Folder -> the configuration file that applies to files in it (undefined: none). */
  private readonly nearest = new Map<string, string | undefined>();
  private readonly loaded = new Map<string, LoadedConfig>();
  /** Options of files whose configuration has no overrides, by configuration and flags. */
  private readonly sharedOptions = new Map<string, ValidationOptions>();
  /** What folders' listings said (a walk's), asked before the file system. */
  private listed: Listed = new Map();
  private readonly explicit?: string;

  /** `explicit`: a configuration file that applies to every file (the command line's --config). */
  constructor(explicit?: string) {
    this.explicit = explicit === undefined ? undefined : resolve(explicit);
  }

  /** The configuration file that applies to `file` (an absolute path), if any. */
  configFileFor(file: string): string | undefined {
    if (this.explicit) return this.explicit;
    return this.nearestFrom(dirname(resolve(file)));
  }

  /** The configuration that applies to `file`, read once and kept until clear(). */
  configFor(file: string): LoadedConfig | undefined {
    const path = this.configFileFor(file);
    return path === undefined ? undefined : this.load(path);
  }

  /** Reads (or returns the copy already read of) one configuration file. */
  load(path: string): LoadedConfig {
    let loaded = this.loaded.get(path);
    if (!loaded) {
      const read = readText(path);
      const parsed = 'error' in read ? { config: {}, problems: [{ line: 1, column: 1, message: `Cannot read it: ${read.error}` }], bindings: [] } : parseConfig(read.text);
      loaded = { path, dir: dirname(path), ...parsed };
      this.loaded.set(path, loaded);
    }
    return loaded;
  }

  /**
   * The validation options for `file`: `base` (the editor's settings, or the command line's defaults), then its
   * configuration and the overrides matching its path, then `forced` (command-line flags).
   */
  optionsFor(file: string, base: BaseOptions, forced: Partial<BaseOptions> = {}): ValidationOptions {
    const loaded = this.configFor(file);
    // Without overrides, every file under a configuration gets the same options: made once, shared (frozen).
    const shared = !loaded?.config.overrides?.length;
    const key = shared ? `${loaded?.path ?? ''}\0${base.graphVersion}\0${base.cloud}\0${forced.graphVersion ?? ''}\0${forced.cloud ?? ''}` : undefined;
    const known = key === undefined ? undefined : this.sharedOptions.get(key);
    if (known) return known;
    const relativePath = loaded ? toSlash(relative(loaded.dir, resolve(file))) : undefined;
    const options: ValidationOptions = { ...resolveOptions(base, loaded?.config, relativePath), ...forced };
    if (key !== undefined) {
      Object.freeze(options.rules);
      this.sharedOptions.set(key, Object.freeze(options));
    }
    return options;
  }

  /**
   * Takes what a walk's listings said of its folders (findFiles), so the lookup for files in them asks the file
   * system nothing more; until clear().
   */
  remember(listed: Listed): void {
    this.listed = listed;
  }

  /** Forgets what was looked up and read: a configuration file appeared, changed or went. */
  clear(): void {
    this.listed = new Map();
    this.nearest.clear();
    this.loaded.clear();
    this.sharedOptions.clear();
  }

  private nearestFrom(folder: string): string | undefined {
    if (this.nearest.has(folder)) return this.nearest.get(folder);
    const candidate = join(folder, CONFIG_FILE_NAME);
    const markers = this.listed.get(folder);
    let found: string | undefined;
    if (markers?.config ?? isFile(candidate)) found = candidate;
    else if (!(markers?.repository ?? isRepositoryRoot(folder)) && dirname(folder) !== folder) found = this.nearestFrom(dirname(folder));
    this.nearest.set(folder, found);
    return found;
  }
}
