// Finding and reading *.assign.json files on disk, for the command line and the language server's
// whole-workspace problems: walks folders honouring .gitignore files and skipping node_modules, expands
// globs, follows symbolic links without looping, and reads a file only when it is a reasonable UTF-8 text.
import { closeSync, Dirent, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, Stats, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { Ignore } from 'ignore';
import picomatch from 'picomatch';
import { DOCUMENT_SUFFIX } from '../../common/src/constants';

/** Larger files are not read: an assign body of 50 MB would already be some 250,000 assignments. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

export interface FileProblem {
  path: string;
  message: string;
}

export interface FoundFiles {
  /** Absolute paths, sorted, each once. */
  files: string[];
  /** Paths that do not exist, patterns that match nothing, folders that cannot be read, link loops. */
  problems: FileProblem[];
}

/**
 * The files that `patterns` name, relative to `cwd`: a file is taken as it is (whatever its name); a folder is
 * searched for *.assign.json; anything else is a glob searched for under its fixed leading folders. With no
 * pattern, every *.assign.json under `cwd`. Folder searches honour .gitignore files and skip node_modules.
 */
export function findFiles(cwd: string, patterns: string[]): FoundFiles {
  const files = new Set<string>();
  const problems: FileProblem[] = [];
  const isAssign = (path: string) => path.toLowerCase().endsWith(DOCUMENT_SUFFIX);
  // .gitignore files between the repository's root and a searched folder apply to it too.
  const repository = repositoryRoot(cwd);
  const rootFor = (folder: string) => (isInside(repository, folder) ? repository : folder);
  for (const pattern of patterns.length ? patterns : ['.']) {
    const absolute = resolve(cwd, pattern);
    let stats;
    try {
      stats = statSync(absolute);
    } catch (error) {
      if (isGlob(pattern)) {
        const { base, glob } = splitGlob(pattern);
        const matcher = picomatch(glob, { dot: true });
        const root = resolve(cwd, base);
        let matched = 0;
        if (existsSync(root)) {
          walk(rootFor(root), root, problems, (path) => {
            if (!matcher(toSlash(relative(root, path)))) return;
            files.add(path);
            matched++;
          });
        }
        if (!matched) problems.push({ path: pattern, message: `No files match the pattern "${pattern}".` });
      } else {
        problems.push({ path: absolute, message: describeError(error, absolute) });
      }
      continue;
    }
    if (stats.isDirectory()) {
      let matched = 0;
      walk(rootFor(absolute), absolute, problems, (path) => {
        if (!isAssign(path)) return;
        files.add(path);
        matched++;
      });
      if (!matched && patterns.length) problems.push({ path: absolute, message: `No *${DOCUMENT_SUFFIX} files in ${absolute}.` });
    } else if (stats.isFile()) files.add(absolute);
    else problems.push({ path: absolute, message: `${absolute} is not a file or a folder.` });
  }
  return { files: [...files].sort(), problems };
}

function isInside(parent: string, path: string): boolean {
  const rel = relative(parent, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Calls `found` for every file under `folder` (which is `root` or inside it) that no .gitignore between `root`
 * and it excludes. Symbolic links
 * are followed once: a link back into a folder already being walked is reported as a loop.
 */
export function walk(root: string, folder: string, problems: FileProblem[], found: (path: string) => void): void {
  const visiting = new Set<string>();
  const rules: { base: string; ig: Ignore }[] = [];
  // .gitignore files above the folder (up to the root) apply too.
  for (let dir = folder; ; dir = dirname(dir)) {
    if (dir !== folder) addGitignore(dir, rules, true);
    if (dir === root || dirname(dir) === dir) break;
  }
  const ignored = (path: string, isDir: boolean) =>
    rules.some(({ base, ig }) => {
      const rel = relative(base, path);
      return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && ig.ignores(toSlash(rel) + (isDir ? '/' : ''));
    });

  // A folder's real path is its parent's plus its name, unless it is reached through a symbolic link: only
  // those (and the starting folder) need asking the file system.
  const visit = (dir: string, knownReal?: string) => {
    let real: string;
    try {
      real = knownReal ?? realpathSync(dir);
    } catch (error) {
      problems.push({ path: dir, message: describeError(error, dir) });
      return;
    }
    if (visiting.has(real)) {
      problems.push({ path: dir, message: `${dir} is a symbolic link loop (it leads back to ${real}); not followed.` });
      return;
    }
    visiting.add(real);
    const depth = rules.length;
    addGitignore(dir, rules, false);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: dir, message: describeError(error, dir) });
      entries = [];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    for (const entry of entries) {
      const path = prefix + entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(path);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          problems.push({ path, message: describeError(error, path) });
          continue;
        }
      }
      if (isDir) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !ignored(path, true)) visit(path, entry.isSymbolicLink() ? undefined : join(real, entry.name));
      } else if (isFile && !ignored(path, false)) found(path);
    }
    rules.length = depth;
    visiting.delete(real);
  };
  visit(folder);
}

