// `npm start`: builds the extension and opens VS Code with it on a throwaway copy of examples/, in sandbox
// mode: a throwaway user profile whose settings say `"intuneAssign.cloud": "sandbox"`, so Send assign, Pull and
// Compare work against the sandbox tenant the extension runs itself. Desktop VS Code when `code` is on PATH;
// otherwise the offline browser VS Code (code-server, installed by vscode-setup.mjs) on 127.0.0.1, printing
// the URL to open.
//   --browser      the browser VS Code even when `code` is there
//   --port N       its port (default $PORT or 8080; 0 picks a free one)
//   --cloud NAME   start with another cloud (global, usgov, usgovdod, china) instead of the sandbox
// The copy: quick fixes tried during the tour, and the browser VS Code's auto-save, change the copy, never the
// repository's examples/. Each start makes a fresh one. The pieces are exported for test/workbench/start.test.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLES = join(root, 'examples');
export const CLOUDS = ['sandbox', 'global', 'usgov', 'usgovdod', 'china'];

/** The throwaway profile's user settings: they, not a workspace, choose the cloud. */
export function startSettings(cloud = 'sandbox') {
  return { 'intuneAssign.cloud': cloud, 'workbench.startupEditor': 'none' };
}

/**
 * code-server's options for the tour. Its port proxy stays on (code-server's default; the tests' launcher
 * turns it off): in a browser, VS Code opens a loopback address of the extension host's machine (the
 * sandbox's sign-in page) through https://HOST/proxy/PORT/, which code-server answers 403 with
 * --disable-proxy. It is as reachable as the workbench itself: loopback here, and behind code-server's
 * authentication on a server.
 */
export const CODE_SERVER_OPTIONS = { proxy: true };

/**
 * A fresh copy of examples/ in its own temporary folder (outside the repository, so VS Code's Git does not
 * offer the repository either). Resolves with { folder, remove() }.
 */
export function prepareWorkspace({ from = EXAMPLES, parent = tmpdir() } = {}) {
  const dir = realpathSync(mkdtempSync(join(parent, 'intune-assign-start-')));
  const folder = join(dir, 'examples');
  cpSync(from, folder, { recursive: true });
  return { folder, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function howToSwitch(cloud) {
  return cloud === 'sandbox'
    ? [
        'Sandbox mode: Intune: Send assign, Pull and Compare use a demo tenant the extension runs on 127.0.0.1.',
        'To sign in, choose "Copy and open" in the notification with the code, then Sign in on the sandbox\'s page',
        '(as admin@contoso-sandbox.onmicrosoft.com; no password).',
        'To use a real tenant: in this window\'s user settings (Preferences: Open User Settings) set',
        '"intuneAssign.cloud" to "global" (or your national cloud), then Intune: Sign in. Or: npm start -- --cloud global',
      ]
    : [`Cloud ${cloud}: Intune: Sign in signs you in to your tenant. npm start (no --cloud) uses the sandbox tenant.`];
}

async function main(args) {
  const portArg = args.indexOf('--port');
  const port = portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`npm start: --port needs a port number, not ${args[portArg + 1]}.`);
    return 2;
  }
  const cloudArg = args.indexOf('--cloud');
  const cloud = cloudArg >= 0 ? args[cloudArg + 1] : 'sandbox';
  if (!CLOUDS.includes(cloud)) {
    console.error(`npm start: --cloud is one of ${CLOUDS.join(', ')}, not ${cloud}.`);
    return 2;
  }
  const userSettings = startSettings(cloud);

  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) return 1;

  const workspace = prepareWorkspace();
  const copied = `The examples are a fresh copy in ${workspace.folder}: what you change there leaves examples/ as it is.`;
  const hasCode = !args.includes('--browser') && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
  if (hasCode) {
    // Its own profile in the git-ignored .vscode-test/, so your own settings and extensions stay untouched.
    // The copy stays behind in the temp folder: the desktop VS Code keeps using it after this script ends.
    const userData = join(root, '.vscode-test', 'start-user-data');
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), `${JSON.stringify(userSettings, null, 2)}\n`);
    console.log('Opening desktop VS Code with the extension under development on a copy of examples/ ...');
    console.log(`${copied}\n${howToSwitch(cloud).join('\n')}`);
    spawn('code', [`--user-data-dir=${userData}`, `--extensionDevelopmentPath=${root}`, workspace.folder], { stdio: 'ignore', detached: true }).unref();
    return 0;
  }
  const { startCodeServer, LaunchError } = await import('../test/harness/vscode-launch.mjs');
  try {
    const server = await startCodeServer({ workspace: workspace.folder, extensionDevelopmentPath: root, port, userSettings, ...CODE_SERVER_OPTIONS });
    console.log(`\nVS Code (browser) with Intune Assign is running. Open this URL in a browser on this machine:\n\n  ${server.url()}\n`);
    console.log('Open a *.assign.json file: mistakes/ has problems to look at. Ctrl+C stops the server.');
    console.log(`${copied} The copy is removed when the server stops.`);
    console.log(`\n${howToSwitch(cloud).join('\n')}`);
    let stopping = false;
    const stop = async () => {
      stopping = true;
      await server.stop();
      workspace.remove();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    server.process.once('exit', (code) => {
      if (stopping) return;
      console.error(`code-server stopped (exit ${code}).`);
      workspace.remove();
      process.exit(code ? 1 : 0);
    });
    // Runs until stopped.
    return 0;
  } catch (error) {
    workspace.remove();
    console.error(`npm start: ${error instanceof LaunchError || error?.constructor?.name === 'SetupError' ? error.message : (error?.stack ?? error)}`);
    console.error(port ? `If port ${port} is taken, try: npm start -- --port 0 (any free port).` : '');
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exit(code);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
