// The one configuration lookup: the nearest intune-assign.config.json at or above a file, up to the
// repository's root; --config for every file; overrides relative to the configuration that applies.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigLookup } from '../../workspace/src/config';

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
});
