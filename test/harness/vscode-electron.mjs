// Runs the e2e suite (out/test/client) in desktop VS Code through @vscode/test-electron, the ecosystem's standard
// launcher, for machines that can download VS Code from Microsoft's update service. Offline machines use
// test/harness/vscode-launch.mjs (code-server) instead; both run the same mocha suite.
//   node test/harness/vscode-electron.mjs [--vscode-version <stable|insiders|1.x.y>]
// Linux without a display needs a virtual one: xvfb-run -a node test/harness/vscode-electron.mjs
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { downloadAndUnzipVSCode, runTests, TestRunFailedError } = require('@vscode/test-electron');

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const extensionTestsPath = path.join(projectRoot, 'out', 'test', 'client', 'index.js');
const workspace = path.join(projectRoot, 'test', 'fixtures', 'e2e-workspace');
// The same git-ignored folder the code-server launcher uses (and @vscode/test-electron's default).
const cachePath = path.join(projectRoot, '.vscode-test');

const log = (line) => console.log(`[vscode-electron] ${line}`);

/** Short progress lines instead of the default reporter's; errors are reported once, by main(). */
const reporter = {
  report(report) {
    switch (report.stage) {
      case 'resolvedVersion':
        log(`VS Code version: ${report.version}`);
        break;
      case 'foundMatchingInstall':
        log(`using the VS Code in ${path.relative(projectRoot, report.downloadedPath)}`);
        break;
      case 'downloading':
        if (report.bytesSoFar === 0) log(`downloading VS Code (${Math.round(report.totalBytes / 1e6)} MB)`);
        break;
      case 'retrying':
        log(`download failed (${report.error?.message ?? report.error}); retry ${report.attempt} of ${report.totalAttempts}`);
        break;
      case 'newInstallComplete':
        log(`VS Code installed in ${path.relative(projectRoot, report.downloadedPath)}`);
        break;
      default:
        break;
    }
  },
  error() {},
};

function argValue(name) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main() {
  if (!fs.existsSync(extensionTestsPath)) {
    console.error(`[vscode-electron] ${extensionTestsPath} does not exist: compile the tests first (npx tsc -p .).`);
    return 1;
  }
  const version = argValue('--vscode-version') ?? 'stable';

  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath, reporter });
  } catch (error) {
    console.error(
      `[vscode-electron] could not get VS Code ${version}: ${error?.message ?? error}\n` +
        "@vscode/test-electron downloads desktop VS Code from Microsoft's update service. Where that service cannot be\n" +
        'reached, run the same suite offline in code-server: node test/harness/vscode-setup.mjs && node test/harness/vscode-launch.mjs --tests',
    );
    return 1;
  }

  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    log('no DISPLAY is set: desktop VS Code needs one (run this under xvfb-run -a)');
  }
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath,
      // Only the extension under development: no other installed extension may interfere.
      launchArgs: [workspace, '--disable-extensions'],
    });
    return 0;
  } catch (error) {
    if (error instanceof TestRunFailedError) {
      console.error(`[vscode-electron] the test run failed (${error.message})`);
      return typeof error.code === 'number' && error.code !== 0 ? error.code : 1;
    }
    console.error(`[vscode-electron] could not run VS Code: ${error?.message ?? error}`);
    return 1;
  }
}

main().then((code) => process.exit(code));
