// Owns `npm run bench`: a side-by-side benchmark of our language server (dist/cli.js lsp --stdio) and VS Code's JSON
// language server (vscode-langservers-extracted) given schemas/assign.beta.schema.json, on generated *.assign.json
// documents (bench/documents.mjs) of 1, 100 and 5,000 assignments: first diagnostics, diagnostics after an edit,
// completion latency, Format Document and resident memory, each server on a fresh process; Format Document on a
// 5 MB document; and ours alone on a workspace of issue 10's hostile files. Prints a table per size with both
// servers measured in the same run, checks the targets, and writes the raw numbers to
// bench-results/lsp-<timestamp>.json. Servers are driven by the tests' LSP client (test/harness/lspClient.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { buildDocument } from './documents.mjs';
import { COMPLETION_KINDS, measure, measureFormatting, measureHostileWorkspace } from './lspMeasure.mjs';
import { median, percentile, ROOT } from './common.mjs';
import { CLIENT, killAll, OUR_CLI, PEER_BIN, PEER_PACKAGE, sanityCheck, SCHEMA_FILE, serverSpecs } from './lspServers.mjs';

const RESULTS_DIR = join(ROOT, 'bench-results');
/** Documents are never written there (unless --write-docs): the URI only has to end with .assign.json. */
const DOC_DIR_URI = pathToFileURL(join(RESULTS_DIR, 'docs')).href;
const TARGETS = { editMedianMs: 100, memoryMb: 150, formatMs: 1000, workspaceMemoryMb: 400, requestMs: 2000 };

// ---------------------------------------------------------------------------------------------------------------
// Command line

const HELP = `Usage: npm run bench [-- options]

Benchmarks our language server against vscode-json-language-server (with the project's JSON Schema) on generated
documents, one fresh server process per document size, and ours alone on a workspace of hostile files.
Build first: npm run build (the bundles, and the tests' LSP client the benchmark drives them with).

Options:
  --sizes=1,100,5000     assignment counts of the generated documents (each 1..20000)
  --edits=20             edits per document (even, 2..200)
  --completions=200      completion requests per document (3..2000)
  --servers=ours,peer    which servers to run
  --peer-schema=settings how the peer learns the schema: settings (json.schemas via didChangeConfiguration)
                         or associations (json/schemaAssociations notification)
  --cpu-prof             run our server with --cpu-prof; profiles go to bench-results/prof-<timestamp>/
  --node-args="..."      extra Node.js flags for our server (e.g. --heap-prof), for profiling
  --write-docs           also write the generated documents to bench-results/docs/
  --format-size=10000    assignment count of the document Format Document is timed on (5.2 MB; 0: skip)
  --hostile-files=300    ordinary files beside issue 10's hostile ones in the workspace phase (0: skip it)
  --max-minutes=20       hard limit for the whole run
  -h, --help             show this help`;

function parseOptions(argv) {
  const options = {
    sizes: [1, 100, 5000],
    edits: 20,
    completions: 200,
    servers: ['ours', 'peer'],
    peerSchema: 'settings',
    cpuProf: false,
    nodeArgs: [],
    writeDocs: false,
    formatSize: 10_000,
    hostileFiles: 300,
    maxMinutes: 20,
  };
  for (const arg of argv) {
    const [key, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const int = (min, max) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) fail(`${key} must be an integer from ${min} to ${max}`);
      return n;
    };
    switch (key) {
      case '-h':
      case '--help':
        console.log(HELP);
        process.exit(0);
        break;
      case '--sizes':
        options.sizes = (value ?? '').split(',').map((s) => {
          const n = Number(s);
          if (!Number.isInteger(n) || n < 1 || n > 20_000) fail('--sizes takes assignment counts from 1 to 20000');
          return n;
        });
        break;
      case '--edits':
        options.edits = int(2, 200);
        if (options.edits % 2) options.edits += 1; // an even count leaves the document valid for completion
        break;
      case '--completions':
        options.completions = int(3, 2000);
        break;
      case '--servers':
        options.servers = (value ?? '').split(',');
        if (!options.servers.length || options.servers.some((s) => s !== 'ours' && s !== 'peer')) fail('--servers takes ours, peer or ours,peer');
        break;
      case '--peer-schema':
        if (value !== 'settings' && value !== 'associations') fail('--peer-schema is settings or associations');
        options.peerSchema = value;
        break;
      case '--cpu-prof':
        options.cpuProf = true;
        break;
      case '--node-args':
        options.nodeArgs = (value ?? '').split(/\s+/).filter(Boolean);
        if (options.nodeArgs.some((a) => !a.startsWith('--'))) fail('--node-args takes Node.js flags only');
        break;
      case '--write-docs':
        options.writeDocs = true;
        break;
      case '--format-size':
        options.formatSize = int(0, 20_000);
        break;
      case '--hostile-files':
        options.hostileFiles = int(0, 5000);
        break;
      case '--max-minutes':
        options.maxMinutes = int(1, 120);
        break;
      default:
        fail(`unknown option ${arg}\n\n${HELP}`);
    }
  }
  return options;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics and output

