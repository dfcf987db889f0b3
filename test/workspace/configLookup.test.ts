// The one configuration lookup: the nearest intune-assign.config.json at or above a file, up to the
// repository's root; --config for every file; overrides relative to the configuration that applies.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigLookup } from '../../workspace/src/config';
import { findFiles } from '../../workspace/src/files';

const BASE = { graphVersion: 'beta', cloud: 'global' } as const;

describe('configuration lookup', () => {
  let root: string;
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'intune-assign-config-'));
    mkdirSync(join(root, 'repo', '.git'), { recursive: true });
    write('intune-assign.config.json', JSON.stringify({ cloud: 'china' })); // above the repository: never used
    write('repo/intune-assign.config.json', JSON.stringify({ rules: { 'empty-assignments': 'off' }, overrides: [{ files: ['v1/**'], graphVersion: 'v1.0' }] }));
    write('repo/team/intune-assign.config.json', JSON.stringify({ overrides: [{ files: ['v1/**'], cloud: 'usgov' }] }));
    write('repo/broken/intune-assign.config.json', '{ "rules": { "no-such-rule": "off" } }');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes the nearest configuration at or above the file, and stops at the repository root', () => {
    const lookup = new ConfigLookup();
    const at = (path: string) => join(root, path);
    assert.equal(lookup.configFileFor(at('repo/a.assign.json')), at('repo/intune-assign.config.json'));
    assert.equal(lookup.configFileFor(at('repo/deep/er/a.assign.json')), at('repo/intune-assign.config.json'));
    assert.equal(lookup.configFileFor(at('repo/team/x/a.assign.json')), at('repo/team/intune-assign.config.json'));
    rmSync(at('repo/intune-assign.config.json'));
    lookup.clear();
    assert.equal(lookup.configFileFor(at('repo/a.assign.json')), undefined, 'the file above the repository is not used');
  });

  it('resolves overrides against the folder of the configuration that applies', () => {
    const lookup = new ConfigLookup();
    assert.deepEqual(lookup.optionsFor(join(root, 'repo/v1/a.assign.json'), BASE), { graphVersion: 'v1.0', cloud: 'global', rules: { 'empty-assignments': 'off' } });
    assert.deepEqual(lookup.optionsFor(join(root, 'repo/team/v1/a.assign.json'), BASE), { graphVersion: 'beta', cloud: 'usgov', rules: {} });
    assert.deepEqual(lookup.optionsFor(join(root, 'repo/team/v1/a.assign.json'), BASE, { cloud: 'china' }).cloud, 'china', 'flags win');
  });

  it('applies an explicit configuration to every file, and reports the problems of one that cannot be used', () => {
    const explicit = new ConfigLookup(join(root, 'repo/team/intune-assign.config.json'));
    assert.equal(explicit.configFileFor(join(root, 'repo/a.assign.json')), join(root, 'repo/team/intune-assign.config.json'));
    const broken = new ConfigLookup().configFor(join(root, 'repo/broken/a.assign.json'))!;
    assert.match(broken.problems[0].message, /Unknown rule "no-such-rule"/);
    const missing = new ConfigLookup(join(root, 'nowhere.json')).configFor(join(root, 'repo/a.assign.json'))!;
    assert.match(missing.problems[0].message, /does not exist/);
  });

  it('chooses from a walk\'s listings exactly what it chooses by asking the file system, links and .git files included', () => {
    const at = (path: string) => join(root, path);
    // A configuration that is a link (the listing cannot say what it is), a repository marked by a .git file
    // (a worktree or submodule), and a folder named like a configuration file (not one).
    write('shared/linked.config.json', JSON.stringify({ cloud: 'usgov' }));
    mkdirSync(at('repo/linked'), { recursive: true });
    symlinkSync(at('shared/linked.config.json'), at('repo/linked/intune-assign.config.json'));
    write('repo/sub/.git', 'gitdir: ../.git/worktrees/sub\n');
    mkdirSync(at('repo/sub/odd/intune-assign.config.json'), { recursive: true });
    for (const file of ['repo/a.assign.json', 'repo/team/x/a.assign.json', 'repo/linked/a.assign.json', 'repo/sub/a.assign.json', 'repo/sub/odd/a.assign.json']) write(file, '{}');
    const { files, listed } = findFiles(at('repo'), []);
    assert.equal(files.length, 5);
    assert.ok(listed.size >= 6, 'every folder walked is listed');
    const remembering = new ConfigLookup();
    remembering.remember(listed);
    const asking = new ConfigLookup();
    for (const file of files) assert.equal(remembering.configFileFor(file), asking.configFileFor(file), file);
    assert.equal(asking.configFileFor(at('repo/linked/a.assign.json')), at('repo/linked/intune-assign.config.json'));
    assert.equal(asking.configFileFor(at('repo/sub/odd/a.assign.json')), undefined, 'a .git file ends the search; a folder is no configuration');
  });
});
