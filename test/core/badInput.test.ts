// Hostile and odd input: the core answers with diagnostics or nothing, never a crash or a hang.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AssignDocument, MAX_DOCUMENT_LENGTH } from '../../core/src';
import { assignment, body, DEFAULT_OPTIONS, describeFindings, fixture, GROUP, service, validate } from './helpers';

/** Runs every feature once on a document, as an editor would. */
function exercise(text: string): void {
  const f = fixture(text);
  const middle = f.textDocument.positionAt(Math.floor(text.length / 2));
  service.validate(f.doc, DEFAULT_OPTIONS);
  service.doComplete(f.textDocument, f.doc, middle, DEFAULT_OPTIONS);
  service.doHover(f.textDocument, f.doc, middle, DEFAULT_OPTIONS);
  service.getCodeActions(f.textDocument, f.doc, { start: middle, end: middle }, DEFAULT_OPTIONS);
  service.getDocumentSymbols(f.textDocument, f.doc);
  service.getFoldingRanges(f.textDocument, f.doc, 5000);
  service.getSelectionRanges(f.textDocument, f.doc, [middle]);
}

describe('bad input', () => {
  it('a document just under the size limit is validated whole, with its one mistake found; one over it is refused', function () {
    this.timeout(60_000); // a hang guard, not a speed target: bench.mjs measures speed
    const many = Array.from({ length: 30000 }, (_, i) => assignment(i % 2 ? 'required' : 'available', { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: `${String(i).padStart(8, '0')}-7b3f-4c55-9a61-0e8d2f6b7a10` }));
    many[29999] = assignment('Required', { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' });
    const text = body(...many);
    assert.ok(text.length > 7_000_000 && text.length <= MAX_DOCUMENT_LENGTH, `${text.length}`);
    assert.deepEqual(describeFindings(text, validate(text)), ['enum-casing warning: "Required"']);
    exercise(text);
    const over = text.replace('"mobileAppAssignments": [', `"mobileAppAssignments": [${' '.repeat(MAX_DOCUMENT_LENGTH - text.length + 1)}`);
    const findings = validate(over);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /over the limit of 8,388,608 \(8 MB/);
    exercise(over);
  });

  it('a 20,000-deep nested array gets one clear error, not a stack overflow', () => {
    const text = `{"mobileAppAssignments": ${'['.repeat(20000)}${']'.repeat(20000)}}`;
    const findings = validate(text);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /Nested more than 128 levels/);
    exercise(text);
  });

  it('deep nesting inside an assignment being edited falls back safely', () => {
    const doc = AssignDocument.parse(body(assignment('required')));
    const at = doc.text.indexOf('"settings"');
    doc.applyEdit(at, at, `"x": ${'['.repeat(5000)}${']'.repeat(5000)}, `);
    assert.match(service.validate(doc, DEFAULT_OPTIONS)[0].message, /Nested more than/);
  });

  it('binary junk gives a bounded number of syntax errors', () => {
    const text = randomBytes(200_000).toString('latin1');
    const findings = validate(text);
    assert.ok(findings.length >= 1 && findings.length <= 51, `${findings.length}`);
    assert.ok(findings.every((f) => f.rule === 'json-syntax' || f.rule === 'schema'));
    exercise(text);
  });

  it('a byte order mark is ignored', () => {
    assert.deepEqual(validate(`\uFEFF${body(assignment('required'))}`), []);
  });

  it('CRLF line ends give the same findings at the same lines', () => {
    const lf = body(assignment('Required'));
    const crlf = lf.replace(/\n/g, '\r\n');
    const line = (text: string) => fixture(text).textDocument.positionAt(validate(text)[0].offset);
    assert.deepEqual(line(crlf), line(lf));
    exercise(crlf);
  });

  it('an empty file says what it needs', () => {
    assert.deepEqual(describeFindings('', validate('')), ['json-syntax error: ']);
    assert.match(validate('  \n')[0].message, /empty/);
    exercise('');
  });

  it('a root that is not an object says what the body is', () => {
    for (const text of ['[]', '42', '"text"', 'null', 'true']) {
      const findings = validate(text);
      assert.equal(findings.length, 1, text);
      assert.match(findings[0].message, /must be a JSON object/);
      exercise(text);
    }
  });

  it('hostile strings and keys are reported, not executed or echoed unbounded', () => {
    const huge = 'x'.repeat(1_000_000);
    const text = body({ ...assignment('required', { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: huge }), ['__proto__']: { polluted: true }, constructor: 1 });
    const findings = validate(text);
    assert.deepEqual(findings.map((f) => f.rule).sort(), ['guid-format', 'schema', 'schema']);
    assert.ok(findings.every((f) => f.message.length < 2000), 'a message echoes a huge value');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(GROUP);
  });
});