const p95 = (values) => percentile(values, 95);

function summarize(result) {
  if (!result) return undefined;
  const edits = result.edits.map((e) => e.ms);
  const completions = result.completions.map((c) => c.ms);
  return {
    firstDiagnosticsMs: result.firstDiagnosticsMs,
    editMedianMs: median(edits),
    editP95Ms: p95(edits),
    completionP50Ms: percentile(completions, 50),
    completionP95Ms: p95(completions),
    formatMs: result.format?.ms ?? NaN,
    formatEdits: result.format?.edits ?? NaN,
    rssMb: result.memoryAfterRun?.rssMb ?? NaN,
    hwmMb: result.memoryAfterRun?.hwmMb ?? NaN,
    edits: edits.length,
    completions: completions.length,
    emptyCompletions: result.completions.filter((c) => c.items === 0).length,
    itemsPerKind: Object.fromEntries(
      COMPLETION_KINDS.map((kind) => {
        const inKind = result.completions.filter((c) => c.kind === kind);
        return [kind, inKind.length ? inKind.reduce((sum, c) => sum + c.items, 0) / inKind.length : NaN];
      }),
    ),
    baselineDiagnostics: result.baselineDiagnostics,
  };
}

function fmtMs(value) {
  if (!Number.isFinite(value)) return '–';
  return value < 10 ? value.toFixed(2) : value < 1000 ? value.toFixed(1) : value.toFixed(0);
}
const fmtMb = (value) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const fmtRatio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : '–');

/** The validation debounce each server waits after a change, read from the sources (for the notes only). */
function debounces() {
  const read = (file, pattern) => {
    try {
      return Number(pattern.exec(readFileSync(file, 'utf8'))?.[1] ?? NaN);
    } catch {
      return NaN;
    }
  };
  return {
    ours: read(join(ROOT, 'server', 'src', 'validation.ts'), /VALIDATION_DELAY_MS\s*=\s*(\d+)/),
    peer: read(join(PEER_PACKAGE, 'lib', 'json-language-server', 'utils', 'validation.js'), /validationDelayMs\s*=\s*(\d+)/),
  };
}

function printTable(doc, ours, peer, delays) {
  const o = summarize(ours);
  const p = summarize(peer);
  // The same medians less each server's own debounce: the work done after the wait.
  if (o) o.editNetMedianMs = o.editMedianMs - delays.ours;
  if (p) p.editNetMedianMs = p.editMedianMs - delays.peer;
  const rows = [
    ['first diagnostics after didOpen (ms)', 'firstDiagnosticsMs', fmtMs],
    [`diagnostics after an edit, median (ms)`, 'editMedianMs', fmtMs],
    [`diagnostics after an edit, p95 (ms)`, 'editP95Ms', fmtMs],
    [`  median less the server's debounce (ms)`, 'editNetMedianMs', fmtMs],
    ['completion p50 (ms)', 'completionP50Ms', fmtMs],
    ['completion p95 (ms)', 'completionP95Ms', fmtMs],
    ['Format Document, 2 → 4 spaces (ms)', 'formatMs', fmtMs],
    ['  edits it answered', 'formatEdits', (v) => (Number.isFinite(v) ? String(v) : '–')],
    ['VmRSS after the run (MB)', 'rssMb', fmtMb],
    ['VmHWM peak (MB)', 'hwmMb', fmtMb],
  ];
  const width = [42, 12, 12, 10];
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(width[i]) : String(c).padStart(width[i]))).join('  ');
  console.log(`\n== ${doc.count.toLocaleString('en-US')} assignment${doc.count === 1 ? '' : 's'}: ${(doc.bytes / 1024 / 1024).toFixed(2)} MB, ${doc.lines.toLocaleString('en-US')} lines ==`);
  console.log(line(['metric', 'ours', 'peer', 'ours/peer']));
  console.log(line(['-'.repeat(width[0]), '-'.repeat(width[1]), '-'.repeat(width[2]), '-'.repeat(width[3])]));
  for (const [title, key, fmt] of rows) console.log(line([title, o ? fmt(o[key]) : 'n/a', p ? fmt(p[key]) : 'n/a', fmtRatio(o?.[key], p?.[key])]));
  const counts = (s) => (s ? `${s.edits} edits, ${s.completions} completions (${s.emptyCompletions} empty)` : 'not run');
  console.log(`  samples: ours ${counts(o)}; peer ${counts(p)}`);
  const items = (s) => (s ? COMPLETION_KINDS.map((k) => (Number.isFinite(s.itemsPerKind[k]) ? s.itemsPerKind[k].toFixed(1) : '–')).join(' / ') : 'n/a');
  console.log(`  mean completion items (${COMPLETION_KINDS.join(' / ')}): ours ${items(o)}; peer ${items(p)}`);
  console.log(`  edit latencies include each server's validation debounce: ours ${delays.ours} ms, peer ${delays.peer} ms (read from their sources)`);
  for (const r of [ours, peer]) if (r?.error) console.log(`  ${r.server}: FAILED: ${r.error}`);
}

