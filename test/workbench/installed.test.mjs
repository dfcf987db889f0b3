// The packaged extension, black-box: `npm run package` builds the VSIX, code-server installs it as a user
// would, and the tests drive the real workbench with Playwright (command palette, QuickPick, the modal
// confirmation, notifications) with nothing of the source tree loaded. The tenant is a sandbox this process
// runs (user setting intuneAssign.sandboxUrl), so the tests see exactly what reached it. This is where the
// modal confirmation is tested: VS Code refuses modal dialogs in extension-test runs (test/client). The
// browser sign-in is tested in test/client; signing in on the built-in sandbox's page, through code-server's
// port proxy as `npm start` runs it, in start.test.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { openWorkbench } from '../harness/vscode-launch.mjs';
import { workbenchDriver } from './driver.mjs';
import { root, scratchFolder } from './scratch.mjs';
import { packagedVsix } from './vsix.mjs';

const require = createRequire(import.meta.url);
const { startSandbox } = require(path.join(root, 'out/sandbox/src/sandbox.js'));
const { DEFAULT_SEED, DELETED_GROUP } = require(path.join(root, 'out/sandbox/src/seed.js'));

const SEVEN_ZIP = DEFAULT_SEED.apps[0];
/** The reads of group and filter names the editor makes while signed in. */
const NAME_READS = /\/(directoryObjects\/getByIds|groups|deviceManagement\/assignmentFilters)\b/;
const ADMIN = DEFAULT_SEED.users[0].upn;
const FIELD_SALES = DEFAULT_SEED.groups.find((g) => g.displayName === 'Field Sales - Devices');
const IPADS = DEFAULT_SEED.filters.find((f) => f.displayName === 'iPads only');
/** A deleted group with an iOS filter on Win32 settings, and an empty group id (line 28, inside the quotes: column 21). */
const NAMES = `${JSON.stringify(
  {
    mobileAppAssignments: [
      {
        intent: 'required',
        target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: DELETED_GROUP, deviceAndAppManagementAssignmentFilterId: IPADS.id, deviceAndAppManagementAssignmentFilterType: 'include' },
        settings: { '@odata.type': '#microsoft.graph.win32LobAppAssignmentSettings', notifications: 'showAll', deliveryOptimizationPriority: 'notConfigured' },
      },
      { intent: 'available', target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' }, settings: null },
      { intent: 'uninstall', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: '' }, settings: null },
    ],
  },
  null,
  2,
)}\n`;
// A copy: sending binds the file to its app in the workspace's intune-assign.config.json.
const FIXTURE_WORKSPACE = scratchFolder('e2e-workspace', path.join(root, 'test/fixtures/e2e-workspace'));
// Written before the workbench opens, so Quick Open finds it.
fs.writeFileSync(path.join(FIXTURE_WORKSPACE, 'names.assign.json'), NAMES);

let vsix;
before(async function () {
  this.timeout(180_000);
  vsix = await packagedVsix();
});

