// A seeded, bounded fuzzer for the language server over stdio: random incremental edits, bursts of them, and
// every request the server answers, on documents from the corpus, the examples and (in hostile mode) the
// attacks of issue 10, plus files changing on disk in its workspace. It checks that every request is answered
// (no error, no hang), formatting and completion edits are well formed, an edited document and a fresh one
// with the same text get the same diagnostics, no handler failure is logged and the process stays up, and
// reports what it covered with latencies and memory. The same seed replays the same run.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { COMMENT_BYPASS, DEEP, fifo, manyTargets, ones } from '../harness/hostile';
import { DEFAULT_CAPABILITIES, startServer, TestClient } from '../harness/lspClient';

export type FuzzMode = 'safe' | 'hostile';

export interface FuzzOptions {
  seed: number;
  mode: FuzzMode;
  /** Stop after this many actions... */
  actions: number;
  /** ...or this long, whichever comes first. */
  milliseconds: number;
  /** A request unanswered this long is a failure (a hang guard, not a speed target). */
  requestTimeoutMs?: number;
  /** Progress lines, if wanted. */
  progress?: (line: string) => void;
}

export interface FuzzReport {
  seed: number;
  mode: FuzzMode;
  actions: number;
  edits: Record<string, number>;
  requests: Record<string, number>;
  documents: Record<string, number>;
  agreements: number;
  diskChanges: number;
  latency: { maxMs: number; p99Ms: number; p50Ms: number; slowest: string };
  memory: { startMb: number; peakMb: number; endMb: number };
  failures: string[];
  seconds: number;
}

/** xorshift32: small, fast and the same everywhere. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)],
  };
}
type Random = ReturnType<typeof random>;

const ROOT = join(__dirname, '..', '..', '..');
const GROUP = '4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10';

/** Realistic starting documents: the corpus and the examples. */
function samples(): { name: string; text: string }[] {
  const from = (dir: string) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.json')).map((f) => ({ name: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') }));
  return [...from('test/fixtures/corpus'), ...from('examples'), ...from('examples/mistakes')];
}

