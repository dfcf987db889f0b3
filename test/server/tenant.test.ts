// The language server with a tenant, over stdio. With a client that answers for the tenant (as the extension
// does): every unknown id of a 5,000-assignment document asked in one question, group-not-found published once
// the answer lands, completion of names that inserts ids, hover, inlay hints (and their setting), a reset when
// the client says the tenant changed, the setting that turns it all off, and names unavailable. With the command
// line's kept session (`intune-assign login` against the sandbox): the same features, the same lines as
// `intune-assign lint --online`, and after `logout`, none of it.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  CompletionList,
  CompletionRequest,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InlayHint,
  InlayHintRequest,
  MarkupContent,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { TenantChangedNotification, TenantResolveRequest, type TenantResolveParams, type TenantResolveResult, TenantSearchRequest, type TenantSearchParams } from '../../common/src/protocol';
import type { DirectoryGroup } from '../../common/src/tenant';
import { type Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED } from '../../sandbox/src/seed';
import { folder, remove, run, TENANT_MISTAKES } from '../cli/cliHelpers';
import { DEFAULT_CAPABILITIES, startServer, type TestClient } from '../harness/lspClient';

const URI = 'file:///work/names.assign.json';
const idOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const GONE = idOf(1999);
const FIELD: DirectoryGroup = { id: '3b8e5f21-6c4d-4e7a-9f10-2a3b4c5d6e71', displayName: 'Field Sales - Devices', kind: 'security', membership: 'dynamic', members: 'devices' };
const CAPABILITIES = { ...DEFAULT_CAPABILITIES, workspace: { ...DEFAULT_CAPABILITIES.workspace, inlayHint: { refreshSupport: true } } };

/** 5,000 assignments over 2,000 groups (all known but the last, which the tenant has not). */
function bigDocument(): string {
  const assignments = Array.from({ length: 5000 }, (_, i) => ({
    intent: ['required', 'available', 'uninstall'][Math.floor(i / 2000)] ?? 'required',
    target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: idOf(i % 2000) },
    settings: null,
  }));
  return JSON.stringify({ mobileAppAssignments: assignments }, null, 2);
}

const groupIdPosition = (text: string, id: string) => {
  const offset = text.indexOf(id) + 4;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
};

async function open(client: TestClient, text: string, uri = URI) {
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'intune-assign', version: 1, text } });
}

