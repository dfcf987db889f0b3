// Output formats of `intune-assign lint`, each streaming: a header, one piece per file as results arrive (in
// order), and a footer. stylish for people, json in ESLint's shape, sarif 2.1.0 for code scanning, github for
// Actions annotations. The human formats (stylish, github) print a file's text and names only through
// printable(): a control character in a document or a file name is shown as an escape, never obeyed.
import { isAbsolute, relative } from 'node:path';
import { RULES } from '../../../core/src';
import { printable } from '../../../graph/src/log';
import type { Format } from './spec';
import { toSlash } from '../../../workspace/src/files';
import type { LintResult } from './lintFile';


export interface Totals {
  /** Files whose text was checked. */
  files: number;
  /** Files and paths that could not be read. */
  unreadable: number;
  errors: number;
  warnings: number;
  fixable: number;
}

export interface Formatter {
  start(): string;
  result(result: LintResult): string;
  end(totals: Totals): string;
}

export interface FormatContext {
  cwd: string;
  /** Paths in SARIF and GitHub annotations are relative to the repository's root. */
  repositoryRoot: string;
  color: boolean;
  version: string;
}

export function createFormatter(format: Format, context: FormatContext): Formatter {
  switch (format) {
    case 'stylish':
      return stylish(context);
    case 'json':
      return json();
    case 'sarif':
      return sarif(context);
    case 'github':
      return github(context);
  }
}

function displayPath(path: string, base: string): string {
  const rel = relative(base, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? toSlash(rel) : path;
}

function stylish(context: FormatContext): Formatter {
  const paint = (code: string) => (text: string) => (context.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const [underline, red, yellow, dim, bold, green] = ['4', '31', '33', '2', '1', '32'].map(paint);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return {
    start: () => '',
    result(result) {
      if (!result.messages.length) return '';
      const rows = result.messages.map((m) => ({
        where: m.fatal ? '' : `${m.line}:${m.column}`,
        severity: m.severity === 2 ? 'error' : 'warning',
        message: printable(m.message),
        rule: printable(m.ruleId ?? ''),
      }));
      const whereWidth = Math.max(...rows.map((r) => r.where.length));
      const lines = rows.map((r) => {
        const severity = r.severity === 'error' ? red(r.severity.padEnd(7)) : yellow(r.severity.padEnd(7));
        return `  ${dim(r.where.padStart(whereWidth))}  ${severity}  ${r.message}  ${dim(r.rule)}`.trimEnd();
      });
      return `\n${underline(printable(displayPath(result.filePath, context.cwd)))}\n${lines.join('\n')}\n`;
    },
    end(totals) {
      const problems = totals.errors + totals.warnings;
      const unread = totals.unreadable ? `; ${plural(totals.unreadable, 'path')} could not be read` : '';
      if (problems === 0) return `${green('✔')} ${plural(totals.files, 'file')} checked: no problems.\n`;
      const summary = `✖ ${plural(problems, 'problem')} (${plural(totals.errors, 'error')}, ${plural(totals.warnings, 'warning')}) in ${plural(totals.files, 'file')} checked${unread}`;
      const fixable = totals.fixable ? `\n  ${plural(totals.fixable, 'problem')} can be fixed by the quick fixes in the editor ("Fix all").` : '';
      return `\n${bold(totals.errors ? red(summary) : yellow(summary))}${fixable}\n`;
    },
  };
}

function json(): Formatter {
  let first = true;
  return {
    start: () => '[',
    result(result) {
      // Most files are clean: their result is a fixed shape around the path (the same text JSON.stringify gives).
      const text = result.messages.length
        ? JSON.stringify(result)
        : `{"filePath":${JSON.stringify(result.filePath)},"messages":[],"errorCount":0,"warningCount":0,"fatalErrorCount":0,"fixableErrorCount":0,"fixableWarningCount":0}`;
      const piece = `${first ? '' : ','}${text}`;
      first = false;
      return piece;
    },
    end: () => ']\n',
  };
}

/** A URI reference for a path relative to the repository root, segments percent-encoded. */
function relativeUri(path: string, root: string): { uri: string; uriBaseId?: string } {
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return { uri: `file://${toSlash(path).split('/').map(encodeURIComponent).join('/')}` };
  return { uri: toSlash(rel).split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function sarif(context: FormatContext): Formatter {
  const ruleIndex = new Map(RULES.map((r, i) => [r.name, i]));
  const notifications: object[] = [];
  let first = true;
  const rules = RULES.map((r) => ({
    id: r.name,
    shortDescription: { text: r.description },
    fullDescription: { text: `${r.description} ${r.rationale}` },
    help: {
      text: `${r.description}\n\nWhy: ${r.rationale}\n\nConfigure with "rules": { "${r.name}": "off" | "warn" | "error" } in intune-assign.config.json.`,
      markdown: `${r.description}\n\n**Why:** ${r.rationale}\n\nConfigure with \`"rules": { "${r.name}": "off" | "warn" | "error" }\` in \`intune-assign.config.json\`.`,
    },
    defaultConfiguration: { level: r.severity === 'error' ? 'error' : 'warning' },
  }));
  const rootUri = `file://${toSlash(context.repositoryRoot).split('/').map(encodeURIComponent).join('/')}/`;
  return {
    start() {
      const head = JSON.stringify({
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'intune-assign', semanticVersion: context.version, rules } }, originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } }, results: [] }],
      });
      // Everything up to the open results array; results stream in, the rest closes it.
      return head.slice(0, head.lastIndexOf('[]}]}') + 1);
    },
    result(result) {
      const location = relativeUri(result.filePath, context.repositoryRoot);
      const pieces: string[] = [];
      for (const m of result.messages) {
        if (m.fatal || !m.ruleId) {
          notifications.push({ level: 'error', message: { text: m.message }, locations: [{ physicalLocation: { artifactLocation: location } }] });
          continue;
        }
        pieces.push(
          JSON.stringify({
            ruleId: m.ruleId,
            ruleIndex: ruleIndex.get(m.ruleId),
            level: m.severity === 2 ? 'error' : 'warning',
            message: { text: m.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: location,
                  region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn },
                },
              },
            ],
          }),
        );
      }
      if (!pieces.length) return '';
      const text = `${first ? '' : ','}${pieces.join(',')}`;
      first = false;
      return text;
    },
    end() {
      const invocation = { executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications };
      return `],"invocations":[${JSON.stringify(invocation)}]}]}\n`;
    },
  };
}

function github(context: FormatContext): Formatter {
  // Line breaks are the annotation syntax's own escapes; other control characters are made printable.
  const data = (s: string) => printable(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
  const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return {
    start: () => '',
    result(result) {
      const file = property(displayPath(result.filePath, context.repositoryRoot));
      return result.messages
        .map((m) => {
          const kind = m.severity === 2 ? 'error' : 'warning';
          if (m.fatal) return `::${kind} file=${file}::${data(m.message)}\n`;
          const where = `file=${file},line=${m.line},col=${m.column},endLine=${m.endLine},endColumn=${m.endColumn}`;
          return `::${kind} ${where},title=${property(m.ruleId ?? 'intune-assign')}::${data(m.message)}\n`;
        })
        .join('');
    },
    end: (totals) => `intune-assign: ${totals.errors} error(s), ${totals.warnings} warning(s) in ${totals.files} file(s)\n`,
  };
}
