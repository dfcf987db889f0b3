// Runs the extension in a real VS Code offline: starts code-server (installed by vscode-setup.mjs) on a random
// local port and drives its web workbench with Debian's chromium through playwright-core.
//   startCodeServer()       a throwaway code-server: { port, url(payload), stop() }
//   openWorkbench()         a workbench with a packaged extension installed, for black-box tests and screenshots
//   runTestsInCodeServer()  runs a mocha suite in its extension host and resolves with the suite's exit code;
//                           tests drive the workbench UI through the Playwright driver at $INTUNE_ASSIGN_UI_DRIVER
//   node test/harness/vscode-launch.mjs --tests   runs the e2e suite (out/test/client) on test/fixtures/e2e-workspace
// code-server's flags and why: see the README's "Tests in a real VS Code" and test/harness/vscode-setup.mjs.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { ensureCodeServer, installDir, projectRoot, VSCODE_VERSION } from './vscode-setup.mjs';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // VS Code opens external pages (a sign-in page) with window.open, outside a click: let it, as a person would.
  '--disable-popup-blocking',
];

const log = (line) => console.log(`[vscode-launch] ${line}`);

export class LaunchError extends Error {}

/** Cleanups of everything this process started, run on SIGINT/SIGTERM too. */
const cleanups = new Set();

// ---------------------------------------------------------------------------------------------------------
// Processes

/** Every descendant of `pid` (from /proc), children first-found; empty where /proc is missing. */
function descendants(pid) {
  const children = new Map();
  let entries = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the command name (field 2) may hold spaces.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Stops a process started with `detached: true` together with everything it started. */
async function killTree(child, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) {
    // The leader is gone; its group may still hold processes.
    signal(-child.pid, 'SIGKILL');
    return;
  }
  const tree = descendants(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signal(-child.pid, 'SIGTERM');
  for (const pid of tree) signal(pid, 'SIGTERM');
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(resolve, graceMs, 'timeout');
  });
  if ((await Promise.race([exited, timedOut])) === 'timeout') log(`code-server did not stop within ${graceMs} ms: killing it`);
  clearTimeout(timer);
  // Whatever is left (processes that ignored SIGTERM or left the group) is killed outright.
  signal(-child.pid, 'SIGKILL');
  for (const pid of [...tree, ...descendants(child.pid)]) signal(pid, 'SIGKILL');
}

// ---------------------------------------------------------------------------------------------------------
// code-server

/** A code-server `vscode-remote://` URI of an absolute path on this machine. */
function remoteUri(port, absolutePath) {
  return `vscode-remote://127.0.0.1:${port}${pathToFileURL(absolutePath).pathname}`;
}

/**
 * Starts code-server on 127.0.0.1 (on `port`, or a random one), with its home, temp, config and data folders
 * inside a fresh temp folder. `trust: true` keeps workspace trust on (for tests of restricted mode). `vsix`
 * installs a packaged extension first, as `code --install-extension` would; `userSettings` are the user's
 * settings.json. `proxy: true` keeps code-server's port proxy (/proxy/PORT/), off by default so a test's
 * browser reaches nothing but the workbench and what the test opens; `npm start` keeps it (scripts/start.mjs).
 */