/** Documents made to hurt; `sample` is a realistic one, for its BOM-and-CRLF copy. */
function hostileDocuments(rnd: Random, sample: { text: string }): { name: string; text: string }[] {
  const many = `{"mobileAppAssignments": [${Array.from({ length: 3000 }, () => `{"intent": "Required", "target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "${GROUP}"}}`).join(',\n')}]}`;
  const junk = Array.from({ length: 50_000 }, () => String.fromCharCode(rnd.int(256))).join('');
  return [
    { name: 'hostile/deep', text: DEEP },
    { name: 'hostile/comment-bypass', text: COMMENT_BYPASS },
    { name: 'hostile/values', text: ones(1_200_000) },
    { name: 'hostile/too-large', text: ones(9 * 1024 * 1024) },
    { name: 'hostile/3000-problems', text: many },
    { name: 'hostile/20000-targets', text: manyTargets(20_000) },
    { name: 'hostile/junk', text: junk },
    { name: 'hostile/huge-string', text: `{"mobileAppAssignments": [{"intent": "${'x'.repeat(1_000_000)}"}]}` },
    { name: 'hostile/bom-crlf', text: `\uFEFF${sample.text.replace(/\n/g, '\r\n')}` },
    { name: 'hostile/empty', text: '' },
  ];
}

const SAFE_SNIPPETS = ['"', '}', '{', ',', ' ', '\n', ':', 'x', '"intent": "available"', '"Required"', '[', ']', 'null', 'true', '"groupId": "bad"', `"${GROUP}"`, '"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"', '"settings": {}', '0', '\t'];
const HOSTILE_SNIPPETS = ['1 '.repeat(50_000), '['.repeat(300), '{'.repeat(200), '/*"*/', '/*', '*/', '//', '"\\', '\\"', '\u0000', '\uFEFF', '\r', '\u2028', 'x'.repeat(20_000), `${'[{"a":'.repeat(60)}`, COMMENT_BYPASS.slice(0, 400)];

/** One open document: its text as the client has it, and its version. */
interface Doc {
  uri: string;
  name: string;
  text: string;
  version: number;
}

/** A position as LSP counts it (\r\n, \r and \n end lines), which is how the server reads the edits. */
function positionAt(text: string, offset: number): { line: number; character: number } {
  return TextDocument.create('file:///position', 'text', 0, text).positionAt(offset);
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const rnd = random(options.seed);
  const timeout = options.requestTimeoutMs ?? 15_000;
  const started = performance.now();
  const workspace = mkdtempSync(join(tmpdir(), 'intune-assign-fuzz-'));
  const report: FuzzReport = {
    seed: options.seed,
    mode: options.mode,
    actions: 0,
    edits: {},
    requests: {},
    documents: {},
    agreements: 0,
    diskChanges: 0,
    latency: { maxMs: 0, p99Ms: 0, p50Ms: 0, slowest: '' },
    memory: { startMb: 0, peakMb: 0, endMb: 0 },
    failures: [],
    seconds: 0,
  };
  const count = (table: Record<string, number>, key: string) => (table[key] = (table[key] ?? 0) + 1);
  const latencies: { ms: number; what: string }[] = [];
  const realistic = samples();
  const pool = [...realistic, ...(options.mode === 'hostile' ? hostileDocuments(rnd, realistic[0]) : [])];
  const snippets = options.mode === 'hostile' ? [...SAFE_SNIPPETS, ...HOSTILE_SNIPPETS] : SAFE_SNIPPETS;
  let client: TestClient | undefined;
  try {
    mkdirSync(join(workspace, 'apps'));
    for (const [i, sample] of pool.slice(0, 12).entries()) writeFileSync(join(workspace, 'apps', `seed-${i}.assign.json`), sample.text);
    if (options.mode === 'hostile') fifo(join(workspace, 'apps', 'pipe.assign.json'));
    client = await startServer({
      workspaceFolder: workspace,
      capabilities: { ...DEFAULT_CAPABILITIES, textDocument: { ...DEFAULT_CAPABILITIES.textDocument, foldingRange: { rangeLimit: 5000 } } },
    });
    const c = client;
    report.memory.startMb = c.memory().rssMb;
    const docs: Doc[] = [];
    let serial = 0;

    const fail = (what: string) => {
      if (report.failures.length < 20) report.failures.push(what);
    };
    const request = async <R>(method: string, params: unknown, what: string): Promise<R | undefined> => {
      count(report.requests, method.replace('textDocument/', ''));
      const sent = performance.now();
      try {
        const answer = await c.request<R>(method, params, timeout);
        latencies.push({ ms: performance.now() - sent, what });
        return answer;
      } catch (error) {
        fail(`${what}: ${(error as Error).message}`);
        return undefined;
      }
    };
    const open = async (name: string, text: string): Promise<Doc> => {
      const doc = { uri: pathToFileURL(join(workspace, 'open', `${serial++}.assign.json`)).href, name, text, version: 1 };
      count(report.documents, name.split('/')[0]);
      await c.notify('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: 'intune-assign', version: 1, text } });
      return doc;
    };
    const close = async (doc: Doc) => c.notify('textDocument/didClose', { textDocument: { uri: doc.uri } });

    const edit = async (doc: Doc) => {
      const at = rnd.int(doc.text.length + 1);
      const removed = rnd.next() < 0.4 ? Math.min(doc.text.length - at, rnd.int(rnd.next() < 0.1 ? 5000 : 8)) : 0;
      const inserted = rnd.next() < 0.8 ? rnd.pick(snippets) : '';
      // Positions as LSP counts them; an offset inside a \r\n pair means the end of its line, as on the server.
      const mirror = TextDocument.create(doc.uri, 'intune-assign', doc.version, doc.text);
      const start = mirror.positionAt(at);
      const end = mirror.positionAt(at + removed);
      doc.version++;
      doc.text = TextDocument.update(mirror, [{ range: { start, end }, text: inserted }], doc.version).getText();
      count(report.edits, inserted.length > 100 ? 'large insert' : removed > 100 ? 'large delete' : inserted ? 'insert' : 'delete');
      await c.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: [{ range: { start, end }, text: inserted }] });
    };

    /** Every request kind at a random place; the answers' edits must be well formed. */
    const ask = async (doc: Doc) => {
      const position = positionAt(doc.text, rnd.int(doc.text.length + 1));
      const textDocument = { uri: doc.uri };
      const where = `${doc.name} v${doc.version}`;
      switch (rnd.int(9)) {
        case 0: {
          const list = await request<{ items: { textEdit?: TextEdit }[] } | null>('textDocument/completion', { textDocument, position }, `completion in ${where}`);
          for (const item of list?.items ?? []) if (item.textEdit && typeof item.textEdit.newText !== 'string') fail(`completion in ${where}: an edit without text`);
          break;
        }
        case 1:
          await request('textDocument/hover', { textDocument, position }, `hover in ${where}`);
          break;
        case 2:
          await request('textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics: [], only: rnd.next() < 0.5 ? ['source.fixAll'] : undefined } }, `code actions in ${where}`);
          break;
        case 3:
        case 4: {
          const range = rnd.next() < 0.5 ? { start: positionAt(doc.text, 0), end: position } : undefined;
          const method = range ? 'textDocument/rangeFormatting' : 'textDocument/formatting';
          const options = { tabSize: rnd.pick([2, 4, 8, 0, 1_000_000]), insertSpaces: rnd.next() < 0.8 };
          const edits = await request<TextEdit[]>(method, { textDocument, range, options }, `formatting ${where}`);
          checkEdits(edits ?? [], `formatting ${where}`, fail);
          break;
        }
        case 5:
          await request('textDocument/documentSymbol', { textDocument }, `outline of ${where}`);
          break;
        case 6:
          await request('textDocument/foldingRange', { textDocument }, `folding of ${where}`);
          break;
        case 7:
          await request('textDocument/selectionRange', { textDocument, positions: [position] }, `selection in ${where}`);
          break;
        default:
          await request('intuneAssign/validate', { uri: doc.uri }, `validate ${where}`);
      }
    };

    /**
     * Waits until what is published for a document is what intuneAssign/validate answers now (with the current
     * settings): after a settings change, the server publishes every open document again.
     */
    const settle = async (doc: Doc) => {
      const key = (rule: unknown, line: number, character: number, message: string) => `${String(rule)} ${line}:${character} ${message}`;
      const now = await c.request<{ problems: { rule: string; line: number; character: number; message: string }[] }>('intuneAssign/validate', { uri: doc.uri }, timeout);
      const expected = now.problems.map((p) => key(p.rule, p.line, p.character, p.message)).sort().join('\n');
      const matches = (d: Diagnostic[]) => d.filter((x) => x.code !== undefined).map((x) => key(x.code, x.range.start.line, x.range.start.character, x.message)).sort().join('\n') === expected;
      const settled = await c.diagnostics(doc.uri, (d, p) => p.version === doc.version && matches(d), timeout).then(() => true, () => false);
      if (!settled) fail(`after new settings: ${doc.name} v${doc.version} not published again within ${timeout} ms`);
    };

    /** The diagnostics of an edited document equal those of a fresh one with the same text. */
    const agree = async (doc: Doc) => {
      const settled = (uri: string, version: number) => c.diagnostics(uri, (_d, p) => p.version === version, timeout).catch(() => undefined);
      const edited = await settled(doc.uri, doc.version);
      const fresh = await open(`${doc.name} (fresh)`, doc.text);
      const expected = await settled(fresh.uri, 1);
      await close(fresh);
      if (!edited || !expected) return fail(`no diagnostics for ${doc.name} v${doc.version} within ${timeout} ms`);
      const show = (d: Diagnostic[]) => d.map((x) => `${x.code ?? ''} ${x.range.start.line}:${x.range.start.character}-${x.range.end.line}:${x.range.end.character} ${x.message}`).join('\n');
      if (show(edited) !== show(expected)) fail(`edited and fresh disagree for ${doc.name} v${doc.version}:\n${show(edited).slice(0, 500)}\n---\n${show(expected).slice(0, 500)}`);
      report.agreements++;
    };

    /** A file of the workspace changes on disk (or a hostile one appears) and the watcher says so. */
    const disk = async () => {
      const name = `apps/disk-${rnd.int(6)}.assign.json`;
      const sample = rnd.pick(pool);
      const deleted = rnd.next() < 0.2;
      if (deleted) rmSync(join(workspace, name), { force: true });
      else writeFileSync(join(workspace, name), sample.text);
      report.diskChanges++;
      await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(workspace, name)).href, type: deleted ? 3 : 2 }] });
      if (options.mode === 'hostile' && rnd.next() < 0.2) {
        await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(workspace, 'apps', 'pipe.assign.json')).href, type: 2 }] });
      }
    };

    for (let i = 0; i < 4; i++) {
      const sample = rnd.pick(pool);
      docs.push(await open(sample.name, sample.text));
    }
    /** The actions, then a last agreement per open document once everything settled. */
    const run = async () => {
      while (report.actions < options.actions && performance.now() - started < options.milliseconds && !c.exited()) {
        report.actions++;
        const doc = rnd.pick(docs);
        const roll = rnd.next();
        if (roll < 0.4) await edit(doc);
        else if (roll < 0.5) {
          // A burst of keystrokes, then a request before anything settles.
          for (let k = 0; k < 5; k++) await edit(doc);
          await ask(doc);
        } else if (roll < 0.85) await ask(doc);
        else if (roll < 0.9) await agree(doc);
        else if (roll < 0.95) await disk();
        else if (roll < 0.97) {
          // New settings: every open document is validated again; wait for that before comparing any of them.
          c.settings = { graphVersion: rnd.pick(['beta', 'v1.0']), cloud: rnd.pick(['global', 'usgov']) };
          await c.notify('workspace/didChangeConfiguration', { settings: { intuneAssign: c.settings } });
          count(report.requests, 'didChangeConfiguration');
          for (const d of docs) await settle(d);
        } else {
          await close(doc);
          const sample = rnd.pick(pool);
          docs[docs.indexOf(doc)] = await open(sample.name, sample.text);
        }
        if (report.actions % 50 === 0) {
          report.memory.peakMb = Math.max(report.memory.peakMb, c.memory().hwmMb);
          options.progress?.(`  ${report.actions} actions, ${report.failures.length} failures, RSS ${c.memory().rssMb.toFixed(0)} MB`);
        }
      }
      // Everything settles: one last agreement per open document.
      for (const doc of docs) await agree(doc);
    };
    await run().catch((error: Error) => fail(`after ${report.actions} actions: ${error.message}`));
    const failed = c.log.filter((line) => / failed: /.test(line));
    for (const line of failed.slice(0, 5)) fail(`the server logged: ${line.split('\n')[0]}`);
    if (c.exited()) fail(`the server exited: ${c.stderr().slice(-500)}`);
    const memory = c.memory();
    report.memory.peakMb = Math.max(report.memory.peakMb, memory.hwmMb);
    report.memory.endMb = memory.rssMb;
  } finally {
    await client?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
  const sorted = latencies.sort((a, b) => a.ms - b.ms);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]?.ms ?? 0;
  report.latency = { maxMs: at(100), p99Ms: at(99), p50Ms: at(50), slowest: sorted[sorted.length - 1]?.what ?? '' };
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

