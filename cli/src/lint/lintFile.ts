// Lints one file on disk into an ESLint-shaped result (1-based lines and columns). Used in worker threads and
// in the main thread alike, so both give the same answer.
import { type BaseOptions, Linter, type ResolvedFinding, type TenantFacts, type ValidationOptions } from '../../../core/src';
import { lineStarts, position } from '../../../common/src/text';
import { TYPES } from '../../../graph/src/typeRegistry';
import { dirname } from 'node:path';
import type { ConfigLookup } from '../../../workspace/src/config';
import { directlyIn, readText } from '../../../workspace/src/files';

export interface LintMessage {
  ruleId: string | null;
  /** 1 warning, 2 error, as ESLint. */
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The file could not be checked at all (unreadable, not UTF-8, too large). */
  fatal?: true;
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

export interface LintSettings {
  base: BaseOptions;
  /** --config: one configuration file for every file (else each file's nearest). */
  config?: string;
  /** Command-line flags, which win over the configuration and its overrides. */
  forced: Partial<BaseOptions>;
  /** Report errors only. */
  quiet: boolean;
  /** --online: what the tenant has of every group and filter id the files name (worker threads get a copy). */
  tenant?: TenantFacts;
}

const linter = new Linter(TYPES);

/**
 * The options of the last folder's files, when its configuration has no overrides (the usual case): files
 * arrive folder by folder, and asking the lookup (or even dirname) for each one was a measurable part of
 * linting 10,000 files.
 */
let lastFolder: { path: string; settings: LintSettings; configs: ConfigLookup; options: ValidationOptions } | undefined;

function optionsFor(path: string, settings: LintSettings, configs: ConfigLookup): ValidationOptions {
  const last = lastFolder;
  if (last && last.settings === settings && last.configs === configs && directlyIn(path, last.path)) return last.options;
  const options = configs.optionsFor(path, settings.base, settings.forced);
  lastFolder = configs.configFor(path)?.config.overrides?.length ? undefined : { path: dirname(path), settings, configs, options };
  return options;
}

export function lintFile(path: string, settings: LintSettings, configs: ConfigLookup): LintResult {
  const read = readText(path);
  if ('error' in read) return fatalResult(path, read.error);
  let findings: ResolvedFinding[];
  try {
    const options = optionsFor(path, settings, configs);
    findings = linter.lint(read.text, settings.tenant ? { ...options, tenant: settings.tenant } : options).findings;
  } catch (error) {
    // Whatever a file does to the checks (a stack overflow on deep nesting, a bug), it is that file's result,
    // never the end of the report: the other files' results and a complete JSON or SARIF document still follow.
    return fatalResult(path, `${path} could not be checked: ${(error as Error)?.message ?? String(error)} (please report this).`);
  }
  // Most files are clean: their result needs no counting.
  if (findings.length === 0) return count(path, [], 0, 0);
  const kept = settings.quiet ? findings.filter((f) => f.severity === 'error') : findings;
  const lines = kept.length ? lineStarts(read.text) : [];
  const fixable = (severity: string) => kept.filter((f) => f.severity === severity && f.fixes?.some((x) => x.preferred)).length;
  return count(path, kept.map((f) => toMessage(f, lines)), fixable('error'), fixable('warning'));
}

/** The result for a file or path that could not be checked at all. */
export function fatalResult(path: string, message: string): LintResult {
  return count(path, [{ ruleId: null, severity: 2, fatal: true, message, line: 1, column: 1, endLine: 1, endColumn: 1 }], 0, 0);
}

function count(filePath: string, messages: LintMessage[], fixableErrorCount: number, fixableWarningCount: number): LintResult {
  return {
    filePath,
    messages,
    errorCount: messages.filter((m) => m.severity === 2).length,
    warningCount: messages.filter((m) => m.severity === 1).length,
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    fixableErrorCount,
    fixableWarningCount,
  };
}

function toMessage(f: ResolvedFinding, lines: number[]): LintMessage {
  // 1-based, as ESLint reports them.
  const start = position(lines, f.offset);
  const end = position(lines, f.offset + f.length);
  return {
    ruleId: f.rule,
    severity: f.severity === 'error' ? 2 : 1,
    message: f.message,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}

