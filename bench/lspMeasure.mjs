// What bench/lsp.mjs measures on one server process: a document's first diagnostics, diagnostics after
// one-word edits, completion latency, Format Document and memory; and, for ours alone, a workspace of issue 10's
// hostile files (figures only: the tests assert the behaviour). Everything over stdio, bounded in count and time.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { buildDocument, smallFile } from './documents.mjs';
import { ROOT } from './common.mjs';
import { start, stop } from './lspServers.mjs';

const require = createRequire(import.meta.url);
export const COMPLETION_KINDS = ['intent value', 'target key', 'target @odata.type value'];
const TIMEOUT_MS = { firstDiagnostics: 120_000, edit: 30_000, completion: 20_000, format: 120_000, request: 30_000 };
/** Wall-clock budget of one phase on one server; a phase that runs out stops early and says so. */
const PHASE_BUDGET_MS = { edits: 120_000, completions: 120_000 };

const openParams = (spec, uri, text) => ({ textDocument: { uri, languageId: spec.languageId, version: 1, text } });

/**
 * `n` completion positions, cycling through the three kinds and spread evenly over the assignments. A key position
 * is inside the last key of a target that still lacks properties (no filter yet), the next such one from the
 * spread point: in a complete target there is nothing left to propose.
 */
function completionPositions(doc, n) {
  const positions = [];
  for (let i = 0; i < n; i++) {
    const kind = COMPLETION_KINDS[i % COMPLETION_KINDS.length];
    let index = Math.min(doc.count - 1, Math.floor(((i + 0.5) * doc.count) / n));
    if (kind === 'target key') {
      for (let step = 0; step < doc.count && doc.assignments[index].targetFiltered; step++) index = (index + 1) % doc.count;
    }
    const a = doc.assignments[index];
    const at = kind === 'intent value' ? a.intent : kind === 'target key' ? a.targetKey : a.targetType;
    positions.push({ kind, position: { line: at.line, character: at.character } });
  }
  return positions;
}

const diagnosticsIn = (diagnostics, fromLine, toLine) => diagnostics.filter((d) => d.range.start.line >= fromLine && d.range.start.line <= toLine);

/** Format Document with 4 spaces (the documents have 2): every line changes. */
async function formatting(client, uri) {
  const sent = performance.now();
  const edits = await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } }, TIMEOUT_MS.format);
  return { ms: performance.now() - sent, edits: edits?.length ?? 0 };
}

