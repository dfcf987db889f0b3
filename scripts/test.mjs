// `npm test`: builds, lints, then runs every suite: unit (the core on plain Node), sandbox (the
// tenant emulator over HTTP, with the real MSAL), graph (the real MSAL and Graph
// client against the sandbox tenant on loopback), cli (the built command line
// on fixture folders), lsp (the real server over stdio), grammar (the TextMate grammar on VS Code's JSON grammar), neovim (the README's Neovim set-up in a
// headless Neovim), e2e (a real VS Code, the extension from the source tree) and workbench (the packaged
// VSIX installed into a real VS Code, driven from outside like a person would). Prints each suite's counts and a last line `N passed, N failed`.
// `node scripts/test.mjs unit lsp` runs only those.
//
// e2e runs in the offline VS Code (code-server + headless Chromium) that scripts/vscode-setup.mjs installs;
// `e2e-electron` runs the same suite in desktop VS Code through @vscode/test-electron, which downloads VS Code
// and so needs a machine that can reach Microsoft's update service.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ALL = ['unit', 'sandbox', 'graph', 'cli', 'lsp', 'grammar', 'neovim', 'e2e', 'workbench'];
const requested = process.argv.slice(2);
const suites = requested.length ? requested : ALL;
const unknown = suites.filter((s) => ![...ALL, 'e2e-electron'].includes(s));
if (unknown.length) {
  console.error(`Unknown suite ${unknown.join(', ')}: choose from ${[...ALL, 'e2e-electron'].join(', ')}.`);
  process.exit(2);
}

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
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout, color: process.stdout.isTTY });
  for (const file of testFiles(dir, source)) mocha.addFile(file);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats.passes, failed: runner.stats.failures, skipped: runner.stats.pending }));
  });
}

async function runE2e(launcher) {
  const dir = mkdtempSync(join(tmpdir(), 'intune-assign-e2e-'));
  const resultsFile = join(dir, 'results.json');
  try {
    const result = spawnSync(process.execPath, [join(root, 'scripts', launcher), '--tests'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, INTUNE_ASSIGN_TEST_RESULTS: resultsFile },
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

step('Build (esbuild bundles)', process.execPath, [join(root, 'scripts', 'build.mjs')]);
step('Type-check and compile tests (tsc)', process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
if (!requested.length) step('Lint (eslint)', process.execPath, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.']);

const results = {};
let editorsReady = false;
/** The grammar, Neovim and e2e suites need the real editors (Debian packages, code-server) installed. */
function setUpEditors() {
  if (!editorsReady) step('Set up the real editors (Debian packages, code-server)', process.execPath, [join(root, 'scripts', 'vscode-setup.mjs')]);
  editorsReady = true;
}
for (const suite of suites) {
  console.log(`\n> Suite ${suite}`);
  if (suite === 'unit') results.unit = await runMocha('unit', 20_000);
  else if (suite === 'sandbox') results.sandbox = await runMocha('sandbox', 30_000);
  else if (suite === 'graph') results.graph = await runMocha('graph', 30_000);
  else if (suite === 'cli') results.cli = await runMocha('cli', 30_000);
  else if (suite === 'lsp') results.lsp = await runMocha('lsp', 30_000);
  else if (suite === 'grammar' || suite === 'neovim') {
    setUpEditors();
    results[suite] = await runMocha(suite, 20_000);
  } else if (suite === 'e2e') {
    setUpEditors();
    results.e2e = await runE2e('vscode-launch.mjs');
  } else if (suite === 'workbench') {
    setUpEditors();
    results.workbench = await runMocha('workbench', 60_000, true);
  } else if (suite === 'e2e-electron') results['e2e-electron'] = await runE2e('vscode-electron.mjs');
}

console.log('\nSummary');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const [suite, r] of Object.entries(results)) {
  console.log(`  ${suite.padEnd(13)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}${r.note ? ` (${r.note})` : ''}`);
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
