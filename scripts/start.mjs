// `npm start`: builds the extension and opens VS Code with it on examples/. Desktop VS Code when `code` is on
// PATH; otherwise the offline browser VS Code (code-server, installed by vscode-setup.mjs) on 127.0.0.1,
// printing the URL to open. `npm start -- --browser` forces the browser VS Code, `--port N` picks its port.
import { spawn, spawnSync } from 'node:child_process';
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

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const hasCode = !args.includes('--browser') && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  console.log('Opening desktop VS Code with the extension under development on examples/ ...');
  spawn('code', [`--extensionDevelopmentPath=${root}`, examples], { stdio: 'ignore', detached: true }).unref();
} else {
  const { startCodeServer, LaunchError } = await import('./vscode-launch.mjs');
  try {
    const server = await startCodeServer({ workspace: examples, extensionDevelopmentPath: root, port });
    console.log(`\nVS Code (browser) with Intune Assign is running. Open this URL in a browser on this machine:\n\n  ${server.url()}\n`);
    console.log('Open a *.assign.json file: examples/mistakes/ has problems to look at. Ctrl+C stops the server.');
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
