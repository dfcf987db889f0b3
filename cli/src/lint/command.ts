// `intune-assign lint`: reads the options and the configuration file, finds the files, lints them (in worker
// threads when there are many), streams the chosen format in file order, and decides the exit code:
// 0 no errors (and warnings within --max-warnings), 1 errors found, 2 usage, configuration or I/O error.
import { createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CLOUDS, Cloud, DEFAULT_SETTINGS, GRAPH_VERSIONS, GraphVersion } from '../../../common/src/constants';
import { findFiles, repositoryRoot } from '../../../workspace/src/files';
import { CONFIG_FILE_NAME } from '../../../core/src';
import { loadConfig, LoadedConfig, UsageError } from '../usage';
import { createFormatter, Format, FORMATS, Totals } from './formatters';
import { fatalResult, lintFile, LintResult, LintSettings } from './lintFile';

export const LINT_USAGE = `Usage: intune-assign lint [options] [paths or globs...]

Checks *.assign.json files with the same rules as the editor. With no path, every *.assign.json under the
current folder (honouring .gitignore, skipping node_modules).

Options:
  --format stylish|json|sarif|github   Output format (default stylish).
  --graph-version beta|v1.0            Graph version to check against (default: configuration, else beta).
  --cloud NAME                         ${CLOUDS.join(', ')} (default: configuration, else global).
  --config FILE                        Configuration file (default: ${CONFIG_FILE_NAME} here or in a parent folder).
  --max-warnings N                     Exit 1 when there are more than N warnings.
  --quiet                              Report errors only.
  --output FILE                        Write the report to FILE instead of standard output.
  --concurrency N|auto                 Worker threads (default auto: on 4 or more cores, one per core but one,
                                       from 1,000 files; 1: none).
  -h, --help                           Show this help.
  -v, --version                        Print the version.

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage, configuration or I/O error.
`;

interface LintOptions {
  format: Format;
  graphVersion?: GraphVersion;
  cloud?: Cloud;
  config?: string;
  maxWarnings?: number;
  quiet: boolean;
  output?: string;
  /** Worker threads; undefined: one per core. */
  concurrency?: number;
  patterns: string[];
}


const VALUE_OPTIONS = ['--format', '--graph-version', '--cloud', '--config', '--max-warnings', '--output', '--concurrency'];

export function parseLintArgs(args: string[]): LintOptions | 'help' | 'version' {
  const options: LintOptions = { format: 'stylish', quiet: false, patterns: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '-v' || arg === '--version') return 'version';
    if (arg === '--quiet') {
      options.quiet = true;
      continue;
    }
    if (arg === '--') {
      options.patterns.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      options.patterns.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_OPTIONS.includes(name)) throw new UsageError(`Unknown option ${name}.`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value.`);
    switch (name) {
      case '--format':
        if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${value}".`);
        options.format = value as Format;
        break;
      case '--graph-version':
        if (!(GRAPH_VERSIONS as readonly string[]).includes(value)) throw new UsageError(`--graph-version must be beta or v1.0, not "${value}".`);
        options.graphVersion = value as GraphVersion;
        break;
      case '--cloud':
        if (!(CLOUDS as readonly string[]).includes(value)) throw new UsageError(`--cloud must be one of ${CLOUDS.join(', ')}, not "${value}".`);
        options.cloud = value as Cloud;
        break;
      case '--config':
        options.config = value;
        break;
      case '--max-warnings':
        if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings needs a whole number, not "${value}".`);
        options.maxWarnings = Number(value);
        break;
      case '--output':
        options.output = value;
        break;
      case '--concurrency':
        if (value !== 'auto' && !/^[1-9]\d*$/.test(value)) throw new UsageError(`--concurrency needs a number of threads (1 or more) or auto, not "${value}".`);
        options.concurrency = value === 'auto' ? undefined : Number(value);
        break;
    }
  }
  return options;
}

const BATCH = 64;
/** Below this many files, starting worker threads costs more than it saves. */
const PARALLEL_THRESHOLD = 1000;
/**
 * Fewer cores than this, and worker threads only compete with the main thread, which reads results and writes
 * the report: measured on a 2-core machine, two workers were slower than none.
 */
const PARALLEL_MIN_CORES = 4;

/** Lints `files` in order, calling `emit` for each result in that order, using worker threads for many files. */
async function lintAll(files: string[], settings: LintSettings, concurrency: number | undefined, emit: (r: LintResult) => void): Promise<void> {
  const cores = availableParallelism();
  const wanted = concurrency ?? (files.length < PARALLEL_THRESHOLD || cores < PARALLEL_MIN_CORES ? 1 : cores - 1);
  const workerCount = Math.min(wanted, 16, Math.ceil(files.length / BATCH));
  if (workerCount < 2) {
    for (const file of files) emit(lintFile(file, settings));
    return;
  }
  const workerFile = join(__dirname, 'lint-worker.js');
  const pending = new Map<number, LintResult[]>();
  let nextToEmit = 0;
  let nextBatch = 0;
  const batches = Math.ceil(files.length / BATCH);
  await new Promise<void>((resolveAll, reject) => {
    let finished = 0;
    const workers = Array.from({ length: workerCount }, () => new Worker(workerFile, { workerData: settings }));
    const send = (worker: Worker) => {
      if (nextBatch >= batches) return void worker.terminate();
      const id = nextBatch++;
      worker.postMessage({ id, files: files.slice(id * BATCH, (id + 1) * BATCH) });
    };
    for (const worker of workers) {
      worker.on('message', ({ id, results }: { id: number; results: LintResult[] }) => {
        pending.set(id, results);
        // Results leave in file order; a batch that finishes early waits here, so memory stays bounded by
        // the batches in flight.
        while (pending.has(nextToEmit)) {
          for (const r of pending.get(nextToEmit)!) emit(r);
          pending.delete(nextToEmit++);
        }
        if (nextToEmit === batches) resolveAll();
        send(worker);
      });
      worker.on('error', (error) => {
        for (const w of workers) void w.terminate();
        reject(error);
      });
      worker.on('exit', () => {
        if (++finished === workers.length && nextToEmit < batches) reject(new Error('a lint worker stopped before finishing'));
      });
      send(worker);
    }
  });
}

export async function runLint(args: string[], version: string): Promise<number> {
  let options: LintOptions | 'help' | 'version';
  try {
    options = parseLintArgs(args);
  } catch (error) {
    process.stderr.write(`intune-assign lint: ${(error as Error).message}\n\n${LINT_USAGE}`);
    return 2;
  }
  if (options === 'help' || options === 'version') {
    process.stdout.write(options === 'help' ? LINT_USAGE : `${version}\n`);
    return 0;
  }

  const cwd = process.cwd();
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(cwd, options.config);
  } catch (error) {
    process.stderr.write(`intune-assign lint: ${(error as Error).message}\n`);
    return 2;
  }
  const settings: LintSettings = {
    base: { graphVersion: DEFAULT_SETTINGS.graphVersion, cloud: DEFAULT_SETTINGS.cloud },
    config: loaded.config,
    configDir: loaded.dir,
    forced: { ...(options.graphVersion && { graphVersion: options.graphVersion }), ...(options.cloud && { cloud: options.cloud }) },
    quiet: options.quiet,
  };

  const { files, problems } = findFiles(cwd, options.patterns);

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
  await lintAll(files, settings, options.concurrency, emit);
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