/** One document on one fresh server process: open, edit, complete, format. */
export async function measure(spec, doc, options, uri, warn, progressOut) {
  const label = `[${doc.count}] ${spec.name}`;
  const progress = (text) => progressOut(`  ${label}: ${text}\n`);
  const result = { server: spec.name, title: spec.title, firstDiagnosticsMs: NaN, baselineDiagnostics: NaN, edits: [], completions: [], format: undefined, notes: [] };
  let client;
  try {
    client = await start(spec);
    result.pid = client.process.pid;
    result.serverInfo = client.initializeResult.serverInfo ?? null;
    result.memoryAtStart = client.memory();

    // 1. didOpen → first publishDiagnostics for the uri.
    const first = client.nextDiagnostics(uri, () => true, TIMEOUT_MS.firstDiagnostics);
    const opened = performance.now();
    await client.connection.sendNotification('textDocument/didOpen', openParams(spec, uri, doc.text));
    const { params: firstParams, time: firstTime } = await first;
    result.firstDiagnosticsMs = firstTime - opened;
    result.baselineDiagnostics = firstParams.diagnostics.length;
    result.sendsVersion = typeof firstParams.version === 'number';
    result.memoryAfterOpen = client.memory();
    if (firstParams.diagnostics.length) {
      const sample = firstParams.diagnostics.slice(0, 3).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
      warn(`${label}: the generated document is not clean: ${firstParams.diagnostics.length} diagnostics, e.g.\n      ${sample.join('\n      ')}`);
    }
    progress(`first diagnostics ${result.firstDiagnosticsMs.toFixed(0)} ms (${firstParams.diagnostics.length} diagnostics)`);

    // 2. Edits flipping the middle assignment's intent: "required" → "requirez" (no intent: an error for both
    // servers; a case difference no longer is) → "required" …
    const { line, character } = doc.edited.intent;
    const from = doc.assignments[doc.editIndex].startLine;
    const to = doc.assignments[doc.editIndex].endLine;
    const baselineHere = diagnosticsIn(firstParams.diagnostics, from, to).length;
    let version = 1;
    const editsStarted = performance.now();
    for (let k = 0; k < options.edits; k++) {
      if (performance.now() - editsStarted > PHASE_BUDGET_MS.edits) {
        result.notes.push(`edits stopped after ${k} of ${options.edits}: phase budget of ${PHASE_BUDGET_MS.edits / 1000} s used`);
        warn(`${label}: ${result.notes.at(-1)}`);
        break;
      }
      const wrongCase = k % 2 === 0;
      const v = ++version;
      const reflects = (diagnostics) => (diagnosticsIn(diagnostics, from, to).length > baselineHere) === wrongCase;
      // Our server says which version its diagnostics are for; the peer does not, so its are recognised by content.
      const predicate = result.sendsVersion ? (p) => p.version === v : (p) => reflects(p.diagnostics);
      const wait = client.nextDiagnostics(uri, predicate, TIMEOUT_MS.edit);
      const sent = performance.now();
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 8 } }, text: wrongCase ? 'requirez' : 'required' }],
      });
      const { params, time } = await wait;
      const ok = reflects(params.diagnostics);
      result.edits.push({ ms: time - sent, version: v, diagnostics: params.diagnostics.length, reflectsEdit: ok });
      if (!ok) warn(`${label}: the diagnostics for version ${v} do not show the expected ${wrongCase ? 'error' : 'recovery'} at line ${line + 1}`);
    }
    result.memoryAfterEdits = client.memory();

    // 3. Completion at positions spread over the (again valid) document, one request at a time.
    const completionsStarted = performance.now();
    for (const { kind, position } of completionPositions(doc, options.completions)) {
      if (performance.now() - completionsStarted > PHASE_BUDGET_MS.completions) {
        result.notes.push(`completions stopped after ${result.completions.length}: phase budget of ${PHASE_BUDGET_MS.completions / 1000} s used`);
        warn(`${label}: ${result.notes.at(-1)}`);
        break;
      }
      const sent = performance.now();
      const answer = await client.request('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 1 } }, TIMEOUT_MS.completion);
      const ms = performance.now() - sent;
      const items = Array.isArray(answer) ? answer : (answer?.items ?? []);
      result.completions.push({ ms, kind, line: position.line, character: position.character, items: items.length });
    }
    for (const kind of COMPLETION_KINDS) {
      const empty = result.completions.filter((c) => c.kind === kind && c.items === 0);
      if (empty.length) warn(`${label}: ${empty.length} completions at "${kind}" positions returned no items (e.g. at ${empty[0].line + 1}:${empty[0].character + 1})`);
    }

    // 4. Format Document, then the memory of the process after the run, and its peak.
    result.format = await formatting(client, uri);
    progress(`format ${result.format.ms.toFixed(0)} ms (${result.format.edits} edits)`);
    result.memoryAfterRun = client.memory();
    result.contentRequests = client.contentRequests.length;
    result.otherRequests = [...new Set(client.otherRequests)];
    result.log = client.log.slice(0, 10);
  } catch (error) {
    result.error = error.message;
    // The lines of the server's stderr that say what went wrong (a fatal error, a stack), else its last lines.
    const lines = client?.stderr().trim().split('\n') ?? [];
    const telling = lines.filter((l) => /error|fatal|exception|out of memory/i.test(l)).slice(0, 5);
    const tail = (telling.length ? telling : lines.slice(-5)).join('\n      ');
    warn(`${label}: ${error.message}${tail ? `\n      server stderr: ${tail}` : ''}`);
  } finally {
    await stop(client);
  }
  return result;
}