/** True when every figure was measured (a failed or skipped server leaves NaN or undefined). */
const known = (...values) => values.every((v) => Number.isFinite(v));

function printFormatting(ours, peer) {
  if (!ours && !peer) return;
  const bytes = (ours ?? peer).bytes;
  console.log(`\n== Format Document (tab size 4) on ${(bytes / 1024 / 1024).toFixed(2)} MB, each server on a fresh process ==`);
  for (const [key, title] of [['pretty', 'as written (2 spaces)'], ['minified', 'minified (one line)']]) {
    const cell = (r) => (r?.[key] ? `${fmtMs(r[key].ms)} ms, ${r[key].edits} edits` : r?.error ? `FAILED: ${r.error}` : 'n/a');
    console.log(`  ${title.padEnd(24)} ours ${cell(ours).padEnd(28)} peer ${cell(peer)}`);
  }
}

function printHostile(r) {
  if (!r) return;
  console.log(`\n== Ours on a workspace of issue 10's hostile files and ${r.files} ordinary ones ==`);
  if (r.error) console.log(`  FAILED: ${r.error}`);
  for (const [name, h] of Object.entries(r.hostile)) console.log(`  ${name.padEnd(8)} ${h.ms === undefined ? '' : `after ${fmtMs(h.ms)} ms: `}${h.diagnostics} diagnostic(s): ${h.message}`);
  console.log(`  ${r.requests.length} requests answered meanwhile: median ${fmtMs(median(r.requests))} ms, max ${fmtMs(Math.max(...r.requests))} ms; the fan-out's file published under ${r.fanOutUris} URI(s)`);
  console.log(`  memory: VmRSS ${fmtMb(r.memory?.rssMb)} MB, peak VmHWM ${fmtMb(r.memory?.hwmMb)} MB`);
}

