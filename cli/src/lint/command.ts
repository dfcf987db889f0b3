// `intune-assign lint`: finds the files, checks the configuration files that apply to them (any problem: exit
// 2), lints them (in worker threads when there are many), streams the chosen format in file order, and decides
// the exit code: 0 no errors (and warnings within --max-warnings), 1 errors found, 2 usage, configuration or
// I/O error.
import { createWriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Cloud, DEFAULT_SETTINGS, type GraphVersion } from '../../../common/src/constants';
import { ConfigLookup } from '../../../workspace/src/config';
import { directlyIn, findFiles, repositoryRoot } from '../../../workspace/src/files';
import type { ParsedCommand } from '../options';
import type * as SessionBundle from '../session/index';
import { createFormatter, Totals } from './formatters';
import { fatalResult, LintResult, LintSettings } from './lintFile';
import { LintPool } from './pool';
import type { Format } from './spec';

/**
 * `session` loads the kept-session bundle (MSAL, Graph), and only --online calls it: without --online, lint
 * never loads it and no request leaves the process.
 */
export async function runLint({ values, positionals }: ParsedCommand, version: string, session?: () => typeof SessionBundle): Promise<number> {
  if (values.version) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const options = {
    format: (values.format as Format | undefined) ?? 'stylish',
    graphVersion: values['graph-version'] as GraphVersion | undefined,
    cloud: values.cloud as Cloud | undefined,
    config: values.config as string | undefined,
    maxWarnings: values['max-warnings'] as number | undefined,
    quiet: values.quiet === true,
    output: values.output as string | undefined,
    concurrency: values.concurrency as number | undefined,
    patterns: positionals,
  };
  const cwd = process.cwd();
  const settings: LintSettings = {
    base: { graphVersion: DEFAULT_SETTINGS.graphVersion, cloud: DEFAULT_SETTINGS.cloud },
    config: options.config === undefined ? undefined : resolve(cwd, options.config),
    forced: { ...(options.graphVersion && { graphVersion: options.graphVersion }), ...(options.cloud && { cloud: options.cloud }) },
    quiet: options.quiet,
  };

  // Workers start now when the run may well be large (a folder or a glob rather than a few files named), so
  // their start-up overlaps the walk.
  const mayBeLarge = options.patterns.length === 0 || options.patterns.some((p) => !/\.json$/i.test(p) || /[*?[\]{}]/.test(p));
  const configs = new ConfigLookup(settings.config);
  const online = values.online === true;
  // With --online the workers start once the tenant's facts are read: they get them at start.
  let pool = online ? undefined : new LintPool(settings, configs, options.concurrency ?? (mayBeLarge ? undefined : 1));
  const { files, problems, listed } = findFiles(cwd, options.patterns);
  configs.remember(listed);
  // Every configuration file that applies, checked before anything is linted: a wrong one is a usage error.
  const broken = new Map<string, string[]>();
  // One file per folder is enough to find the configuration of every file in it (files come folder by folder).
  const onePerFolder: string[] = [];
  let folder: string | undefined;
  for (const file of files) {
    if (folder !== undefined && directlyIn(file, folder)) continue;
    onePerFolder.push(file);
    folder = dirname(file);
  }
  for (const file of settings.config ? [settings.config] : onePerFolder) {
    const loaded = settings.config ? configs.load(settings.config) : configs.configFor(file);
    if (loaded?.problems.length && !broken.has(loaded.path)) broken.set(loaded.path, loaded.problems.map((p) => `  ${loaded.path}:${p.line}:${p.column}: ${p.message}`));
  }
  if (broken.size) {
    pool?.close();
    process.stderr.write(`intune-assign lint: The configuration file has problems:\n${[...broken.values()].flat().join('\n')}\n`);
    return 2;
  }
  if (online) {
    try {
      settings.tenant = await session!().onlineFacts(files, values);
    } catch (error) {
      process.stderr.write(`intune-assign lint: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
    pool = new LintPool(settings, configs, options.concurrency ?? (mayBeLarge ? undefined : 1));
  }

  const out = options.output ? createWriteStream(resolve(cwd, options.output)) : process.stdout;
  const outputFailed = new Promise<Error>((resolveError) => out.on('error', resolveError));
  const color = process.env.NO_COLOR
    ? false
    : process.env.FORCE_COLOR
      ? process.env.FORCE_COLOR !== '0'
      : !options.output && process.stdout.isTTY === true;
  const formatter = createFormatter(options.format, { cwd, repositoryRoot: repositoryRoot(cwd), color, version });
  const totals: Totals = { files: 0, unreadable: 0, errors: 0, warnings: 0, fixable: 0 };
  // Machine formats on stdout leave people nothing to read: say what could not be read on stderr as well.
  const echoFatal = Boolean(options.output) || options.format === 'json' || options.format === 'sarif';
  const emit = (result: LintResult) => {
    if (result.fatalErrorCount) {
      totals.unreadable++;
      if (echoFatal) for (const m of result.messages) process.stderr.write(`intune-assign lint: ${m.message}\n`);
    } else totals.files++;
    totals.errors += result.errorCount;
    totals.warnings += result.warningCount;
    totals.fixable += result.fixableErrorCount + result.fixableWarningCount;
    const piece = formatter.result(result);
    if (piece) write(piece);
  };
  // Pieces are gathered into chunks: one write per file costs a system call per file.
  let pending = '';
  const write = (piece: string) => {
    pending += piece;
    if (pending.length >= 64 * 1024) {
      out.write(pending);
      pending = '';
    }
  };
  write(formatter.start());
  // Paths that name nothing readable are reported like unreadable files, in every format.
  for (const p of problems) emit(fatalResult(p.path, p.message));
  await pool!.run(files, emit, options.concurrency === undefined ? undefined : files.length > 1);
  write(formatter.end(totals));
  out.write(pending);
  if (out !== process.stdout) {
    const closed = new Promise<void>((done) => (out as NodeJS.WritableStream).end(done));
    const failure = await Promise.race([closed.then(() => undefined), outputFailed]);
    if (failure) {
      process.stderr.write(`intune-assign lint: cannot write ${options.output}: ${failure.message}\n`);
      return 2;
    }
  }

  if (totals.files === 0) {
    if (totals.unreadable === 0) process.stderr.write('intune-assign lint: no *.assign.json files found.\n');
    return 2;
  }
  if (totals.errors > 0) return 1;
  if (options.maxWarnings !== undefined && totals.warnings > options.maxWarnings) {
    process.stderr.write(`intune-assign lint: ${totals.warnings} warnings, more than --max-warnings ${options.maxWarnings}.\n`);
    return 1;
  }
  return 0;
}
