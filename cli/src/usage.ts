// What every command-line command shares: usage errors (exit 2), and the configuration file, found the way
// lint finds it (--config, else the nearest intune-assign.config.json at or above the current folder, up to
// the repository's root).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Config, CONFIG_FILE_NAME, parseConfig } from '../../core/src';
import { findRepositoryRoot } from '../../workspace/src/files';

/** A wrong option or configuration: the command exits with code 2. */
export class UsageError extends Error {}

export interface LoadedConfig {
  config: Config | undefined;
  /** The folder override globs are relative to. */
  dir: string;
}

export function loadConfig(cwd: string, explicit: string | undefined): LoadedConfig {
  let path: string | undefined;
  if (explicit) {
    path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new UsageError(`The configuration file ${path} does not exist.`);
  } else {
    // Up to the repository's root, or the file system's when not in a repository.
    const top = findRepositoryRoot(cwd);
    for (let dir = resolve(cwd); ; dir = dirname(dir)) {
      if (existsSync(join(dir, CONFIG_FILE_NAME))) {
        path = join(dir, CONFIG_FILE_NAME);
        break;
      }
      if (dir === top || dirname(dir) === dir) break;
    }
  }
  if (!path) return { config: undefined, dir: cwd };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the configuration file ${path}: ${(error as Error).message}`);
  }
  const { config, problems } = parseConfig(text);
  if (problems.length) {
    throw new UsageError(`The configuration file has problems:\n${problems.map((p) => `  ${path}:${p.line}:${p.column}: ${p.message}`).join('\n')}`);
  }
  return { config, dir: dirname(path) };
}
