// Owns `npm run bench:tenant`: the tenant as a workspace at scale. A sandbox tenant seeded with 2,000 generated
// apps and 5,000 assignments (plus the demo tenant's), the built CLI (dist/cli.js) run as a user runs it:
// `pull --all`, `plan` (0 changes), 50 files edited, `plan` (50 changes), `apply --yes` of the 50 under
// injected throttling (a 429 with Retry-After on every tenth write). Then the batched read on its own, on a
// tenant just under the size where it gives way to the list with $expand=assignments. For each: wall time and
// the Graph requests the tenant saw, against the targets (pull --all and plan: <= 10 s, <= 120 requests;
// apply: no failure; the batched read: <= ceil(N/20)+5 requests). Keeps the numbers in bench-results/.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flags, graphRequestsSince, keepResults, ROOT } from './common.mjs';

const CLI = join(ROOT, 'dist', 'cli.js');
const SANDBOX = join(ROOT, 'dist', 'sandbox.js');
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`Usage: npm run bench:tenant [-- --apps=2000 --assignments=5000 --changed=50 --keep]

Runs pull --all, plan and apply --yes of the built CLI against a sandbox tenant of APPS generated apps holding
ASSIGNMENTS assignments, CHANGED files edited before apply. --keep leaves the workspace folder.`);
  process.exit(0);
}
const args = flags();
const APPS = Number(args.get('apps') ?? 2000);
const ASSIGNMENTS = Number(args.get('assignments') ?? 5000);
const CHANGED = Number(args.get('changed') ?? 50);
if (!(APPS >= 100 && APPS <= 20_000) || !(ASSIGNMENTS >= APPS && ASSIGNMENTS <= 100_000) || !(CHANGED >= 1 && CHANGED <= APPS)) {
  console.error('--apps must be 100..20000, --assignments from --apps to 100000, --changed 1..apps');
  process.exit(2);
}
if (!existsSync(CLI) || !existsSync(SANDBOX)) {
  console.error('dist/cli.js or dist/sandbox.js is missing: run node scripts/build.mjs first.');
  process.exit(2);
}

const require = createRequire(import.meta.url);
const { startSandbox, largeTenant, DEFAULT_SEED, SANDBOX_SECRET_CLIENT, SANDBOX_DEMO_SECRET } = require(SANDBOX);

/** Runs the CLI in `cwd` against `sandbox`; resolves with its exit code, output and wall time. */
function cli(sandbox, cwd, argv) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...argv, '--cloud', 'sandbox', '--tenant', sandbox.tenantId, '--client-id', SANDBOX_SECRET_CLIENT, '--client-secret-env', 'SANDBOX_SECRET'], {
      cwd,
      env: { ...process.env, INTUNE_ASSIGN_SANDBOX_URL: sandbox.url, SANDBOX_SECRET: SANDBOX_DEMO_SECRET, INTUNE_ASSIGN_TOKEN_CACHE: 'none' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });
}

/** Runs a step and counts the Graph requests (not sign-in) the tenant saw during it. */
async function measure(sandbox, name, run) {
  const since = sandbox.requests.length;
  const result = await run();
  const graph = graphRequestsSince(sandbox, since);
  const throttled = graph.filter((r) => r.status === 429).length;
  if (result.code !== 0) console.error(`${name} exited ${result.code}:\n${result.stderr}`);
  return { name, seconds: result.seconds, requests: graph.length, throttled, code: result.code, stdout: result.stdout, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'intune-assign-bench-tenant-'));
