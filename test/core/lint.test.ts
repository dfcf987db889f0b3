// The command line's fast path (JSON.parse, a tree without positions) reports exactly what the positional
// path reports, and takes the positional path whenever there is any doubt.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssignDocument, Linter } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { assignment, body, DEFAULT_OPTIONS, service } from './helpers';

const linter = new Linter(TYPES);
const corpusDir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');

function same(text: string): void {
  const viaLinter = linter.lint(text, DEFAULT_OPTIONS).findings;
  const viaEditor = service.validate(AssignDocument.parse(text), DEFAULT_OPTIONS);
  assert.deepEqual(viaLinter, viaEditor, text.slice(0, 200));
}

describe('linter fast path', () => {
  it('proves the valid corpus clean without positions', () => {
    for (const file of readdirSync(corpusDir)) {
      const result = linter.lint(readFileSync(join(corpusDir, file), 'utf8'), DEFAULT_OPTIONS);
      assert.deepEqual(result, { findings: [], fast: true }, file);
    }
  });

  it('falls back to positions for a finding, a syntax error, a repeated key or deep nesting', () => {
    const cases = [
      body(assignment('Required')),
      '{"mobileAppAssignments": [],}',
      '{"mobileAppAssignments": [], "mobileAppAssignments": []}',
      `{"mobileAppAssignments": [{"intent": "required", "intent": "available", "target": {"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}]}`,
      `{"mobileAppAssignments": ${'['.repeat(200)}${']'.repeat(200)}}`,
      // A key repeated inside settings whose values hold colons: the walk counts them, not only the top level.
      `{"mobileAppAssignments": [{"intent": "required", "target": {"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}, "settings": {"@odata.type": "#microsoft.graph.win32LobAppAssignmentSettings", "installTimeSettings": {"useLocalTime": true, "deadlineDateTime": "2026-03-15T18:00:00Z", "deadlineDateTime": "2026-03-16T18:00:00Z"}}}]}`,
      '\uFEFF{"mobileAppAssignments": []}',
      '',
    ];
    for (const text of cases) {
      assert.equal(linter.lint(text, DEFAULT_OPTIONS).fast, false, text.slice(0, 80));
      same(text);
    }
  });

  it('is not fooled by colons inside strings, escaped or not', () => {
    const escaped = body({ ...assignment('required'), id: 'a:b:c' }).replace('"a:b:c"', '"a\\u003ab:c"');
    assert.deepEqual(linter.lint(escaped, DEFAULT_OPTIONS), { findings: [], fast: true });
    const plain = body({ ...assignment('required'), id: 'a:b' });
    assert.deepEqual(linter.lint(plain, DEFAULT_OPTIONS), { findings: [], fast: true });
    // A colon after an escaped quote looks like a key's: it only makes the fast path careful.
    const quoted = body({ ...assignment('required'), id: 'say "a": b' });
    assert.equal(linter.lint(quoted, DEFAULT_OPTIONS).fast, false);
    same(quoted);
  });

  it('doubts every repeated key of the corpus (each one-line member written twice in its object)', () => {
    let repeated = 0;
    for (const file of readdirSync(corpusDir)) {
      const lines = readFileSync(join(corpusDir, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        // A whole member on one line, followed by another member of the same object.
        if (!/^\s*"[^"]+": [^{[]*,$/.test(line)) return;
        const text = [...lines.slice(0, i + 1), line, ...lines.slice(i + 1)].join('\n');
        assert.equal(linter.lint(text, DEFAULT_OPTIONS).fast, false, `${file}: ${line.trim()} twice`);
        same(text);
        repeated++;
      });
    }
    assert.ok(repeated > 50, `only ${repeated} members repeated`);
  });

  it('finds a repeated key written with spaces and line breaks before its colon', () => {
    const spaced = `{"mobileAppAssignments": [{"intent" \t: "required", "intent"\r\n  : "available", "target": {"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}]}`;
    assert.equal(linter.lint(spaced, DEFAULT_OPTIONS).fast, false);
    same(spaced);
    assert.deepEqual(linter.lint(spaced.replace('"intent"\r\n  : "available", ', ''), DEFAULT_OPTIONS), { findings: [], fast: true });
  });

  it('agrees with the editor on broken variants of the corpus', () => {
    for (const file of readdirSync(corpusDir)) {
      const text = readFileSync(join(corpusDir, file), 'utf8');
      same(text.replace('"required"', '"Required"'));
      same(text.replace('"#microsoft.graph.', '"microsoft.graph.'));
    }
  });
});
