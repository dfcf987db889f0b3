// `npm test`: builds, type-checks, lints, then runs every suite. Suites follow the components (test/<suite>/):
//   core       the validation core on plain Node
//   workspace  files on disk and the one configuration lookup
//   graph      the Graph + sign-in core, the send flow, the real MSAL against the sandbox on loopback
//   sandbox    the tenant emulator over HTTP, with the real MSAL
//   cli        the built command line on fixture folders
//   server     the real language server over stdio
//   grammar    the TextMate grammar on VS Code's JSON grammar (needs the editors set up)
//   neovim     the README's Neovim set-up in a headless Neovim
//   client     a real VS Code (code-server + headless Chromium), the extension from the source tree
//   workbench  the packaged VSIX installed into a real VS Code, driven from outside like a person would
// `unit` is core + workspace + graph. Prints each suite's counts and a last line `N passed, N failed`.
//
//   node scripts/test.mjs                      everything (what CI runs)
//   node scripts/test.mjs core server          only those suites (after a build and type-check; no lint)
//   node scripts/test.mjs core --grep casing   only the tests whose full title matches (a regular expression)
//   node scripts/test.mjs core --no-build      skip the build (`npm run watch` keeps it fresh)
//
// `client` runs in the offline VS Code that test/harness/vscode-setup.mjs installs; `client-electron` runs the
// same suite in desktop VS Code through @vscode/test-electron, which downloads VS Code and so needs a machine
// that can reach Microsoft's update service.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Mocha from 'mocha';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Suite -> how it runs: compiled mocha files (timeout), source *.test.mjs files, or a VS Code launcher. */
const SUITES = {
  core: { timeout: 20_000 },
  workspace: { timeout: 20_000 },
  graph: { timeout: 30_000 },
  sandbox: { timeout: 30_000 },
  cli: { timeout: 30_000 },
  server: { timeout: 30_000 },
  grammar: { timeout: 20_000, editors: true },
  neovim: { timeout: 20_000, editors: true },
  client: { launcher: 'vscode-launch.mjs', editors: true },
  workbench: { timeout: 60_000, source: true, editors: true },
};
const ALIASES = { unit: ['core', 'workspace', 'graph'] };
const EXTRA = { 'client-electron': { launcher: 'vscode-electron.mjs' } };

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { grep: { type: 'string', short: 'g' }, 'no-build': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
} catch (error) {
  console.error(`${error.message}\nUsage: node scripts/test.mjs [suite...] [--grep PATTERN] [--no-build]`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(`Usage: node scripts/test.mjs [suite...] [--grep PATTERN] [--no-build]\nSuites: ${Object.keys(SUITES).join(', ')}; aliases: ${Object.keys(ALIASES).join(', ')}; also ${Object.keys(EXTRA).join(', ')}.`);
  process.exit(0);
}
const requested = positionals.flatMap((s) => ALIASES[s] ?? [s]);
const suites = requested.length ? requested : Object.keys(SUITES);
const unknown = suites.filter((s) => !SUITES[s] && !EXTRA[s]);
if (unknown.length) {
  console.error(`Unknown suite ${unknown.join(', ')}: choose from ${[...Object.keys(SUITES), ...Object.keys(ALIASES), ...Object.keys(EXTRA)].join(', ')}.`);
  process.exit(2);
}
const grep = values.grep;

function step(title, command, args) {
  console.log(`\n> ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${title} failed.`);
    process.exit(1);
  }
}

// Compiled tests (out/test/DIR, *.test.js), or with `source` the suite's own *.test.mjs files under test/DIR.
function testFiles(dir, source = false) {
  const full = source ? join(root, 'test', dir) : join(root, 'out', 'test', dir);
  const suffix = source ? '.test.mjs' : '.test.js';
  const found = [];
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(suffix)) found.push(path);
    }
  };
  walk(full);
  return found.sort();
}

async function runMocha(dir, timeout, source = false) {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout, color: process.stdout.isTTY, ...(grep ? { grep } : {}) });
  for (const file of testFiles(dir, source)) mocha.addFile(file);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats.passes, failed: runner.stats.failures, skipped: runner.stats.pending }));
  });
}

async function runInVsCode(launcher) {
  const dir = mkdtempSync(join(tmpdir(), 'intune-assign-client-'));
  const resultsFile = join(dir, 'results.json');
  try {
    const result = spawnSync(process.execPath, [join(root, 'test', 'harness', launcher), '--tests'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, INTUNE_ASSIGN_TEST_RESULTS: resultsFile, ...(grep ? { INTUNE_ASSIGN_TEST_GREP: grep } : {}) },
    });
    try {
      const counts = JSON.parse(readFileSync(resultsFile, 'utf8'));
      return { passed: counts.passed, failed: counts.failed, skipped: counts.pending ?? 0 };
    } catch {
      // The suite never reported: VS Code did not start, or the run timed out.
      return { passed: 0, failed: 1, skipped: 0, note: `the launcher exited with ${result.status} before the suite reported` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!values['no-build']) {
  step('Build (esbuild bundles)', process.execPath, [join(root, 'scripts', 'build.mjs')]);
  // tsc never deletes what it compiled before: a test moved or removed would otherwise still run from out/.
  rmSync(join(root, 'out'), { recursive: true, force: true });
  step('Type-check and compile tests (tsc)', process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
}
if (!requested.length) step('Lint (eslint)', process.execPath, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.']);

const results = {};
let editorsReady = false;
for (const suite of suites) {
  const spec = SUITES[suite] ?? EXTRA[suite];
  console.log(`\n> Suite ${suite}${grep ? ` (--grep ${grep})` : ''}`);
  if (spec.editors && !editorsReady) {
    step('Set up the real editors (Debian packages, code-server)', process.execPath, [join(root, 'test', 'harness', 'vscode-setup.mjs')]);
    editorsReady = true;
  }
  results[suite] = spec.launcher ? await runInVsCode(spec.launcher) : await runMocha(suite, spec.timeout, spec.source);
}

console.log('\nSummary');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const [suite, r] of Object.entries(results)) {
  console.log(`  ${suite.padEnd(15)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}${r.note ? ` (${r.note})` : ''}`);
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
// A --grep that matches nothing is not a failure of the code, but it is not a pass either: say so.
if (passed === 0 && failed === 0 && grep) console.error(`No test matches --grep ${grep}.`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
