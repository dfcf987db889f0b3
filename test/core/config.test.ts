// The configuration file: parsed with positioned problems, resolved per file with ESLint-like overrides, and
// its JSON Schema generated from the rules.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildConfigSchema, CONFIG_SCHEMA_FILE } from '../../scripts/generateConfigSchema';
import { parseConfig, resolveOptions } from '../../core/src';

const BASE = { graphVersion: 'beta', cloud: 'global' } as const;

describe('configuration file', () => {
  it('reads graphVersion, cloud, rules and overrides', () => {
    const { config, problems } = parseConfig(JSON.stringify({
      $schema: './schemas/intune-assign.config.schema.json',
      graphVersion: 'v1.0',
      cloud: 'usgov',
      rules: { 'empty-assignments': 'off' },
      overrides: [{ files: 'legacy/*.assign.json', graphVersion: 'beta', rules: { 'guid-format': 'warn' } }],
    }));
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      graphVersion: 'v1.0',
      cloud: 'usgov',
      rules: { 'empty-assignments': 'off' },
      overrides: [{ files: ['legacy/*.assign.json'], graphVersion: 'beta', rules: { 'guid-format': 'warn' } }],
    });
  });

  it('reports every problem with its line and column, and keeps what is right', () => {
    const text = '{\n  "graphVersion": "v2",\n  "rules": { "schema": "warn", "no-rule": "off", "enum-casing": 2 },\n  "extra": true,\n  "overrides": [{ "rules": {} }]\n}';
    const { config, problems } = parseConfig(text);
    assert.deepEqual(problems.map((p) => `${p.line}:${p.column} ${p.message.split(/[.:]/)[0]}`), [
      '2:19 "graphVersion" must be one of beta, v1',
      '3:32 Unknown rule "no-rule"',
      '3:65 The level of "enum-casing" must be "off", "warn" or "error"',
      '4:3 Unknown setting "extra"',
      '5:17 "files" must be a glob or a non-empty array of globs, relative to the configuration file',
    ]);
    assert.deepEqual(config.rules, { schema: 'warn' });
    assert.match(parseConfig('{"rules": {},}').problems[0].message, /Invalid JSON/);
    assert.match(parseConfig('[]').problems[0].message, /must be a JSON object/);
  });

  it('resolves options: base, then the file, then matching overrides in order', () => {
    const { config } = parseConfig(JSON.stringify({
      rules: { 'enum-casing': 'warn' },
      overrides: [
        { files: ['*.legacy.assign.json'], graphVersion: 'v1.0', rules: { 'enum-casing': 'off' } },
        { files: ['teams/a/**'], rules: { 'enum-casing': 'error', schema: 'warn' } },
      ],
    }));
    assert.deepEqual(resolveOptions(BASE, config, 'x.assign.json'), { graphVersion: 'beta', cloud: 'global', rules: { 'enum-casing': 'warn' } });
    assert.deepEqual(resolveOptions(BASE, config, 'deep/dir/old.legacy.assign.json').rules, { 'enum-casing': 'off' });
    assert.equal(resolveOptions(BASE, config, 'deep/dir/old.legacy.assign.json').graphVersion, 'v1.0');
    assert.deepEqual(resolveOptions(BASE, config, 'teams/a/z.legacy.assign.json').rules, { 'enum-casing': 'error', schema: 'warn' });
    assert.deepEqual(resolveOptions({ graphVersion: 'v1.0', cloud: 'china' }, undefined, 'x.assign.json'), { graphVersion: 'v1.0', cloud: 'china', rules: {} });
  });

  it('ships a JSON Schema for the file that matches the rules', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', CONFIG_SCHEMA_FILE), 'utf8'));
    assert.deepEqual(committed, buildConfigSchema(), 'schemas/intune-assign.config.schema.json is stale: run npm run schemas');
  });
});
