// Finding and reading *.assign.json files on disk, for the command line and the language server's
// whole-workspace problems: walks folders honouring .gitignore files and skipping node_modules, expands
// globs, follows symbolic links taking each real folder and file once, and reads a file only when it is a
// regular file of reasonable size in UTF-8 (a FIFO or a device is refused without waiting on it).
import { closeSync, constants, Dirent, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, Stats, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isUtf8 } from 'node:buffer';
import ignore, { Ignore } from 'ignore';
import picomatch from 'picomatch';
import { DOCUMENT_SUFFIX, isAssignDocument } from '../../common/src/constants';
import { CONFIG_FILE_NAME, MAX_DOCUMENT_LENGTH } from '../../core/src';

/** Larger files are not read: the core would not check their text anyway (the document size limit). */
export const MAX_FILE_BYTES = MAX_DOCUMENT_LENGTH;
/** Folders a workspace walk (the server's, the extension's) searches at most, so a huge tree without payloads is not walked to its end. */
export const MAX_WORKSPACE_FOLDERS = 100_000;
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
  /**
   * What the listing of each folder searched said of the files the configuration lookup asks about, so it need
   * not ask the file system again for each folder (ConfigLookup.remember).
   */
  listed: Listed;
}

/**
 * What a folder's listing holds of the names the configuration lookup asks about: a configuration file, and a
 * .git (a repository's root). Undefined when the listing cannot say: a symbolic link of that name.
 */
export interface FolderMarkers {
  config: boolean | undefined;
  repository: boolean | undefined;
}

/** Folder path (as walked) -> its markers. */
export type Listed = Map<string, FolderMarkers>;

/**
 * The files that `patterns` name, relative to `cwd`: a file is taken as it is (whatever its name); a folder is
 * searched for *.assign.json; anything else is a glob searched for under its fixed leading folders. With no
 * pattern, every *.assign.json under `cwd`. Folder searches honour .gitignore files and skip node_modules.
 */
export function findFiles(cwd: string, patterns: string[]): FoundFiles {
  // One walk finds each file once; only several patterns can find a file twice (made unique at the end).
  const files: string[] = [];
  const problems: FileProblem[] = [];
  const listed: Listed = new Map();
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
          const accept = (path: string) => matcher(toSlash(relative(root, path)));
          walk(rootFor(root), root, problems, (path) => {
            files.push(path);
            matched++;
          }, { accept, listed });
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
        files.push(path);
        matched++;
      }, { accept: isAssignDocument, listed });
      if (!matched && patterns.length) problems.push({ path: absolute, message: `No *${DOCUMENT_SUFFIX} files in ${absolute}.` });
    } else if (stats.isFile()) files.push(absolute);
    else problems.push({ path: absolute, message: `${absolute} is not a file or a folder.` });
  }
  return { files: (patterns.length > 1 ? [...new Set(files)] : files).sort(), problems, listed };
}

