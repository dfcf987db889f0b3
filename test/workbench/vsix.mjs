// The VSIX the workbench suite installs: `npm run package`'s build, made once per run and shared by the
// suite's files (packaging takes a while), removed when the run ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageVsix } from '../../scripts/package.mjs';

let packaged;

/** Resolves with the path of the packaged VSIX, packaging it on the first call. */
export function packagedVsix() {
  packaged ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intune-assign-vsix-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const { file } = await packageVsix({ out: path.join(dir, 'intune-assign.vsix') });
    return file;
  })();
  return packaged;
}
