// The tenant's names in a real VS Code, against the sandbox tenant the extension runs itself: signed out,
// nothing of the tenant is said; once signed in, a deleted group gets group-not-found and an iOS filter on a Win32
// assignment filter-platform-mismatch, completion offers groups by name and inserts the id, hover and inlay
// hints name the ids, and the directory's cache is in the extension's global storage. Sign out removes the
// names and the cache.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { IntuneAssignApi } from '../../client/src/extension';
import type { Sandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, DELETED_GROUP } from '../../sandbox/src/seed';
import { activateExtension, waitFor, waitForDiagnostics, workspaceFolder } from './helpers';
import { ui } from './ui';

const ADMIN = DEFAULT_SEED.users[0].upn;
const FIELD_SALES = DEFAULT_SEED.groups.find((g) => g.displayName === 'Field Sales - Devices')!.id;
const IPADS = DEFAULT_SEED.filters.find((f) => f.displayName === 'iPads only')!.id;
const TENANT_RULES = ['group-not-found', 'filter-not-found', 'filter-platform-mismatch'];
const code = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);

const TEXT = `${JSON.stringify(
  {
    mobileAppAssignments: [
      {
        intent: 'required',
        target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: DELETED_GROUP, deviceAndAppManagementAssignmentFilterId: IPADS, deviceAndAppManagementAssignmentFilterType: 'include' },
        settings: { '@odata.type': '#microsoft.graph.win32LobAppAssignmentSettings', notifications: 'showAll', deliveryOptimizationPriority: 'notConfigured' },
      },
      { intent: 'available', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: FIELD_SALES }, settings: null },
      { intent: 'uninstall', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'Field' }, settings: null },
    ],
  },
  null,
  2,
)}\n`;

describe('tenant names in VS Code, against the sandbox tenant', function () {
  this.timeout(120_000);
  let api: IntuneAssignApi;
  let sandbox: Sandbox;
  const config = () => vscode.workspace.getConfiguration('intuneAssign');
  const uri = () => vscode.Uri.joinPath(workspaceFolder().uri, 'names.assign.json');
  const at = (text: string, delta = 3) => {
    const before = TEXT.slice(0, TEXT.indexOf(text) + delta).split('\n');
    return new vscode.Position(before.length - 1, before.at(-1)!.length);
  };

  before(async () => {
    ({ api } = await activateExtension());
    await config().update('cloud', 'sandbox', vscode.ConfigurationTarget.Global);
    await config().update('signInMethod', 'deviceCode', vscode.ConfigurationTarget.Global);
    sandbox = await api.sending.sandbox();
    await vscode.workspace.fs.writeFile(uri(), Buffer.from(TEXT, 'utf8'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri());
    await config().update('signInMethod', undefined, vscode.ConfigurationTarget.Global);
    await config().update('cloud', undefined, vscode.ConfigurationTarget.Global);
  });

  it('says nothing of the tenant signed out; signed in, names ids, offers groups by name and reports the tenant rules; Sign out removes it all', async () => {
    const document = await vscode.workspace.openTextDocument(uri());
    await vscode.window.showTextDocument(document);
    const offline = await waitForDiagnostics(uri(), (d) => d.length > 0);
    assert.deepEqual(offline.map(code), ['guid-format']);

    const codes = waitFor(api.sending.onSandboxDeviceCode, () => true, 30_000, 'a device code');
    const signIn = vscode.commands.executeCommand('intuneAssign.signIn');
    const info = await codes;
    await ui.waitForText(info.userCode);
    assert.ok(sandbox.approveDeviceCode(info.userCode, ADMIN));
    await signIn;

    const online = await waitForDiagnostics(uri(), (d) => d.some((x) => TENANT_RULES.includes(code(x))), 30_000);
    assert.deepEqual(online.map((d) => `${d.range.start.line}:${d.range.start.character} ${code(d)}`).sort(), ['28:19 guid-format', '6:19 group-not-found', '7:52 filter-platform-mismatch'].sort());
    assert.match(online.find((d) => code(d) === 'filter-platform-mismatch')!.message, /"iPads only" is for iOS\/iPadOS devices, and this is a Windows app/);

    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri(), at('"Field"', 6));
    const field = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'Field Sales - Devices');
    assert.ok(field, `offered: ${list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).join(', ')}`);
    assert.equal((field.textEdit as vscode.TextEdit | undefined)?.newText ?? (field.insertText as string), `"${FIELD_SALES}"`);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri(), at(FIELD_SALES));
    assert.match(hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /Field Sales \\- Devices\*\* · Security group, dynamic device membership/);
    const range = new vscode.Range(0, 0, document.lineCount, 0);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri(), range);
    assert.deepEqual(hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''))), ['no such group', 'iPads only', 'Field Sales - Devices']);
    assert.equal((await api.sending.tenant.storedFiles()).length, 1, 'the directory is cached in the global storage');

    // Refresh tenant data reads the names again from Graph.
    const before = sandbox.requests.filter((r) => r.path.startsWith('/beta/directoryObjects/getByIds')).length;
    await vscode.commands.executeCommand('intuneAssign.refreshTenantData');
    await waitForDiagnostics(uri(), (d) => d.some((x) => code(x) === 'group-not-found') && sandbox.requests.filter((r) => r.path.startsWith('/beta/directoryObjects/getByIds')).length > before, 30_000);

    await vscode.commands.executeCommand('intuneAssign.signOut');
    assert.deepEqual(await api.sending.tenant.storedFiles(), []);
    const signedOut = await waitForDiagnostics(uri(), (d) => !d.some((x) => TENANT_RULES.includes(code(x))), 30_000);
    assert.deepEqual(signedOut.map(code), ['guid-format']);
    assert.deepEqual(await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri(), range), []);
  });
});
