// The command line loads only what a command needs: dist/cli.js is the dispatcher and the commands'
// declarations, and each command group is a bundle required when it runs. Checked on the built files and on
// what a real `lint` run loads.
import * as assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, folder, remove, run, VALID } from './cliHelpers';

const DIST = join(CLI, '..');

describe('command-line bundles', () => {
  it('dist/cli.js holds no MSAL, Graph client, sandbox, core or language server', () => {
    const text = readFileSync(CLI, 'utf8');
    assert.ok(statSync(CLI).size < 100_000, `dist/cli.js is ${statSync(CLI).size} bytes`);
    for (const marker of ['msal-node', 'class GraphClient', 'startSandbox', 'vscode-languageserver', 'class Linter']) assert.ok(!text.includes(marker), marker);
    const lint = readFileSync(join(DIST, 'cli-lint.js'), 'utf8');
    for (const marker of ['msal-node', 'class GraphClient', 'startSandbox', 'vscode-languageserver/node']) assert.ok(!lint.includes(marker), `cli-lint.js: ${marker}`);
  });

  it('lint loads its own bundle and no other', async () => {
    const dir = folder({ 'a.assign.json': VALID });
    try {
      const preload = join(dir, 'loaded.cjs');
      writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'loaded.json'))}, JSON.stringify(Object.keys(require.cache))));\n`);
      const r = await run(dir, ['lint'], { NODE_OPTIONS: `--require ${preload}` });
      assert.equal(r.code, 0, r.stderr);
      const loaded = (JSON.parse(readFileSync(join(dir, 'loaded.json'), 'utf8')) as string[]).filter((f) => f.startsWith(DIST)).map((f) => f.slice(DIST.length + 1)).sort();
      assert.deepEqual(loaded, ['cli-lint.js', 'cli.js']);
    } finally {
      remove(dir);
    }
  });
});
