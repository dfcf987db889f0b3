// The bindings of files to Intune apps, as a workspace has them: every intune-assign.config.json's "apps" (read
// by the one configuration parser, positions included), checked across the workspace (a bound file that does
// not exist or is no *.assign.json, a file bound in two configurations, an app bound to two files), and the
// edits that write bindings and recorded names back into a configuration file with jsonc-parser's modify, so a
// hand-edited file keeps its formatting. The command line (plan, apply, pull --all) and the editor (Intune Apps,
// Bind to app…, Send assign) share all of it.
import { basename, dirname, join, resolve } from 'node:path';
import { applyEdits, findNodeAtLocation, type FormattingOptions, modify, type ParseError, parseTree } from 'jsonc-parser';
import { DOCUMENT_SUFFIX, isAssignDocument } from '../../common/src/constants';
import { bindingPath, CONFIG_FILE_NAME, detectIndentation, indentUnit, lineBreakOf, type RecordedNames } from '../../core/src';
import { ConfigLookup, type LoadedConfig } from './config';
import { type FileProblem, isFile, isInside, toSlash, walk } from './files';

/** A file bound to an app in a configuration file. */
export interface BoundFile {
  /** The configuration file (absolute path) that binds it. */
  config: string;
  /** As written in the configuration: relative to its folder, `/`-separated. */
  file: string;
  /** Absolute path. */
  path: string;
  appId: string;
  /** 1-based position of the binding in the configuration file. */
  line: number;
  column: number;
}

/** Something wrong with a configuration file or one of its bindings, where it is written. */
export interface BindingProblem {
  config: string;
  line: number;
  column: number;
  message: string;
  /** The binding's file (absolute path), when the problem is a binding's. */
  path?: string;
}

export interface WorkspaceBindings {
  configs: LoadedConfig[];
  /** Valid bindings: no problem of their own (a file bound twice across configurations is not among them). */
  bindings: BoundFile[];
  problems: BindingProblem[];
}

/** Configuration files a workspace holds (walked as lint walks: .gitignore honoured, node_modules skipped). */
export function findConfigs(root: string, problems: FileProblem[] = []): string[] {
  const found: string[] = [];
  walk(root, root, problems, (path) => {
    if (basename(path) === CONFIG_FILE_NAME) found.push(path);
  });
  return found.sort();
}

/** Reads the configurations and checks their bindings together. */
export function loadBindings(configPaths: string[], lookup = new ConfigLookup()): WorkspaceBindings {
  const configs = [...new Set(configPaths.map((p) => resolve(p)))].map((p) => lookup.load(p));
  const problems: BindingProblem[] = [];
  const candidates: BoundFile[] = [];
  for (const loaded of configs) {
    for (const p of loaded.problems) problems.push({ config: loaded.path, ...p });
    for (const b of loaded.bindings) {
      const bound: BoundFile = { config: loaded.path, file: b.file, path: join(loaded.dir, ...b.file.split('/')), appId: b.appId, line: b.line, column: b.column };
      const problem = (message: string) => problems.push({ config: loaded.path, line: b.line, column: b.column, message, path: bound.path });
      if (!isFile(bound.path)) problem(`"${b.file}" is bound to app ${b.appId} but does not exist${dirname(b.file) === '.' ? '' : ` in ${toSlash(dirname(b.file))}/`}.`);
      else if (!isAssignDocument(bound.path)) problem(`"${b.file}" is not an *${DOCUMENT_SUFFIX} file: the editor and lint check only those; rename it.`);
      else candidates.push(bound);
    }
  }
  // Across configurations: a file bound twice, an app bound to two files. Both would be applied twice.
  const byPath = group(candidates, (b) => b.path);
  const byApp = group(candidates, (b) => b.appId.toLowerCase());
  const bindings: BoundFile[] = [];
  for (const b of candidates) {
    const samePath = byPath.get(b.path)!.filter((o) => o !== b);
    const sameApp = byApp.get(b.appId.toLowerCase())!.filter((o) => o !== b && o.path !== b.path);
    const where = (o: BoundFile) => `${o.config}:${o.line}:${o.column}`;
    if (samePath.length) problems.push({ config: b.config, line: b.line, column: b.column, path: b.path, message: `"${b.file}" is bound in two configurations (also at ${samePath.map(where).join(', ')}): bind it in one.` });
    else if (sameApp.length) problems.push({ config: b.config, line: b.line, column: b.column, path: b.path, message: `App ${b.appId} is bound to two files (also at ${sameApp.map(where).join(', ')}): applying would post both to it. Bind it to one.` });
    else bindings.push(b);
  }
  problems.sort((a, b) => a.config.localeCompare(b.config) || a.line - b.line || a.column - b.column);
  return { configs, bindings, problems };
}

function group<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

/** What to write into a configuration file. */
export interface ConfigChange {
  /** Files (relative to the configuration, `/`) -> app ids. A file already bound is rebound; an app bound to another file moves here. */
  bind?: Record<string, string>;
  /** Names to record (merged into those there). */
  names?: RecordedNames;
}

/** Past this many entries in one section, the section is written whole (one edit, not one reparse per entry). */
const WHOLE_SECTION_AFTER = 20;

/** A configuration that cannot be edited without losing what it holds (invalid JSON, "apps" not an object, ...). */
export class ConfigNotEditable extends Error {}

