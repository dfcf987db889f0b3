// Owns `npm run bench:lint`: generates 10,000 realistic *.assign.json files (1-4 KB, a few percent with
// mistakes) and times `intune-assign lint --format json` on them, side by side with ajv-cli validating the same
// files against schemas/assign.beta.schema.json. Prints wall time, files per second and peak memory (the
// maxRSS of each process, worker threads included) over several alternating runs, checks the targets, and
// keeps the raw numbers in bench-results/lint-<timestamp>.json. Everything is local and bounded.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { smallFile } from './documents.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const AJV = join(ROOT, 'node_modules', 'ajv-cli', 'dist', 'index.js');
const SCHEMA = join(ROOT, 'schemas', 'assign.beta.schema.json');
const MAX_RSS = join(ROOT, 'bench', 'max-rss.cjs');

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
if (args.has('help') || args.has('h')) {
  console.log(`Usage: npm run bench:lint [-- --files=10000 --runs=3 --concurrency=N --keep]

Generates FILES realistic *.assign.json files in a temporary folder and times intune-assign lint --format json
and ajv-cli (with the project's JSON Schema) on them, RUNS times each, alternating. --keep leaves the files.`);
  process.exit(0);
}
const FILES = Number(args.get('files') ?? 10_000);
/** Passed on to intune-assign lint --concurrency (default: its own default). */
const CONCURRENCY = args.get('concurrency');
const RUNS = Number(args.get('runs') ?? 3);
if (!(FILES >= 100 && FILES <= 100_000) || !(RUNS >= 1 && RUNS <= 10)) {
  console.error('--files must be 100..100000 and --runs 1..10');
  process.exit(2);
}
if (!existsSync(CLI)) {
  console.error('dist/cli.js is missing: run node scripts/build.mjs first.');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------
// Files: the benchmarks' shared generator (bench/documents.mjs), about 3% with one mistake each.

const dir = mkdtempSync(join(tmpdir(), 'intune-assign-bench-lint-'));
let bytes = 0;
let brokenFiles = 0;
for (let i = 0; i < FILES; i++) {
  const folder = join(dir, `team-${i % 20}`, `apps-${Math.floor(i / 500)}`);
  mkdirSync(folder, { recursive: true });
  const { text, broken } = smallFile(i);
  writeFileSync(join(folder, `app-${i}.assign.json`), text);
  bytes += text.length;
  if (broken) brokenFiles++;
}
console.log(`Generated ${FILES} files, ${(bytes / 1024 / 1024).toFixed(1)} MB (average ${(bytes / FILES / 1024).toFixed(1)} KB), ${brokenFiles} with a mistake, in ${dir}`);

// ---------------------------------------------------------------------------------------------------------
// Runs

function measure(name, command) {
  const rssFile = join(dir, `${name}.rss`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-r', MAX_RSS, ...command], {
    cwd: dir,
    env: { ...process.env, INTUNE_ASSIGN_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    maxBuffer: 512 * 1024 * 1024,
    timeout: 300_000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.error) throw new Error(`${name} failed to run: ${result.error.message}`);
  const maxRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  return { seconds, maxRssMb, status: result.status, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

const commands = {
  'intune-assign lint': [CLI, 'lint', '--format', 'json', ...(CONCURRENCY ? ['--concurrency', CONCURRENCY] : [])],
  'ajv-cli': [AJV, 'validate', '-s', SCHEMA, '-d', '**/*.assign.json', '--spec=draft7', '-c', 'ajv-formats', '--errors=no'],
};
const runs = { 'intune-assign lint': [], 'ajv-cli': [] };
try {
  for (let r = 0; r < RUNS; r++) {
    for (const [name, command] of Object.entries(commands)) {
      const run = measure(name, command);
      runs[name].push(run);
      process.stdout.write(`  run ${r + 1}: ${name.padEnd(20)} ${run.seconds.toFixed(2)} s, ${run.maxRssMb.toFixed(0)} MB peak (exit ${run.status})\n`);
    }
  }
  // What each found, so a fast but blind run cannot pass.
  const ours = JSON.parse(runs['intune-assign lint'][0].stdout);
  const oursFlagged = ours.filter((x) => x.messages.length > 0).length;
  const ajvInvalid = (runs['ajv-cli'][0].stderr.match(/ invalid/g) ?? []).length;

  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const summary = Object.fromEntries(
    Object.entries(runs).map(([name, list]) => {
      const seconds = median(list.map((x) => x.seconds));
      return [name, { seconds, filesPerSecond: FILES / seconds, peakMb: Math.max(...list.map((x) => x.maxRssMb)) }];
    }),
  );
  const us = summary['intune-assign lint'];
  const them = summary['ajv-cli'];
  console.log(`\n${FILES} files, median of ${RUNS} runs          wall (s)    files/s   peak (MB)`);
  for (const [name, s] of Object.entries(summary)) {
    console.log(`  ${name.padEnd(32)} ${s.seconds.toFixed(2).padStart(8)} ${Math.round(s.filesPerSecond).toString().padStart(10)} ${s.peakMb.toFixed(0).padStart(11)}`);
  }
  const ratio = us.filesPerSecond / them.filesPerSecond;
  console.log(`  throughput ratio (intune-assign / ajv-cli): ${ratio.toFixed(2)}x`);
  console.log(`  found: intune-assign flagged ${oursFlagged} files (${brokenFiles} were given a mistake), with lines, columns and rules; ajv-cli flagged ${ajvInvalid} (schema only, no positions)`);
  console.log('\nTargets:');
  console.log(`  ${ratio >= 2 ? 'PASS' : 'MISS'}  at least twice ajv-cli's throughput: ${ratio.toFixed(2)}x`);
  console.log(`  ${us.peakMb < 300 ? 'PASS' : 'MISS'}  peak memory under 300 MB: ${us.peakMb.toFixed(0)} MB`);
  console.log(`  ${oursFlagged === brokenFiles ? 'PASS' : 'MISS'}  exactly the files given a mistake are reported: ${oursFlagged} of ${brokenFiles}`);

  const resultsDir = join(ROOT, 'bench-results');
  mkdirSync(resultsDir, { recursive: true });
  const out = join(resultsDir, `lint-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const strip = (list) => list.map(({ seconds, maxRssMb, status }) => ({ seconds, maxRssMb, status }));
  writeFileSync(out, `${JSON.stringify({ files: FILES, bytes, brokenFiles, summary, runs: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, strip(v)])), oursFlagged, ajvInvalid }, null, 2)}\n`);
  console.log(`\nRaw numbers: ${out}`);
} finally {
  if (!args.has('keep')) rmSync(dir, { recursive: true, force: true });
}
