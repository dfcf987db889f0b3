// Format Document and Format Selection: the examples' layout (JSON.stringify's with an indent), whatever the
// input's; linear and bounded on hostile nesting; edits always well formed and few.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatJson, MAX_DEPTH } from '../../core/src';
import { assignment, body, fixture, service } from './helpers';

const root = join(__dirname, '..', '..', '..');
const samples = [
  ...readdirSync(join(root, 'test', 'fixtures', 'corpus')).map((f) => join(root, 'test', 'fixtures', 'corpus', f)),
  ...readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json')).map((f) => join(root, 'examples', f)),
].map((path) => ({ name: path.slice(root.length + 1), text: readFileSync(path, 'utf8') }));

type Edit = { offset: number; length: number; text: string };

function apply(text: string, edits: Edit[]): string {
  let result = '';
  let at = 0;
  for (const e of edits) {
    assert.equal(typeof e.text, 'string', 'every edit has its text');
    assert.ok(e.offset >= at, 'edits in order, none overlapping');
    result += text.slice(at, e.offset) + e.text;
    at = e.offset + e.length;
  }
  return result + text.slice(at);
}

function format(text: string, tabSize = 2, insertSpaces = true, range?: { start: number; end: number }): string {
  const { edits, refused } = formatJson(text, { tabSize, insertSpaces }, range);
  assert.equal(refused, undefined);
  return apply(text, edits);
}