function checkTargets(doc, ours, peer, format, hostile) {
  const o = summarize(ours);
  const p = summarize(peer);
  const slowest = hostile?.requests.length ? Math.max(...hostile.requests) : NaN;
  const formatMs = format?.ours ? Math.max(format.ours.pretty?.ms ?? NaN, format.ours.minified?.ms ?? NaN) : NaN;
  const checks = [
    {
      name: 'completion p95 no worse than the peer',
      pass: known(o?.completionP95Ms, p?.completionP95Ms) ? o.completionP95Ms <= p.completionP95Ms : undefined,
      detail: `ours ${fmtMs(o?.completionP95Ms)} ms vs peer ${fmtMs(p?.completionP95Ms)} ms`,
    },
    {
      name: `diagnostics after a one-word edit within ${TARGETS.editMedianMs} ms (median, debounce included)`,
      pass: known(o?.editMedianMs) ? o.editMedianMs <= TARGETS.editMedianMs : undefined,
      detail: `ours median ${fmtMs(o?.editMedianMs)} ms (p95 ${fmtMs(o?.editP95Ms)} ms)`,
    },
    {
      name: `resident memory within ${TARGETS.memoryMb} MB (peak VmHWM)`,
      pass: known(o?.hwmMb) ? o.hwmMb <= TARGETS.memoryMb : undefined,
      detail: `ours peak ${fmtMb(o?.hwmMb)} MB (VmRSS after the run ${fmtMb(o?.rssMb)} MB)`,
    },
    {
      name: `Format Document of a 5 MB document within ${TARGETS.formatMs} ms`,
      pass: known(formatMs) ? formatMs <= TARGETS.formatMs : undefined,
      detail: `ours ${fmtMs(formatMs)} ms at worst (written and minified)`,
    },
    {
      name: `hostile workspace: every request within ${TARGETS.requestMs} ms, peak memory within ${TARGETS.workspaceMemoryMb} MB`,
      pass: known(slowest, hostile?.memory?.hwmMb) ? slowest <= TARGETS.requestMs && hostile.memory.hwmMb <= TARGETS.workspaceMemoryMb : undefined,
      detail: `slowest request ${fmtMs(slowest)} ms, peak ${fmtMb(hostile?.memory?.hwmMb)} MB`,
    },
  ];
  console.log(`\nTargets (${doc.count.toLocaleString('en-US')} assignments, one run; the machine's load shows in every figure):`);
  for (const c of checks) console.log(`  ${c.pass === undefined ? 'N/A ' : c.pass ? 'PASS' : 'MISS'}  ${c.name}: ${c.detail}`);
  return checks;
}

function gitInfo() {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'core', 'workspace', 'common', 'cli'], { cwd: ROOT, encoding: 'utf8' }).trimEnd();
    return { commit, uncommittedServerChanges: dirty ? dirty.split('\n') : [] };
  } catch {
    return { commit: null, uncommittedServerChanges: [] };
  }
}

/** Newest modification time under the server's sources, to warn when dist/ is older than them. */
function newestSourceTime() {
  let newest = 0;
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['server/src', 'core/src', 'workspace/src', 'common/src', 'cli/src']) walk(join(ROOT, dir));
  return newest;
}

// ---------------------------------------------------------------------------------------------------------------
// Main

