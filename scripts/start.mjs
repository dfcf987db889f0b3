// `npm start`: builds the extension and opens VS Code with it on examples/, in sandbox mode: a throwaway user
// profile whose settings say `"intuneAssign.cloud": "sandbox"`, so Send assign, Pull and Compare work against
// the sandbox tenant the extension runs itself. Desktop VS Code when `code` is on PATH; otherwise the offline
// browser VS Code (code-server, installed by vscode-setup.mjs) on 127.0.0.1, printing the URL to open.
//   --browser      the browser VS Code even when `code` is there
//   --port N       its port (default $PORT or 8080; 0 picks a free one)
//   --cloud NAME   start with another cloud (global, usgov, usgovdod, china) instead of the sandbox
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples');
const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`npm start: --port needs a port number, not ${args[portArg + 1]}.`);
  process.exit(2);
}

const cloudArg = args.indexOf('--cloud');
const cloud = cloudArg >= 0 ? args[cloudArg + 1] : 'sandbox';
if (!['sandbox', 'global', 'usgov', 'usgovdod', 'china'].includes(cloud)) {
  console.error(`npm start: --cloud is one of sandbox, global, usgov, usgovdod, china, not ${cloud}.`);
  process.exit(2);
}
/** The throwaway profile's user settings: they, not a workspace, choose the cloud. */
const userSettings = { 'intuneAssign.cloud': cloud, 'workbench.startupEditor': 'none' };
const howToSwitch =
  cloud === 'sandbox'
    ? [
        'Sandbox mode: Intune: Send assign, Pull and Compare use a demo tenant the extension runs on 127.0.0.1',
        '(sign in as admin@contoso-sandbox.onmicrosoft.com by approving the device code on its page).',
        'To use a real tenant: in this window\'s user settings (Preferences: Open User Settings) set',
        '"intuneAssign.cloud" to "global" (or your national cloud), then Intune: Sign in. Or: npm start -- --cloud global',
      ]
    : [`Cloud ${cloud}: Intune: Sign in signs you in to your tenant. npm start (no --cloud) uses the sandbox tenant.`];

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const hasCode = !args.includes('--browser') && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  // Its own profile in the git-ignored .vscode-test/, so your own settings and extensions stay untouched.
  const userData = join(root, '.vscode-test', 'start-user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), `${JSON.stringify(userSettings, null, 2)}\n`);
  console.log('Opening desktop VS Code with the extension under development on examples/ ...');
  console.log(howToSwitch.join('\n'));
  spawn('code', [`--user-data-dir=${userData}`, `--extensionDevelopmentPath=${root}`, examples], { stdio: 'ignore', detached: true }).unref();
} else {
  const { startCodeServer, LaunchError } = await import('../test/harness/vscode-launch.mjs');
  try {
    const server = await startCodeServer({ workspace: examples, extensionDevelopmentPath: root, port, userSettings });
    console.log(`\nVS Code (browser) with Intune Assign is running. Open this URL in a browser on this machine:\n\n  ${server.url()}\n`);
    console.log('Open a *.assign.json file: examples/mistakes/ has problems to look at. Ctrl+C stops the server.');
    console.log(`\n${howToSwitch.join('\n')}`);
    const stop = async () => {
      await server.stop();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    server.process.once('exit', (code) => {
      console.error(`code-server stopped (exit ${code}).`);
      process.exit(code ? 1 : 0);
    });
  } catch (error) {
    console.error(`npm start: ${error instanceof LaunchError || error?.constructor?.name === 'SetupError' ? error.message : error?.stack ?? error}`);
    console.error(port ? `If port ${port} is taken, try: npm start -- --port 0 (any free port).` : '');
    process.exit(1);
  }
}
