// `intune-assign lint` end to end: the built CLI on fixture folders, every format, every exit code, the
// configuration file, and files that cannot be read.
import * as assert from 'node:assert/strict';
import { readFileSync, symlinkSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft4 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { BROKEN, folder, remove, run, VALID, WARNING_ONLY } from './cliHelpers';

const sarifSchema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));

describe('intune-assign lint', function () {
  this.timeout(30_000);
  const made: string[] = [];
  const dir = (files: Record<string, string | Buffer>) => {
    const d = folder(files);
    made.push(d);
    return d;
  };
  after(() => made.forEach(remove));

  it('prints stylish problems grouped by file and exits 1 on errors', async () => {
    const cwd = dir({ 'apps/bad.assign.json': BROKEN, 'apps/good.assign.json': VALID });
    const r = await run(cwd, ['lint']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, [
      '',
      'apps/bad.assign.json',
      '  4:17  error    "Installed" is not a valid intent. Use one of available, required, uninstall, availableWithoutEnrollment.  schema',
      '  6:24  warning  Write the type with a leading \'#\': "#microsoft.graph.groupAssignmentTarget".  odata-type-prefix',
      '',
      '✖ 2 problems (1 error, 1 warning) in 2 files checked',
      '  1 problem can be fixed by the quick fixes in the editor ("Fix all").',
      '',
    ].join('\n'));
    assert.doesNotMatch(r.stdout, /\u001b\[/, 'colour without a TTY');
  });

  it('exits 0 when there are no problems, and says so', async () => {
    const r = await run(dir({ 'a.assign.json': VALID }), ['lint']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '✔ 1 file checked: no problems.\n');
  });

  it('--max-warnings: exit 0 within the limit, 1 beyond it', async () => {
    const cwd = dir({ 'a.assign.json': WARNING_ONLY });
    assert.equal((await run(cwd, ['lint', '--max-warnings', '1'])).code, 0);
    const over = await run(cwd, ['lint', '--max-warnings=0']);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /1 warnings, more than --max-warnings 0/);
  });

  it('--quiet reports errors only', async () => {
    const r = await run(dir({ 'a.assign.json': BROKEN }), ['lint', '--quiet', '--format', 'json']);
    assert.deepEqual(JSON.parse(r.stdout)[0].messages.map((m: { ruleId: string }) => m.ruleId), ['schema']);
  });

  it('--format json follows ESLint\'s shape with absolute paths and 1-based positions', async () => {
    const cwd = dir({ 'bad.assign.json': BROKEN, 'good.assign.json': VALID });
    const r = await run(cwd, ['lint', '--format', 'json']);
    assert.equal(r.code, 1);
    const results = JSON.parse(r.stdout);
    assert.deepEqual(results.map((x: { filePath: string }) => x.filePath), [join(cwd, 'bad.assign.json'), join(cwd, 'good.assign.json')]);
    assert.deepEqual(results[0].messages[0], {
      ruleId: 'schema',
      severity: 2,
      message: '"Installed" is not a valid intent. Use one of available, required, uninstall, availableWithoutEnrollment.',
      line: 4,
      column: 17,
      endLine: 4,
      endColumn: 28,
    });
    assert.equal(results[0].messages[1].severity, 1);
    assert.deepEqual([results[0].errorCount, results[0].warningCount, results[1].errorCount, results[1].messages.length], [1, 1, 0, 0]);
  });

  it('--format sarif is valid SARIF 2.1.0 with rules, help and paths relative to the repository root', async () => {
    const cwd = dir({ '.git/HEAD': 'ref: refs/heads/main\n', 'payloads/bad file.assign.json': BROKEN, 'payloads/good.assign.json': VALID });
    const r = await run(join(cwd, 'payloads'), ['lint', '--format', 'sarif']);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as { runs: any[] };
    // The SARIF 2.1.0 schema is written in JSON Schema draft-04.
    // Its "language" pattern has a stray ']' that only non-unicode regular expressions accept.
    const ajv = new AjvDraft4({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(sarifSchema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const run0 = log.runs[0];
    assert.ok(run0.tool.driver.rules.length >= 23);
    const rule = run0.tool.driver.rules.find((x: { id: string }) => x.id === 'schema');
    assert.match(rule.help.text, /value outside an enum/);
    assert.deepEqual(run0.results.map((x: { ruleId: string; level: string }) => `${x.ruleId} ${x.level}`), ['schema error', 'odata-type-prefix warning']);
    const location = run0.results[0].locations[0].physicalLocation;
    assert.deepEqual(location.artifactLocation, { uri: 'payloads/bad%20file.assign.json', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(location.region, { startLine: 4, startColumn: 17, endLine: 4, endColumn: 28 });
    assert.equal(run0.results[0].ruleIndex, run0.tool.driver.rules.indexOf(rule));
    assert.equal(run0.invocations[0].executionSuccessful, true);
  });

  it('--format github writes workflow commands', async () => {
    const cwd = dir({ '.git/HEAD': '', 'x/bad.assign.json': BROKEN });
    const r = await run(join(cwd, 'x'), ['lint', '--format', 'github']);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], '::error file=x/bad.assign.json,line=4,col=17,endLine=4,endColumn=28,title=schema::"Installed" is not a valid intent. Use one of available, required, uninstall, availableWithoutEnrollment.');
    assert.match(lines[1], /^::warning file=x\/bad.assign.json,line=6,col=24,.*title=odata-type-prefix::/);
  });

  it('--output writes the report to a file', async () => {
    const cwd = dir({ 'a.assign.json': BROKEN });
    const r = await run(cwd, ['lint', '--format', 'json', '--output', 'report.json']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8'))[0].errorCount, 1);
    const failed = await run(cwd, ['lint', '--output', join(cwd, 'no-such-folder', 'r.txt')]);
    assert.equal(failed.code, 2);
    assert.match(failed.stderr, /cannot write/);
  });

  it('honours .gitignore and skips node_modules when given no path', async () => {
    const cwd = dir({
      '.gitignore': 'generated/\n',
      'ok.assign.json': VALID,
      'generated/bad.assign.json': BROKEN,
      'node_modules/pkg/bad.assign.json': BROKEN,
      'sub/.gitignore': 'local.assign.json\n',
      'sub/local.assign.json': BROKEN,
      'sub/kept.assign.json': VALID,
      'notes.json': BROKEN,
    });
    const r = await run(cwd, ['lint', '--format', 'json']);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(JSON.parse(r.stdout).map((x: { filePath: string }) => x.filePath.slice(cwd.length + 1)), ['ok.assign.json', 'sub/kept.assign.json']);
  });

  it('takes files, folders and globs', async () => {
    const cwd = dir({ 'a/one.assign.json': VALID, 'a/deep/two.assign.json': VALID, 'b/three.assign.json': BROKEN, 'odd-name.json': VALID });
    const r = await run(cwd, ['lint', '--format', 'json', 'a/**/*.assign.json', 'odd-name.json', 'a']);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).map((x: { filePath: string }) => x.filePath.slice(cwd.length + 1)), ['a/deep/two.assign.json', 'a/one.assign.json', 'odd-name.json']);
  });

  it('reads intune-assign.config.json: levels, overrides, graph version', async () => {
    const config = {
      graphVersion: 'v1.0',
      rules: { 'odata-type-prefix': 'off', schema: 'warn' },
      overrides: [{ files: ['legacy/**'], graphVersion: 'beta', rules: { schema: 'off' } }],
    };
    const filtered = VALID.replace('"groupId"', '"deviceAndAppManagementAssignmentFilterType": "none", "groupId"');
    const cwd = dir({ 'intune-assign.config.json': JSON.stringify(config), 'new/a.assign.json': BROKEN, 'new/b.assign.json': filtered, 'legacy/c.assign.json': BROKEN, 'legacy/d.assign.json': filtered });
    const r = await run(join(cwd, 'new'), ['lint', '--format', 'json', '..']);
    const byFile = Object.fromEntries(JSON.parse(r.stdout).map((x: { filePath: string; messages: { ruleId: string; severity: number }[] }) => [x.filePath.slice(cwd.length + 1), x.messages.map((m) => `${m.ruleId}:${m.severity}`)]));
    assert.deepEqual(byFile, {
      'legacy/c.assign.json': [],
      'legacy/d.assign.json': [],
      'new/a.assign.json': ['schema:1'],
      'new/b.assign.json': ['beta-only:2'],
    });
    assert.equal(r.code, 1);
    // Flags win over the file and its overrides.
    const flagged = await run(cwd, ['lint', '--format', 'json', '--graph-version', 'beta', 'new/b.assign.json']);
    assert.equal(flagged.code, 0);
  });

  it('--config names the file; a bad configuration is a clear exit 2', async () => {
    const cwd = dir({ 'cfg/strict.json': '{"rules": {"odata-type-prefix": "error"}}', 'a.assign.json': WARNING_ONLY, 'bad.json': '{\n  "rules": {"no-such-rule": "warn", "schema": "loud"}\n}' });
    assert.equal((await run(cwd, ['lint', '--config', 'cfg/strict.json'])).code, 1);
    const bad = await run(cwd, ['lint', '--config', 'bad.json']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.json:2:13: Unknown rule "no-such-rule"/);
    assert.match(bad.stderr, /bad\.json:2:47: The level of "schema" must be "off", "warn" or "error"/);
    assert.equal((await run(cwd, ['lint', '--config', 'missing.json'])).code, 2);
  });

  it('usage errors exit 2 and say what was expected', async () => {
    const cwd = dir({ 'a.assign.json': VALID });
    for (const args of [['lint', '--format', 'xml'], ['lint', '--nope'], ['lint', '--max-warnings', 'many'], ['lint', '--graph-version', 'v2']]) {
      const r = await run(cwd, args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /intune-assign lint: .*\n\nUsage: intune-assign lint/);
    }
    const help = await run(cwd, ['lint', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--max-warnings N/);
  });

  it('reports files it cannot check by name, lints the others, and exits 2 when none could be checked', async () => {
    const cwd = dir({
      'good.assign.json': VALID,
      'utf16.assign.json': Buffer.from(`\ufeff${VALID}`, 'utf16le'),
      'latin1.assign.json': Buffer.from('{"mobileAppAssignments": [], "x": "caf\xe9"}', 'latin1'),
      'big.assign.json': '',
    });
    truncateSync(join(cwd, 'big.assign.json'), 51 * 1024 * 1024);
    symlinkSync(join(cwd, 'loop-b.assign.json'), join(cwd, 'loop-a.assign.json'));
    symlinkSync(join(cwd, 'loop-a.assign.json'), join(cwd, 'loop-b.assign.json'));
    const r = await run(cwd, ['lint', '--format', 'json', '.', 'missing.assign.json']);
    assert.equal(r.code, 1, r.stderr);
    const results = JSON.parse(r.stdout);
    const fatal = results.filter((x: { fatalErrorCount: number }) => x.fatalErrorCount).map((x: { messages: { message: string }[] }) => x.messages[0].message);
    assert.equal(fatal.length, 6, fatal.join('\n'));
    for (const pattern of [/missing\.assign\.json does not exist/, /utf16\.assign\.json is UTF-16/, /latin1\.assign\.json is not UTF-8/, /big\.assign\.json is 51 MB, over the 8 MB limit/, /loop-a\.assign\.json is a symbolic link loop/]) {
      assert.ok(fatal.some((m: string) => pattern.test(m)), `${pattern} in ${fatal.join('\n')}`);
      assert.match(r.stderr, pattern);
    }
    assert.ok(results.some((x: { filePath: string; messages: unknown[] }) => x.filePath.endsWith('good.assign.json') && x.messages.length === 0));
    const nothing = await run(cwd, ['lint', 'latin1.assign.json', 'missing.assign.json']);
    assert.equal(nothing.code, 2);
    const none = await run(dir({ 'readme.md': '' }), ['lint']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no \*\.assign\.json files found/);
  });

  it('gives the same results in worker threads as in one thread, in file order', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 450; i++) files[`d${i % 7}/f${String(i).padStart(3, '0')}.assign.json`] = i % 17 === 0 ? BROKEN : VALID;
    const cwd = dir(files);
    const threads = await run(cwd, ['lint', '--format', 'json', '--concurrency', '3']);
    const single = await run(cwd, ['lint', '--format', 'json', '--concurrency', '1']);
    assert.equal(threads.code, 1);
    assert.equal(threads.stdout, single.stdout);
    const paths = JSON.parse(threads.stdout).map((x: { filePath: string }) => x.filePath);
    assert.deepEqual(paths, [...paths].sort());
    assert.equal(paths.length, 450);
  });

  it('writes colour only to a terminal, and never with NO_COLOR', async () => {
    const cwd = dir({ 'a.assign.json': BROKEN });
    const forced = await run(cwd, ['lint'], { FORCE_COLOR: '1', NO_COLOR: '' });
    assert.match(forced.stdout, /\u001b\[31m/);
    const refused = await run(cwd, ['lint'], { FORCE_COLOR: '1', NO_COLOR: '1' });
    assert.doesNotMatch(refused.stdout, /\u001b\[/);
  });
});
