// The budget every document is held to (core/src/budget.ts), against the attacks that passed the first release:
// a comment hiding nesting from the depth guard, an edit that overflows, sizes and value counts that exhausted
// memory, problems built past the cap, and configuration files read less carefully than documents.
import * as assert from 'node:assert/strict';
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { AssignDocument, Linter, MAX_DEPTH, MAX_DOCUMENT_LENGTH, MAX_PROBLEMS, MAX_VALUES, measure, parseConfig } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { COMMENT_BYPASS, DEEP } from '../harness/hostile';
import { assignment, body, DEFAULT_OPTIONS, fixture, GROUP, service } from './helpers';


/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** The deepest nesting jsonc-parser's own scanner sees (the truth the guard must agree with). */
function scannerDepth(text: string): number {
  const scanner = createScanner(text, false);
  let depth = 0;
  let deepest = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) deepest = Math.max(deepest, ++depth);
    else if ((kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) && depth > 0) depth--;
  }
  return deepest;
}

describe('budget', () => {
  it('sees nesting hidden behind a quote in a comment: one problem, no stack overflow', () => {
    for (const text of [COMMENT_BYPASS, `// "\n${'['.repeat(5620)}`, `{"a": "\\"", "b": /* " */ ${'['.repeat(5620)}`]) {
      const findings = service.validate(AssignDocument.parse(text), DEFAULT_OPTIONS);
      assert.equal(findings.length, 1, text.slice(0, 20));
      assert.match(findings[0].message, /Nested more than 128 levels/);
    }
  });

  it('agrees with jsonc-parser\'s scanner on nesting, whatever strings, escapes and comments surround it', () => {
    const pieces = ['[', '{', ']', '}', '"', '\\', '\\"', '/*', '*/', '//', '\n', '\r', ' ', 'x', ':', ','];
    const next = random(7);
    for (let run = 0; run < 3000; run++) {
      let text = '';
      const length = 1 + Math.floor(next() * 60);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      // Past the limit exactly when the scanner says so.
      const deep = `${text}${'['.repeat(MAX_DEPTH)}`;
      assert.equal(measure(deep).over?.kind === 'depth', scannerDepth(deep) > MAX_DEPTH, JSON.stringify(deep.slice(0, 80)));
    }
  });

  it('an edit that overflows replaces the old tree and its problems; undoing it brings them back', () => {
    const text = body(assignment('Required'));
    const doc = AssignDocument.parse(text);
    assert.equal(service.validate(doc, DEFAULT_OPTIONS)[0].rule, 'enum-casing');
    const at = text.indexOf('"target"');
    // Inside an assignment: the incremental path must not keep the old assignment either.
    doc.applyEdit(at, at, COMMENT_BYPASS);
    assert.equal(doc.root, undefined);
    assert.deepEqual(service.validate(doc, DEFAULT_OPTIONS).map((f) => f.rule), ['json-syntax']);
    assert.match(service.validate(doc, DEFAULT_OPTIONS)[0].message, /Nested more than 128 levels/);
    doc.applyEdit(at, at + COMMENT_BYPASS.length, '');
    assert.equal(doc.text, text);
    assert.equal(service.validate(doc, DEFAULT_OPTIONS)[0].rule, 'enum-casing');
  });

  it('a document over the size limit gets one problem without being parsed', () => {
    const text = `{"mobileAppAssignments":[${'1,'.repeat(10 * 1024 * 1024)}1]}`;
    const doc = AssignDocument.parse(text);
    assert.equal(doc.refused?.kind, 'size');
    assert.equal(doc.root, undefined);
    const findings = service.validate(doc, DEFAULT_OPTIONS);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /over the limit of 8,388,608/);
  });

  it('a document with more values than any payload gets one problem; one just under is checked', () => {
    const over = AssignDocument.parse(`{"mobileAppAssignments":[${'1,'.repeat(MAX_VALUES)}1]}`);
    assert.equal(over.refused?.kind, 'values');
    assert.deepEqual(service.validate(over, DEFAULT_OPTIONS).map((f) => f.message.slice(0, 40)), ['The document has more than 500,000 value']);
    const under = AssignDocument.parse(`{"mobileAppAssignments":[${'1,'.repeat(MAX_VALUES - 10)}1]}`);
    assert.equal(under.refused, undefined);
    // Edits keep the count: growing past the limit inside one assignment refuses the document too.
    const doc = AssignDocument.parse(body(assignment('required')));
    const at = doc.text.indexOf('"settings"');
    doc.applyEdit(at, at, `"x": [${'1,'.repeat(MAX_VALUES)}1], `);
    assert.equal(doc.refused?.kind, 'values');
  });

  it('stops producing problems at the limit, keeping errors before warnings', () => {
    // 3,000 errors: production stops once the limit is full of errors, so the total is not known.
    const many = AssignDocument.parse(body(...Array.from({ length: 3000 }, () => assignment('install'))));
    const capped = service.validateWithin(many, DEFAULT_OPTIONS, MAX_PROBLEMS);
    assert.equal(capped.findings.length, MAX_PROBLEMS);
    assert.equal(capped.total, undefined);
    assert.ok(capped.findings.every((f) => f.severity === 'error'));
    // 1,500 warnings, then 20 errors at the very end: the errors are kept, and the total is exact.
    const group = (i: number) => `${String(i).padStart(8, '0')}-7b3f-4c55-9a61-0e8d2f6b7a10`;
    const warnings = Array.from({ length: 1500 }, (_, i) => assignment('required', { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: group(i) }));
    const errors = Array.from({ length: 20 }, (_, i) => assignment('install', { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: group(5000 + i) }));
    const text = body(...warnings, ...errors);
    const options = DEFAULT_OPTIONS;
    const all = service.validate(AssignDocument.parse(text), options);
    const kept = service.validateWithin(AssignDocument.parse(text), options, MAX_PROBLEMS);
    assert.equal(kept.total, all.length);
    assert.equal(all.filter((f) => f.severity === 'error').length, 20);
    assert.equal(kept.findings.filter((f) => f.severity === 'error').length, 20);
    assert.equal(kept.findings.length, MAX_PROBLEMS);
    // What the editor publishes: the limit and a first line saying what was left out.
    const published = service.doValidation(fixture(text).textDocument, AssignDocument.parse(text), options);
    assert.equal(published.length, MAX_PROBLEMS + 1);
    assert.match(published[0].message, new RegExp(`^${all.length} problems: the first 1000 are shown`));
  });

  it('the linter never throws: hostile text gets the editor\'s one problem', () => {
    const linter = new Linter(TYPES);
    for (const text of [COMMENT_BYPASS, DEEP, `{"mobileAppAssignments":[${'1,'.repeat(MAX_VALUES)}1]}`]) {
      const { findings } = linter.lint(text, DEFAULT_OPTIONS);
      assert.equal(findings.length, 1);
      assert.equal(findings[0].rule, 'json-syntax');
    }
    // A clean document over the size limit is not called clean by the fast path.
    const big = body(...Array.from({ length: 40000 }, (_, i) => assignment('required', { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: `${String(i).padStart(8, '0')}-7b3f-4c55-9a61-0e8d2f6b7a10` })));
    assert.ok(big.length > MAX_DOCUMENT_LENGTH);
    assert.deepEqual(linter.lint(big, DEFAULT_OPTIONS).findings.map((f) => f.rule), ['json-syntax']);
    // Nor one with more values than the budget allows, short as it is.
    const tracks = body(assignment('required', { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP }, {
      '@odata.type': '#microsoft.graph.androidManagedStoreAppAssignmentSettings',
      androidManagedStoreAppTrackIds: Array.from({ length: MAX_VALUES }, () => '1'),
    }));
    assert.deepEqual(linter.lint(tracks.replace(/,\s+"1"/g, ',"1"'), DEFAULT_OPTIONS).findings.map((f) => f.message.slice(0, 35)), ['The document has more than 500,000 ']);
  });

  it('outlines at most 5,000 symbols, saying how many assignments there are', () => {
    const f = fixture(body(...Array.from({ length: 3000 }, () => assignment('required'))));
    const [list] = service.getDocumentSymbols(f.textDocument, f.doc);
    const count = 1 + list.children!.reduce((n, s) => n + 1 + (s.children?.length ?? 0), 0);
    assert.ok(count <= 5000 && count > 4900, `${count}`);
    assert.equal(list.detail, `3000 assignments (the first ${list.children!.length} shown)`);
  });

  it('describes 300,000 syntax errors on one line in linear time (each looked back to the line start before: minutes)', () => {
    const text = `{"mobileAppAssignments": [${'1 '.repeat(300_000)}]}`;
    const findings = service.validate(AssignDocument.parse(text), DEFAULT_OPTIONS);
    assert.deepEqual(findings.filter((f) => f.rule === 'json-syntax').map((f) => f.message), ['A comma is expected here, between two members or elements.']);
  });

  it('a megabyte-long value makes neither a megabyte-long message nor a megabyte-long outline', () => {
    const f = fixture(`{"mobileAppAssignments": [{"intent": "${'x'.repeat(1_000_000)}"}]}`);
    const findings = service.validate(f.doc, DEFAULT_OPTIONS);
    assert.ok(findings.length > 0 && findings.every((x) => x.message.length <= 1000), findings.map((x) => x.message.length).join());
    assert.ok(JSON.stringify(service.getDocumentSymbols(f.textDocument, f.doc)).length < 2000);
  });

  it('reads a configuration file like a document: a byte order mark is fine, deep nesting a positioned problem', () => {
    assert.deepEqual(parseConfig('\uFEFF{ "graphVersion": "v1.0" }'), { config: { graphVersion: 'v1.0' }, problems: [], bindings: [] });
    const deep = parseConfig(`{\n  "rules": ${'['.repeat(20000)}`);
    assert.equal(deep.problems.length, 1);
    assert.deepEqual({ line: deep.problems[0].line, column: deep.problems[0].column }, { line: 2, column: 139 });
    assert.match(deep.problems[0].message, /Nested more than 128 levels deep/);
  });
});
