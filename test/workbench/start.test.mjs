// The first five minutes, as `npm start` sets them up in the browser VS Code (scripts/start.mjs): a fresh copy
// of examples/, the user settings of sandbox mode, code-server with its port proxy, and the extension's own
// sandbox tenant. The installed VSIX in the real workbench, driven as a person drives it: a quick fix saved
// in the copy leaves the repository's examples/ as they are; Send assign shows a code, "Copy and open" opens
// the sandbox's sign-in page (through code-server's /proxy/PORT/) in a new tab, the person presses Sign in
// there, picks the app, confirms, and the sandbox records exactly one POST. Nothing is approved through the
// sandbox's API. code-server logs at debug level, so the extension's log file holds the sandbox's own line
// per request (what it recorded), which is how this test, outside the extension host, sees the requests.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CODE_SERVER_OPTIONS, EXAMPLES, prepareWorkspace, startSettings } from '../../scripts/start.mjs';
import { openWorkbench } from '../harness/vscode-launch.mjs';
import { workbenchDriver } from './driver.mjs';
import { packagedVsix } from './vsix.mjs';

const require = createRequire(import.meta.url);
const { DEFAULT_SEED } = require('../../out/sandbox/src/seed.js');

const TEAMS = DEFAULT_SEED.apps.find((a) => a.displayName === 'Microsoft Teams (Android)');
const ADMIN = DEFAULT_SEED.users[0].upn;
const MISTAKES = 'mistakes/common-mistakes.assign.json';

/** Every file under `dir`, relative path -> content. */
function snapshot(dir) {
  const files = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath ?? entry.path, entry.name);
      files[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  }
  return files;
}

describe('npm start prepares a throwaway copy of the examples', () => {
  it('copies examples/ whole into a new folder outside the repository, a fresh one each time', () => {
    const first = prepareWorkspace();
    const second = prepareWorkspace();
    try {
      assert.deepEqual(snapshot(first.folder), snapshot(EXAMPLES));
      assert.equal(path.basename(first.folder), 'examples', 'the explorer shows the name the README uses');
      assert.ok(path.relative(path.dirname(EXAMPLES), first.folder).startsWith('..'), `${first.folder} is outside the repository`);
      assert.ok(first.folder.startsWith(fs.realpathSync(os.tmpdir())));
      assert.notEqual(first.folder, second.folder);
      fs.writeFileSync(path.join(first.folder, MISTAKES), '{}');
      assert.notEqual(fs.readFileSync(path.join(EXAMPLES, MISTAKES), 'utf8'), '{}', 'the repository\'s copy is untouched');
      assert.deepEqual(snapshot(second.folder), snapshot(EXAMPLES), 'the next start begins from the examples as they are');
    } finally {
      first.remove();
      second.remove();
    }
    assert.equal(fs.existsSync(first.folder), false);
  });
});

