// Installs the real editors the tests run in: the offline VS Code for the e2e tests (and Neovim for the test of
// the README's Neovim set-up). Checks the Debian packages they need and installs
// code-server (a real VS Code server + web workbench, from the npm registry) into the git-ignored
// .vscode-test/ folder. Run it as `node test/harness/vscode-setup.mjs`; the launcher imports ensureCodeServer().
// The install traps handled here, offline and as root: code-server's postinstall refuses root without
// npm_config_unsafe_perm, @vscode/ripgrep downloads rg from GitHub (seeded from Debian's ripgrep instead), and
// node-pty's postinstall runs npx node-gyp, which needs npm_config_yes.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
/** The VS Code version bundled in that code-server. */
export const VSCODE_VERSION = '1.100.3';

/**
 * Debian packages: C/C++ toolchain and headers for code-server's native modules, ripgrep for search, chromium to
 * drive the workbench, and neovim (0.7 on Debian 12) for the LSP client test of the README's Neovim snippet.
 */
export const DEBIAN_PACKAGES = ['build-essential', 'python3', 'pkg-config', 'libkrb5-dev', 'ripgrep', 'chromium', 'neovim'];

// code-server 4.100.3 pins @vscode/ripgrep 1.15.11, whose postinstall downloads ripgrep v13.0.0-10 unless it finds
// the archive in its cache folder under the temp dir.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const vscodeTestDir = path.join(projectRoot, '.vscode-test');
export const installDir = path.join(vscodeTestDir, `code-server-${CODE_SERVER_VERSION}`);
const codeServerDir = path.join(installDir, 'node_modules', 'code-server');
export const entryPath = path.join(codeServerDir, 'out', 'node', 'entry.js');

const log = (line) => console.log(`[vscode-setup] ${line}`);

class SetupError extends Error {}

// ---------------------------------------------------------------------------------------------------------
// Debian packages

function isInstalled(pkg) {
  const result = spawnSync('dpkg', ['-s', pkg], { encoding: 'utf8' });
  // `dpkg -s` also succeeds for a removed package whose config files remain, so read its Status line.
  return result.status === 0 && /^Status: install ok installed$/m.test(result.stdout);
}

function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(command, args, env = process.env) {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    throw new SetupError(`'${command} ${args.join(' ')}' failed (exit ${result.status ?? result.signal}).`);
  }
}

export function ensureSystemPackages() {
  if (!commandExists('dpkg')) {
    log(`no dpkg here: make sure the equivalents of ${DEBIAN_PACKAGES.join(' ')} are installed.`);
    return;
  }
  const missing = DEBIAN_PACKAGES.filter((pkg) => !isInstalled(pkg));
  if (missing.length === 0) {
    log(`system packages present: ${DEBIAN_PACKAGES.join(' ')}`);
    return;
  }
  const installCommand = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !commandExists('apt-get')) {
    throw new SetupError(
      `missing system packages: ${missing.join(' ')}\n` +
        (commandExists('apt-get')
          ? `Install them as root, then run this script again:\n  sudo sh -c '${installCommand}'`
          : `This is not a Debian/Ubuntu system (no apt-get): install the equivalents of ${missing.join(' ')} ` +
            'with your package manager, then run this script again.'),
    );
  }
  log(`installing missing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], env);
  run('apt-get', ['install', '-y', ...missing], env);
  const stillMissing = missing.filter((pkg) => !isInstalled(pkg));
  if (stillMissing.length > 0) {
    throw new SetupError(`apt-get finished but these packages are still not installed: ${stillMissing.join(' ')}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// code-server

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function installedVersion(dir = installDir) {
  return readJson(path.join(dir, 'node_modules', 'code-server', 'package.json'))?.version;
}

function ripgrepTarget() {
  switch (process.arch) {
    case 'x64':
      return 'x86_64-unknown-linux-musl';
    case 'arm64':
      return 'aarch64-unknown-linux-musl';
    default:
      throw new SetupError(`no offline ripgrep seeding for architecture ${process.arch}`);
  }
}

/** Puts an archive with Debian's `rg` where @vscode/ripgrep's postinstall looks before downloading. */
function seedRipgrepCache(tmpDir) {
  const rg = '/usr/bin/rg';
  if (!fs.existsSync(rg)) {
    throw new SetupError(`${rg} not found: install the Debian package 'ripgrep'.`);
  }
  const cacheDir = path.join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  fs.mkdirSync(cacheDir, { recursive: true });
  const archive = path.join(cacheDir, `ripgrep-${RIPGREP_RELEASE}-${ripgrepTarget()}.tar.gz`);
  const result = spawnSync('tar', ['-czf', archive, '-C', path.dirname(rg), 'rg'], { stdio: 'inherit' });
  if (result.status !== 0) throw new SetupError(`could not create ${archive}`);
}

/**
 * node-gyp downloads Node's headers unless npm's `nodedir` points at a local copy. Debian's and NodeSource's
 * nodejs packages ship them in <prefix>/include/node, so point there when nothing else is configured.
 */
function nodedirEnv() {
  if (process.env.npm_config_nodedir) return {};
  const configured = spawnSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8' }).stdout?.trim();
  if (configured && configured !== 'undefined' && configured !== 'null') return {};
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? { npm_config_nodedir: prefix } : {};
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Removes half-done installs left by an interrupted run (their owner process is gone). */
function removeStalePartials() {
  if (!fs.existsSync(vscodeTestDir)) return;
  for (const name of fs.readdirSync(vscodeTestDir)) {
    const match = /^\.partial-code-server-.*-(\d+)$/.exec(name);
    if (match && !isAlive(Number(match[1]))) {
      log(`removing an interrupted install: ${name}`);
      fs.rmSync(path.join(vscodeTestDir, name), { recursive: true, force: true });
    }
  }
}

function runNpmInstall(cwd, env, logFile) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', '--loglevel=warn'], {
      cwd,
      env,
      stdio: ['ignore', out, out],
    });
    const started = Date.now();
    const heartbeat = setInterval(() => {
      log(`  still installing (${Math.round((Date.now() - started) / 1000)} s): downloading and building native modules`);
    }, 15_000);
    child.on('error', (error) => {
      clearInterval(heartbeat);
      fs.closeSync(out);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearInterval(heartbeat);
      fs.closeSync(out);
      resolve(code ?? signal);
    });
  });
}

