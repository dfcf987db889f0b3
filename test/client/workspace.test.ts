// The workspace's bindings in VS Code, against the sandbox tenant the extension runs itself: Bind to app… writes
// the binding (and the names) into the workspace's intune-assign.config.json, creating it; the binding is then
// the file's app for Send assign, the code lens and the command line alike; a binding to a missing file is a
// diagnostic on the binding; Refresh gives each bound file its state in the Intune Apps view; the diff of an
// app is one command away. The modal confirmation of Apply workspace is tested from outside (test/workbench).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { IntuneAssignApi } from '../../client/src/extension';
import type { AppChoice } from '../../client/src/appPicker';
import type { Sandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED } from '../../sandbox/src/seed';
import { activateExtension, openFixture, waitFor, waitForDiagnostics, workspaceFolder } from './helpers';
import { ui } from './ui';

const INTRANET = DEFAULT_SEED.apps.find((a) => a.displayName === 'Contoso Intranet')!;
const ADMIN = DEFAULT_SEED.users[0].upn;

describe('the workspace in VS Code: Bind to app…, bindings, the Intune Apps view', function () {
  this.timeout(120_000);
  let api: IntuneAssignApi;
  let sandbox: Sandbox;
  const config = () => vscode.workspace.getConfiguration('intuneAssign');
  const configFile = () => join(workspaceFolder().uri.fsPath, 'intune-assign.config.json');

  before(async () => {
    ({ api } = await activateExtension());
    await config().update('cloud', 'sandbox', vscode.ConfigurationTarget.Global);
    await config().update('signInMethod', 'deviceCode', vscode.ConfigurationTarget.Global);
    sandbox = await api.sending.sandbox();
    // Signed in already (the token cache of an earlier suite), or by device code now.
    const codes = waitFor(api.sending.onSandboxDeviceCode, () => true, 30_000, 'a device code');
    codes.catch(() => undefined);
    const signIn = Promise.resolve(vscode.commands.executeCommand('intuneAssign.signIn'));
    const first = await Promise.race([signIn.then(() => undefined), codes]);
    if (first) {
      await ui.waitForText(first.userCode);
      assert.ok(sandbox.approveDeviceCode(first.userCode, ADMIN));
      await signIn;
    }
  });
  after(async () => {
    await config().update('signInMethod', undefined, vscode.ConfigurationTarget.Global);
    await config().update('cloud', undefined, vscode.ConfigurationTarget.Global);
  });

  it('Bind to app… writes the binding, the app\'s name, the tenant and the names of the file\'s groups into the workspace configuration', async () => {
    const { document } = await openFixture('ok.assign.json');
    const changed = waitFor(api.sending.bindings.onDidChange, () => true, 30_000, 'the bindings to change');
    const binding = vscode.commands.executeCommand<AppChoice>('intuneAssign.bindToApp', document.uri);
    await ui.pick(INTRANET.displayName);
    assert.equal((await binding)?.id, INTRANET.id);
    await changed;
    assert.ok(existsSync(configFile()), 'the configuration was made at the workspace folder\'s root');
    const written = JSON.parse(readFileSync(configFile(), 'utf8')) as { apps: Record<string, string>; names: { tenant: string; apps: Record<string, string>; groups?: Record<string, string> } };
    assert.equal(written.apps['ok.assign.json'], INTRANET.id);
    assert.equal(written.names.tenant, sandbox.tenantId);
    assert.equal(written.names.apps[INTRANET.id], 'Contoso Intranet');
    const groupId = (JSON.parse(document.getText()) as { mobileAppAssignments: { target: { groupId?: string } }[] }).mobileAppAssignments.find((a) => a.target.groupId)?.target.groupId;
    if (groupId) assert.equal(written.names.groups?.[groupId], DEFAULT_SEED.groups.find((g) => g.id === groupId)?.displayName);
    // The binding is the file's app: Send assign and the code lens use it.
    assert.equal(api.sending.targets.get(document.uri, 'sandbox', sandbox.tenantId)?.id, INTRANET.id);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    assert.ok(lenses.some((l) => l.command?.title.includes('Send assign to Contoso Intranet')), lenses.map((l) => l.command?.title).join(' | '));
  });

  it('keeps the configuration\'s formatting, and reports a binding to a missing file on the binding', async () => {
    const text = readFileSync(configFile(), 'utf8').replace('"apps": {', '"apps": {\n    "gone/missing.assign.json":   "00000000-0000-4000-8000-00000000dead",');
    writeFileSync(configFile(), text);
    const uri = vscode.Uri.file(configFile());
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => /does not exist/.test(x.message)), 20_000);
    const missing = diagnostics.find((d) => /does not exist/.test(d.message))!;
    assert.equal(missing.source, 'intune-assign');
    assert.equal(text.split('\n')[missing.range.start.line].slice(missing.range.start.character, missing.range.end.character), '"gone/missing.assign.json"');
    // Binding another file keeps what the user wrote, spacing included.
    const { document } = await openFixture('completion.assign.json');
    const binding = vscode.commands.executeCommand<AppChoice>('intuneAssign.bindToApp', document.uri);
    await ui.pick('Microsoft Outlook');
    await binding;
    const after = readFileSync(configFile(), 'utf8');
    assert.ok(after.includes('"gone/missing.assign.json":   "00000000-0000-4000-8000-00000000dead"'), after);
    writeFileSync(configFile(), after.replace(/\n\s*"gone\/missing\.assign\.json": +"[^"]+",/, ''));
    await waitForDiagnostics(uri, (d) => !d.some((x) => /does not exist/.test(x.message)), 20_000);
  });

  it('Refresh gives each bound file its state; the diff of a file with changes is one command away; nothing is sent', async () => {
    const since = sandbox.requests.length;
    await vscode.commands.executeCommand('intuneAssign.refreshApps');
    const states = new Map(api.sending.status.statuses().map((s) => [s.binding.file, s.state]));
    assert.equal(states.get('ok.assign.json'), 'changes', [...states].join(', '));
    const reads = sandbox.requests.slice(since).filter((r) => r.path.startsWith('/beta/'));
    assert.ok(reads.length >= 1 && reads.every((r) => r.method === 'GET' || r.path === '/beta/$batch'), 'reads only, batched');
    await vscode.commands.executeCommand('intuneAssign.showAppDiff', join(workspaceFolder().uri.fsPath, 'ok.assign.json'));
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(tab instanceof vscode.TabInputTextDiff && tab.original.scheme === 'intune-assign-preview', 'the diff editor shows the app now and after');
    assert.ok(sandbox.requests.slice(since).every((r) => !r.path.endsWith('/assign')));
  });
});