function addGitignore(dir: string, rules: { base: string; ig: Ignore }[], quiet: boolean): void {
  const file = join(dir, '.gitignore');
  // Most folders have none: asking is cheaper than the exception a failed read throws.
  if (!existsSync(file)) return;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  if (quiet && !text.trim()) return;
  rules.push({ base: dir, ig: ignore().add(text) });
}

export type ReadResult = { text: string } | { error: string };

/** Most payloads fit here: read in one call, without asking the size first. */
const CHUNK = Buffer.allocUnsafe(256 * 1024);

/** Reads a file as UTF-8 text, refusing what is too large, binary or in another encoding, with a clear reason. */
export function readText(path: string): ReadResult {
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    // Linting thousands of files is mostly system calls: open and read, and only a file that fills the chunk
    // costs an fstat (for its size, and the limit) and more reads.
    fd = openSync(path, 'r');
    const first = readSync(fd, CHUNK, 0, CHUNK.length, 0);
    if (first < CHUNK.length) {
      // Decoded (copied into a string) below, before the chunk is read into again.
      bytes = CHUNK.subarray(0, first);
    } else {
      const stats = fstatSync(fd);
      const refused = refuse(path, stats);
      if (refused) return refused;
      bytes = Buffer.allocUnsafe(stats.size);
      CHUNK.copy(bytes, 0, 0, first);
      let read = first;
      while (read < bytes.length) {
        const n = readSync(fd, bytes, read, bytes.length - read, read);
        if (n === 0) break;
        read += n;
      }
      bytes = bytes.subarray(0, read);
    }
  } catch (error) {
    return { error: describeError(error, path) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return decode(path, bytes);
}

function refuse(path: string, stats: Stats): ReadResult | undefined {
  if (!stats.isFile()) return { error: `${path} is not a file.` };
  if (stats.size > MAX_FILE_BYTES) {
    return { error: `${path} is ${(stats.size / 1024 / 1024).toFixed(0)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit; not checked.` };
  }
  return undefined;
}

function decode(path: string, bytes: Buffer): ReadResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { error: `${path} is UTF-16; save it as UTF-8 (Graph takes UTF-8 JSON).` };
  }
  // NUL is valid UTF-8 but never in a JSON text: binary, or UTF-16 without its byte order mark.
  if (bytes.includes(0)) return { error: `${path} is not UTF-8 text (it holds NUL bytes: binary, or UTF-16); save it as UTF-8.` };
  try {
    return { text: UTF8.decode(bytes) };
  } catch {
    return { error: `${path} is not UTF-8 text (binary, or another encoding); save it as UTF-8.` };
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function describeError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `${path} does not exist.`;
    case 'EACCES':
    case 'EPERM':
      return `${path} cannot be read: permission denied.`;
    case 'ELOOP':
      return `${path} is a symbolic link loop; not followed.`;
    case 'EISDIR':
      return `${path} is a folder.`;
    default:
      return `${path} cannot be read: ${(error as Error).message}`;
  }
}

const GLOB_CHARS = /[*?[\]{}!]/;

function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/** `dir/sub/**\/*.json` -> base `dir/sub`, glob `**\/*.json`. */
function splitGlob(pattern: string): { base: string; glob: string } {
  const parts = toSlash(pattern).split('/');
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
  return { base: parts.slice(0, firstGlob).join('/') || '.', glob: parts.slice(firstGlob).join('/') };
}

export function toSlash(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Whether `folder` is a repository's root (holds .git). */
export function isRepositoryRoot(folder: string): boolean {
  return existsSync(join(folder, '.git'));
}

/** Whether `path` is a regular file (following links); false when it does not exist or cannot be read. */
export function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** The nearest folder at or above `start` that holds a .git (a repository's root), else `start`. */
export function repositoryRoot(start: string): string {
  return findRepositoryRoot(start) ?? resolve(start);
}

/** The nearest folder at or above `start` that holds a .git, if any. */
export function findRepositoryRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (isRepositoryRoot(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