export async function startCodeServer({ workspace, extensionDevelopmentPath, vsix, userSettings, env = {}, trust = false, proxy = false, port: requestedPort = 0 } = {}) {
  const entry = await ensureCodeServer();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intune-assign-vscode-'));
  const dirs = {};
  for (const name of ['home', 'tmp', 'config', 'data', 'cache', 'runtime', 'user-data', 'extensions']) {
    dirs[name] = path.join(runDir, name);
    fs.mkdirSync(dirs[name], { mode: 0o700 });
  }
  const configFile = path.join(runDir, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

  const args = [
    entry,
    '--config', configFile,
    '--bind-addr', `127.0.0.1:${requestedPort}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(trust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...(proxy ? [] : ['--disable-proxy']),
    '--ignore-last-opened',
    '--user-data-dir', dirs['user-data'],
    '--extensions-dir', dirs.extensions,
  ];
  const childEnv = { ...process.env };
  // Variables of a surrounding VS Code (its terminal sets them) would confuse the one started here.
  for (const key of Object.keys(childEnv)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete childEnv[key];
  }
  Object.assign(childEnv, {
    EXTENSIONS_GALLERY: '{}',
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_RUNTIME_DIR: dirs.runtime,
    ...env,
  });

  if (userSettings) {
    fs.mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
    fs.writeFileSync(path.join(dirs['user-data'], 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  }
  if (vsix) {
    const installed = spawnSync(process.execPath, [entry, '--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions, '--install-extension', path.resolve(vsix)], { env: childEnv, encoding: 'utf8', timeout: 120_000 });
    if (installed.status !== 0) {
      fs.rmSync(runDir, { recursive: true, force: true });
      throw new LaunchError(`installing ${vsix} failed (${installed.status ?? installed.signal}):\n${`${installed.stdout}\n${installed.stderr}`.trim()}`);
    }
    const said = installed.stdout.trim().split('\n');
    log(`installed ${path.basename(vsix)}: ${said.find((line) => /successfully installed/i.test(line)) ?? said.pop()}`);
  }

  const child = spawn(process.execPath, args, { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // Last resort if this process exits without stop() (an uncaught error, process.exit): kill and remove.
  const onProcessExit = () => {
    signal(-child.pid, 'SIGKILL');
    fs.rmSync(runDir, { recursive: true, force: true });
  };
  process.on('exit', onProcessExit);
  let stopped;
  const stop = () => {
    stopped ??= (async () => {
      cleanups.delete(stop);
      await killTree(child);
      process.off('exit', onProcessExit);
      fs.rmSync(runDir, { recursive: true, force: true });
    })();
    return stopped;
  };
  cleanups.add(stop);

  // code-server's own output (little after start-up): the end of it goes into error messages.
  let output = '';
  const serverLogTail = () => output.trim().split('\n').slice(-30).join('\n') || '(no output)';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new LaunchError(`code-server printed no listening address within 30 s:\n${serverLogTail()}`)), 30_000);
    const onData = (chunk) => {
      output = (output + chunk.toString()).slice(-64 * 1024);
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new LaunchError(`code-server exited (${code ?? sig}) before listening:\n${serverLogTail()}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });

  const workspacePath = workspace ? path.resolve(workspace) : undefined;
  const developmentPath = extensionDevelopmentPath ? path.resolve(extensionDevelopmentPath) : undefined;
  return {
    port,
    runDir,
    process: child,
    serverLogTail,
    /** `vscode-remote://` URI of a local path, as the workbench's payload needs it. */
    remoteUri: (absolutePath) => remoteUri(port, absolutePath),
    /** The workbench URL: opens `workspace`, loads `extensionDevelopmentPath`, plus extra payload entries. */
    url(payload = []) {
      const entries = [];
      if (developmentPath) entries.push(['extensionDevelopmentPath', remoteUri(port, developmentPath)]);
      entries.push(...payload, ['skipWelcome', 'true']);
      const query = [];
      if (workspacePath) query.push(`folder=${encodeURIComponent(workspacePath)}`);
      query.push(`payload=${encodeURIComponent(JSON.stringify(entries))}`);
      return `http://127.0.0.1:${port}/?${query.join('&')}`;
    },
    stop,
  };
}

// ---------------------------------------------------------------------------------------------------------
// UI driver: lets tests in the extension host drive the workbench page (QuickPicks, modal dialogs,
// notifications) through Playwright, over a loopback HTTP endpoint named by INTUNE_ASSIGN_UI_DRIVER.

const UI_TIMEOUT_MS = 15_000;

/** Visible elements only: the workbench keeps hidden copies of many widgets. */
const visible = (locator) => locator.filter({ visible: true });