/**
 * `text` (a configuration file, or '' for a new one) with `change` applied; formatting kept outside what changes.
 * Throws ConfigNotEditable rather than overwrite what it cannot read.
 */
export function editConfigText(text: string, change: ConfigChange): string {
  let out = text.trim() ? text : '{}\n';
  const errors: ParseError[] = [];
  const root = parseTree(out, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length || root?.type !== 'object') throw new ConfigNotEditable('The configuration file is not a valid JSON object: fix it first, so that writing bindings loses nothing.');
  for (const key of ['apps', 'names']) {
    const node = findNodeAtLocation(root, [key]);
    if (node && node.type !== 'object') throw new ConfigNotEditable(`"${key}" in the configuration file is not an object: fix it first, so that writing bindings loses nothing.`);
  }
  const formatting = formattingOf(out);
  const set = (path: (string | number)[], value: unknown) => {
    // A large object is put in as a placeholder and then written out here: jsonc-parser formats what it
    // inserts one whitespace edit at a time, which takes seconds for thousands of entries.
    const large = value !== null && typeof value === 'object' && Object.keys(value).length > WHOLE_SECTION_AFTER;
    const placeholder = `\u0000intune-assign:${path.join('/')}\u0000`;
    out = applyEdits(out, modify(out, path, large ? placeholder : value, { formattingOptions: formatting }));
    if (large) out = replacePlaceholder(out, JSON.stringify(placeholder), value, formatting);
  };
  const bind = Object.entries(change.bind ?? {});
  if (bind.length) {
    const existing = objectEntries(out, ['apps']);
    const keyOf = new Map<string, string>();
    for (const [key] of existing) {
      const normal = bindingPath(key);
      if (typeof normal === 'string') keyOf.set(normal.toLowerCase(), key);
    }
    const moving = new Set(bind.map(([, appId]) => appId.toLowerCase()));
    const targets = new Set(bind.map(([file]) => keyOf.get(file.toLowerCase()) ?? file));
    // An app bound elsewhere moves to its new file.
    const removed = existing.filter(([key, appId]) => typeof appId === 'string' && moving.has(appId.toLowerCase()) && !targets.has(key)).map(([key]) => key);
    if (existing.length === 0 || bind.length + removed.length > WHOLE_SECTION_AFTER) {
      const merged: Record<string, unknown> = {};
      for (const [key, value] of existing) if (!removed.includes(key)) merged[key] = value;
      for (const [file, appId] of bind) merged[keyOf.get(file.toLowerCase()) ?? file] = appId;
      set(['apps'], merged);
    } else {
      for (const key of removed) set(['apps', key], undefined);
      for (const [file, appId] of bind) set(['apps', keyOf.get(file.toLowerCase()) ?? file], appId);
    }
  }
  const names = change.names;
  if (names?.tenant) set(['names', 'tenant'], names.tenant);
  for (const kind of ['apps', 'groups', 'filters'] as const) {
    const entries = Object.entries(names?.[kind] ?? {});
    if (!entries.length) continue;
    const existing = objectEntries(out, ['names', kind]);
    if (existing.length === 0 || entries.length > WHOLE_SECTION_AFTER) set(['names', kind], { ...Object.fromEntries(existing), ...Object.fromEntries(entries) });
    else for (const [id, name] of entries) set(['names', kind, id], name);
  }
  return out.endsWith('\n') ? out : `${out}\n`;
}

/** Writes `value` where its placeholder is, indented as the line it starts on and as the file is. */
function replacePlaceholder(text: string, placeholder: string, value: unknown, formatting: FormattingOptions): string {
  const at = text.indexOf(placeholder);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const unit = indentUnit({ insertSpaces: formatting.insertSpaces ?? false, tabSize: formatting.tabSize ?? 2 });
  const pretty = JSON.stringify(value, null, unit).split('\n').join(`${formatting.eol ?? '\n'}${indent}`);
  return text.slice(0, at) + pretty + text.slice(at + placeholder.length);
}

/** The members of the object at `path` (none when it is absent or not an object). */
function objectEntries(text: string, path: string[]): [string, unknown][] {
  const root = parseTree(text);
  const node = root && findNodeAtLocation(root, path);
  if (node?.type !== 'object') return [];
  return (node.children ?? []).flatMap((p) => (p.children?.length === 2 ? [[String(p.children[0].value), p.children[1].value] as [string, unknown]] : []));
}

/** The indentation and line break the file already uses (two spaces for a new one), as Format Document reads them. */
function formattingOf(text: string): FormattingOptions {
  const unit = detectIndentation(text) ?? '  ';
  const eol = lineBreakOf(text);
  return unit === '\t' ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: unit.length, eol };
}

/** The configuration file a new binding of `file` goes into: the nearest at or above it within `root`, else `root`'s. */
export function configForBinding(file: string, root: string, lookup = new ConfigLookup()): string {
  const nearest = lookup.configFileFor(resolve(file));
  return nearest && isInside(root, dirname(nearest)) ? nearest : join(resolve(root), CONFIG_FILE_NAME);
}

/** `file` relative to the folder of `config`, `/`-separated (undefined when it is not inside it). */
export function relativeToConfig(config: string, file: string): string | undefined {
  const dir = toSlash(dirname(resolve(config)));
  const path = toSlash(resolve(file));
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
}
