// The language server over stdio against the attacks on the first release (issue 10): a workspace holding a
// 20 MB payload, a 20,000-deep one, the comment trick, a symbolic-link fan-out and a FIFO leaves it answering,
// each file with one clear diagnostic and the others checked as usual, in bounded memory; an edit that
// overflows leaves no stale problems; formatting stays bounded and its edits well formed.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionList,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  FileChangeType,
  HoverRequest,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { BROKEN, VALID } from '../cli/cliHelpers';
import { COMMENT_BYPASS, DEEP, fifo, linkFanOut, ones } from '../harness/hostile';
import { DEFAULT_CAPABILITIES, startClient, TestClient } from '../harness/lspClient';

const MB = 1024 * 1024;

describe('language server hardening', function () {
  this.timeout(60_000); // a hang guard on a loaded machine, not a speed target
  let root: string;
  let client: TestClient | undefined;
  const uri = (path: string) => pathToFileURL(join(root, path)).href;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'intune-assign-hardening-'));
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps answering a workspace of hostile files, with one clear diagnostic each, in bounded memory', async () => {
    const workspace = join(root, 'workspace');
    mkdirSync(join(workspace, 'apps'), { recursive: true });
    writeFileSync(join(workspace, 'big.assign.json'), ones(20 * MB));
    writeFileSync(join(workspace, 'deep.assign.json'), DEEP);
    writeFileSync(join(workspace, 'comment.assign.json'), COMMENT_BYPASS);
    linkFanOut(workspace, join(root, 'outside'), 14, BROKEN);
    fifo(join(workspace, 'pipe.assign.json'));
    for (let i = 0; i < 40; i++) writeFileSync(join(workspace, 'apps', `app-${i}.assign.json`), i % 4 === 0 ? BROKEN : VALID);

    client = await startClient(DEFAULT_CAPABILITIES, workspace);
    const c = client;
    const at = (path: string) => pathToFileURL(join(workspace, path)).href;
    // Requests are answered while the workspace is searched and checked.
    const open = at('apps/open.assign.json');
    await c.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: open, languageId: 'intune-assign', version: 1, text: BROKEN } });
    const completion = await c.request<CompletionList>(CompletionRequest.method, { textDocument: { uri: open }, position: { line: 3, character: 17 } }, 10_000);
    assert.ok(completion.items.length > 0);

    const one = async (path: string, pattern: RegExp) => {
      const diagnostics = await c.diagnostics(at(path), (d) => d.length > 0);
      assert.equal(diagnostics.length, 1, `${path}: ${diagnostics.map((d) => d.message).join(' | ')}`);
      assert.match(diagnostics[0].message, pattern);
    };
    await one('big.assign.json', /big\.assign\.json is 20 MB, over the 8 MB limit; not checked/);
    await one('deep.assign.json', /Nested more than 128 levels deep/);
    await one('comment.assign.json', /Nested more than 128 levels deep/);
    // The fan-out's file: its problems under one URI, not under thousands.
    const fanned = at('a/a/a/a/a/a/a/a/a/a/a/a/a/a/deep.assign.json');
    assert.equal((await c.diagnostics(fanned, (d) => d.length > 0)).length, 2);
    // The other files are checked as usual.
    for (let i = 0; i < 40; i += 4) assert.equal((await c.diagnostics(at(`apps/app-${i}.assign.json`), (d) => d.length > 0)).length, 2);
    // A watcher event for the FIFO: refused, not waited on.
    await c.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: at('pipe.assign.json'), type: FileChangeType.Changed }] });
    await one('pipe.assign.json', /is not a regular file/);
    const hover = await c.request(HoverRequest.method, { textDocument: { uri: open }, position: { line: 3, character: 9 } }, 10_000);
    assert.ok(hover);

    const fanOutUris = new Set(c.published.filter((p) => p.uri.endsWith('/deep.assign.json') && p.uri !== at('deep.assign.json')).map((p) => p.uri));
    assert.deepEqual([...fanOutUris], [fanned]);
    const memory = c.memory();
    assert.ok(memory.hwmMb <= 400, `peak resident memory ${memory.hwmMb.toFixed(0)} MB`);
    assert.equal(c.exited(), false);
  });

  it('replaces the problems of an edit that overflows instead of keeping the old ones', async () => {
    client = await startClient();
    const u = uri('edited.assign.json');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'intune-assign', version: 1, text: BROKEN } });
    assert.equal((await client.diagnostics(u, (_d, p) => p.version === 1)).length, 2);
    const end = BROKEN.lastIndexOf('}');
    const position = { line: BROKEN.slice(0, end).split('\n').length - 1, character: end - BROKEN.lastIndexOf('\n', end - 1) - 1 };
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: u, version: 2 },
      contentChanges: [{ range: { start: position, end: position }, text: COMMENT_BYPASS }],
    });
    const overflowed = await client.diagnostics(u, (_d, p) => p.version === 2);
    assert.deepEqual(overflowed.map((d) => d.message.slice(0, 32)), ['Nested more than 128 levels deep']);
    // The document still works: undo the edit and its own problems come back.
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: u, version: 3 },
      contentChanges: [{ range: { start: position, end: { line: position.line, character: position.character + COMMENT_BYPASS.length } }, text: '' }],
    });
    assert.equal((await client.diagnostics(u, (_d, p) => p.version === 3)).length, 2);
  });

  it('keeps positions right when an edit joins a \\r and a \\n into one line break (found by the fuzzer)', async () => {
    client = await startClient();
    const u = uri('cr.assign.json');
    const text = '{\r"mobileAppAssignments": [\r{"intent": "Required", "target": null}\r]\r}';
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'intune-assign', version: 1, text } });
    const line = (d: { code?: unknown; range: { start: { line: number } } }[]) => d.find((x) => x.code === 'enum-casing')?.range.start.line;
    assert.equal(line(await client.diagnostics(u, (_d, p) => p.version === 1)), 2);
    // A '\n' typed right after the first '\r': still three line breaks before the intent.
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: u, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }],
    });
    assert.equal(line(await client.diagnostics(u, (_d, p) => p.version === 2)), 2);
    // And the next edit lands where the client meant it: "Required" fixed on line 2.
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: u, version: 3 },
      contentChanges: [{ range: { start: { line: 2, character: 12 }, end: { line: 2, character: 13 } }, text: 'r' }],
    });
    assert.equal(line(await client.diagnostics(u, (_d, p) => p.version === 3)), undefined);
  });

  it('answers a request while it validates a large document, between slices of the validation', async () => {
    client = await startClient();
    const u = uri('large.assign.json');
    const text = `{"mobileAppAssignments": [\n${Array.from({ length: 8000 }, (_, i) => `{"intent": "required", "target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "${String(i).padStart(8, '0')}-7b3f-4c55-9a61-0e8d2f6b7a10"}}`).join(',\n')}]}`;
    const order: string[] = [];
    const published = client.nextDiagnostics(u, () => true, 60_000).then(() => order.push('diagnostics'));
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'intune-assign', version: 1, text } });
    await client.request(HoverRequest.method, { textDocument: { uri: u }, position: { line: 1, character: 3 } }, 30_000).then(() => order.push('hover'));
    await published;
    assert.deepEqual(order, ['hover', 'diagnostics']);
  });

  it('works through a flood of file changes a slice at a time, answering requests meanwhile', async () => {
    const workspace = join(root, 'flood');
    mkdirSync(workspace);
    client = await startClient(DEFAULT_CAPABILITIES, workspace);
    const files = Array.from({ length: 1500 }, (_, i) => join(workspace, `f${i}.assign.json`));
    // Valid files publish nothing, so checking them never waits on the client: only the slices let requests in.
    files.forEach((file, i) => writeFileSync(file, i === 0 || i === files.length - 1 ? BROKEN : VALID));
    const last = pathToFileURL(files[files.length - 1]).href;
    // One file first, so the folder's settings are known and the flood needs no round trip to the client.
    const first = pathToFileURL(files[0]).href;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: first, type: FileChangeType.Created }] });
    await client.diagnostics(first, (d) => d.length > 0);
    // An open document whose settings are known too, so the hover below needs no round trip either.
    const open = uri('open.assign.json');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: open, languageId: 'intune-assign', version: 1, text: BROKEN } });
    const hover = () => client!.request(HoverRequest.method, { textDocument: { uri: open }, position: { line: 3, character: 9 } }, 30_000);
    await hover();
    const order: string[] = [];
    const checked = client.diagnostics(last, (d) => d.length > 0).then(() => order.push('last file'));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: files.slice(1).map((f) => ({ uri: pathToFileURL(f).href, type: FileChangeType.Created })) });
    await hover().then(() => order.push('hover'));
    await checked;
    assert.deepEqual(order, ['hover', 'last file']);
  });

  it('formats a 20,000-deep document with no edits and a one-line nested object over lines', async () => {
    client = await startClient();
    const deep = uri('deep.assign.json');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: deep, languageId: 'intune-assign', version: 1, text: DEEP } });
    assert.deepEqual(await client.request(DocumentFormattingRequest.method, { textDocument: { uri: deep }, options: { tabSize: 2, insertSpaces: true } }, 10_000), []);
    const nested = uri('nested.assign.json');
    const text = '{"mobileAppAssignments": [{"intent": "required", "target": {"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}]}';
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: nested, languageId: 'intune-assign', version: 1, text } });
    const edits = await client.request<TextEdit[]>(DocumentFormattingRequest.method, { textDocument: { uri: nested }, options: { tabSize: 2, insertSpaces: true } }, 10_000);
    assert.ok(edits.every((e) => typeof e.newText === 'string'));
    assert.ok(edits.some((e) => e.newText.includes('\n      "target": {\n        "@odata.type"')), JSON.stringify(edits));
  });
});