describe('formatting', () => {
  it('lays every example and corpus file out as the examples are, from any layout', () => {
    for (const { name, text } of samples) {
      const value = JSON.parse(text) as unknown;
      const expected = JSON.stringify(value, null, 2);
      for (const input of [JSON.stringify(value), JSON.stringify(value, null, 4), JSON.stringify(value, null, '\t'), text]) {
        assert.equal(format(input).trimEnd(), expected, name);
      }
      assert.equal(format(expected), expected, `${name}: formatting is idempotent`);
      assert.equal(format(JSON.stringify(value), 4, true), JSON.stringify(value, null, 4), name);
      assert.equal(format(JSON.stringify(value), 4, false), JSON.stringify(value, null, '\t'), name);
    }
  });

  it('spreads a one-line nested object over lines, keeps {} and [] whole, and leaves the examples untouched', () => {
    const oneLine = '{\n  "mobileAppAssignments": [\n    {\n      "intent": "required",\n      "target": { "@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "x" },\n      "settings": {}, "x": [ ]\n    }\n  ]\n}\n';
    assert.equal(
      format(oneLine),
      '{\n  "mobileAppAssignments": [\n    {\n      "intent": "required",\n      "target": {\n        "@odata.type": "#microsoft.graph.groupAssignmentTarget",\n        "groupId": "x"\n      },\n      "settings": {},\n      "x": []\n    }\n  ]\n}\n',
    );
    for (const { name, text } of samples.filter((s) => s.name.startsWith('examples'))) {
      assert.deepEqual(formatJson(text, { tabSize: 2, insertSpaces: true }).edits, [], name);
    }
  });

  it('keeps a byte order mark, CRLF line ends and comments', () => {
    assert.equal(format('\uFEFF{"a":1}'), '\uFEFF{\n  "a": 1\n}');
    assert.equal(format('{"a":1,\r\n"b":2}'), '{\r\n  "a": 1,\r\n  "b": 2\r\n}');
    assert.equal(format('{ // note\n"a":1, /* why */ "b": [2]}'), '{ // note\n  "a": 1, /* why */\n  "b": [\n    2\n  ]\n}');
  });

  it('formats only the selection, indenting it as its nesting says', () => {
    const text = '{\n"mobileAppAssignments": [\n{"intent": "required"}\n]\n}';
    const start = text.indexOf('{"intent"');
    const formatted = format(text, 2, true, { start, end: start + '{"intent": "required"}'.length });
    assert.equal(formatted, '{\n"mobileAppAssignments": [\n    {\n      "intent": "required"\n    }\n]\n}');
  });

  it('gives every edit its text at any depth within the budget (jsonc-parser lost it at column 200)', () => {
    const depth = 110;
    const text = `${'['.repeat(depth)}${']'.repeat(depth)}`.replace(`${'['.repeat(depth)}`, `${'['.repeat(depth - 1)}[1`);
    const formatted = format(text);
    const lines = formatted.split('\n');
    assert.equal(lines[depth - 1], `${' '.repeat(2 * (depth - 1))}[`);
    assert.equal(lines[depth], `${' '.repeat(2 * depth)}1`);
    // The core's entry point answers LSP edits that all have their text, too.
    const f = fixture(text);
    assert.ok(service.format(f.textDocument, f.doc, undefined, { tabSize: 2, insertSpaces: true }).edits.every((e) => typeof e.newText === 'string'));
  });

  it('refuses nesting past the budget instead of writing out its square (20,000 levels: 4 GB before)', () => {
    for (const depth of [MAX_DEPTH + 1, 1000, 20000]) {
      const text = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const { edits, refused } = formatJson(text, { tabSize: 2, insertSpaces: true });
      assert.deepEqual(edits, []);
      assert.match(refused!, /nests more than 128 levels/);
    }
    // An absurd tab size is taken as two spaces, not as a million.
    assert.equal(format('{"a":1}', 1_000_000), '{\n  "a": 1\n}');
  });

  it('changes only whitespace outside strings and comments, whatever the text', () => {
    const pieces = ['{', '}', '[', ']', ':', ',', ' ', '\n', '\r\n', '\t', '"a b"', '"x\\" y"', '"open', '// c d\n', '/* c\n d */', '/*', '1', '-2.5e3', 'true', 'nul', 'x y', '\u00a0', '\uFEFF', '/'];
    let state = 11;
    const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let run = 0; run < 2000; run++) {
      let text = '';
      for (let i = 0, n = 1 + Math.floor(next() * 40); i < n; i++) text += pieces[Math.floor(next() * pieces.length)];
      const once = apply(text, formatJson(text, { tabSize: 2, insertSpaces: true }).edits);
      assert.equal(once.replace(/\s/g, ''), text.replace(/\s/g, ''), JSON.stringify(text));
      // Whitespace inside strings and comments is theirs: the same tokens, the same text between the gaps.
      const strings = (t: string) => t.match(/"(?:[^"\\\r\n]|\\.)*"?|\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\r\n]*/g) ?? [];
      assert.deepEqual(strings(once), strings(text), JSON.stringify(text));
    }
  });

  it('settles in one pass: random JSON with random whitespace and comments formats to itself the second time', () => {
    let state = 5;
    const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const gap = () => ['', ' ', '\n', '  \n\t', ' /* c */ ', ' // c\n', '\r\n'][Math.floor(next() * 7)];
    const value = (depth: number): string => {
      const roll = next();
      if (depth > 4 || roll < 0.3) return ['1', '"s"', 'true', 'null', '"a b"', '-0.5'][Math.floor(next() * 6)];
      const n = Math.floor(next() * 4);
      const items = Array.from({ length: n }, (_, i) => (roll < 0.65 ? `${gap()}"k${i}"${gap()}:${gap()}${value(depth + 1)}${gap()}` : `${gap()}${value(depth + 1)}${gap()}`));
      return roll < 0.65 ? `{${items.join(',') || gap()}}` : `[${items.join(',') || gap()}]`;
    };
    for (let run = 0; run < 1000; run++) {
      const text = value(0);
      const once = apply(text, formatJson(text, { tabSize: 2, insertSpaces: true }).edits);
      assert.deepEqual(formatJson(once, { tabSize: 2, insertSpaces: true }).edits, [], `not settled: ${JSON.stringify(text)} -> ${JSON.stringify(once)}`);
    }
  });

  it('answers a large document with a few hundred chunked edits, not one per line', () => {
    const many = Array.from({ length: 5000 }, (_, i) => assignment('required', { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: `${String(i).padStart(8, '0')}-7b3f-4c55-9a61-0e8d2f6b7a10` }));
    const minified = JSON.stringify(JSON.parse(body(...many)));
    const { edits } = formatJson(minified, { tabSize: 2, insertSpaces: true });
    const expected = JSON.stringify(JSON.parse(minified), null, 2);
    assert.equal(apply(minified, edits), expected);
    assert.ok(edits.length <= expected.length / 16_000 + 10, `${edits.length} edits`);
    assert.ok(edits.every((e) => e.text.length <= 16 * 1024 + 300));
  });
});
