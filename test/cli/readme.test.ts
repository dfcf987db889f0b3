// The README stays true: its rules table lists exactly the rules the code has, with their default severities,
// every setting and command the extension contributes is documented, and so is every command-line flag.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../cli/src/commands';
import { helpText } from '../../cli/src/options';
import { RULES } from '../../core/src';

const root = join(__dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `README has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('README', () => {
  it('lists every rule with its default severity, in the code\'s order', () => {
    const rows = section('What it checks')
      .split('\n')
      .map((line) => /^\| `([a-z-]+)` \| (error|warning) \|/.exec(line))
      .filter((m): m is RegExpExecArray => Boolean(m))
      .map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(rows, RULES.map((r) => `${r.name} ${r.severity}`));
  });

  it('documents every setting with its default', () => {
    const settings = section('Settings');
    for (const [name, setting] of Object.entries<{ default: unknown }>(manifest.contributes.configuration.properties)) {
      const shown = setting.default === '' ? '(empty)' : `\`${String(setting.default)}\``;
      assert.ok(settings.includes(`| \`${name}\` | ${shown} |`), `${name} is not in the settings table with its default`);
    }
  });

  it('documents every contributed command', () => {
    for (const command of manifest.contributes.commands ?? []) assert.ok(readme.includes(command.command), command.command);
  });

  it('documents every command-line command', () => {
    for (const { spec } of COMMANDS) assert.ok(section('Command line').includes(`intune-assign ${spec.name}`), spec.name);
  });

  it('documents every flag of every command-line command', () => {
    for (const { spec } of COMMANDS) {
      const [command, usage] = [spec.name, helpText(spec)];
      const flags = new Set(usage.match(/--[a-z][a-z0-9-]*/g) ?? []);
      assert.ok(flags.size > 0, `no flags found in the usage of ${command}`);
      for (const flag of flags) assert.match(readme, new RegExp(`${flag}(?![a-z0-9-])`), `${command} ${flag} is not in the README`);
    }
  });
});
