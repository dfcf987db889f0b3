// The sending commands in the real VS Code against the sandbox tenant the extension runs itself, driven
// through the workbench's own UI (QuickPick, notifications) by the launcher's Playwright driver: sign in by
// device code and by the browser flow, choose the app, see the diff, cancel at the app and at sign-in and
// check nothing was sent, refuse an invalid document with not one request, sign out and find the secret
// storage cleared, ignore the workspace's attempt to set the cloud, URLs, tenant and client, and pull a
// document that lints clean. VS Code refuses modal dialogs in extension test runs, so the confirmation and
// what follows it are tested from outside, in test/workbench/.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SendResult } from '../../graph/src/sendFlow';
import type { AppChoice } from '../../client/src/appPicker';
import type { Sandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED } from '../../sandbox/src/seed';
import { activateExtension, openFixture, waitFor, waitForDiagnostics, workspaceFolder } from './helpers';
import { ui } from './ui';
import type { IntuneAssignApi } from '../../client/src/extension';

const SEVEN_ZIP = DEFAULT_SEED.apps[0];
const FINANCE = DEFAULT_SEED.groups.find((g) => g.displayName === 'All Finance Staff')!.id;
const ADMIN = DEFAULT_SEED.users[0].upn;
/** The name the picker shows only in its list (no editor or lens holds it). */
const LISTED_ONLY = 'Contoso Intranet';

