// The configuration file shared by the editor and CI (intune-assign.config.json): parsing it with clear errors,
// and resolving the validation options for one file from its settings and ESLint-like overrides. Pure: the
// shells read the file and pass its text and paths.
import { findNodeAtLocation, getNodeValue, JSONPath, Node, parseTree, ParseError, printParseErrorCode } from 'jsonc-parser';
import picomatch from 'picomatch';
import { CLOUDS, Cloud, GRAPH_VERSIONS, GraphVersion } from '../../common/src/constants';
import { lineStarts, position } from '../../common/src/text';
import { MAX_DEPTH, MAX_DOCUMENT_LENGTH, MAX_VALUES, measure, parseFailure } from './budget';
import { RULES_BY_NAME } from './rules';
import { GUID } from './rules/guidFormat';
import type { RuleLevel, ValidationOptions } from './rules/ruleTypes';

export const CONFIG_FILE_NAME = 'intune-assign.config.json';
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'warn', 'error'];

export interface ConfigOverride {
  files: string[];
  graphVersion?: GraphVersion;
  cloud?: Cloud;
  rules?: Record<string, RuleLevel>;
}

export interface Config {
  graphVersion?: GraphVersion;
  cloud?: Cloud;
  rules?: Record<string, RuleLevel>;
  overrides?: ConfigOverride[];
  /** Bindings: file (relative to the configuration's folder, `/`-separated) -> Intune app id. */
  apps?: Record<string, string>;
  /** Display names recorded with the bindings (by pull --all and Bind to app), for promotion by name. */
  names?: RecordedNames;
}

/** What a workspace's ids were called in the tenant they were read from. */
export interface RecordedNames {
  /** The tenant id the names (and the bindings) come from. */
  tenant?: string;
  /** App id -> display name. */
  apps?: Record<string, string>;
  /** Group id -> display name. */
  groups?: Record<string, string>;
  /** Assignment filter id -> display name. */
  filters?: Record<string, string>;
}

/** One binding of a file to an app, where it is written in the configuration file. */
export interface AppBinding {
  /** Relative to the configuration's folder, `/`-separated, without a leading `./`. */
  file: string;
  appId: string;
  /** 1-based position of the binding's key. */
  line: number;
  column: number;
}

export interface ConfigProblem {
  /** 1-based line and column in the configuration file. */
  line: number;
  column: number;
  message: string;
}

export interface ParsedConfig {
  config: Config;
  problems: ConfigProblem[];
  /** The file's bindings ("apps") that are valid, in the file's order, with their positions. */
  bindings: AppBinding[];
}

const TOP_KEYS = ['$schema', 'graphVersion', 'cloud', 'rules', 'overrides', 'apps', 'names'];
const NAME_KEYS = ['tenant', 'apps', 'groups', 'filters'] as const;
const OVERRIDE_KEYS = ['files', 'graphVersion', 'cloud', 'rules'];

/**
 * Parses a configuration file. What is wrong is reported with its position and left out of the result, so a
 * bad rule name does not also lose the rest of the file.
 */
export function parseConfig(raw: string): ParsedConfig {
  // Read like a document: a byte order mark is ignored (a space keeps every offset), the budget applies.
  const text = raw.charCodeAt(0) === 0xfeff ? ` ${raw.slice(1)}` : raw;
  const problems: ConfigProblem[] = [];
  let starts: number[] | undefined;
  const at = (offset: number) => lineColumn((starts ??= lineStarts(text)), offset);
  const over = measure(text).over;
  if (over) {
    const message =
      over.kind === 'depth'
        ? `Nested more than ${MAX_DEPTH} levels deep: this is not a configuration file.`
        : `The file is over the size limit of a document (${over.kind === 'size' ? `${MAX_DOCUMENT_LENGTH} characters` : `${MAX_VALUES} values`}): this is not a configuration file.`;
    return { config: {}, problems: [{ ...at(over.offset), message }], bindings: [] };
  }
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  } catch (error) {
    return { config: {}, problems: [{ line: 1, column: 1, message: parseFailure(error).message.replace('The document', 'The configuration file') }], bindings: [] };
  }
  for (const e of errors) problems.push({ ...at(e.offset), message: `Invalid JSON: ${printParseErrorCode(e.error)}.` });
  if (!root || errors.length) return { config: {}, problems, bindings: [] };
  /** Reports at the value a path leads to, or at its key (`atKey`) for a name that is wrong. */
  const problem = (path: JSONPath, message: string, atKey = false) => {
    // A missing member is reported at the object that should hold it.
    let value: Node | undefined;
    for (let n = path.length; !value && n >= 0; n--) value = findNodeAtLocation(root, path.slice(0, n));
    value ??= root;
    const node = atKey && value.parent?.type === 'property' ? value.parent.children![0] : value;
    problems.push({ ...at(node.offset), message });
  };
  // The tree's value is JSON.parse's (the last of two equal keys wins) for the valid JSON that gets here.
  const value = getNodeValue(root) as unknown;
  if (!isObject(value)) {
    problem([], 'The configuration must be a JSON object.');
    return { config: {}, problems, bindings: [] };
  }

  const config: Config = {};
  readCommon(value, [], config, problem, TOP_KEYS);
  if (value.overrides !== undefined) {
    if (!Array.isArray(value.overrides)) problem(['overrides'], '"overrides" must be an array of {"files": [...], "rules": {...}}.');
    else {
      config.overrides = [];
      value.overrides.forEach((raw: unknown, i: number) => {
        if (!isObject(raw)) return problem(['overrides', i], 'Each override must be an object with "files".');
        const files = raw.files;
        const list = typeof files === 'string' ? [files] : files;
        if (!Array.isArray(list) || list.length === 0 || !list.every((f) => typeof f === 'string' && f !== '')) {
          return problem(['overrides', i, 'files'], '"files" must be a glob or a non-empty array of globs, relative to the configuration file.');
        }
        const override: ConfigOverride = { files: list as string[] };
        readCommon(raw, ['overrides', i], override, problem, OVERRIDE_KEYS);
        config.overrides!.push(override);
      });
    }
  }
  const bindings = readBindings(value.apps, findNodeAtLocation(root, ['apps']), config, problem, (node, message) => problems.push({ ...at(node.offset), message }));
  readNames(value.names, config, problem);
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { config, problems, bindings: bindings.map(({ node, ...b }) => ({ ...b, ...at(node.offset) })) };
}