/** What tests do in the workbench page; each waits (Playwright's waiting, up to a timeout) for what it acts on. */
export const UI_ACTIONS = {
  press: (page, { key }) => page.keyboard.press(key),
  type: (page, { text }) => page.keyboard.type(text),
  async click(page, { role = 'button', name, exact = true, timeoutMs = UI_TIMEOUT_MS }) {
    await visible(page.getByRole(role, { name, exact })).first().click({ timeout: timeoutMs });
  },
  /**
   * Waits for a text to be visible. The workbench toasts at most 3 notifications in 800 ms and keeps the rest in
   * its notification centre only (its spam protection), as a person would find them: when the text has not shown
   * within a few seconds, the centre is opened and the wait goes on there.
   */
  async waitForText(page, { text, timeoutMs = UI_TIMEOUT_MS }) {
    const target = visible(page.getByText(text)).first();
    const first = Math.min(5_000, timeoutMs);
    try {
      await target.waitFor({ state: 'visible', timeout: first });
    } catch {
      // Not while a QuickPick is open: opening the centre (through the command palette) would close it.
      const picking = (await visible(page.locator('.quick-input-widget')).count()) > 0;
      const centreOpen = (await visible(page.locator('.notifications-center')).count()) > 0;
      if (!picking && !centreOpen) await UI_ACTIONS.command(page, { title: 'Notifications: Show Notifications' });
      await target.waitFor({ state: 'visible', timeout: Math.max(1_000, timeoutMs - first) });
    }
  },
  /**
   * Chooses in the QuickPick as a person does: waits for it, types into its input, waits for a row holding the
   * text (its items may still be loading) and clicks it. Waiting for the row, not for the text anywhere, keeps a
   * name shown elsewhere (a code lens, a view) from sending the keys to the editor behind.
   */
  async pick(page, { text, timeoutMs = UI_TIMEOUT_MS }) {
    const widget = visible(page.locator('.quick-input-widget')).first();
    await widget.waitFor({ state: 'visible', timeout: timeoutMs });
    await widget.locator('input').first().fill(text);
    const row = visible(widget.locator('.monaco-list-row', { hasText: text })).first();
    await row.click({ timeout: timeoutMs });
  },
  async quickPickItems(page, { timeoutMs = UI_TIMEOUT_MS }) {
    const widget = visible(page.locator('.quick-input-widget'));
    await widget.first().waitFor({ state: 'visible', timeout: timeoutMs });
    return widget.first().locator('.monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? row.textContent ?? ''));
  },
  async dialog(page, { timeoutMs = UI_TIMEOUT_MS }) {
    const box = visible(page.locator('.monaco-dialog-box')).first();
    try {
      await box.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      return null;
    }
    const text = async (selector) => ((await box.locator(selector).count()) ? (await box.locator(selector).first().innerText()).trim() : '');
    return {
      message: await text('.dialog-message-text'),
      detail: await text('.dialog-message-detail'),
      buttons: (await box.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((b) => b.trim()),
    };
  },
  async waitForSelector(page, { selector, timeoutMs = UI_TIMEOUT_MS }) {
    await visible(page.locator(selector)).first().waitFor({ state: 'visible', timeout: timeoutMs });
  },
  /** Runs a command by its palette title ("Intune: Send assign"), as a person does with F1. */
  async command(page, { title, timeoutMs = UI_TIMEOUT_MS }) {
    await page.keyboard.press('F1');
    const input = visible(page.locator('.quick-input-widget input')).first();
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(`>${title}`);
    // Enter accepts the focused row: wait until the filter has put the command there.
    await visible(page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: title }))
      .first()
      .waitFor({ state: 'visible', timeout: timeoutMs })
      .catch(async (error) => {
        const rows = await visible(page.locator('.quick-input-widget .monaco-list-row')).allInnerTexts().catch(() => []);
        throw new Error(`the command palette did not offer "${title}" first; it showed: ${rows.map((r) => r.replace(/\s+/g, ' ')).join(' | ') || 'nothing'} (${error.message.split('\n')[0]})`);
      });
    await page.keyboard.press('Enter');
  },
  /** Opens a workspace file by name through Quick Open (Ctrl+P) and waits for its editor tab. */
  async openFile(page, { name, timeoutMs = UI_TIMEOUT_MS }) {
    await page.keyboard.press('Control+P');
    const input = visible(page.locator('.quick-input-widget input')).first();
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(name);
    // Until the filter applies, the focused row is the most recent editor: wait for the file to be focused.
    await visible(page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: name })).first().waitFor({ state: 'visible', timeout: timeoutMs });
    await page.keyboard.press('Enter');
    await visible(page.locator('.tabs-container .tab.active', { hasText: name })).first().waitFor({ state: 'visible', timeout: timeoutMs });
  },
  /** Chooses the visible QuickPick's row that shows `text`. */
  async pickItem(page, { text, timeoutMs = UI_TIMEOUT_MS }) {
    await visible(page.locator('.quick-input-widget .monaco-list-row', { hasText: text })).first().click({ timeout: timeoutMs });
  },
  /** Whether a diff editor is on screen. */
  hasDiffEditor: async (page) => (await visible(page.locator('.monaco-diff-editor')).count()) > 0,
  /** Opens an address in a new tab, as the system browser would; resolves with where it ended up. */
  async open(page, { url, timeoutMs = UI_TIMEOUT_MS }) {
    const tab = await page.context().newPage();
    await tab.goto(url, { timeout: timeoutMs });
    const landed = tab.url();
    await tab.close();
    return landed;
  },
};