function checkEdits(edits: TextEdit[], what: string, fail: (what: string) => void): void {
  let last = { line: -1, character: -1 };
  for (const e of edits) {
    if (typeof e.newText !== 'string') return fail(`${what}: an edit without text`);
    const { start, end } = e.range;
    const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    if (!before(start, end) || !before(last, start)) return fail(`${what}: edits out of order or overlapping`);
    last = end;
  }
}

/** The report as people read it. */
export function describeReport(r: FuzzReport): string {
  const table = (t: Record<string, number>) => Object.entries(t).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    `fuzz (${r.mode}, seed ${r.seed}): ${r.actions} actions in ${r.seconds.toFixed(1)} s; ${r.failures.length ? `${r.failures.length} FAILURES` : 'clean'}`,
    `  edits: ${table(r.edits)}`,
    `  requests: ${table(r.requests)}`,
    `  documents opened: ${table(r.documents)}; ${r.agreements} edited-vs-fresh agreements; ${r.diskChanges} changes on disk`,
    `  latency: p50 ${r.latency.p50Ms.toFixed(1)} ms, p99 ${r.latency.p99Ms.toFixed(0)} ms, max ${r.latency.maxMs.toFixed(0)} ms (${r.latency.slowest})`,
    `  memory: RSS ${r.memory.startMb.toFixed(0)} MB at start, ${r.memory.peakMb.toFixed(0)} MB peak, ${r.memory.endMb.toFixed(0)} MB at the end`,
    ...r.failures.map((f) => `  FAILURE: ${f}`),
  ].join('\n');
}