/** The 1-based line and column of `offset`, from the text's line starts (counted as editors count them). */
function lineColumn(starts: number[], offset: number): { line: number; column: number } {
  const { line, character } = position(starts, offset);
  return { line: line + 1, column: character + 1 };
}

type Problem = (path: JSONPath, message: string, atKey?: boolean) => void;

/**
 * "apps": file -> app id. A file is written relative to the configuration's folder and stays inside it; each
 * file and each app is bound once (two files bound to one app would both be posted to it, the last winning).
 * Read from the tree, not the parsed value: JSON.parse keeps only the last of two equal keys.
 */
function readBindings(
  raw: unknown,
  node: Node | undefined,
  config: Config,
  problem: Problem,
  at: (node: Node, message: string) => void,
): { file: string; appId: string; node: Node }[] {
  if (raw === undefined) return [];
  if (!isObject(raw) || !node) {
    problem(['apps'], '"apps" must be an object of file (relative to this configuration) -> Intune app id.');
    return [];
  }
  const bindings: { file: string; appId: string; node: Node }[] = [];
  const files = new Map<string, string>();
  const apps = new Map<string, string>();
  config.apps = {};
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    const file = bindingPath(key);
    const appId: unknown = valueNode.value;
    if (typeof file !== 'string') at(keyNode, file.problem);
    else if (typeof appId !== 'string' || !GUID.test(appId)) {
      at(valueNode, `The app bound to "${key}" must be an Intune app id (a GUID: the end of the app's address in the Intune admin center), not ${JSON.stringify(appId)}.`);
    } else if (files.has(file.toLowerCase())) {
      at(keyNode, `"${key}" is bound twice (also as "${files.get(file.toLowerCase())}"): bind each file once.`);
    } else if (apps.has(appId.toLowerCase())) {
      at(keyNode, `"${key}" and "${apps.get(appId.toLowerCase())}" are both bound to app ${appId}: applying would post both to it, the last one winning. Bind each app to one file.`);
    } else {
      files.set(file.toLowerCase(), key);
      apps.set(appId.toLowerCase(), key);
      config.apps[file] = appId;
      bindings.push({ file, appId, node: keyNode });
    }
  }
  return bindings;
}