describe('the installed VSIX sends, against a sandbox tenant', function () {
  this.timeout(120_000);
  let sandbox;
  let workbench;
  let ui;
  const assignPosts = (since) => sandbox.requests.slice(since).filter((r) => r.method === 'POST' && r.path.endsWith(`/mobileApps/${SEVEN_ZIP.id}/assign`));
  /** The document, as replace mode sends it: its assignments exactly as parsed, nothing added or reordered. */
  const expectedBody = () => {
    const { mobileAppAssignments } = JSON.parse(fs.readFileSync(path.join(FIXTURE_WORKSPACE, 'send/finance.assign.json'), 'utf8'));
    return { mobileAppAssignments };
  };

  before(async function () {
    this.timeout(180_000);
    sandbox = await startSandbox({ port: 0, deviceCodeInterval: 0.2 });
    workbench = await openWorkbench({
      workspace: FIXTURE_WORKSPACE,
      vsix,
      // The user's settings; the fixture workspace's .vscode/settings.json tries a "custom" cloud and URLs.
      userSettings: {
        'intuneAssign.cloud': 'sandbox',
        'intuneAssign.sandboxUrl': sandbox.url,
        'intuneAssign.signInMethod': 'deviceCode',
        'workbench.startupEditor': 'none',
      },
    });
    ui = workbenchDriver(workbench.page);
  });
  // Each test waits for its own notifications, not an earlier test's.
  beforeEach(() => ui.command('Notifications: Clear All Notifications'));
  after(async () => {
    await workbench?.close();
    await sandbox?.close();
  });

  it('signs in by device code, lets the user pick the app, shows the diff and the counts, and sends exactly the document on confirmation', async () => {
    await ui.openFile('finance.assign.json');
    const since = sandbox.requests.length;
    await ui.command('Intune: Send assign');
    // Sign-in: the code is shown in a notification; the user enters it on the sandbox's device page.
    await ui.waitForText('Copy and open');
    const userCode = sandbox.pendingDeviceCode();
    assert.ok(userCode, 'a device code is pending');
    await ui.waitForText(userCode);
    assert.ok(sandbox.approveDeviceCode(userCode, ADMIN));
    // The app: a QuickPick of the tenant's apps.
    await ui.pickItem(SEVEN_ZIP.displayName);
    const dialog = await ui.dialog();
    assert.ok(dialog, 'the confirmation appeared');
    assert.match(dialog.message, /^Send to "7-Zip[^"]*"\? \+1 added, 0 changed, 3 REMOVED$/);
    assert.match(dialog.detail, new RegExp(`Tenant: ${sandbox.tenantId} \\(sandbox\\)`));
    assert.match(dialog.detail, new RegExp(`Account: ${ADMIN.replace('.', '\\.')}`));
    assert.match(dialog.detail, /3 existing assignment\(s\) will be REMOVED/);
    // (The workbench orders a dialog's buttons by platform.)
    assert.deepEqual(dialog.buttons.filter((b) => b !== 'Cancel').sort(), ['Merge instead', 'Send and remove 3']);
    // Behind the dialog: the diff editor, current ↔ after.
    assert.ok(await ui.hasDiffEditor(), 'the diff editor is open');
    assert.deepEqual(assignPosts(since), [], 'nothing is sent before the confirmation');
    await ui.click('Send and remove 3');
    await ui.waitForText('Intune Assign: sent.');
    const posts = assignPosts(since);
    assert.equal(posts.length, 1);
    assert.deepEqual(posts[0].body, expectedBody(), 'the sandbox received exactly the document');
    assert.equal(posts[0].headers.authorization, 'Bearer <redacted>');
    assert.deepEqual(
      sandbox.state.apps.find((a) => a.id === SEVEN_ZIP.id).assignments.map((a) => a.target.groupId),
      expectedBody().mobileAppAssignments.map((a) => a.target.groupId),
    );
    // Signed in to the user's sandbox, never to the workspace's "attacker" cloud.
    assert.ok(sandbox.requests.some((r) => r.path.includes('/oauth2/v2.0/token')));
  });

  it('sends nothing when the confirmation is cancelled; the app is remembered for the file', async () => {
    await ui.openFile('finance.assign.json');
    const since = sandbox.requests.length;
    await ui.command('Intune: Send assign');
    // No QuickPick this time: the file's app is remembered.
    const dialog = await ui.dialog();
    assert.ok(dialog, 'the confirmation appeared, with no QuickPick before it');
    assert.match(dialog.message, /^Send to "7-Zip[^"]*"\? \+0 added, 0 changed, 0 REMOVED$/);
    await ui.click('Cancel');
    await ui.waitForText('cancelled. Nothing was sent.');
    assert.deepEqual(assignPosts(since), []);
  });

  it('never removes assignments on Enter: the default button of a confirmation that removes is the merge', async () => {
    sandbox.reset(); // the app has its three assignments again, which sending the file would remove
    await ui.openFile('finance.assign.json');
    const since = sandbox.requests.length;
    await ui.command('Intune: Send assign');
    const dialog = await ui.dialog();
    assert.ok(dialog, 'the confirmation appeared');
    assert.match(dialog.message, /3 REMOVED$/);
    // What a hurried person does: Enter.
    await ui.press('Enter');
    await ui.waitForText('0 REMOVED');
    const merge = await ui.dialog();
    assert.ok(merge, 'a new confirmation, for the merge');
    assert.match(merge.message, /^Send to "7-Zip[^"]*"\? \+1 added, 0 changed, 0 REMOVED$/);
    assert.deepEqual(assignPosts(since), [], 'Enter sent nothing');
    await ui.press('Escape');
    await ui.waitForText('cancelled. Nothing was sent.');
    assert.deepEqual(assignPosts(since), []);
    assert.equal(sandbox.state.apps.find((a) => a.id === SEVEN_ZIP.id).assignments.length, 3, 'nothing was removed');
  });

  it('refuses a document with errors: the Problems panel, a message, and not one request', async () => {
    await ui.openFile('invalid.assign.json');
    await ui.waitForSelector('.squiggly-error');
    const since = sandbox.requests.length;
    await ui.command('Intune: Send assign');
    await ui.waitForText('Intune Assign: nothing was sent. The document has 1 error(s)');
    await ui.waitForSelector('.markers-panel .monaco-list-row');
    // Reading group and filter names for the editor (signed in) is not part of sending.
    assert.deepEqual(sandbox.requests.slice(since).filter((r) => !NAME_READS.test(r.path)), []);
  });

  it('knows the tenant\'s names: "Field" completes to the group\'s id, hover and an inlay hint name it, a deleted group and an iOS filter on Win32 are reported; Sign out removes the names and the cached directory', async () => {
    const cache = path.join(workbench.server.runDir, 'user-data', 'User', 'globalStorage', 'intune-assign.intune-assign', 'tenant-directory');
    await ui.openFile('names.assign.json');
    await ui.command('View: Focus Problems (Errors, Warnings, Infos)');
    await ui.waitForText(`The tenant has no group ${DELETED_GROUP}`);
    await ui.waitForText('The filter "iPads only" is for iOS/iPadOS devices, and this is a Windows app');
    // Typing a name inside the empty group id: completion offers the group, and Enter inserts its id.
    await ui.command('Go to Line/Column...');
    await ui.type('28:21');
    await ui.press('Enter');
    await ui.type('Field');
    // Suggestions asked for as a person does when none show as they type (Ctrl+Space), and once more if the
    // first ask found the list empty.
    const offered = '.suggest-widget .monaco-list-row:has-text("Field Sales - Devices")';
    await ui.press('Control+Space');
    await ui.waitForSelector(offered, 5_000).catch(async () => {
      await ui.press('Escape');
      await ui.press('Control+Space');
      await ui.waitForSelector(offered);
    });
    await ui.press('Enter');
    await workbench.page.locator('.suggest-widget').filter({ visible: true }).waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
    // The id is in the document, and its name is shown after it (an inlay hint).
    await ui.waitForSelector(`.view-lines :text("${FIELD_SALES.id}")`);
    const hint = workbench.page.locator('.view-lines', { hasText: 'Field Sales - Devices' });
    await hint.first().waitFor({ state: 'visible', timeout: 15_000 });
    // Hover on the id names the group and its kind.
    await ui.press('ArrowLeft');
    await ui.press('ArrowLeft');
    await ui.command('Show or Focus Hover');
    await ui.waitForSelector('.monaco-hover:has-text("Security group, dynamic device membership")');
    await ui.press('Escape');
    assert.ok(fs.readdirSync(cache).length >= 1, 'the directory is cached in the global storage');
    await ui.command('Intune: Sign out');
    await ui.waitForText('signed out');
    await hint.first().waitFor({ state: 'detached', timeout: 15_000 });
    assert.ok(!fs.existsSync(cache) || fs.readdirSync(cache).length === 0, 'Sign out removed the cached directory');
  });

  it('signs out, and then sends nothing when sign-in is cancelled', async () => {
    await ui.command('Intune: Sign out');
    await ui.waitForText('signed out');
    // The workbench shows at most three notifications as toasts and queues the rest in its notification centre:
    // with "signed out" still up, the sign-in's two (progress and code) could be queued out of sight.
    await ui.command('Notifications: Clear All Notifications');
    await ui.openFile('finance.assign.json');
    const since = sandbox.requests.length;
    await ui.command('Intune: Send assign');
    // Signed out: the saved sign-in is gone, so Send assign asks for a new one; the user cancels it.
    await ui.waitForText('Copy and open');
    await ui.click('Cancel');
    await ui.waitForText('cancelled. Nothing was sent.');
    assert.deepEqual(assignPosts(since), []);
    assert.ok(sandbox.requests.slice(since).every((r) => !r.path.includes('/deviceAppManagement/')), 'no Graph request without a sign-in');
  });

  it('waits out throttling and sends once', async () => {
    sandbox.reset();
    await ui.openFile('finance.assign.json');
    const since = sandbox.requests.length;
    await ui.command('Intune: Send assign');
    await ui.waitForText('Copy and open');
    assert.ok(sandbox.approveDeviceCode(sandbox.pendingDeviceCode(), ADMIN));
    const dialog = await ui.dialog();
    assert.ok(dialog, 'the confirmation appeared');
    assert.match(dialog.message, /3 REMOVED$/);
    // The POST that follows the confirmation is throttled once, with Retry-After: 1.
    sandbox.throttleNext(1, { status: 429, retryAfter: '1' });
    await ui.click('Send and remove 3');
    await ui.waitForText('Intune Assign: sent.');
    const posts = assignPosts(since);
    assert.deepEqual(posts.map((p) => p.status), [429, 204], 'throttled, then retried and accepted');
    assert.deepEqual(posts[1].body, expectedBody());
  });
});

describe('the installed VSIX in Restricted Mode', function () {
  this.timeout(120_000);
  let sandbox;
  let workbench;
  let ui;

  before(async function () {
    this.timeout(180_000);
    sandbox = await startSandbox({ port: 0 });
    workbench = await openWorkbench({
      workspace: FIXTURE_WORKSPACE,
      vsix,
      trust: true,
      userSettings: { 'intuneAssign.cloud': 'sandbox', 'intuneAssign.sandboxUrl': sandbox.url, 'workbench.startupEditor': 'none' },
    });
    ui = workbenchDriver(workbench.page);
    // VS Code asks whether to trust the folder's authors: the user says no.
    await ui.click("No, I don't trust the authors");
    await ui.waitForText('Restricted Mode');
  });
  after(async () => {
    await workbench?.close();
    await sandbox?.close();
  });

  it('keeps the language features and disables sending, with an explanation, with no request made', async () => {
    await ui.openFile('invalid.assign.json');
    await ui.waitForSelector('.squiggly-error');
    await ui.command('Intune: Send assign');
    await ui.waitForText('disabled in Restricted Mode');
    assert.deepEqual(sandbox.requests, [], 'not one request reached the tenant');
  });
});