/** Checks that every install script did its job (they can be skipped silently) and that the server starts. */
export function verifyInstall(dir = installDir) {
  const serverDir = path.join(dir, 'node_modules', 'code-server');
  const vscodeDir = path.join(serverDir, 'lib', 'vscode');
  const problems = [];
  const requireCheck = (fromDir, modules) => {
    const script =
      `const r = require('node:module').createRequire(${JSON.stringify(path.join(fromDir, 'package.json'))});` +
      `for (const m of ${JSON.stringify(modules)}) { try { r(m); } catch (e) { console.log(m + ': ' + e.message.split('\\n')[0]); process.exitCode = 1; } }`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    if (result.status !== 0) problems.push(`native modules do not load:\n${result.stdout}${result.stderr}`);
  };
  // code-server's postinstall installs VS Code's own dependencies; node-pty, spdlog, kerberos and
  // native-watchdog are compiled there, argon2 by its install script.
  if (!fs.existsSync(path.join(vscodeDir, 'node_modules'))) {
    problems.push(`${vscodeDir}/node_modules is missing: code-server's postinstall did not run`);
  } else {
    requireCheck(vscodeDir, ['node-pty', '@vscode/spdlog', 'kerberos', 'native-watchdog', '@parcel/watcher']);
    const rg = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
    if (spawnSync(rg, ['--version'], { stdio: 'ignore' }).status !== 0) problems.push(`${rg} does not run`);
  }
  requireCheck(serverDir, ['argon2']);

  // `--version` writes a default config file under the home folder: keep it in a throwaway one.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-setup-verify-'));
  try {
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data') };
    const result = spawnSync(process.execPath, [path.join(serverDir, 'out', 'node', 'entry.js'), '--version'], { encoding: 'utf8', env });
    const versionLine = (result.stdout ?? '').trim().split('\n').pop() ?? '';
    if (!versionLine.startsWith(`${CODE_SERVER_VERSION} `) || !versionLine.includes(`Code ${VSCODE_VERSION}`)) {
      problems.push(`'entry.js --version' printed ${JSON.stringify(versionLine)} (stderr: ${(result.stderr ?? '').trim()})`);
    } else {
      log(`code-server --version: ${versionLine}`);
    }
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  if (problems.length > 0) throw new SetupError(`the code-server install is broken:\n- ${problems.join('\n- ')}`);
}

async function installCodeServer() {
  fs.mkdirSync(vscodeTestDir, { recursive: true });
  removeStalePartials();
  // Everything happens in a partial folder beside the final one and is renamed into place only when it works,
  // so an interrupted install never looks complete.
  const partialDir = path.join(vscodeTestDir, `.partial-code-server-${CODE_SERVER_VERSION}-${process.pid}`);
  const stagingDir = path.join(partialDir, 'install');
  const tmpDir = path.join(partialDir, 'tmp');
  const logFile = path.join(vscodeTestDir, `code-server-${CODE_SERVER_VERSION}-install.log`);
  fs.rmSync(partialDir, { recursive: true, force: true });
  fs.mkdirSync(stagingDir, { recursive: true });
  fs.mkdirSync(tmpDir, { recursive: true });
  fs.writeFileSync(logFile, '');
  fs.writeFileSync(
    path.join(stagingDir, 'package.json'),
    JSON.stringify(
      {
        name: 'intune-assign-vscode-test-code-server',
        private: true,
        description: 'Holds the code-server that the e2e tests run in; written by scripts/vscode-setup.mjs.',
        dependencies: { 'code-server': CODE_SERVER_VERSION },
      },
      null,
      2,
    ),
  );
  seedRipgrepCache(tmpDir);

  const env = {
    ...process.env,
    ...nodedirEnv(),
    // code-server's postinstall refuses to run as root under npm without it.
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall runs `npx node-gyp`, which would wait for a yes otherwise.
    npm_config_yes: 'true',
    // npm 11 reports (and a stricter setup or a later npm blocks) dependency install scripts that no
    // `allowScripts` entry approves. code-server's postinstall runs nested `npm install`s inside
    // lib/vscode and lib/vscode/extensions, whose package.json we cannot annotate beforehand, and npm refuses
    // an allow-list from the command line or the environment in such project-scoped installs; this switch is
    // the one that reaches them. The tree is fixed by code-server's npm-shrinkwrap.json files, and
    // verifyInstall() checks below that every script did its job.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_ignore_scripts: 'false',
    npm_config_strict_allow_scripts: 'false',
    npm_config_update_notifier: 'false',
    // @vscode/ripgrep finds its seeded archive here; node-gyp's scratch files go here too.
    TMPDIR: tmpDir,
    JOBS: 'max',
  };

  log(`installing code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) into ${path.relative(projectRoot, installDir)}/`);
  log(`  this downloads ~100 MB and compiles native modules: about a minute; npm output goes to ${path.relative(projectRoot, logFile)}`);
  const started = Date.now();
  const status = await runNpmInstall(stagingDir, env, logFile);
  if (status !== 0) {
    const tail = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-40).join('\n');
    fs.rmSync(partialDir, { recursive: true, force: true });
    throw new SetupError(`npm install of code-server failed (exit ${status}). Last lines of ${logFile}:\n${tail}`);
  }
  log(`  npm install finished in ${Math.round((Date.now() - started) / 1000)} s; verifying`);
  try {
    verifyInstall(stagingDir);
  } catch (error) {
    fs.rmSync(partialDir, { recursive: true, force: true });
    throw error;
  }

  try {
    fs.renameSync(stagingDir, installDir);
  } catch (error) {
    // Another setup run finished first: keep its install.
    if (!['ENOTEMPTY', 'EEXIST'].includes(error.code) || installedVersion() !== CODE_SERVER_VERSION) throw error;
  } finally {
    fs.rmSync(partialDir, { recursive: true, force: true });
  }
  log(`code-server ${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

let pending;

/**
 * Makes sure the system packages and code-server are installed (installing what is missing) and returns the
 * absolute path of code-server's out/node/entry.js.
 */
export function ensureCodeServer() {
  pending ??= (async () => {
    ensureSystemPackages();
    const version = installedVersion();
    if (version === CODE_SERVER_VERSION && fs.existsSync(entryPath)) {
      log(`code-server ${CODE_SERVER_VERSION} already installed in ${path.relative(projectRoot, installDir)}/`);
      return entryPath;
    }
    if (fs.existsSync(installDir)) {
      log(`removing ${path.relative(projectRoot, installDir)}/ (holds ${version ? `version ${version}` : 'an incomplete install'})`);
      fs.rmSync(installDir, { recursive: true, force: true });
    }
    await installCodeServer();
    return entryPath;
  })();
  return pending;
}

export { SetupError };

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const started = Date.now();
  ensureCodeServer()
    .then((entry) => {
      if (process.argv.includes('--verify')) verifyInstall();
      log(`ready: ${entry} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    })
    .catch((error) => {
      console.error(`[vscode-setup] ${error instanceof SetupError ? error.message : error.stack ?? error}`);
      process.exit(1);
    });
}