const results = [];
const checks = [];
const check = (ok, text) => checks.push(`  ${ok ? 'PASS' : 'MISS'}  ${text}`);
try {
  const seed = largeTenant(DEFAULT_SEED, { apps: APPS, assignments: ASSIGNMENTS });
  let writes = 0;
  let sandbox;
  // Injected throttling: after every tenth write, the next write is answered 429 with Retry-After: 1.
  const log = (line) => {
    if (!/^POST \S+\/assign /.test(line) || !sandbox) return;
    if (++writes % 10 === 0) sandbox.throttleNext(1, { status: 429, retryAfter: '1' });
  };
  sandbox = await startSandbox({ seed, maxRecordedRequests: 200_000, log });
  const total = seed.apps.length;
  console.log(`Sandbox tenant: ${total} apps (${APPS} generated), ${seed.apps.reduce((n, a) => n + a.assignments.length, 0)} assignments, at ${sandbox.url}`);

  const pull = await measure(sandbox, 'pull --all', () => cli(sandbox, dir, ['pull', '--all', '--out', 'ws']));
  const ws = join(dir, 'ws');
  const files = readdirSync(ws).filter((f) => f.endsWith('.assign.json'));
  const plan = await measure(sandbox, 'plan (0 changes)', () => cli(sandbox, ws, ['plan', '--format', 'json']));
  const planned = plan.code === 0 ? JSON.parse(plan.stdout) : { apps: [], changedApps: -1 };

  // Edit CHANGED files: in each, one assignment to a group goes from "available" to "required" (the change
  // an administrator makes most, and one Graph takes for every app type).
  const config = JSON.parse(readFileSync(join(ws, 'intune-assign.config.json'), 'utf8'));
  let edited = 0;
  for (const file of Object.keys(config.apps)) {
    if (edited === CHANGED) break;
    const doc = JSON.parse(readFileSync(join(ws, file), 'utf8'));
    const one = doc.mobileAppAssignments.find((a) => a.intent === 'available' && a.target['@odata.type'] === '#microsoft.graph.groupAssignmentTarget');
    if (!one) continue;
    one.intent = 'required';
    writeFileSync(join(ws, file), `${JSON.stringify(doc, null, 2)}\n`);
    edited++;
  }
  const replan = await measure(sandbox, `plan (${CHANGED} changes)`, () => cli(sandbox, ws, ['plan', '--format', 'json']));
  const replanned = replan.code === 0 ? JSON.parse(replan.stdout) : { changedApps: -1 };
  const apply = await measure(sandbox, `apply --yes (${CHANGED} apps, throttled)`, () => cli(sandbox, ws, ['apply', '--yes']));
  const applied = /Applied: (\d+) succeeded, (\d+) failed, (\d+) not tried/.exec(apply.stdout);
  for (const line of apply.stdout.split('\n').filter((l) => l.includes('FAILED'))) console.error(line);
  const after = await measure(sandbox, 'plan after apply', () => cli(sandbox, ws, ['plan', '--format', 'json']));
  const afterPlan = after.code === 0 ? JSON.parse(after.stdout) : { changedApps: -1 };
  await sandbox.close();

  // The batched read alone: a tenant just under the size where the read gives way to the $expand list.
  const batchedSeed = largeTenant(DEFAULT_SEED, { apps: 790, assignments: 1975 });
  const batchedSandbox = await startSandbox({ seed: batchedSeed, maxRecordedRequests: 200_000 });
  const batched = await measure(batchedSandbox, `pull --all, batched (${batchedSeed.apps.length} apps)`, () => cli(batchedSandbox, dir, ['pull', '--all', '--out', 'batched']));
  await batchedSandbox.close();
  const budget = (n) => Math.ceil(n / 20) + 5;

  results.push(pull, plan, replan, apply, after, batched);
  console.log(`\n${'step'.padEnd(40)} ${'wall (s)'.padStart(9)} ${'requests'.padStart(9)} ${'429s'.padStart(6)}`);
  for (const r of results) console.log(`  ${r.name.padEnd(38)} ${r.seconds.toFixed(2).padStart(9)} ${String(r.requests).padStart(9)} ${String(r.throttled).padStart(6)}`);
  console.log(`\n  pull --all wrote ${files.length} files; plan read ${planned.apps.length} bound apps.`);
  console.log('\nTargets:');
  check(pull.code === 0 && pull.seconds <= 10 && pull.requests <= 120, `pull --all of ${total} apps: <= 10 s and <= 120 requests: ${pull.seconds.toFixed(2)} s, ${pull.requests} requests`);
  check(plan.code === 0 && plan.seconds <= 10 && plan.requests <= 120 && planned.changedApps === 0, `plan of ${planned.apps.length} apps just pulled: 0 changes, <= 10 s and <= 120 requests: ${planned.changedApps} changes, ${plan.seconds.toFixed(2)} s, ${plan.requests} requests`);
  check(replanned.changedApps === CHANGED, `${CHANGED} edited files plan ${CHANGED} changed apps: ${replanned.changedApps}`);
  check(apply.code === 0 && applied?.[1] === String(CHANGED) && applied?.[2] === '0', `apply of ${CHANGED} changed apps under injected throttling (${apply.throttled} 429s): no failure: ${applied ? applied[0] : apply.stderr.trim().split('\n').pop()}`);
  check(afterPlan.changedApps === 0, `plan after apply: 0 changes: ${afterPlan.changedApps}`);
  check(batched.code === 0 && batched.requests <= budget(batchedSeed.apps.length), `the batched read of ${batchedSeed.apps.length} apps: <= ceil(N/20)+5 = ${budget(batchedSeed.apps.length)} requests: ${batched.requests} (${batched.seconds.toFixed(2)} s)`);
  console.log(checks.join('\n'));
  const out = keepResults('tenant', { apps: total, assignments: ASSIGNMENTS, changed: CHANGED, results: results.map((r) => ({ name: r.name, seconds: r.seconds, requests: r.requests, throttled: r.throttled, code: r.code })), checks });
  console.log(`\nRaw numbers: ${out}`);
  process.exitCode = checks.every((c) => c.includes('PASS')) ? 0 : 1;
} finally {
  if (!args.has('keep')) rmSync(dir, { recursive: true, force: true });
  else console.log(`Workspace kept in ${dir}`);
}