describe('npm start in the browser VS Code: the first five minutes', function () {
  this.timeout(120_000);
  let workspace;
  let workbench;
  let ui;
  let examplesBefore;

  before(async function () {
    this.timeout(180_000);
    examplesBefore = snapshot(EXAMPLES);
    const vsix = await packagedVsix();
    workspace = prepareWorkspace();
    workbench = await openWorkbench({ workspace: workspace.folder, vsix, userSettings: startSettings('sandbox'), ...CODE_SERVER_OPTIONS, env: { LOG_LEVEL: 'debug' } });
    ui = workbenchDriver(workbench.page);
  });
  after(async () => {
    await workbench?.close();
    workspace?.remove();
  });

  it('applies and saves a quick fix in the copy; the repository\'s examples/ stay as they were', async () => {
    await ui.openFile('common-mistakes.assign.json');
    await ui.waitForSelector('.squiggly-error');
    // Line 4, "intent": "Required": Graph writes it "required", and the quick fix says so.
    await ui.press('Control+G');
    await ui.waitForSelector('.quick-input-widget input');
    await ui.type('4:17');
    await ui.press('Enter');
    await ui.press('Control+.');
    await ui.waitForSelector('.action-widget');
    await ui.press('Enter');
    // The browser VS Code may have auto-saved already; the person saves anyway.
    await ui.press('Control+S');
    // (A write on disk may be seen half done: wait for the whole of it.)
    const fixed = examplesBefore[MISTAKES].replace('"intent": "Required"', '"intent": "required"');
    assert.notEqual(fixed, examplesBefore[MISTAKES]);
    await waitForFile(path.join(workspace.folder, MISTAKES), (text) => text === fixed);
    assert.deepEqual(snapshot(EXAMPLES), examplesBefore, 'examples/ in the repository are unchanged');
  });

  it('signs in on the sandbox\'s page opened by "Copy and open", and sends once', async () => {
    const { page } = workbench;
    await ui.openFile('android-teams.assign.json');
    await ui.command('Intune: Send assign');
    // The first send of a window loads and starts the sandbox, then asks it for a code: allow for a busy machine.
    await ui.waitForText('Copy and open', 30_000).catch((error) => {
      throw new Error(`${error.message.split('\n')[0]}\nThe extension's log ends:\n${extensionLog(workbench.server.runDir).slice(-3000)}`);
    });
    const message = await page.locator('.notification-list-item-message', { hasText: 'enter the code' }).first().innerText();
    const [, userCode, address] = /enter the code (\S+) at (\S+)$/.exec(message.trim()) ?? [];
    assert.ok(userCode, `a code in "${message}"`);
    // The address the person can open: the sandbox's page through code-server's proxy, on the workbench's host.
    assert.match(address, new RegExp(`^http://127\\.0\\.0\\.1:${workbench.server.port}/proxy/\\d+/devicelogin$`));

    const opened = page.context().waitForEvent('page');
    await ui.click('Copy and open');
    const signInPage = await opened;
    await signInPage.waitForLoadState();
    assert.equal(signInPage.url(), address, 'VS Code opened the address the notification shows');
    const code = signInPage.getByLabel('Code');
    assert.equal(await code.inputValue(), userCode, 'the page offers the waiting code');
    await code.fill(userCode); // what a person pasting the copied code does
    await signInPage.getByLabel('Sign in as').selectOption(ADMIN);
    await signInPage.getByRole('button', { name: 'Sign in' }).click();
    await signInPage.getByRole('heading', { name: 'Signed in' }).waitFor({ timeout: 15_000 });
    await signInPage.close();

    // Back in VS Code: the app, then the confirmation in front of the diff.
    await ui.pickItem(TEAMS.displayName);
    const dialog = await ui.dialog();
    assert.ok(dialog, 'the confirmation appeared');
    assert.match(dialog.message, /^Send to "Microsoft Teams \(Android\)"\? \+2 added, 0 changed, 2 REMOVED$/);
    assert.match(dialog.detail, new RegExp(`Account: ${ADMIN.replace(/\./g, '\\.')}`));
    await ui.click('Send and remove 2');
    await ui.waitForText('Intune Assign: sent.');

    // The tenant now holds the document: Compare finds nothing to change. Its requests come after the POST in
    // the sandbox's log, so once they are there, every line up to them is.
    await ui.openFile('android-teams.assign.json');
    await ui.command("Intune: Compare with app's current assignments");
    await ui.waitForText('+0 added, 0 changed, 0 REMOVED');
    const assignments = `/beta/deviceAppManagement/mobileApps/${TEAMS.id}/assign`;
    const lines = await sandboxLog(workbench.server.runDir, (text) => new RegExp(`POST ${assignments} [\\s\\S]*\\[sandbox\\] GET `).test(text));
    const posts = lines.filter((l) => l.includes(`[sandbox] POST ${assignments} `));
    assert.equal(posts.length, 1, `one POST reached the sandbox:\n${posts.join('\n')}`);
    assert.match(posts[0], / -> 204 /);
    assert.ok(!lines.some((l) => l.includes('[sandbox] POST /_sandbox/')), 'nothing was approved through the control endpoints');
  });
});

/** The extension's log file (the Intune Assign output channel) in code-server's run folder. */
function extensionLogFile(runDir) {
  const logs = path.join(runDir, 'user-data', 'logs');
  const file = fs
    .readdirSync(logs, { recursive: true })
    .map((f) => path.join(logs, f))
    .find((f) => f.endsWith(`${path.sep}intune-assign.intune-assign${path.sep}Intune Assign.log`));
  assert.ok(file, `the extension's log in ${logs}`);
  return file;
}

function extensionLog(runDir) {
  try {
    return fs.readFileSync(extensionLogFile(runDir), 'utf8');
  } catch (error) {
    return `(not readable: ${error.message})`;
  }
}

/** The extension's log once `ready(text)` holds; its sandbox lines. */
async function sandboxLog(runDir, ready) {
  return (await waitForFile(extensionLogFile(runDir), ready)).split('\n').filter((l) => l.includes('[sandbox] '));
}

/** Resolves with the text of `file` once `ready(text)` holds (VS Code writes files after the UI shows a change). */
async function waitForFile(file, ready, timeoutMs = 15_000) {
  const read = () => fs.readFileSync(file, 'utf8');
  if (ready(read())) return read();
  await new Promise((resolve, reject) => {
    const done = (settle) => {
      clearTimeout(timer);
      watcher.close();
      settle();
    };
    const watcher = fs.watch(file, () => {
      if (ready(read())) done(resolve);
    });
    const timer = setTimeout(() => done(() => reject(new Error(`${file} did not show it within ${timeoutMs} ms; it ends:\n${read().slice(-3000)}`))), timeoutMs);
    // Written between the first read and the watch.
    if (ready(read())) done(resolve);
  });
  return read();
}
