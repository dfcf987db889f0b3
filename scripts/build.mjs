// Bundles each process of the product with esbuild: the VS Code extension, the language server and the CLI.
// Type-checking is separate (`npm run compile`); this only has to be fast, because `npm ci` runs it (prepare).
//   --watch        rebuild on change
//   --production   minified, no source maps (what `npm run package` puts in the VSIX)
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
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
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['cli/src/lint/worker.ts'], outfile: 'dist/lint-worker.js' },
];

if (watch) {
  for (const entry of entries) {
    const ctx = await esbuild.context({ ...common, ...entry });
    await ctx.watch();
  }
  console.log('esbuild: watching client, server and CLI sources');
} else {
  // A production build leaves no source map behind that would no longer match its bundle.
  if (production) for (const { outfile } of entries) rmSync(join(root, `${outfile}.map`), { force: true });
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
  chmodSync(join(root, 'dist/cli.js'), 0o755);
}