/** Format Document on a document of `count` assignments, as written (2 spaces) and minified, on a fresh process. */
export async function measureFormatting(spec, count, uriOf) {
  const doc = buildDocument(count, 0x1a55 + count);
  const result = { server: spec.name, bytes: doc.bytes, pretty: undefined, minified: undefined };
  let client;
  try {
    client = await start(spec);
    for (const [key, text] of [['pretty', doc.text], ['minified', JSON.stringify(JSON.parse(doc.text))]]) {
      const uri = uriOf(`format-${key}-${count}`);
      const first = client.nextDiagnostics(uri, () => true, TIMEOUT_MS.firstDiagnostics);
      await client.connection.sendNotification('textDocument/didOpen', openParams(spec, uri, text));
      await first;
      result[key] = await formatting(client, uri);
    }
    result.memory = client.memory();
  } catch (error) {
    result.error = error.message;
  } finally {
    await stop(client);
  }
  return result;
}

/**
 * Ours alone, on a workspace holding issue 10's attacks (a 20 MB payload, a 20,000-deep one, the comment trick,
 * a 28-link fan-out, a FIFO) and `files` ordinary payloads: how long requests wait while it is searched, how
 * long until every hostile file has its one diagnostic, and memory.
 */
export async function measureHostileWorkspace(spec, files) {
  const hostile = require(join(ROOT, 'out', 'test', 'harness', 'hostile.js'));
  const root = mkdtempSync(join(tmpdir(), 'intune-assign-bench-hostile-'));
  const workspace = join(root, 'workspace');
  const result = { files, requests: [], hostile: {} };
  let client;
  try {
    mkdirSync(join(workspace, 'apps'), { recursive: true });
    writeFileSync(join(workspace, 'big.assign.json'), hostile.ones(20 * 1024 * 1024));
    writeFileSync(join(workspace, 'deep.assign.json'), hostile.DEEP);
    writeFileSync(join(workspace, 'comment.assign.json'), hostile.COMMENT_BYPASS);
    hostile.linkFanOut(workspace, join(root, 'outside'), 14, smallFile(33).text);
    hostile.fifo(join(workspace, 'pipe.assign.json'));
    for (let i = 0; i < files; i++) writeFileSync(join(workspace, 'apps', `app-${i}.assign.json`), smallFile(i).text);
    const watched = {
      big: pathToFileURL(join(workspace, 'big.assign.json')).href,
      deep: pathToFileURL(join(workspace, 'deep.assign.json')).href,
      comment: pathToFileURL(join(workspace, 'comment.assign.json')).href,
      fanOut: pathToFileURL(join(workspace, 'a/a/a/a/a/a/a/a/a/a/a/a/a/a/deep.assign.json')).href,
    };
    const started = performance.now();
    // Started like the others (so a signal or the watchdog stops it too), on the hostile workspace.
    client = await start(spec, { workspaceFolder: workspace });
    const c = client;
    const all = Object.entries(watched).map(([name, uri]) => c.nextDiagnostics(uri, (p) => p.diagnostics.length > 0, 120_000).then(({ params, time }) => (result.hostile[name] = { ms: time - started, diagnostics: params.diagnostics.length, message: params.diagnostics[0].message.slice(0, 90) })));
    // Requests while the workspace is searched and checked: an open document, hover and completion in turn.
    const uri = pathToFileURL(join(workspace, 'apps', 'open.assign.json')).href;
    await c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'intune-assign', version: 1, text: smallFile(1).text } });
    let done = false;
    void Promise.all(all).then(() => (done = true));
    for (let i = 0; i < 200 && !done; i++) {
      const sent = performance.now();
      await c.request(i % 2 ? 'textDocument/hover' : 'textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 17 } }, TIMEOUT_MS.request);
      result.requests.push(performance.now() - sent);
    }
    await Promise.all(all);
    // The FIFO, as a watcher reports a change to it: refused, not waited on.
    const fifoUri = pathToFileURL(join(workspace, 'pipe.assign.json')).href;
    const refused = c.nextDiagnostics(fifoUri, () => true, 30_000);
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fifoUri, type: 2 }] });
    result.hostile.fifo = { diagnostics: (await refused).params.diagnostics.length, message: (await refused).params.diagnostics[0]?.message.slice(0, 90) };
    result.fanOutUris = new Set(c.published.filter((p) => p.uri.endsWith('/deep.assign.json') && p.uri !== watched.deep).map((p) => p.uri)).size;
    result.memory = c.memory();
  } catch (error) {
    result.error = error.message;
  } finally {
    await stop(client);
    rmSync(root, { recursive: true, force: true });
  }
  return result;
}