/** Whether `path` is `parent` or inside it (a folder named like `..x` is inside; `..` is not). */
export function isInside(parent: string, path: string): boolean {
  const rel = relative(parent, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

export interface WalkLimits {
  /** The files wanted (all when absent); only those count against `maxFiles`. */
  accept?: (path: string) => boolean;
  /** Stop after this many files (a problem says so). */
  maxFiles?: number;
  /** Stop after searching this many folders (a problem says so). */
  maxFolders?: number;
  /** Receives the markers of each folder listed. */
  listed?: Listed;
}

type Rules = { base: string; ig: Ignore }[];

interface PendingFolder {
  path: string;
  /** Known without asking the file system for a folder reached without a link: its parent's plus its name. */
  real?: string;
  /** The .gitignore rules that apply above it. */
  rules: Rules;
  /** The real path of the folder holding the link it was reached through. */
  linkedFrom?: string;
}

/**
 * The files under `folder` (which is `root` or inside it) that no .gitignore between `root` and them excludes,
 * one step at a time: a path for each file, `null` after each folder (where an asynchronous caller may let
 * other work run). No recursion, and every folder and file is taken once by its real path: folders reached
 * without a symbolic link come first, then those reached through one, each only if its real path was not
 * searched yet (a link into a folder being searched is reported as a loop); links to files come last, each
 * only if its target's folder was not searched (its file was taken there) and no other link took it. So links
 * that fan out, or loop, cost one visit per real folder, never one per path, and no set of every file's path
 * is kept. Only regular files are taken (not FIFOs or devices).
 */
export function* walkSteps(root: string, folder: string, problems: FileProblem[], limits: WalkLimits = {}): Generator<string | null> {
  const maxFiles = limits.maxFiles ?? Infinity;
  const maxFolders = limits.maxFolders ?? Infinity;
  const rules: Rules = [];
  // .gitignore files above the folder (up to the root) apply too.
  for (let dir = folder; ; dir = dirname(dir)) {
    if (dir !== folder) addGitignore(dir, rules, false);
    if (dir === root || dirname(dir) === dir) break;
  }
  const seenFolders = new Set<string>();
  const stack: PendingFolder[] = [{ path: folder, rules }];
  const linked: PendingFolder[] = [];
  const linkedFiles: string[] = [];
  let files = 0;
  const take = (): boolean => {
    if (files >= maxFiles) {
      problems.push({ path: folder, message: `${folder} has more than ${maxFiles.toLocaleString('en-US')} files to check; the rest are not checked.` });
      return false;
    }
    files++;
    return true;
  };
  while (stack.length || linked.length) {
    const next = stack.pop() ?? linked.shift()!;
    let real = next.real;
    try {
      real ??= realpathSync(next.path);
    } catch (error) {
      problems.push({ path: next.path, message: describeError(error, next.path) });
      continue;
    }
    if (seenFolders.has(real)) {
      if (next.linkedFrom !== undefined && isInside(real, next.linkedFrom)) {
        problems.push({ path: next.path, message: `${next.path} is a symbolic link loop (it leads back to ${real}); not followed.` });
      }
      continue;
    }
    if (seenFolders.size >= maxFolders) {
      problems.push({ path: folder, message: `${folder} has more than ${maxFolders.toLocaleString('en-US')} folders; the rest are not searched.` });
      return;
    }
    seenFolders.add(real);
    const own = [...next.rules];
    let entries: Dirent[];
    try {
      entries = readdirSync(next.path, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: next.path, message: describeError(error, next.path) });
      entries = [];
    }
    // The listing says whether there is a .gitignore, a .git or a configuration file, so neither the walk nor the
    // configuration lookup asks the file system for them folder by folder (1,290 calls to 26 for a lint of 421
    // folders; it counts most where each call is slow: network drives, Windows). A link says nothing: asked later.
    const markers: FolderMarkers = { config: false, repository: false };
    for (const entry of entries) {
      const link = entry.isSymbolicLink();
      if (entry.name === '.gitignore') addGitignore(next.path, own, true);
      else if (entry.name === '.git') markers.repository = link ? undefined : true;
      else if (entry.name === CONFIG_FILE_NAME) markers.config = link ? undefined : entry.isFile();
    }
    limits.listed?.set(next.path, markers);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const prefix = next.path.endsWith(sep) ? next.path : next.path + sep;
    const folders: PendingFolder[] = [];
    for (const entry of entries) {
      const path = prefix + entry.name;
      const link = entry.isSymbolicLink();
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (link) {
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
        if (SKIPPED_FOLDERS.has(entry.name) || ignored(own, path, true)) continue;
        if (link) linked.push({ path, rules: own, linkedFrom: real });
        else folders.push({ path, real: join(real, entry.name), rules: own });
      } else if (isFile && (!limits.accept || limits.accept(path)) && !ignored(own, path, false)) {
        if (link) linkedFiles.push(path);
        else if (!take()) return;
        else yield path;
      }
    }
    // Popped in name order: the walk reads like a listing.
    for (let i = folders.length - 1; i >= 0; i--) stack.push(folders[i]);
    yield null;
  }
  const seenLinked = new Set<string>();
  for (const path of linkedFiles) {
    let real: string;
    try {
      real = realpathSync(path);
    } catch (error) {
      problems.push({ path, message: describeError(error, path) });
      continue;
    }
    if (seenFolders.has(dirname(real)) || seenLinked.has(real)) continue;
    seenLinked.add(real);
    if (!take()) return;
    yield path;
  }
}

function ignored(rules: Rules, path: string, isDir: boolean): boolean {
  return rules.some(({ base, ig }) => {
    const rel = relative(base, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && ig.ignores(toSlash(rel) + (isDir ? '/' : ''));
  });
}

/** Calls `found` for every file walkSteps finds. */
export function walk(root: string, folder: string, problems: FileProblem[], found: (path: string) => void, limits?: WalkLimits): void {
  for (const step of walkSteps(root, folder, problems, limits)) if (step !== null) found(step);
}

/**
 * Every *.assign.json under `folder` (honouring .gitignore files up to its repository's root, skipping
 * node_modules), found without holding up the caller for long: after each folder, once `sliceMs` have passed
 * since the last pause, it awaits `pause()` (the language server answers requests then).
 */
export async function findAssignFiles(folder: string, limits: WalkLimits, pause: () => Promise<void>, sliceMs = 10): Promise<FoundFiles> {
  const files: string[] = [];
  const problems: FileProblem[] = [];
  const listed: Listed = new Map();
  // The repository's root is `folder` or above it: its .gitignore files down to `folder` apply.
  const root = repositoryRoot(folder);
  let since = Date.now();
  for (const step of walkSteps(root, folder, problems, { ...limits, accept: isAssignDocument, listed })) {
    if (step !== null) files.push(step);
    else if (Date.now() - since >= sliceMs) {
      await pause();
      since = Date.now();
    }
  }
  return { files: files.sort(), problems, listed };
}

/** Adds the rules of `dir`'s .gitignore; `listed`: the folder's listing holds one (else it is asked for). */
function addGitignore(dir: string, rules: Rules, listed: boolean): void {
  const file = join(dir, '.gitignore');
  // Most folders have none: asking is cheaper than the exception a failed read throws.
  if (!listed && !existsSync(file)) return;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  if (!text.trim()) return;
  rules.push({ base: dir, ig: ignore().add(text) });
}

export type ReadResult = { text: string } | { error: string };

/** Most payloads fit here: read in one call. */
const CHUNK = Buffer.allocUnsafe(256 * 1024);
/** Opening a FIFO for reading waits for a writer, unless it is opened non-blocking (no effect on files). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a file as UTF-8 text, refusing what is not a regular file, too large, binary or in another encoding,
 * with a clear reason. Never blocks: the file is opened non-blocking and asked its type before it is read
 * (the fstat costs about 1% of linting 10,000 files), so a FIFO or a device is refused, not waited on.
 */
export function readText(path: string): ReadResult {
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    // Opened without blocking (a FIFO would wait for a writer otherwise), then read; most files fit the chunk.
    // Only a file that reads as empty or fills the chunk is asked what it is (fstat): a FIFO or a device reads as
    // empty or endless, a folder fails to read, and a large file's size decides whether it is read at all. A
    // lint of thousands of files is mostly system calls, so the one per file saved here is worth it.
    fd = openSync(path, OPEN_FLAGS);
    let first: number;
    try {
      first = readSync(fd, CHUNK, 0, CHUNK.length, 0);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A folder, a FIFO without a writer, a pipe (no position): fstat below says what it is.
      if (code !== 'EISDIR' && code !== 'EAGAIN' && code !== 'ESPIPE') throw error;
      first = 0;
    }
    if (first > 0 && first < CHUNK.length) {
      // Decoded (copied into a string) below, before the chunk is read into again.
      bytes = CHUNK.subarray(0, first);
    } else {
      const stats = fstatSync(fd);
      const refused = refuse(path, stats);
      if (refused) return refused;
      if (first === 0) return decode(path, CHUNK.subarray(0, 0));
      bytes = Buffer.allocUnsafe(Math.max(stats.size, first));
      CHUNK.copy(bytes, 0, 0, first);
      let read = first;
      // A file that grows while it is read is read as far as its size was: never past the limit.
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
  if (stats.isDirectory()) return { error: `${path} is a folder.` };
  if (!stats.isFile()) return { error: `${path} is not a regular file (a FIFO, socket or device); not read.` };
  if (stats.size > MAX_FILE_BYTES) {
    return { error: `${path} is ${(stats.size / 1024 / 1024).toFixed(0)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit; not checked (split it into one file per app).` };
  }
  return undefined;
}

function decode(path: string, bytes: Buffer): ReadResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { error: `${path} is UTF-16; save it as UTF-8 (Graph takes UTF-8 JSON).` };
  }
  // Decoded first, then checked: what fails the checks is rare, and a string is searched faster than bytes.
  const text = bytes.toString('utf8');
  // NUL is valid UTF-8 but never in a JSON text: binary, or UTF-16 without its byte order mark.
  if (text.includes('\0')) return { error: `${path} is not UTF-8 text (it holds NUL bytes: binary, or UTF-16); save it as UTF-8.` };
  // Bytes that are not UTF-8 decode as U+FFFD, which a UTF-8 text may also hold: only then are the bytes asked.
  if (text.includes('\uFFFD') && !isUtf8(bytes)) return { error: `${path} is not UTF-8 text (binary, or another encoding); save it as UTF-8.` };
  // A byte order mark is left out of the text, as editors leave it out of a document's text.
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}


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

/**
 * Whether `path` names an entry directly in `folder`: dirname(path) === folder for absolute, normalised paths
 * (as findFiles gives) outside a root folder, without dirname's cost; lint asks it of every file.
 */
export function directlyIn(path: string, folder: string): boolean {
  return path.lastIndexOf(sep) === folder.length && path.startsWith(folder);
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
function findRepositoryRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (isRepositoryRoot(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
