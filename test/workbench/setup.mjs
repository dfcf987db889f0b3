// What the black-box suites share: the VSIX, packaged once for all of them (npm run package's own code), and
// throwaway copies of workspaces, so what the tests write (bindings in intune-assign.config.json) never lands
// in the committed fixtures. Everything is removed when the run ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageVsix } from '../../scripts/package.mjs';

export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const made = [];
let packaging;

/** The VSIX, packaged on first use. */
export function packagedVsix() {
  packaging ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intune-assign-vsix-'));
    made.push(dir);
    return (await packageVsix({ out: path.join(dir, 'intune-assign.vsix') })).file;
  })();
  return packaging;
}

/** A temporary folder, a copy of `from` when given. */
export function scratchFolder(prefix, from) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `intune-assign-${prefix}-`));
  made.push(dir);
  if (from) fs.cpSync(from, dir, { recursive: true });
  return dir;
}

after(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
