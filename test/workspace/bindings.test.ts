// Bindings of files to apps: read from the configuration with positioned problems (a path outside the folder, an
// app id that is no GUID, a file or an app bound twice, names of the wrong shape), checked across a workspace's
// configurations (a missing file, a file bound in two, an app bound in two), and written back with the file's
// formatting kept, including thousands of bindings at once.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseConfig } from '../../core/src';
import { configForBinding, editConfigText, findConfigs, loadBindings, relativeToConfig } from '../../workspace/src/bindings';

const APP = '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e01';
const OTHER = '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e02';
const GROUP = '4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10';

describe('bindings of files to apps', () => {
  it('reads "apps" and "names", normalizing paths, with each binding\'s position', () => {
    const text = `{\n  "apps": {\n    "./a.assign.json": "${APP}",\n    "team/b.assign.json": "${OTHER}"\n  },\n  "names": {"tenant": "t1", "apps": {"${APP}": "7-Zip"}, "groups": {"${GROUP}": "All Employees"}}\n}`;
    const { config, problems, bindings } = parseConfig(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(config.apps, { 'a.assign.json': APP, 'team/b.assign.json': OTHER });
    assert.deepEqual(bindings.map((b) => `${b.line}:${b.column} ${b.file}`), ['3:5 a.assign.json', '4:5 team/b.assign.json']);
    assert.deepEqual(config.names, { tenant: 't1', apps: { [APP]: '7-Zip' }, groups: { [GROUP]: 'All Employees' } });
  });

  it('reports what is wrong where it is written, and keeps the rest', () => {
    const text = [
      '{',
      '  "apps": {',
      `    "../up.assign.json": "${APP}",`,
      `    "/abs.assign.json": "${APP}",`,
      '    "x.assign.json": "7-Zip",',
      `    "a.assign.json": "${APP}",`,
      `    "./a.assign.json": "${OTHER}",`,
      `    "b.assign.json": "${APP.toUpperCase()}",`,
      `    "dir\\\\c.assign.json": "${OTHER}"`,
      '  },',
      `  "names": {"groups": {"not-a-guid": "X", "${GROUP}": ""}, "users": {}}`,
      '}',
    ].join('\n');
    const { problems, bindings } = parseConfig(text);
    const expected: [string, string][] = [
      ['3:5', '"../up.assign.json" is outside this configuration\'s folder'],
      ['4:5', '"/abs.assign.json" is absolute'],
      ['5:22', 'The app bound to "x.assign.json" must be an Intune app id (a GUID'],
      ['7:5', '"./a.assign.json" is bound twice (also as "a.assign.json")'],
      ['8:5', '"b.assign.json" and "a.assign.json" are both bound to app'],
      ['9:5', '"dir\\c.assign.json": write paths with "/"'],
      ['11:24', '"not-a-guid" is not an id (a GUID).'],
      ['11:83', `The name recorded for ${GROUP} must be a non-empty string.`],
      ['11:88', 'Unknown key "users" in "names".'],
    ];
    assert.equal(problems.length, expected.length, problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('\n'));
    problems.forEach((p, i) => {
      assert.equal(`${p.line}:${p.column}`, expected[i][0], p.message);
      assert.ok(p.message.startsWith(expected[i][1]), `${p.message} starts with ${expected[i][1]}`);
    });
    assert.deepEqual(bindings.map((b) => b.file), ['a.assign.json']);
  });

  describe('across a workspace', () => {
    let root: string;
    const write = (path: string, content: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    };
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'intune-assign-bindings-'));
      mkdirSync(join(root, '.git'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('finds every configuration and reports a missing file, a file bound in two, an app bound in two', () => {
      write('a.assign.json', '{"mobileAppAssignments": []}');
      write('team/b.assign.json', '{"mobileAppAssignments": []}');
      write('team/c.json', '{}');
      write('ignored/intune-assign.config.json', '{}');
      write('.gitignore', 'ignored/\n');
      write('intune-assign.config.json', JSON.stringify({ apps: { 'a.assign.json': APP, 'team/b.assign.json': OTHER, 'gone.assign.json': '00000000-0000-4000-8000-000000000001' } }, null, 2));
      write('team/intune-assign.config.json', JSON.stringify({ apps: { 'b.assign.json': '00000000-0000-4000-8000-000000000002', 'c.json': '00000000-0000-4000-8000-000000000003', '../a.assign.json': APP } }, null, 2));
      const configs = findConfigs(root);
      assert.deepEqual(configs, [join(root, 'intune-assign.config.json'), join(root, 'team/intune-assign.config.json')]);
      const { bindings, problems } = loadBindings(configs);
      assert.deepEqual(bindings.map((b) => b.file), ['a.assign.json']);
      assert.deepEqual(
        problems.map((p) => `${p.config.slice(root.length + 1)}:${p.line}:${p.column} ${p.message.replace(root, 'ROOT').slice(0, 50)}`),
        [
          'intune-assign.config.json:4:5 "team/b.assign.json" is bound in two configuration',
          'intune-assign.config.json:5:5 "gone.assign.json" is bound to app 00000000-0000-4',
          'team/intune-assign.config.json:3:5 "b.assign.json" is bound in two configurations (al',
          'team/intune-assign.config.json:4:5 "c.json" is not an *.assign.json file: the editor ',
          'team/intune-assign.config.json:5:5 "../a.assign.json" is outside this configuration\'s',
        ],
      );
    });

    it('puts a new binding in the nearest configuration within the folder, else in the folder\'s own', () => {
      write('intune-assign.config.json', '{}');
      write('team/intune-assign.config.json', '{}');
      assert.equal(configForBinding(join(root, 'team/x/y.assign.json'), root), join(root, 'team/intune-assign.config.json'));
      assert.equal(configForBinding(join(root, 'z.assign.json'), join(root, 'team')), join(root, 'team/intune-assign.config.json'));
      rmSync(join(root, 'team/intune-assign.config.json'));
      assert.equal(configForBinding(join(root, 'team/x.assign.json'), join(root, 'team')), join(root, 'team/intune-assign.config.json'), 'not one above the folder');
      assert.equal(relativeToConfig(join(root, 'intune-assign.config.json'), join(root, 'team/x.assign.json')), 'team/x.assign.json');
      assert.equal(relativeToConfig(join(root, 'team/intune-assign.config.json'), join(root, 'x.assign.json')), undefined);
    });
  });

  describe('writing them', () => {
    it('keeps the file\'s formatting, rebinds a file written another way, and moves an app bound elsewhere', () => {
      const text = `{\n\t"rules": {"enum-casing": "off"},   "graphVersion": "beta",\n\t"apps": {\n\t\t"./a.assign.json": "${APP}",\n\t\t"b.assign.json": "${OTHER}"\n\t}\n}\n`;
      const out = editConfigText(text, { bind: { 'a.assign.json': OTHER }, names: { tenant: 't1', apps: { [OTHER]: 'Outlook' } } });
      assert.ok(out.startsWith('{\n\t"rules": {"enum-casing": "off"},   "graphVersion": "beta",\n'), out);
      const parsed = parseConfig(out);
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(parsed.config.apps, { 'a.assign.json': OTHER });
      assert.deepEqual(parsed.config.names, { tenant: 't1', apps: { [OTHER]: 'Outlook' } });
      assert.match(out, /\n\t\t"\.\/a\.assign\.json": "5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e02"/, 'the key as the user wrote it, indented with tabs');
    });

    it('refuses to write into what it cannot read, rather than lose it', () => {
      assert.throws(() => editConfigText('{"apps": [1, 2]}', { bind: { 'a.assign.json': APP } }), /"apps" in the configuration file is not an object/);
      assert.throws(() => editConfigText('{"rules": {},}', { bind: { 'a.assign.json': APP } }), /not a valid JSON object/);
    });

    it('makes a configuration when there is none, and writes thousands of bindings in one go', () => {
      const bind: Record<string, string> = {};
      const apps: Record<string, string> = {};
      for (let i = 0; i < 5000; i++) {
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        bind[`app-${i}.assign.json`] = id;
        apps[id] = `App ${i}`;
      }
      const started = Date.now();
      const out = editConfigText('', { bind, names: { apps } });
      const elapsed = Date.now() - started;
      const parsed = parseConfig(out);
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.bindings.length, 5000);
      assert.match(out, /^\{\n {2}"apps": \{\n {4}"app-0\.assign\.json": "00000000-0000-4000-8000-000000000000",\n/);
      // Linear, not one reparse per entry (which takes seconds at this size).
      assert.ok(elapsed < 2000, `${elapsed} ms`);
    });
  });
});