const docUri = (name) => `${DOC_DIR_URI}/${name}.assign.json`;

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const watchdog = setTimeout(() => {
    console.error(`\nbench: the run exceeded --max-minutes=${options.maxMinutes}: stopping the servers`);
    killAll();
    process.exit(2);
  }, options.maxMinutes * 60_000);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}: stopping the servers`);
      killAll();
      process.exit(130);
    });
  }

  if (!existsSync(CLIENT)) fail(`${CLIENT} is missing: run npm run build first`);
  if (options.servers.includes('ours') && !existsSync(OUR_CLI)) fail(`${OUR_CLI} is missing: run npm run build first`);
  if (options.servers.includes('peer') && !existsSync(PEER_BIN)) fail(`${PEER_BIN} is missing: run npm ci`);
  const warnings = [];
  const warn = (text) => {
    warnings.push(text);
    process.stderr.write(`  warning: ${text}\n`);
  };
  if (options.servers.includes('ours') && statSync(OUR_CLI).mtimeMs < newestSourceTime()) {
    warn('dist/cli.js is older than the server sources: the figures are for the last build (npm run build)');
  }
  const profileDir = join(RESULTS_DIR, `prof-${stamp}`);
  if (options.cpuProf) mkdirSync(profileDir, { recursive: true });
  const specs = serverSpecs(options, profileDir);
  const peerVersion = JSON.parse(readFileSync(join(PEER_PACKAGE, 'package.json'), 'utf8')).version;
  const delays = debounces();

  console.log(
    `LSP benchmark: ours = node dist/cli.js lsp --stdio; peer = vscode-json-language-server (vscode-langservers-extracted ${peerVersion}) ` +
      `with ${SCHEMA_FILE.slice(ROOT.length + 1)} via ${options.peerSchema === 'settings' ? 'json.schemas' : 'json/schemaAssociations'}`,
  );
  console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${options.edits} edits and ${options.completions} completions per document`);

  // Sanity: each server flags "intent": "bogus" (the peer through the schema).
  const sanity = {};
  for (const name of options.servers) {
    process.stderr.write(`sanity check: ${name}\n`);
    try {
      sanity[name] = await sanityCheck(specs[name], docUri('sanity-bogus-intent'), 30_000);
    } catch (error) {
      sanity[name] = { ok: false, message: error.message, all: [] };
    }
    const s = sanity[name];
    const how = name === 'peer' ? `; schema read ${s.contentRequests?.length ? `through vscode/content (${s.contentRequests.length} requests)` : 'from disk by the server'}` : '';
    console.log(`sanity (${name}): "intent": "bogus" → ${s.ok ? 'diagnostic' : 'NO diagnostic on its line'}: ${s.message}${how}`);
    if (!s.ok) {
      if (s.all?.length) console.log(`  diagnostics: ${s.all.slice(0, 5).join(' | ')}`);
      if (s.log?.length) console.log(`  server log: ${s.log.join(' | ')}`);
      fail(`${specs[name].title} does not report the invalid intent: its figures would not be comparable`);
    }
  }

  const sizes = [];
  for (const count of options.sizes) {
    const doc = buildDocument(count, 0x1a55 + count);
    process.stderr.write(`document: ${count} assignments, ${(doc.bytes / 1024 / 1024).toFixed(2)} MB\n`);
    if (options.writeDocs) {
      mkdirSync(join(RESULTS_DIR, 'docs'), { recursive: true });
      writeFileSync(join(RESULTS_DIR, 'docs', `bench-${count}.assign.json`), doc.text);
    }
    const results = {};
    for (const name of options.servers) results[name] = await measure(specs[name], doc, options, docUri(`bench-${count}`), warn, (t) => process.stderr.write(t));
    sizes.push({ doc, results });
    printTable(doc, results.ours, results.peer, delays);
  }

  const format = {};
  if (options.formatSize) {
    for (const name of options.servers) {
      process.stderr.write(`formatting: ${name}, ${options.formatSize} assignments\n`);
      format[name] = await measureFormatting(specs[name], options.formatSize, docUri);
    }
    printFormatting(format.ours, format.peer);
  }
  let hostile;
  if (options.hostileFiles && options.servers.includes('ours')) {
    process.stderr.write('hostile workspace: ours\n');
    hostile = await measureHostileWorkspace(specs.ours, options.hostileFiles);
    printHostile(hostile);
  }

  let targets = [];
  const largest = sizes.find((s) => s.doc.count === 5000) ?? sizes.reduce((a, b) => (b.doc.count > a.doc.count ? b : a), sizes[0]);
  if (largest) targets = checkTargets(largest.doc, largest.results.ours, largest.results.peer, format, hostile);
  if (largest && largest.doc.count !== 5000) console.log('  (the targets are defined for 5,000 assignments; checked on the largest size run)');

  if (warnings.length) {
    console.log(`\nWarnings (${warnings.length}):`);
    for (const w of warnings) console.log(`  - ${w}`);
  }

  const seconds = (performance.now() - started) / 1000;
  const report = {
    kind: 'intune-assign lsp benchmark',
    date: new Date().toISOString(),
    durationSeconds: seconds,
    environment: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemoryMb: os.totalmem() / 1024 / 1024, loadAverage: os.loadavg() },
    git: gitInfo(),
    options,
    servers: {
      ours: { command: `node ${specs.ours.nodeArgs.join(' ')} dist/cli.js lsp --stdio`.replace(/\s+/g, ' '), languageId: 'intune-assign', validationDelayMs: delays.ours },
      peer: { command: 'node node_modules/vscode-langservers-extracted/bin/vscode-json-language-server --stdio', version: peerVersion, languageId: 'json', validationDelayMs: delays.peer, initializationOptions: specs.peer.initializationOptions },
    },
    sanity,
    targets: targets.map(({ name, pass, detail }) => ({ name, result: pass === undefined ? 'N/A' : pass ? 'PASS' : 'MISS', detail })),
    sizes: sizes.map(({ doc, results }) => ({
      assignments: doc.count,
      bytes: doc.bytes,
      lines: doc.lines,
      editedLine: doc.edited.intent.line,
      summary: Object.fromEntries(Object.entries(results).map(([name, r]) => [name, summarize(r)])),
      raw: results,
    })),
    format,
    hostile,
    warnings,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `lsp-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nRaw numbers: ${file.slice(ROOT.length + 1)}${options.cpuProf ? `; CPU profiles of our server: ${profileDir.slice(ROOT.length + 1)}/` : ''}`);
  console.log(`Done in ${seconds.toFixed(1)} s.`);
  clearTimeout(watchdog);
  const failed = sizes.some(({ results }) => Object.values(results).some((r) => r.error)) || hostile?.error || Object.values(format).some((r) => r.error);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error.message}`);
  killAll();
  process.exit(1);
});
