// Throwaway workspaces for the black-box suites: copies, so what the tests write (bindings in
// intune-assign.config.json) never lands in the committed fixtures. Removed when the run ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const made = [];

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