describe('the language server with the extension answering for the tenant', function () {
  this.timeout(30_000);
  let client: TestClient;
  let resolves: TenantResolveParams[];
  let searches: string[];
  let answer: (params: TenantResolveParams) => TenantResolveResult;
  /** Resolves at the server's next question about groups. */
  let nextResolve: () => Promise<void>;

  beforeEach(async () => {
    resolves = [];
    searches = [];
    let asked: (() => void) | undefined;
    nextResolve = () => new Promise<void>((resolve) => (asked = resolve));
    answer = (params) => ({ groups: params.groups.map((id) => ({ id, group: id === GONE ? null : id === FIELD.id ? FIELD : { ...FIELD, id, displayName: `Group ${id.slice(-4)}` } })) });
    client = await startServer({
      capabilities: CAPABILITIES,
      initializationOptions: { tenantData: true },
      answers: {
        [TenantResolveRequest.method]: (params) => {
          resolves.push(params as TenantResolveParams);
          asked?.();
          return answer(params as TenantResolveParams);
        },
        [TenantSearchRequest.method]: (params) => {
          const { text } = params as TenantSearchParams;
          searches.push(text);
          return { groups: FIELD.displayName.toLowerCase().includes(text) ? [FIELD] : [] };
        },
      },
    });
  });
  afterEach(() => client.stop());

  it('asks once for the 2,000 groups of a 5,000-assignment document, then publishes group-not-found', async () => {
    const text = bigDocument();
    const found = client.diagnostics(URI, (d) => d.some((x) => x.code === 'group-not-found'));
    await open(client, text);
    const diagnostics = await found;
    assert.deepEqual(diagnostics.filter((d) => d.code === 'group-not-found').map((d) => d.range.start.line), [...text.matchAll(new RegExp(GONE, 'g'))].map((m) => text.slice(0, m.index).split('\n').length - 1));
    assert.equal(resolves.length, 1);
    assert.equal(resolves[0].groups.length, 2000);
    assert.equal(resolves[0].filters, false);
    // Inlay hints show the names, and the server asked the editor to refresh them when the names came.
    const hints = await client.request<InlayHint[]>(InlayHintRequest.method, { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } } }, 10_000);
    assert.deepEqual(hints.map((h) => h.label), ['Group 0000', 'Group 0001', 'Group 0002']);
    assert.ok(client.otherRequests.includes('workspace/inlayHint/refresh'));
  });

  it('completes group names as they are typed, inserting the id; hovers an id with its name', async () => {
    const text = `{"mobileAppAssignments": [{"intent": "required", "target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "Field"}, "settings": null}]}`;
    await open(client, text);
    const list = await client.request<CompletionList>(CompletionRequest.method, { textDocument: { uri: URI }, position: { line: 0, character: text.indexOf('Field"') + 5 } }, 10_000);
    assert.equal(list.isIncomplete, true);
    assert.deepEqual(list.items.map((i) => i.label), ['Field Sales - Devices']);
    assert.equal((list.items[0].textEdit as { newText: string }).newText, `"${FIELD.id}"`);
    assert.deepEqual(searches, ['field']);
    const named = text.replace('"Field"', `"${FIELD.id}"`);
    await open(client, named, 'file:///work/named.assign.json');
    const hover = await client.request<{ contents: MarkupContent }>(HoverRequest.method, { textDocument: { uri: 'file:///work/named.assign.json' }, position: { line: 0, character: named.indexOf(FIELD.id) + 3 } }, 10_000);
    assert.match(hover.contents.value, /^\*\*Field Sales \\- Devices\*\* · Security group, dynamic device membership/);
  });

  it('forgets what it learnt when the extension says the tenant changed, and asks again', async () => {
    const text = JSON.stringify({ mobileAppAssignments: [{ intent: 'required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GONE }, settings: null }] });
    await open(client, text);
    await client.diagnostics(URI, (d) => d.some((x) => x.code === 'group-not-found'));
    // Signed out: the extension now answers "signed out", and nothing of the tenant is said any more.
    answer = () => ({ groups: [], unavailable: 'signed-out' });
    const askedAgain = nextResolve();
    await client.notify(TenantChangedNotification.method, { reason: 'signed-out' });
    await askedAgain;
    await client.diagnostics(URI, (d) => !d.some((x) => x.code === 'group-not-found'));
    assert.deepEqual(resolves.map((r) => r.groups), [[GONE], [GONE]]);
    const hints = await client.request<InlayHint[]>(InlayHintRequest.method, { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } }, 10_000);
    assert.deepEqual(hints, []);
  });

  it('turns names off with intuneAssign.tenantData, and inlay hints alone with intuneAssign.inlayHints', async () => {
    const text = JSON.stringify({ mobileAppAssignments: [{ intent: 'required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GONE }, settings: null }] });
    client.settings.inlayHints = false;
    await client.notify(DidChangeConfigurationNotification.method, { settings: {} });
    await open(client, text);
    await client.diagnostics(URI, (d) => d.some((x) => x.code === 'group-not-found'));
    const range = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };
    assert.deepEqual(await client.request<InlayHint[]>(InlayHintRequest.method, { textDocument: { uri: URI }, range }, 10_000), []);
    client.settings.tenantData = false;
    await client.notify(DidChangeConfigurationNotification.method, { settings: {} });
    await client.diagnostics(URI, (d) => !d.some((x) => x.code === 'group-not-found'));
  });

  it('survives answers of the wrong shape from the client, and still takes the right ones', async () => {
    const text = JSON.stringify({ mobileAppAssignments: [{ intent: 'required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GONE }, settings: null }] });
    answer = () => ({ groups: [null, 42, { id: 7 }, { id: GONE, group: { displayName: 3 } }, 'x'], filters: { list: 'none' }, unavailable: { no: 1 } }) as unknown as TenantResolveResult;
    const asked = nextResolve();
    await open(client, text);
    await asked;
    // Still serving: a hover, and the right answer once the tenant changes.
    assert.ok(await client.request(HoverRequest.method, { textDocument: { uri: URI }, position: { line: 0, character: 5 } }, 10_000) !== undefined);
    answer = (params) => ({ groups: params.groups.map((id) => ({ id, group: null })) });
    await client.notify(TenantChangedNotification.method, { reason: 'refreshed' });
    await client.diagnostics(URI, (d) => d.some((x) => x.code === 'group-not-found'));
    assert.equal(client.exited(), false);
  });

  it('says names are unavailable, and why, where the tenant could not be read', async () => {
    answer = () => ({ groups: [], unavailable: 'permission' });
    const text = JSON.stringify({ mobileAppAssignments: [{ intent: 'required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GONE }, settings: null }] });
    await open(client, text);
    const hover = await client.request<{ contents: MarkupContent }>(HoverRequest.method, { textDocument: { uri: URI }, position: { line: 0, character: text.indexOf(GONE) + 3 } }, 10_000);
    assert.match(hover.contents.value, /names unavailable \\\(permission\\\)/);
    const diagnostics = await client.diagnostics(URI);
    assert.deepEqual(diagnostics.map((d) => d.code), []);
  });
});

describe('intune-assign lsp with the kept session of intune-assign login', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let client: TestClient;
  const file = () => join(dir, 'mistakes.assign.json');
  const uri = () => `file://${file()}`;

  before(async () => {
    sandbox = await startSandbox({ deviceCodeApproval: 'auto', deviceCodeInterval: 0.05 });
    dir = folder({ 'mistakes.assign.json': TENANT_MISTAKES, 'config/.keep': '' });
    env = { INTUNE_ASSIGN_SANDBOX_URL: sandbox.url, XDG_CONFIG_HOME: join(dir, 'config'), INTUNE_ASSIGN_TOKEN_CACHE: '' };
    const login = await run(dir, ['login', '--cloud', 'sandbox', '--device-code'], env);
    assert.equal(login.code, 0, login.stderr);
    client = await startServer({ env, capabilities: CAPABILITIES, workspaceFolder: dir });
  });
  after(async () => {
    await client?.stop();
    await sandbox.close();
    remove(dir);
  });

  it('reports the tenant rules at the lines lint --online reports, completes and hovers names; after logout, none of it', async () => {
    const tenantRules = (d: Diagnostic[]) => d.filter((x) => ['group-not-found', 'filter-not-found', 'filter-platform-mismatch'].includes(String(x.code)));
    const published = client.diagnostics(uri(), (d) => tenantRules(d).length === 3);
    await open(client, TENANT_MISTAKES, uri());
    const editor = tenantRules(await published).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);
    const lint = await run(dir, ['lint', '--online', '--format', 'json', 'mistakes.assign.json'], env);
    const [result] = JSON.parse(lint.stdout) as { messages: { ruleId: string; line: number; column: number }[] }[];
    assert.deepEqual(editor, result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`));

    const field = `{"mobileAppAssignments": [{"intent": "required", "target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "Field"}}]}`;
    const typed = `file://${join(dir, 'typed.assign.json')}`;
    await open(client, field, typed);
    const complete = async (text: string) => {
      await open(client, field.replace('"Field"', `"${text}"`), typed);
      return client.request<CompletionList>(CompletionRequest.method, { textDocument: { uri: typed }, position: { line: 0, character: field.indexOf('Field"') + text.length } }, 10_000);
    };
    // At once, what is known matches (the document's group), while the tenant is searched...
    const known = await complete('Field');
    assert.deepEqual(known.items.map((i) => i.label), ['Field Sales - Devices']);
    assert.equal(known.isIncomplete, true);
    // ...and with nothing known to show, the answer waits for the search.
    const searched = await complete('Field Sales - U');
    assert.deepEqual(searched.items.map((i) => i.label), ['Field Sales - Users']);
    const hover = () => client.request<{ contents: MarkupContent } | null>(HoverRequest.method, { textDocument: { uri: uri() }, position: groupIdPosition(TENANT_MISTAKES, DEFAULT_SEED.groups.find((g) => g.displayName === 'Field Sales - Devices')!.id) }, 10_000);
    assert.match((await hover())!.contents.value, /Field Sales \\- Devices/);

    const cleared = client.diagnostics(uri(), (d) => tenantRules(d).length === 0);
    assert.equal((await run(dir, ['logout'], env)).code, 0);
    await cleared;
    assert.equal(await hover(), null);
    assert.deepEqual((await complete('Field')).items, []);
  });
});