/** A binding's file as written, checked and normalized: relative, inside the configuration's folder, `/`-separated. */
export function bindingPath(written: string): string | { problem: string } {
  const path = written.replace(/^(\.\/)+/, '');
  if (!path.trim()) return { problem: 'A bound file needs a name: the path of an *.assign.json relative to this configuration.' };
  if (path.includes('\\')) return { problem: `"${written}": write paths with "/" (they are the same on every system).` };
  if (/^\//.test(path) || /^[A-Za-z]:/.test(path)) return { problem: `"${written}" is absolute: write the path relative to this configuration's folder.` };
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return { problem: `"${written}" is outside this configuration's folder: bind it in a configuration at or above it.` };
  if (segments.some((s) => s === '' || s === '.')) return { problem: `"${written}" is not a plain relative path (an empty or "." segment).` };
  return path;
}

/** "names": what pull --all and Bind to app recorded of the tenant's apps, groups and filters. */
function readNames(raw: unknown, config: Config, problem: Problem): void {
  if (raw === undefined) return;
  if (!isObject(raw)) return problem(['names'], '"names" must be an object: {"tenant": ..., "apps": {...}, "groups": {...}, "filters": {...}}.');
  const names: RecordedNames = {};
  for (const key of Object.keys(raw)) {
    if (!(NAME_KEYS as readonly string[]).includes(key)) problem(['names', key], `Unknown key "${key}" in "names". Known: ${NAME_KEYS.join(', ')}.`, true);
  }
  if (raw.tenant !== undefined) {
    if (typeof raw.tenant === 'string' && raw.tenant.trim()) names.tenant = raw.tenant;
    else problem(['names', 'tenant'], '"tenant" must be the id of the tenant the names were read from.');
  }
  for (const kind of ['apps', 'groups', 'filters'] as const) {
    const map = raw[kind];
    if (map === undefined) continue;
    if (!isObject(map)) {
      problem(['names', kind], `"${kind}" must be an object of id -> display name.`);
      continue;
    }
    const out: Record<string, string> = {};
    for (const [id, name] of Object.entries(map)) {
      if (!GUID.test(id)) problem(['names', kind, id], `"${id}" is not an id (a GUID).`, true);
      else if (typeof name !== 'string' || !name.trim()) problem(['names', kind, id], `The name recorded for ${id} must be a non-empty string.`);
      else out[id] = name;
    }
    names[kind] = out;
  }
  config.names = names;
}

function readCommon(
  raw: Record<string, unknown>,
  path: JSONPath,
  into: Omit<Config, 'overrides'>,
  problem: (path: JSONPath, message: string, atKey?: boolean) => void,
  keys: string[],
): void {
  for (const key of Object.keys(raw)) {
    if (!keys.includes(key)) problem([...path, key], `Unknown setting "${key}". Known: ${keys.filter((k) => k !== '$schema').join(', ')}.`, true);
  }
  if (raw.graphVersion !== undefined) {
    if ((GRAPH_VERSIONS as readonly unknown[]).includes(raw.graphVersion)) into.graphVersion = raw.graphVersion as GraphVersion;
    else problem([...path, 'graphVersion'], `"graphVersion" must be one of ${GRAPH_VERSIONS.join(', ')}.`);
  }
  if (raw.cloud !== undefined) {
    if ((CLOUDS as readonly unknown[]).includes(raw.cloud)) into.cloud = raw.cloud as Cloud;
    else problem([...path, 'cloud'], `"cloud" must be one of ${CLOUDS.join(', ')}.`);
  }
  if (raw.rules !== undefined) {
    if (!isObject(raw.rules)) return problem([...path, 'rules'], '"rules" must be an object of rule name -> "off", "warn" or "error".');
    into.rules = {};
    for (const [name, level] of Object.entries(raw.rules)) {
      if (!RULES_BY_NAME.has(name)) {
        problem([...path, 'rules', name], `Unknown rule "${name}". Rules: ${[...RULES_BY_NAME.keys()].join(', ')}.`, true);
      } else if (!(RULE_LEVELS as readonly unknown[]).includes(level)) {
        problem([...path, 'rules', name], `The level of "${name}" must be "off", "warn" or "error".`);
      } else into.rules[name] = level as RuleLevel;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Settings that apply where no configuration file or flag says otherwise. */
export interface BaseOptions {
  graphVersion: GraphVersion;
  cloud: Cloud;
}

/**
 * The validation options for a file: the base (editor settings or command-line defaults), then the
 * configuration file, then each override whose globs match the file's path relative to the configuration
 * file's folder (`/`-separated), later ones winning.
 */
export function resolveOptions(base: BaseOptions, config: Config | undefined, relativePath: string | undefined): ValidationOptions {
  const options: ValidationOptions = {
    graphVersion: config?.graphVersion ?? base.graphVersion,
    cloud: config?.cloud ?? base.cloud,
    rules: { ...config?.rules },
  };
  if (relativePath !== undefined) {
    for (const override of config?.overrides ?? []) {
      if (!matchesAny(override.files, relativePath)) continue;
      if (override.graphVersion) options.graphVersion = override.graphVersion;
      if (override.cloud) options.cloud = override.cloud;
      Object.assign(options.rules!, override.rules);
    }
  }
  return options;
}

const matchers = new Map<string, (path: string) => boolean>();

/** ESLint-like glob matching: a pattern without '/' matches the file name in any folder. */
function matchesAny(patterns: string[], relativePath: string): boolean {
  return patterns.some((pattern) => {
    let matcher = matchers.get(pattern);
    if (!matcher) {
      const clean = pattern.replace(/^\.\//, '');
      matcher = picomatch(clean, { dot: true, basename: !clean.includes('/') });
      matchers.set(pattern, matcher);
    }
    return matcher(relativePath);
  });
}
