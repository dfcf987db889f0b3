// The real language server process over stdio, driven by a real LSP client: diagnostics pushed, completion,
// hover, quick fixes, formatting, settings, incremental edits, and hostile input it survives.
import * as assert from 'node:assert/strict';
import {
  CodeActionRequest,
  CompletionList,
  CompletionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  InsertTextMode,
  MarkupContent,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { AppTypeNotification, ValidateRequest } from '../../common/src/protocol';
import { DEFAULT_CAPABILITIES, startClient, TestClient } from '../harness/lspClient';

const URI = 'file:///work/app.assign.json';
const GROUP = '4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10';
const DOC = `{
  "mobileAppAssignments": [
    {
      "intent": "Required",
      "target": { "@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "${GROUP}" }
    }
  ]
}`;

async function open(client: TestClient, text: string, uri = URI, languageId = 'intune-assign', version = 1) {
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
}

describe('language server over stdio', function () {
  this.timeout(30_000); // a hang guard for process start-up on a loaded machine
  let client: TestClient;

  beforeEach(async () => {
    client = await startClient();
  });
  afterEach(async () => {
    await client.stop();
  });

  it('declares its features statically in initialize', () => {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.ok(caps.completionProvider && caps.hoverProvider && caps.codeActionProvider && caps.documentFormattingProvider);
    assert.ok(caps.documentSymbolProvider && caps.foldingRangeProvider && caps.selectionRangeProvider);
    assert.equal(client.initializeResult.serverInfo?.name, 'intune-assign');
  });

  it('pushes diagnostics with the rule, the range and the message', async () => {
    const published = client.diagnostics(URI);
    await open(client, DOC);
    const [diagnostic] = await published;
    assert.equal(diagnostic.code, 'enum-casing');
    assert.equal(diagnostic.source, 'intune-assign');
    assert.deepEqual(diagnostic.range, { start: { line: 3, character: 16 }, end: { line: 3, character: 26 } });
    assert.match(diagnostic.message, /Write "required" as Graph does/);
  });

  it('serves any *.assign.json whatever its language id, and nothing else', async () => {
    const other = 'file:///work/package.json';
    await open(client, '{ "name": 1, }', other, 'json');
    const published = client.diagnostics('file:///work/x.ASSIGN.JSON');
    await open(client, DOC, 'file:///work/x.ASSIGN.JSON', 'json');
    assert.equal((await published).length, 1);
    assert.ok(!client.published.some((p) => p.uri === other));
    const completion = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: other }, position: { line: 0, character: 2 } });
    assert.equal(completion, null);
  });

  it('completes the four intents with documentation', async () => {
    await open(client, DOC.replace('"Required"', '""'));
    const list = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: URI },
      position: { line: 3, character: 17 },
    })) as CompletionList;
    assert.deepEqual(list.items.map((i) => i.label), ['available', 'required', 'uninstall', 'availableWithoutEnrollment']);
    assert.ok((list.items[0].documentation as MarkupContent).value.length > 20);
  });

  it('completes with the editor\'s indentation in a new file, the document\'s otherwise, inserted as is', async () => {
    await client.stop();
    const capabilities = { ...DEFAULT_CAPABILITIES, textDocument: { ...DEFAULT_CAPABILITIES.textDocument, completion: { completionItem: { snippetSupport: true, insertTextModeSupport: { valueSet: [InsertTextMode.asIs, InsertTextMode.adjustIndentation] } } } } };
    client = await startClient(capabilities);
    // The language's own value wins over the general one, as in VS Code.
    client.sections = { editor: { tabSize: 4, insertSpaces: true }, '[intune-assign]': { 'editor.tabSize': 3 } };
    const blank = 'file:///work/new.assign.json';
    await open(client, '', blank);
    const body = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: blank }, position: { line: 0, character: 0 } })) as CompletionList;
    assert.match((body.items[0].textEdit as TextEdit).newText, /^\{\n {3}"mobileAppAssignments": \[\n {6}\{\n/);
    assert.equal(body.items[0].insertTextMode, 1);
    await open(client, DOC.replace(/\n {6}"target".*\n/, '\n      \n'), URI);
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: { line: 4, character: 6 } })) as CompletionList;
    const target = list.items.find((i) => i.label === 'target')!;
    assert.match((target.textEdit as TextEdit).newText, /^"target": \{\n {8}"@odata.type": .*\n {6}\}$/);
  });

  it('answers hover with what a property means', async () => {
    await open(client, DOC);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 4, character: 78 } });
    assert.match((hover!.contents as MarkupContent).value, /\*\*groupId\*\*/);
  });

  it('offers a quick fix that corrects the diagnostic', async () => {
    const published = client.diagnostics(URI);
    await open(client, DOC);
    const [diagnostic] = await published;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    assert.equal(actions?.length, 1);
    const action = actions![0] as { title: string; edit: { changes: Record<string, TextEdit[]> } };
    assert.equal(action.title, 'Change to "required"');
    assert.deepEqual(action.edit.changes[URI], [{ range: diagnostic.range, newText: '"required"' }]);
  });

  it('formats the document', async () => {
    await open(client, `{"mobileAppAssignments":[{"intent":"required","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}]}`);
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: URI },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.ok(edits && edits.length > 0);
    assert.ok(edits.some((e) => e.newText.includes('\n  ')));
  });

  it('outlines one symbol per assignment', async () => {
    await open(client, DOC);
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: URI } })) as { name: string; children: { name: string }[] }[];
    assert.equal(symbols[0].name, 'mobileAppAssignments');
    assert.equal(symbols[0].children[0].name, `1 · Required · group ${GROUP}`);
  });

  it('re-validates after incremental edits and publishes only the latest version', async () => {
    await open(client, DOC);
    await client.diagnostics(URI);
    const start = { line: 3, character: 17 };
    for (let version = 2; version <= 9; version++) {
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: URI, version },
        contentChanges: [{ range: { start, end: { line: 3, character: 18 } }, text: version === 9 ? 'r' : 'R' }],
      });
    }
    const final = await client.diagnostics(URI, (_d, p) => p.version === 9);
    assert.deepEqual(final, []);
    // Superseded versions were dropped, not validated and published one by one.
    assert.ok(client.published.filter((p) => p.uri === URI).length <= 3, JSON.stringify(client.published.map((p) => p.version)));
  });

  it('changes validation live when the Graph version and cloud settings change', async () => {
    const filtered = DOC.replace('"Required"', '"required"').replace(`"groupId": "${GROUP}"`, `"groupId": "${GROUP}", "deviceAndAppManagementAssignmentFilterType": "none"`);
    await open(client, filtered);
    assert.deepEqual(await client.diagnostics(URI), []);
    client.settings = { graphVersion: 'v1.0', cloud: 'global' };
    const changed = client.diagnostics(URI, (d) => d.length > 0);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { intuneAssign: client.settings } });
    assert.deepEqual((await changed).map((d) => d.code), ['beta-only']);
  });

  it('takes settings from didChangeConfiguration when the client cannot answer workspace/configuration', async () => {
    await client.stop();
    client = await startClient({ textDocument: {} });
    const filtered = DOC.replace('"Required"', '"required"').replace(`"groupId": "${GROUP}"`, `"groupId": "${GROUP}", "deviceAndAppManagementAssignmentFilterType": "none"`);
    await open(client, filtered);
    assert.deepEqual(await client.diagnostics(URI), []);
    const changed = client.diagnostics(URI, (d) => d.length > 0);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { intuneAssign: { graphVersion: 'v1.0' } } });
    assert.deepEqual((await changed).map((d) => d.code), ['beta-only']);
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: { line: 3, character: 17 } })) as CompletionList;
    assert.equal(list.items[0].insertTextFormat ?? 1, 1); // plain text for a client without snippets
  });

  it('survives hostile documents and still answers afterwards', async () => {
    const hostile = [
      `{"mobileAppAssignments": ${'['.repeat(20000)}${']'.repeat(20000)}}`,
      Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
      // 12 MB: 85,000 assignments, over the size limit.
      `{"mobileAppAssignments": [${Array.from({ length: 85000 }, () => `{"intent": "required", "target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "${GROUP}"}}`).join(',\n')}]}`,
      '',
      '[]',
      `\uFEFF${DOC.replace(/\n/g, '\r\n')}`,
      // 2.5 MB: 20,000 assignments of one group with an intent Graph has not, 20,000 errors and more.
      `{"mobileAppAssignments": [${Array.from({ length: 20000 }, () => `{"intent": "install", "target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "${GROUP}"}}`).join(',\n')}]}`,
    ];
    for (const [i, text] of hostile.entries()) {
      const uri = `file:///work/hostile-${i}.assign.json`;
      const published = client.diagnostics(uri);
      await open(client, text, uri);
      // At most 1,000 problems (plus one line counting the rest) reach the editor.
      const diagnostics = await published;
      assert.ok(diagnostics.length <= 1001);
      if (i === 2) assert.deepEqual(diagnostics.map((d) => d.message.replace(/ \(.*/, '')), ['The document has 12,240,026 characters, over the limit of 8,388,608']);
      if (i === 6) assert.match(diagnostics[0].message, /^More than 1000 problems: the first 1000 found are shown/);
      await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 30 } });
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 3 } });
    }
    const published = client.diagnostics(URI);
    await open(client, DOC);
    assert.equal((await published)[0].code, 'enum-casing');
    assert.equal(client.process.exitCode, null);
    assert.doesNotMatch(client.stderr(), /Error/);
  });

  it('intuneAssign/validate answers the problems of a document now; intuneAssign/setAppType adds settings-app-type', async () => {
    const text = DOC.replace('"Required"', '"required"').replace(
      `"groupId": "${GROUP}" }`,
      `"groupId": "${GROUP}" },\n      "settings": { "@odata.type": "#microsoft.graph.iosStoreAppAssignmentSettings", "vpnConfigurationId": null }`,
    );
    const clean = client.diagnostics(URI);
    await open(client, text);
    assert.deepEqual(await clean, []);
    const before = await client.connection.sendRequest(ValidateRequest, { uri: URI });
    assert.deepEqual({ errors: before.errors, problems: before.problems }, { errors: 0, problems: [] });
    assert.equal(before.options.graphVersion, 'beta');

    const refused = client.diagnostics(URI, (d) => d.length > 0);
    await client.connection.sendNotification(AppTypeNotification, { uri: URI, appType: '#microsoft.graph.win32LobApp' });
    assert.deepEqual((await refused).map((d) => d.code), ['settings-app-type']);
    const after = await client.connection.sendRequest(ValidateRequest, { uri: URI });
    assert.equal(after.errors, 0); // a warning: no source shows what Graph does with such settings
    assert.equal(after.problems[0].rule, 'settings-app-type');
    assert.equal(after.problems[0].line, 5);

    const cleared = client.diagnostics(URI, (d) => d.length === 0);
    await client.connection.sendNotification(AppTypeNotification, { uri: URI, appType: null });
    await cleared;
    await assert.rejects(client.connection.sendRequest(ValidateRequest, { uri: 'file:///nowhere/missing.assign.json' }), /missing\.assign\.json|no such file|ENOENT|cannot/i);
  });
});
