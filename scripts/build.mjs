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
  // Error and class names stay readable in logs and messages when minified (unminified builds keep them anyway,
  // without the wrapper calls keepNames adds to every function it names, which lint pays for per file).
  keepNames: production,
  // vscode-json-languageservice's `main` is a UMD build that esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  define: { INTUNE_ASSIGN_VERSION: JSON.stringify(version) },
  absWorkingDir: root,
};

/**
 * The editor's packages, declared free of side effects for the lint bundles: the core's front door exports
 * the language service too, and without this esbuild keeps every module of these packages (a third of the
 * bundle) although lint uses none of them.
 */
const editorOnly = {
  name: 'editor-only-packages',
  setup(build) {
    build.onResolve({ filter: /^(vscode-json-languageservice|vscode-languageserver-types|vscode-languageserver-textdocument|@vscode\/l10n)(\/|$)/ }, async (args) => {
      if (args.pluginData?.editorOnly) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { editorOnly: true } });
      return { ...resolved, sideEffects: false };
    });
  },
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: join(outDir, 'extension.js'), external: ['vscode'] },
  // The tenant emulator, loaded by the extension only when the cloud is `sandbox` (client/src/sandboxHost.ts).
  { entryPoints: ['sandbox/src/sandbox.ts'], outfile: join(outDir, 'sandbox.js') },
  { entryPoints: ['server/src/node/main.ts'], outfile: join(outDir, 'server.js') },
  // The command line: dist/cli.js is the dispatcher and the commands' declarations only; each command group is
  // a bundle of its own that cli/src/commands.ts requires when that command runs (lint loads no MSAL).
  { entryPoints: ['cli/src/main.ts'], outfile: join(outDir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['cli/src/lint/command.ts'], outfile: join(outDir, 'cli-lint.js'), plugins: [editorOnly] },
  { entryPoints: ['cli/src/lint/worker.ts'], outfile: join(outDir, 'lint-worker.js'), plugins: [editorOnly] },
  { entryPoints: ['cli/src/send/index.ts'], outfile: join(outDir, 'cli-send.js') },
  // plan, apply, pull --all, copy and who-targets: the tenant as a workspace.
  { entryPoints: ['cli/src/tenant/index.ts'], outfile: join(outDir, 'cli-tenant.js') },
  { entryPoints: ['cli/src/lsp/command.ts'], outfile: join(outDir, 'cli-lsp.js') },
  // login, logout, whoami, and what lint --online reads (loaded only with --online: lint stays offline).
  { entryPoints: ['cli/src/session/index.ts'], outfile: join(outDir, 'cli-session.js') },
  // `intune-assign sandbox`: the command with the tenant emulator in it. (dist/sandbox.js, where it exists, is the
  // emulator alone, which the extension loads.)
  { entryPoints: ['cli/src/sandbox/command.ts'], outfile: join(outDir, 'cli-sandbox.js') },
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
