// `npm run watch`: rebuilds the bundles (esbuild, scripts/build.mjs --watch) and recompiles the tests and the
// type-checked sources (tsc --watch) on every save, side by side, until Ctrl+C. Tests then run without a build:
// `node scripts/test.mjs core --no-build --grep NAME`.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const children = [
  spawn(process.execPath, [join(root, 'scripts', 'build.mjs'), '--watch'], { cwd: root, stdio: 'inherit' }),
  spawn(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--watch', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code) => {
  if (code) {
    stop();
    process.exitCode = code;
  }
});