describe('Send assign in VS Code, against the sandbox tenant', function () {
  this.timeout(120_000);
  let api: IntuneAssignApi;
  let sandbox: Sandbox;
  const config = () => vscode.workspace.getConfiguration('intuneAssign');

  before(async () => {
    ({ api } = await activateExtension());
    // User settings: only they decide the cloud (the workspace's .vscode/settings.json tries "custom").
    await config().update('cloud', 'sandbox', vscode.ConfigurationTarget.Global);
    await config().update('signInMethod', 'deviceCode', vscode.ConfigurationTarget.Global);
    sandbox = await api.sending.sandbox();
  });
  after(async () => {
    await config().update('signInMethod', undefined, vscode.ConfigurationTarget.Global);
    await config().update('cloud', undefined, vscode.ConfigurationTarget.Global);
  });

  const appAssignments = (id: string) => sandbox.state.apps.find((a) => a.id === id)?.assignments ?? [];
  const posts = (since: number) => sandbox.requests.slice(since).filter((r) => r.method === 'POST' && r.path.endsWith('/assign'));

  /** Runs a command that signs in by device code, approving the code as a person would on the device page. */
  async function approvingDeviceCode<T>(command: Thenable<T>): Promise<T> {
    const info = await waitFor(api.sending.onSandboxDeviceCode, () => true, 30_000, 'a device code');
    await ui.waitForText(info.userCode);
    assert.ok(sandbox.approveDeviceCode(info.userCode, ADMIN));
    return command;
  }

  it('signs in by device code, shown with "Copy and open", and keeps the cache in the secret storage', async () => {
    const codes = waitFor(api.sending.onSandboxDeviceCode, () => true, 30_000, 'a device code');
    const signIn = vscode.commands.executeCommand<{ username: string; cloud: string }>('intuneAssign.signIn');
    const info = await codes;
    await ui.waitForText(info.userCode);
    await ui.waitForText('Copy and open');
    assert.ok(sandbox.approveDeviceCode(info.userCode, ADMIN));
    const account = await signIn;
    assert.equal(account.username, ADMIN);
    assert.deepEqual(await api.sending.session.storedSignIns(), ['sandbox']);
  });

  it('ignores the cloud, URLs, tenant and client id a workspace sets', async () => {
    const workspaceSettings = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder().uri, '.vscode', 'settings.json'));
    assert.match(Buffer.from(workspaceSettings).toString('utf8'), /"intuneAssign\.cloud": "custom"/, 'the fixture workspace tries to set the cloud');
    assert.equal(api.sending.session.account?.cloud, 'sandbox');
    const signIns = sandbox.requests.filter((r) => r.path.includes('/oauth2/v2.0/'));
    assert.ok(signIns.length > 0 && signIns.every((r) => !r.path.startsWith('/attacker.example')), 'signed in to the sandbox tenant, not the workspace\'s');
  });

  it('chooses the app in a QuickPick that lists the tenant\'s apps', async () => {
    const { document } = await openFixture('send/finance.assign.json');
    const chosen = vscode.commands.executeCommand<AppChoice>('intuneAssign.selectApp', document.uri);
    await ui.waitForText(LISTED_ONLY);
    const labels = await ui.quickPickItems();
    for (const app of DEFAULT_SEED.apps.slice(0, 4)) assert.ok(labels.some((l) => l.includes(app.displayName)), `${app.displayName} in ${labels.join(', ')}`);
    await ui.type('7-Zip');
    await ui.press('Enter');
    assert.equal((await chosen)?.id, SEVEN_ZIP.id);
  });

  it('compares: the diff editor shows the app\'s assignments now and after, and nothing is sent', async () => {
    const { document } = await openFixture('send/finance.assign.json');
    const since = sandbox.requests.length;
    await vscode.commands.executeCommand('intuneAssign.compare', document.uri);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(tab instanceof vscode.TabInputTextDiff && tab.original.scheme === 'intune-assign-preview', 'the diff editor shows current ↔ after');
    const before = JSON.parse((await vscode.workspace.openTextDocument(tab.original)).getText()).mobileAppAssignments;
    const after = JSON.parse((await vscode.workspace.openTextDocument(tab.modified)).getText()).mobileAppAssignments;
    assert.equal(before.length, appAssignments(SEVEN_ZIP.id).length);
    assert.deepEqual(after.map((a: { target: { groupId: string } }) => a.target.groupId), [FINANCE]);
    await ui.waitForText('+1 added, 0 changed, 3 REMOVED');
    assert.deepEqual(posts(since), []);
  });

  it('sends nothing when cancelled at the app or at sign-in', async () => {
    const { document } = await openFixture('send/finance.assign.json');
    const since = sandbox.requests.length;
    const picking = vscode.commands.executeCommand<AppChoice | undefined>('intuneAssign.selectApp', document.uri);
    await ui.waitForText(LISTED_ONLY);
    await ui.press('Escape');
    assert.equal(await picking, undefined);

    await vscode.commands.executeCommand('intuneAssign.signOut');
    const codes = waitFor(api.sending.onSandboxDeviceCode, () => true, 30_000, 'a device code');
    const signingIn = vscode.commands.executeCommand<SendResult>('intuneAssign.send', document.uri);
    await ui.waitForText((await codes).userCode);
    await ui.click({ name: 'Cancel' });
    assert.equal(await signingIn, undefined);
    await ui.waitForText('cancelled. Nothing was sent.');
    assert.equal(api.sending.session.account, undefined);
    assert.deepEqual(posts(since), []);
  });

  it('refuses an invalid document before signing in or requesting anything', async () => {
    const { document } = await openFixture('send/invalid.assign.json');
    await waitForDiagnostics(document.uri, (d) => d.length > 0);
    const since = sandbox.requests.length;
    const result = await vscode.commands.executeCommand<SendResult>('intuneAssign.send', document.uri);
    assert.equal(result?.result, 'invalid');
    // Reading group and filter names for the editor (signed in) is not part of sending.
    const names = /\/(directoryObjects\/getByIds|groups|deviceManagement\/assignmentFilters)\b/;
    assert.deepEqual(sandbox.requests.slice(since).filter((r) => !names.test(r.path)), [], 'not one request of sending reached the tenant');
  });

  it('sign-out clears the secret storage', async () => {
    await approvingDeviceCode(vscode.commands.executeCommand('intuneAssign.signIn'));
    assert.deepEqual(await api.sending.session.storedSignIns(), ['sandbox']);
    await vscode.commands.executeCommand('intuneAssign.signOut');
    assert.deepEqual(await api.sending.session.storedSignIns(), []);
    assert.equal(api.sending.session.account, undefined);
  });

  it('signs in with the browser flow: auth code and PKCE through the loopback redirect', async () => {
    await vscode.commands.executeCommand('intuneAssign.signOut');
    await config().update('signInMethod', 'browser', vscode.ConfigurationTarget.Global);
    try {
      const pages = waitFor(api.sending.onSandboxSignInPage, () => true, 30_000, 'the sign-in page');
      const signIn = vscode.commands.executeCommand<{ username: string }>('intuneAssign.signIn');
      // The system browser's part: code-server's workbench forwards a loopback address without its path.
      const landed = await ui.open(await pages);
      assert.match(landed, /^http:\/\/localhost:\d+\//, `the sign-in page redirected to MSAL's loopback server, not ${landed}`);
      const account = await signIn;
      assert.equal(account?.username, ADMIN);
      assert.ok(sandbox.requests.some((r) => r.path.includes('/oauth2/v2.0/authorize')), 'the browser opened the sandbox\'s authorize page');
    } finally {
      await config().update('signInMethod', 'deviceCode', vscode.ConfigurationTarget.Global);
    }
  });

  it('pulls an app\'s assignments into a new document that lints clean', async () => {
    const pulling = vscode.commands.executeCommand<vscode.TextDocument>('intuneAssign.pull');
    await ui.waitForText(LISTED_ONLY);
    await ui.type('Teams');
    await ui.press('Enter');
    const document = await pulling;
    assert.ok(document, 'a document opened');
    assert.equal(document.uri.scheme, 'untitled');
    assert.equal(document.languageId, 'intune-assign');
    const teams = DEFAULT_SEED.apps.find((a) => a.displayName.includes('Teams'))!;
    assert.equal(JSON.parse(document.getText()).mobileAppAssignments.length, appAssignments(teams.id).length);
    await waitForDiagnostics(document.uri, (d) => d.length === 0);
  });
});
