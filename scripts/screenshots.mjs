// `npm run screenshots`: takes the README's screenshots from the real workbench. Packages the VSIX, installs it
// into the offline VS Code (code-server) on examples/, runs a sandbox tenant, and drives the workbench with
// Playwright as a person would: the problems of a file with mistakes, a quick fix, the app picker, the
// confirmation in front of the diff, and the tenant's names (inlay hints, completion of a group by name). It opens a copy of examples/, as npm start does, so nothing it does
// (the browser VS Code auto-saves) reaches the repository. Writes docs/screenshots/*.png (they ship in the VSIX for the
// extension's page, so keep them small). Needs what `npm test` sets up (compiled sources in out/, code-server).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { packageVsix } from './package.mjs';
import { prepareWorkspace } from './start.mjs';
import { openWorkbench, UI_ACTIONS } from '../test/harness/vscode-launch.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'screenshots');
const require = createRequire(import.meta.url);
const sandboxModule = path.join(root, 'out/sandbox/src/sandbox.js');
if (!fs.existsSync(sandboxModule)) {
  console.error('screenshots: compile first (npx tsc -p .), the sandbox tenant runs from out/.');
  process.exit(1);
}
const { startSandbox } = require(sandboxModule);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'intune-assign-shots-'));
let sandbox;
let workbench;
try {
  const { file: vsix } = await packageVsix({ out: path.join(tmp, 'intune-assign.vsix') });
  sandbox = await startSandbox({ port: 0, deviceCodeInterval: 0.2 });
  workbench = await openWorkbench({
    workspace: prepareWorkspace({ parent: tmp }).folder,
    vsix,
    userSettings: {
      'intuneAssign.cloud': 'sandbox',
      'intuneAssign.sandboxUrl': sandbox.url,
      'intuneAssign.signInMethod': 'deviceCode',
      'workbench.startupEditor': 'none',
      'workbench.colorTheme': 'Default Light Modern',
      'git.openRepositoryInParentFolders': 'never',
    },
  });
  const { page } = workbench;
  const act = (name, args = {}) => UI_ACTIONS[name](page, args);
  fs.mkdirSync(out, { recursive: true });
  const shot = async (name) => {
    const file = path.join(out, name);
    await page.screenshot({ path: file });
    console.log(`  ${path.relative(root, file)} (${(fs.statSync(file).size / 1024).toFixed(0)} KB)`);
  };

  // 1. The problems of a file with mistakes, in the editor and the Problems panel.
  await act('openFile', { name: 'common-mistakes.assign.json' });
  await act('waitForSelector', { selector: '.squiggly-error' });
  await act('command', { title: 'View: Focus Problems (Errors, Warnings, Infos)' });
  await act('waitForSelector', { selector: '.markers-panel .monaco-list-row' });
  await shot('problems.png');

  // 2. A quick fix: the light bulb's menu on "Required" (line 4; the next problem in files may be one without a fix).
  await act('command', { title: 'Go to Line/Column...' });
  await act('type', { text: '4:18' });
  await act('press', { key: 'Enter' });
  await act('press', { key: 'Control+.' });
  await act('waitForSelector', { selector: '.action-widget' });
  await shot('quick-fix.png');
  await act('press', { key: 'Escape' });

  // 3. Send assign: sign in by device code, then the app picker.
  await act('openFile', { name: 'win32-company-portal-helper.assign.json' });
  await act('command', { title: 'Intune: Send assign' });
  await act('waitForText', { text: 'Copy and open' });
  sandbox.approveDeviceCode(sandbox.pendingDeviceCode());
  await act('quickPickItems', {});
  await act('type', { text: '7-Zip' });
  await act('waitForSelector', { selector: '.quick-input-widget .monaco-list-row.focused' });
  await shot('app-picker.png');
  await act('press', { key: 'Enter' });

  // 4. The confirmation, in front of the diff of what the app will have.
  if (!(await act('dialog', {}))) throw new Error('the confirmation did not appear');
  await shot('confirm.png');
  await act('click', { name: 'Cancel' });

  // 5. The tenant's names, signed in: each id's name after it, a group's kind on hover, and a group chosen by
  // name as it is typed.
  await act('command', { title: 'Notifications: Clear All Notifications' });
  await act('command', { title: 'View: Hide Panel' });
  await act('openFile', { name: 'win32-company-portal-helper.assign.json' });
  await page.locator('.view-lines', { hasText: 'Windows 11 corporate' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await act('command', { title: 'Go to Line/Column...' });
  await act('type', { text: '8:25' });
  await act('press', { key: 'Enter' });
  await act('command', { title: 'Show or Focus Hover' });
  await act('waitForSelector', { selector: '.monaco-hover:has-text("Security group")' });
  await page.waitForTimeout(500); // the hover fades in
  await shot('names.png');
  await act('press', { key: 'Escape' });
  await act('command', { title: 'Go to Line/Column...' });
  await act('type', { text: '8:21' });
  await act('press', { key: 'Enter' });
  for (let i = 0; i < 36; i++) await act('press', { key: 'Shift+ArrowRight' });
  await act('type', { text: 'Field' });
  await act('press', { key: 'Control+Space' });
  await act('waitForSelector', { selector: '.suggest-widget .monaco-list-row:has-text("Field Sales - Devices")' });
  await shot('names-completion.png');
  await act('press', { key: 'Escape' });
  console.log(`Screenshots in ${path.relative(process.cwd(), out)}/ (nothing was sent: the last step was cancelled).`);
} catch (error) {
  console.error(`screenshots: ${error?.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await workbench?.close();
  await sandbox?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
