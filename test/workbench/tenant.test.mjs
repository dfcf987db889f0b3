// The tenant as a workspace in the installed VSIX, driven from outside as a person would: a workspace pulled with
// `intune-assign pull --all` from a sandbox tenant this process runs, two files edited; "Plan workspace" (after a
// device-code sign-in) gives each bound file its state in the Intune Apps view and says the summary, and a click
// on a file shows its app's diff; "Apply workspace" asks once, in a modal whose Enter only reviews the plan when
// something would be removed, then posts exactly the changed files, with their bodies as written.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { openWorkbench } from '../harness/vscode-launch.mjs';
import { workbenchDriver } from './driver.mjs';
import { root, scratchFolder } from './scratch.mjs';
import { packagedVsix } from './vsix.mjs';

const require = createRequire(import.meta.url);
const { startSandbox } = require(path.join(root, 'out/sandbox/src/sandbox.js'));
const { DEFAULT_SEED, SANDBOX_DEMO_SECRET, SANDBOX_SECRET_CLIENT } = require(path.join(root, 'out/sandbox/src/seed.js'));
const ADMIN = DEFAULT_SEED.users[0].upn;

/** `intune-assign ...args` (the built CLI), signed in to `sandbox` with the demo pipeline's secret. */
function cli(sandbox, cwd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), ...args, '--cloud', 'sandbox', '--tenant', sandbox.tenantId, '--client-id', SANDBOX_SECRET_CLIENT, '--client-secret-env', 'SANDBOX_SECRET'], {
      cwd,
      env: { ...process.env, INTUNE_ASSIGN_SANDBOX_URL: sandbox.url, SANDBOX_SECRET: SANDBOX_DEMO_SECRET, INTUNE_ASSIGN_TOKEN_CACHE: 'none' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`intune-assign ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

describe('the installed VSIX: the Intune Apps view, Plan workspace and Apply workspace', function () {
  this.timeout(120_000);
  let sandbox;
  let workbench;
  let ui;
  let workspace;
  const read = (file) => JSON.parse(fs.readFileSync(path.join(workspace, file), 'utf8'));
  const posts = (since) => sandbox.requests.slice(since).filter((r) => r.method === 'POST' && r.path.endsWith('/assign'));

  before(async function () {
    this.timeout(180_000);
    const vsix = await packagedVsix();
    sandbox = await startSandbox({ port: 0, deviceCodeInterval: 0.2 });
    const parent = scratchFolder('tenant-workspace');
    await cli(sandbox, parent, ['pull', '--all', '--out', 'tenant']);
    workspace = path.join(parent, 'tenant');
    // 7-Zip loses its exclusion (REMOVED); Microsoft Outlook's assignment lets the app's data be backed up (changed).
    const sevenZip = read('7-zip.assign.json');
    sevenZip.mobileAppAssignments = sevenZip.mobileAppAssignments.filter((a) => !a.target['@odata.type'].includes('exclusion'));
    fs.writeFileSync(path.join(workspace, '7-zip.assign.json'), `${JSON.stringify(sevenZip, null, 2)}\n`);
    const outlook = read('microsoft-outlook.assign.json');
    outlook.mobileAppAssignments[0].settings.preventManagedAppBackup = false;
    fs.writeFileSync(path.join(workspace, 'microsoft-outlook.assign.json'), `${JSON.stringify(outlook, null, 2)}\n`);
    workbench = await openWorkbench({
      workspace,
      vsix,
      userSettings: { 'intuneAssign.cloud': 'sandbox', 'intuneAssign.sandboxUrl': sandbox.url, 'intuneAssign.signInMethod': 'deviceCode', 'workbench.startupEditor': 'none' },
    });
    ui = workbenchDriver(workbench.page);
  });
  beforeEach(() => ui.command('Notifications: Clear All Notifications'));
  after(async () => {
    await workbench?.close();
    await sandbox?.close();
  });

  it('Plan workspace shows each bound file\'s state in the Intune Apps view and the summary; a click shows an app\'s diff; nothing is sent', async () => {
    const since = sandbox.requests.length;
    await ui.command('Intune: Plan workspace');
    await ui.waitForText('Copy and open');
    assert.ok(sandbox.approveDeviceCode(sandbox.pendingDeviceCode(), ADMIN));
    await ui.waitForText('Intune Assign: plan: 2 of 6 app(s) change: +0 added, 1 changed, 1 REMOVED; 4 in sync.');
    // The view: the bindings with their states, those that change first.
    await ui.waitForText(`Tenant ${sandbox.tenantId}: 2 of 6 app(s) change.`);
    await ui.waitForText('7-Zip · changes +0 added, 0 changed, 1 REMOVED, 2 unchanged');
    await ui.waitForText('Microsoft Outlook · changes +0 added, 1 changed, 0 REMOVED, 0 unchanged');
    await ui.clickRole('treeitem', '7-zip.assign.json: 7-Zip');
    await ui.waitForSelector('.monaco-diff-editor');
    assert.ok(await ui.hasDiffEditor(), 'the diff editor shows the app now and after');
    assert.deepEqual(posts(since), [], 'planning sends nothing');
  });

  it('Apply workspace asks once; Enter reviews the plan and sends nothing; the apply button posts exactly the changed files as written', async () => {
    const since = sandbox.requests.length;
    await ui.command('Intune: Apply workspace');
    const dialog = await ui.dialog();
    assert.ok(dialog, 'the confirmation appeared');
    assert.equal(dialog.message, 'Apply the workspace to 2 app(s)? +0 added, 1 changed, 1 REMOVED');
    assert.match(dialog.detail, new RegExp(`Tenant: ${sandbox.tenantId} \\(sandbox\\)`));
    assert.match(dialog.detail, /7-Zip: \+0 added, 0 changed, 1 REMOVED/);
    assert.match(dialog.detail, /1 existing assignment\(s\) will be REMOVED from 1 app\(s\): 7-Zip\./);
    assert.deepEqual(dialog.buttons.filter((b) => b !== 'Cancel').sort(), ['Apply and remove 1', 'Review plan']);
    // What a hurried person does: Enter. It shows the plan, and sends nothing.
    await ui.press('Enter');
    await ui.waitForText('Intune Assign plan');
    assert.deepEqual(posts(since), [], 'Enter sent nothing');

    await ui.command('Intune: Apply workspace');
    assert.ok(await ui.dialog(), 'the confirmation appeared again');
    await ui.click('Apply and remove 1');
    await ui.waitForText('Intune Assign: applied: 2 succeeded, 0 failed, 0 not tried.', 30_000).catch(async (error) => {
      const shown = await workbench.page.locator('.notifications-toasts').allInnerTexts().catch(() => []);
      throw new Error(`${error.message}\nnotifications: ${shown.join(' | ')}\nrequests: ${sandbox.requests.slice(since).map((r) => `${r.method} ${r.path} ${r.status}`).join(', ')}`);
    });
    const sent = posts(since);
    assert.equal(sent.length, 2);
    const byApp = Object.fromEntries(sent.map((p) => [/mobileApps\/([^/]+)\/assign/.exec(p.path)[1], p.body]));
    assert.deepEqual(byApp[DEFAULT_SEED.apps[0].id], read('7-zip.assign.json'), 'the body posted is the file as written');
    assert.deepEqual(byApp[DEFAULT_SEED.apps[1].id], read('microsoft-outlook.assign.json'));
    await ui.waitForText('· applied');
  });
});