/** Starts the driver's endpoint before the page exists; actions wait for `setPage`. */
async function startUiDriver() {
  let setPage;
  const pageReady = new Promise((resolve) => {
    setPage = resolve;
  });
  const server = http.createServer(async (request, response) => {
    const reply = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    try {
      const action = UI_ACTIONS[request.url.slice(1)];
      if (request.method !== 'POST' || !action) return reply(404, { error: `unknown UI action ${request.method} ${request.url}` });
      let raw = '';
      for await (const chunk of request) raw += chunk;
      const result = await action(await pageReady, raw ? JSON.parse(raw) : {});
      return reply(200, { result: result ?? null });
    } catch (error) {
      return reply(500, { error: error?.message ?? String(error) });
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    setPage,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Tests

/** VS Code silently skips an extension whose engines.vscode it does not satisfy: say so up front. */
export function checkEngine(extensionDevelopmentPath) {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionDevelopmentPath, 'package.json'), 'utf8'));
  const range = manifest.engines?.vscode;
  // semver comes with code-server's own dependencies.
  const semver = createRequire(path.join(installDir, 'node_modules', 'code-server', 'package.json'))('semver');
  if (!range || !semver.satisfies(VSCODE_VERSION, range)) {
    throw new LaunchError(
      `${manifest.name}'s engines.vscode is ${JSON.stringify(range)}, which VS Code ${VSCODE_VERSION} (code-server) does not ` +
        `satisfy, so VS Code would silently not load the extension. Use a range that includes ${VSCODE_VERSION}, e.g. "^1.100.0".`,
    );
  }
  const main = manifest.main && path.join(extensionDevelopmentPath, manifest.main);
  if (main && !fs.existsSync(main) && !fs.existsSync(`${main}.js`)) {
    throw new LaunchError(`${main} does not exist: build the extension first (node scripts/build.mjs).`);
  }
}

/** The workbench forwards console calls as (type, args) with printf-style args, as console.log takes them. */
function formatLogArgs(args) {
  return Array.isArray(args) ? format(...args) : String(args);
}

/**
 * Headless chromium on a fresh profile inside the server's run folder, allowed to reach this machine only:
 * code-server, and loopback pages an extension opens (a sign-in page and its redirect). No marketplace, CDN,
 * telemetry or update traffic. Resolves with { context, page (the first tab), close() }.
 */
async function launchBrowser(server) {
  const { chromium } = await import('playwright-core');
  const origin = `http://127.0.0.1:${server.port}`;
  const context = await chromium.launchPersistentContext(path.join(server.runDir, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: {
      ...process.env,
      HOME: path.join(server.runDir, 'home'),
      TMPDIR: path.join(server.runDir, 'tmp'),
      XDG_CONFIG_HOME: path.join(server.runDir, 'config'),
      XDG_CACHE_HOME: path.join(server.runDir, 'cache'),
    },
    viewport: { width: 1280, height: 800 },
    // Playwright would otherwise exit the process on these signals before the server is stopped.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const close = async () => {
    cleanups.delete(close);
    await context.close().catch(() => undefined);
  };
  cleanups.add(close);
  try {
    const blocked = new Set();
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:') || isLoopback(url)) return route.continue();
      const target = url.replace(/^([a-z-]+:\/\/[^/]+).*$/i, '$1');
      if (!blocked.has(target)) {
        blocked.add(target);
        log(`blocked a request to ${target}`);
      }
      return route.abort('blockedbyclient');
    });
    const page = context.pages()[0] ?? (await context.newPage());
    context.on('page', (opened) => log(`a new tab opened (${opened.url().replace(/[?#].*$/, '') || 'about:blank'})`));
    page.on('pageerror', (error) => console.log(`[workbench] ${error.message}`));
    page.on('crash', () => log('the workbench page crashed'));
    return { context, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Opens a workbench for black-box tests and screenshots: code-server with `workspace`, the extension only as
 * installed from `vsix` (no development path, no test runner), the user settings `userSettings`, and a
 * headless chromium on it. `proxy` keeps code-server's port proxy, as `npm start` does. Resolves once the
 * workbench is on screen with { page, server, close() }.
 */
export async function openWorkbench({ workspace, vsix, userSettings = {}, trust = false, proxy = false, env = {} }) {
  if (!fs.existsSync(CHROMIUM)) throw new LaunchError(`${CHROMIUM} not found: run node test/harness/vscode-setup.mjs (installs chromium).`);
  const server = await startCodeServer({ workspace, vsix, userSettings, trust, proxy, env });
  let browser;
  try {
    browser = await launchBrowser(server);
    await browser.page.goto(server.url(), { timeout: 60_000 });
    await browser.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
  return {
    page: browser.page,
    server,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}

/**
 * Runs the mocha suite at `extensionTestsPath` (a compiled module exporting run()) in the extension host of a
 * fresh code-server, with the extension at `extensionDevelopmentPath` loaded and `workspace` open. Resolves
 * with the exit code the workbench reports (0 when the suite passed).
 */
export async function runTestsInCodeServer({ extensionDevelopmentPath, extensionTestsPath, workspace, env = {}, timeoutMs = 300_000, trust = false }) {
  extensionDevelopmentPath = path.resolve(extensionDevelopmentPath);
  extensionTestsPath = path.resolve(extensionTestsPath);
  if (!fs.existsSync(extensionTestsPath) && !fs.existsSync(`${extensionTestsPath}.js`)) {
    throw new LaunchError(`${extensionTestsPath} does not exist: compile the tests first (npx tsc -p .).`);
  }
  if (workspace && !fs.existsSync(workspace)) throw new LaunchError(`workspace ${workspace} does not exist`);
  await ensureCodeServer();
  checkEngine(extensionDevelopmentPath);
  if (!fs.existsSync(CHROMIUM)) throw new LaunchError(`${CHROMIUM} not found: run node test/harness/vscode-setup.mjs (installs chromium).`);

  const started = Date.now();
  const driver = await startUiDriver();
  cleanups.add(driver.close);
  const server = await startCodeServer({ workspace, extensionDevelopmentPath, env: { ...env, INTUNE_ASSIGN_UI_DRIVER: driver.url }, trust }).catch(async (error) => {
    await driver.close();
    throw error;
  });
  let browser;
  let timer;
  try {
    browser = await launchBrowser(server);
    const { context, page } = browser;

    // The workbench calls these two when it runs extension tests; they must exist before the page loads.
    let settle;
    const outcome = new Promise((resolve, reject) => {
      settle = { resolve, reject };
    });
    outcome.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
    // Console output of the extension host (mocha's reporter) and the workbench, all on stdout so it stays in order.
    await context.exposeFunction('codeAutomationLog', (_type, args) => console.log(formatLogArgs(args)));
    await context.exposeFunction('codeAutomationExit', (code) => settle.resolve(Number(code)));
    server.process.once('exit', (code, sig) =>
      settle.reject(new LaunchError(`code-server exited (${code ?? sig}) during the run:\n${server.serverLogTail()}`)),
    );
    timer = setTimeout(
      () => settle.reject(new LaunchError(`the e2e run did not finish within ${Math.round(timeoutMs / 1000)} s (timeoutMs); last lines of code-server's output:\n${server.serverLogTail()}`)),
      timeoutMs,
    );

    driver.setPage(page);
    const payload = [['extensionTestsPath', server.remoteUri(extensionTestsPath)]];
    log(`code-server on port ${server.port}; opening the workbench`);
    // The overall timeout governs the page load too.
    await Promise.race([page.goto(server.url(payload), { timeout: 0 }), outcome]);
    const code = await outcome;
    log(`the workbench reported exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    clearTimeout(timer);
    await browser?.close();
    await server.stop();
    cleanups.delete(driver.close);
    await driver.close();
  }
}

function isLoopback(url) {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

async function main() {
  if (!process.argv.includes('--tests')) {
    console.log('usage: node test/harness/vscode-launch.mjs --tests   (runs out/test/client in code-server on test/fixtures/e2e-workspace)');
    return 2;
  }
  // A copy: the tests bind files to apps (written into the workspace's intune-assign.config.json), and the
  // fixture folder stays as it is committed.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'intune-assign-e2e-workspace-'));
  fs.cpSync(path.join(projectRoot, 'test', 'fixtures', 'e2e-workspace'), workspace, { recursive: true });
  try {
    return await runTestsInCodeServer({
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath: path.join(projectRoot, 'out', 'test', 'client', 'index.js'),
      workspace,
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, async () => {
      log(`${sig}: stopping`);
      // Newest first: the browser before the server it talks to.
      for (const cleanup of [...cleanups].reverse()) await cleanup().catch(() => undefined);
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
  main().then(
    (code) => process.exit(code),
    (error) => {
      const known = error instanceof LaunchError || error?.constructor?.name === 'SetupError';
      console.error(`[vscode-launch] ${known ? error.message : (error?.stack ?? error)}`);
      process.exit(1);
    },
  );
}
