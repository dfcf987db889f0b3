// Bundles each process of the product with esbuild: the VS Code extension (and the sandbox it loads on demand),
// the language server and the CLI.
// Type-checking is separate (`npm run compile`); this only has to be fast, because `npm ci` runs it (prepare).
//   --watch        rebuild on change
//   --production   minified, no source maps (what `npm run package` puts in the VSIX)
//   --out-dir DIR  write the bundles to DIR instead of dist/ (packaging builds into its staging folder)
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const outDirAt = process.argv.indexOf('--out-dir');
const outDir = outDirAt > 0 ? resolve(process.argv[outDirAt + 1]) : join(root, 'dist');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  // Error and class names stay readable in logs and messages even when minified.
  keepNames: true,
  // vscode-json-languageservice's `main` is a UMD build that esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  define: { INTUNE_ASSIGN_VERSION: JSON.stringify(version) },
  absWorkingDir: root,
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: join(outDir, 'extension.js'), external: ['vscode'] },
  // The tenant emulator, loaded by the extension only when the cloud is `sandbox` (client/src/sandboxHost.ts).
  { entryPoints: ['sandbox/src/sandbox.ts'], outfile: join(outDir, 'sandbox.js') },
  { entryPoints: ['server/src/node/main.ts'], outfile: join(outDir, 'server.js') },
  { entryPoints: ['cli/src/main.ts'], outfile: join(outDir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['cli/src/lint/worker.ts'], outfile: join(outDir, 'lint-worker.js') },
];

if (watch) {
  for (const entry of entries) {
    const ctx = await esbuild.context({ ...common, ...entry });
    await ctx.watch();
  }
  console.log('esbuild: watching client, sandbox, server and CLI sources');
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
  chmodSync(join(outDir, 'cli.js'), 0o755);
}
