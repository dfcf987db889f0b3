// The floor of `npm run bench:lint`: one node process that finds the same *.assign.json files under the current
// folder, reads each and JSON.parses it, and nothing else. No linter can do less work than this.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script, by design
const { readdirSync, readFileSync } = require('node:fs');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script, by design
const { join } = require('node:path');

let parsed = 0;
for (const entry of readdirSync('.', { recursive: true })) {
  if (!entry.endsWith('.assign.json')) continue;
  JSON.parse(readFileSync(join('.', entry), 'utf8'));
  parsed++;
}
process.stdout.write(`${parsed}\n`);
