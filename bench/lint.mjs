// Owns `npm run bench:lint`: generates 10,000 realistic valid *.assign.json files (1-3 KB), and a few percent of
// them again with one mistake each, and times `intune-assign lint --format json` on them, side by side with ajv-cli validating the same
// files against schemas/assign.beta.schema.json and with the floor (bench/read-floor.cjs: one node process that
// only reads and JSON.parses the same files). Each is a whole process, run alternately in the same run. Prints
// wall time, CPU time, files per second and peak memory (the maxRSS of each process, worker threads included),
// checks the targets, and keeps the raw numbers in bench-results/lint-<timestamp>.json. Local and bounded.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { flags, keepResults, median, ROOT } from './common.mjs';
import { smallFile } from './documents.mjs';

const CLI = join(ROOT, 'dist', 'cli.js');
const AJV = join(ROOT, 'node_modules', 'ajv-cli', 'dist', 'index.js');
const SCHEMA = join(ROOT, 'schemas', 'assign.beta.schema.json');
const MAX_RSS = join(ROOT, 'bench', 'max-rss.cjs');
const FLOOR = join(ROOT, 'bench', 'read-floor.cjs');

const args = flags();
if (args.has('help') || args.has('h')) {
  console.log(`Usage: npm run bench:lint [-- --files=10000 --runs=3 --concurrency=N --keep]

Generates FILES realistic *.assign.json files in a temporary folder and times intune-assign lint --format json,
ajv-cli (with the project's JSON Schema) and the floor (read + JSON.parse only) on them, RUNS times each,
alternating. --keep leaves the files.`);
  process.exit(0);
}
const FILES = Number(args.get('files') ?? 10_000);
/** Passed on to intune-assign lint --concurrency (default: its own default). */
const CONCURRENCY = args.get('concurrency');
const RUNS = Number(args.get('runs') ?? 5);
if (!(FILES >= 100 && FILES <= 100_000) || !(RUNS >= 1 && RUNS <= 10)) {
  console.error('--files must be 100..100000 and --runs 1..10');
  process.exit(2);
}
if (!existsSync(CLI)) {
  console.error('dist/cli.js is missing: run node scripts/build.mjs first.');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------
// Files: the benchmarks' shared generator (bench/documents.mjs); about 3% get one mistake.

const dir = mkdtempSync(join(tmpdir(), 'intune-assign-bench-lint-'));
// valid/: FILES valid files, which the targets are measured on (as the issue defines them); mistakes/: the same
// files as about 3% of them would be with one mistake each, to check what each tool finds.
const VALID = join(dir, 'valid');
const MISTAKES_DIR = join(dir, 'mistakes');
let bytes = 0;
let brokenFiles = 0;
for (let i = 0; i < FILES; i++) {
  const where = join(`team-${i % 20}`, `apps-${Math.floor(i / 500)}`, `app-${i}.assign.json`);
  const { valid, text, broken } = smallFile(i);
  const mistaken = broken ? text : undefined;
  mkdirSync(dirname(join(VALID, where)), { recursive: true });
  writeFileSync(join(VALID, where), valid);
  bytes += valid.length;
  if (mistaken) {
    mkdirSync(dirname(join(MISTAKES_DIR, where)), { recursive: true });
    writeFileSync(join(MISTAKES_DIR, where), mistaken);
    brokenFiles++;
  }
}
console.log(`Generated ${FILES} valid files, ${(bytes / 1024 / 1024).toFixed(1)} MB (average ${(bytes / FILES / 1024).toFixed(1)} KB), and ${brokenFiles} with a mistake each, in ${dir}`);

// ---------------------------------------------------------------------------------------------------------
// Runs

function measure(name, command, cwd = VALID) {
  const rssFile = join(dir, `${name}.rss`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-r', MAX_RSS, ...command], {
    cwd,
    env: { ...process.env, INTUNE_ASSIGN_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    maxBuffer: 512 * 1024 * 1024,
    timeout: 300_000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.error) throw new Error(`${name} failed to run: ${result.error.message}`);
  const [rssKb, cpuMicros] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
  return { seconds, cpuSeconds: cpuMicros / 1e6, maxRssMb: rssKb / 1024, status: result.status, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

const commands = {
  'intune-assign lint': [CLI, 'lint', '--format', 'json', ...(CONCURRENCY ? ['--concurrency', CONCURRENCY] : [])],
  'ajv-cli': [AJV, 'validate', '-s', SCHEMA, '-d', '**/*.assign.json', '--spec=draft7', '-c', 'ajv-formats', '--errors=no'],
  'floor (read + parse)': [FLOOR],
};
const runs = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
try {
  for (let r = 0; r < RUNS; r++) {
    for (const [name, command] of Object.entries(commands)) {
      const run = measure(name, command);
      runs[name].push(run);
      process.stdout.write(`  run ${r + 1}: ${name.padEnd(20)} ${run.seconds.toFixed(2)} s, ${run.cpuSeconds.toFixed(2)} s CPU, ${run.maxRssMb.toFixed(0)} MB peak (exit ${run.status})\n`);
    }
  }
  // What each found, on the valid files (nothing) and on those with a mistake, so a fast but blind run cannot pass.
  const flagged = (run) => JSON.parse(run.stdout).filter((x) => x.messages.length > 0).length;
  const oursOnValid = flagged(runs['intune-assign lint'][0]);
  const mistakes = { ours: measure('intune-assign lint', commands['intune-assign lint'], MISTAKES_DIR), ajv: measure('ajv-cli', commands['ajv-cli'], MISTAKES_DIR) };
  const oursFlagged = flagged(mistakes.ours);
  const ajvInvalid = (mistakes.ajv.stderr.match(/ invalid/g) ?? []).length;

  const summary = Object.fromEntries(
    Object.entries(runs).map(([name, list]) => {
      const seconds = median(list.map((x) => x.seconds));
      return [name, { seconds, cpuSeconds: median(list.map((x) => x.cpuSeconds)), filesPerSecond: FILES / seconds, peakMb: Math.max(...list.map((x) => x.maxRssMb)) }];
    }),
  );
  const us = summary['intune-assign lint'];
  const them = summary['ajv-cli'];
  const floor = summary['floor (read + parse)'];
  console.log(`\n${FILES} files, median of ${RUNS} runs          wall (s)    CPU (s)    files/s   peak (MB)`);
  for (const [name, s] of Object.entries(summary)) {
    console.log(`  ${name.padEnd(32)} ${s.seconds.toFixed(2).padStart(8)} ${s.cpuSeconds.toFixed(2).padStart(10)} ${Math.round(s.filesPerSecond).toString().padStart(10)} ${s.peakMb.toFixed(0).padStart(11)}`);
  }
  const ratio = us.filesPerSecond / them.filesPerSecond;
  const overFloor = us.seconds / floor.seconds;
  console.log(`  throughput ratio (intune-assign / ajv-cli): ${ratio.toFixed(2)}x; wall time over the floor: ${overFloor.toFixed(2)}x`);
  console.log(`  ${brokenFiles} files with a mistake: intune-assign ${mistakes.ours.seconds.toFixed(2)} s, flagged ${oursFlagged}, with lines, columns and rules; ajv-cli ${mistakes.ajv.seconds.toFixed(2)} s, flagged ${ajvInvalid} (schema only, no positions)`);
  console.log('\nTargets:');
  console.log(`  ${ratio >= 2.2 ? 'PASS' : 'MISS'}  at least 2.2x ajv-cli's throughput: ${ratio.toFixed(2)}x`);
  console.log(`  ${overFloor <= 1.4 ? 'PASS' : 'MISS'}  at most 1.4x the floor's wall time: ${overFloor.toFixed(2)}x`);
  console.log(`  ${us.peakMb < 300 ? 'PASS' : 'MISS'}  peak memory under 300 MB: ${us.peakMb.toFixed(0)} MB`);
  console.log(`  ${oursFlagged === brokenFiles && oursOnValid === 0 ? 'PASS' : 'MISS'}  exactly the files given a mistake are reported: ${oursFlagged} of ${brokenFiles}, and ${oursOnValid} of the valid files`);

  const strip = (list) => list.map(({ seconds, cpuSeconds, maxRssMb, status }) => ({ seconds, cpuSeconds, maxRssMb, status }));
  const out = keepResults('lint', { files: FILES, bytes, brokenFiles, summary, runs: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, strip(v)])), oursFlagged, oursOnValid, ajvInvalid, mistakes: { ours: strip([mistakes.ours])[0], ajv: strip([mistakes.ajv])[0] } });
  console.log(`\nRaw numbers: ${out}`);
} finally {
  if (!args.has('keep')) rmSync(dir, { recursive: true, force: true });
}
