// The editor and CI agree by construction: the same fixtures, linted by the built CLI and reported by the
// language server (for open documents and for files that are not open), give identical diagnostics under the
// same configuration file. The server also keeps whole-workspace problems current as files and the
// configuration change on disk.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic, DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { BROKEN, run, VALID, WARNING_ONLY } from '../cli/cliHelpers';
import { DEFAULT_CAPABILITIES, startClient, TestClient } from '../harness/lspClient';

const CONFIG = {
  rules: { 'odata-type-prefix': 'error', schema: 'warn' },
  overrides: [{ files: ['v1/**'], graphVersion: 'v1.0' }],
};
const FILTERED = VALID.replace('"groupId"', '"deviceAndAppManagementAssignmentFilterType": "none", "groupId"');
const FILES: Record<string, string> = {
  'intune-assign.config.json': JSON.stringify(CONFIG, null, 2),
  'apps/broken.assign.json': BROKEN,
  'apps/warning.assign.json': WARNING_ONLY,
  'apps/valid.assign.json': VALID,
  'apps/syntax.assign.json': '{\n  "mobileAppAssignments": [\n    // a comment\n  ],\n}\n',
  'v1/filtered.assign.json': FILTERED,
  'ignored/skip.assign.json': BROKEN,
  '.gitignore': 'ignored/\n',
  // A nested folder with a configuration of its own: it, not the root's, applies to the files below it.
  'apps/team/intune-assign.config.json': JSON.stringify({ rules: { schema: 'off', 'odata-type-prefix': 'warn' } }),
  'apps/team/broken.assign.json': BROKEN,
};

/** A diagnostic in the CLI's JSON terms, to compare the two. */
function asMessage(d: Diagnostic): string {
  return `${d.code} ${d.severity === 1 ? 2 : 1} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`;
}

describe('workspace: the editor and the command line agree', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestClient;
  const uri = (path: string) => pathToFileURL(join(root, path)).href;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'intune-assign-ws-'));
    for (const [path, content] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
  });
  afterEach(async () => {
    await client?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('reports the same problems as lint, for files not open and for open documents', async () => {
    const cli = await run(root, ['lint', '--format', 'json']);
    const expected = new Map<string, string[]>();
    for (const r of JSON.parse(cli.stdout) as { filePath: string; messages: { ruleId: string; severity: number; line: number; column: number; endLine: number; endColumn: number; message: string }[] }[]) {
      expected.set(pathToFileURL(r.filePath).href, r.messages.map((m) => `${m.ruleId} ${m.severity} ${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.message}`));
    }
    assert.equal(expected.size, 6, 'the ignored folder is left out');
    const withProblems = [...expected].filter(([, m]) => m.length > 0).map(([u]) => u);
    assert.equal(withProblems.length, 5);
    // The nested configuration was chosen for the nested file: schema off, the prefix rule a warning.
    assert.deepEqual(expected.get(uri('apps/team/broken.assign.json'))!.map((m) => m.split(' ').slice(0, 2).join(' ')), ['odata-type-prefix 1']);
    assert.deepEqual(expected.get(uri('apps/broken.assign.json'))!.map((m) => m.split(' ').slice(0, 2).join(' ')), ['schema 1', 'odata-type-prefix 2']);

    client = await startClient(DEFAULT_CAPABILITIES, root);
    const fromDisk = await Promise.all(withProblems.map((u) => client.diagnostics(u)));
    withProblems.forEach((u, i) => assert.deepEqual(fromDisk[i].map(asMessage), expected.get(u), u));
    assert.ok(!client.published.some((p) => p.uri === uri('ignored/skip.assign.json')));
    assert.ok(client.registrations.includes('workspace/didChangeWatchedFiles'));

    for (const [u, messages] of expected) {
      const published = client.diagnostics(u, (_d, p) => p.version === 1);
      const text = readFileSync(new URL(u), 'utf8');
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'intune-assign', version: 1, text } });
      assert.deepEqual((await published).map(asMessage), messages, u);
    }
  });

  it('keeps problems current as files and the configuration change on disk', async () => {
    client = await startClient(DEFAULT_CAPABILITIES, root);
    const broken = uri('apps/broken.assign.json');
    await client.diagnostics(broken);

    // A new broken file appears.
    writeFileSync(join(root, 'apps/new.assign.json'), BROKEN);
    const created = client.diagnostics(uri('apps/new.assign.json'), (d) => d.length > 0);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('apps/new.assign.json'), type: FileChangeType.Created }] });
    assert.equal((await created).length, 2);

    // It is fixed on disk, then deleted.
    writeFileSync(join(root, 'apps/new.assign.json'), VALID);
    const fixed = client.diagnostics(uri('apps/new.assign.json'), (d) => d.length === 0);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('apps/new.assign.json'), type: FileChangeType.Changed }] });
    await fixed;
    unlinkSync(join(root, 'apps/warning.assign.json'));
    const deleted = client.diagnostics(uri('apps/warning.assign.json'), (d) => d.length === 0);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('apps/warning.assign.json'), type: FileChangeType.Deleted }] });
    await deleted;

    // The configuration turns a rule off: the problems it gave go away everywhere.
    writeFileSync(join(root, 'intune-assign.config.json'), JSON.stringify({ ...CONFIG, rules: { schema: 'off', 'odata-type-prefix': 'off' } }));
    const reconfigured = client.diagnostics(broken, (d) => d.length === 0);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('intune-assign.config.json'), type: FileChangeType.Changed }] });
    await reconfigured;
  });

  it('shows the problems of the file on disk again when its editor closes', async () => {
    client = await startClient(DEFAULT_CAPABILITIES, root);
    const u = uri('apps/valid.assign.json');
    const opened = client.diagnostics(u, (d, p) => p.version === 1 && d.length === 1);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'intune-assign', version: 1, text: BROKEN.replace('"Installed"', '"required"') } });
    await opened; // the editor's unsaved text has a problem the file on disk does not
    const closed = client.diagnostics(u, (d, p) => p.version === undefined && d.length === 0);
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: u } });
    await closed;
  });

  it('clears the problems of files that are not open when intuneAssign.workspaceDiagnostics is turned off', async () => {
    client = await startClient({ workspace: { configuration: false } }, root);
    const broken = uri('apps/broken.assign.json');
    await client.diagnostics(broken, (d) => d.length > 0);
    const cleared = client.diagnostics(broken, (d) => d.length === 0);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { intuneAssign: { workspaceDiagnostics: false } } });
    await cleared;
  });
});
