// Finding and reading files on disk against the attacks that passed the first release: symbolic links that fan
// out (each folder linked twice to the next: 2^14 paths to one file), links that loop, a FIFO named like a
// payload, files over the size limit, and workspaces larger than the scan's limits.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directlyIn, findAssignFiles, findFiles, MAX_FILE_BYTES, readText } from '../../workspace/src/files';
import { fifo, linkFanOut } from '../harness/hostile';

const VALID = '{"mobileAppAssignments": []}';

describe('files on disk', () => {
  let root: string;
  let workspace: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'intune-assign-files-'));
    workspace = join(root, 'workspace');
    mkdirSync(workspace);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes a file reached through links that fan out once, not once per path (2^14 before)', async () => {
    linkFanOut(workspace, join(root, 'outside'), 14, VALID);
    writeFileSync(join(workspace, 'top.assign.json'), VALID);
    const { files, problems } = findFiles(workspace, []);
    assert.deepEqual(files.map((f) => f.slice(workspace.length + 1)), ['a/a/a/a/a/a/a/a/a/a/a/a/a/a/deep.assign.json', 'top.assign.json']);
    assert.deepEqual(problems, []);
    const found = await findAssignFiles(workspace, {}, () => Promise.resolve());
    assert.deepEqual(found.files, files);
  });

  it('prefers the path without links, and reports a link back into its own folder as a loop', () => {
    mkdirSync(join(workspace, 'real'));
    writeFileSync(join(workspace, 'real', 'x.assign.json'), VALID);
    symlinkSync(join(workspace, 'real'), join(workspace, 'a-link'), 'dir');
    symlinkSync(workspace, join(workspace, 'real', 'up'), 'dir');
    // Links to files: to one taken from its folder (left out), and twice to one outside (taken once).
    symlinkSync(join(workspace, 'real', 'x.assign.json'), join(workspace, 'a-x.assign.json'));
    writeFileSync(join(root, 'outside.assign.json'), VALID);
    symlinkSync(join(root, 'outside.assign.json'), join(workspace, 'b-out.assign.json'));
    symlinkSync(join(root, 'outside.assign.json'), join(workspace, 'c-out.assign.json'));
    const { files, problems } = findFiles(workspace, []);
    assert.deepEqual(files.map((f) => f.slice(workspace.length + 1)), ['b-out.assign.json', 'real/x.assign.json']);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /real\/up is a symbolic link loop/);
  });

  it('finds a file named by several patterns once, in order', () => {
    mkdirSync(join(workspace, 'apps'));
    for (const name of ['b.assign.json', 'a.assign.json']) writeFileSync(join(workspace, 'apps', name), VALID);
    const { files, problems } = findFiles(workspace, ['apps/b.assign.json', 'apps', 'apps/*.assign.json', './apps/b.assign.json']);
    assert.deepEqual(files.map((f) => f.slice(workspace.length + 1)), ['apps/a.assign.json', 'apps/b.assign.json']);
    assert.deepEqual(problems, []);
  });

  it('reads only regular files: a FIFO named like a payload is refused at once, not waited on', () => {
    const read = readText(fifo(join(workspace, 'pipe.assign.json')));
    assert.ok('error' in read);
    assert.match(read.error, /is not a regular file/);
    assert.deepEqual(findFiles(workspace, []).files, []);
  });

  it('tells a file directly in a folder from one deeper or beside it, as dirname does', () => {
    const folder = join(workspace, 'apps');
    const cases: [string, boolean][] = [
      [join(folder, 'a.assign.json'), true],
      [join(folder, 'sub', 'a.assign.json'), false],
      [join(`${folder}-2`, 'a.assign.json'), false],
      [join(workspace, 'apps.assign.json'), false],
    ];
    for (const [path, expected] of cases) assert.equal(directlyIn(path, folder), expected, path);
  });

  it('reads UTF-8 (a replacement character included) and refuses other encodings by what they hold', () => {
    const write = (name: string, bytes: Buffer) => {
      writeFileSync(join(workspace, name), bytes);
      return readText(join(workspace, name));
    };
    const text = '{"mobileAppAssignments": [], "x": "caf\u00e9 \uFFFD"}';
    assert.deepEqual(write('utf8.assign.json', Buffer.from(text, 'utf8')), { text });
    assert.deepEqual(write('bom.assign.json', Buffer.from(`\uFEFF${text}`, 'utf8')), { text });
    assert.match((write('utf16.assign.json', Buffer.from(text, 'utf16le')) as { error: string }).error, /holds NUL bytes/);
    assert.match((write('latin1.assign.json', Buffer.from(text.replace(' \uFFFD', ''), 'latin1')) as { error: string }).error, /is not UTF-8 text \(binary, or another encoding\)/);
  });

  it('refuses a file over the size limit without reading it', () => {
    const big = join(workspace, 'big.assign.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_FILE_BYTES + 1);
    const read = readText(big);
    assert.ok('error' in read);
    assert.match(read.error, /big\.assign\.json is 8 MB, over the 8 MB limit; not checked/);
  });

  it('stops at the limits it is given, says so, and pauses between slices', async () => {
    for (let i = 0; i < 5; i++) {
      mkdirSync(join(workspace, `f${i}`));
      writeFileSync(join(workspace, `f${i}`, `x${i}.assign.json`), VALID);
      writeFileSync(join(workspace, `f${i}`, 'other.txt'), 'not counted');
    }
    let pauses = 0;
    const limited = await findAssignFiles(workspace, { maxFiles: 3 }, () => Promise.resolve(void pauses++), 0);
    assert.equal(limited.files.length, 3);
    assert.match(limited.problems[0].message, /has more than 3 files to check; the rest are not checked/);
    assert.ok(pauses >= 3, `${pauses} pauses`);
    const folders = await findAssignFiles(workspace, { maxFolders: 2 }, () => Promise.resolve());
    assert.equal(folders.files.length, 1);
    assert.match(folders.problems[0].message, /has more than 2 folders; the rest are not searched/);
  });
});
