// Incremental re-parsing gives exactly what parsing the whole edited text gives: random edits inside
// assignments (valid and broken ones), across them, and at the top level.
import * as assert from 'node:assert/strict';
import { AssignDocument } from '../../core/src';
import { body, DEFAULT_OPTIONS, GROUP, groupTarget, assignment, NS, service } from './helpers';

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const SNIPPETS = ['"', '}', '{', ',', ' ', '\n', 'x', '"intent": "available"', '"Required"', '[', ']', 'null', '"groupId": "bad"', '//', `"${GROUP}"`];

function comparable(doc: AssignDocument) {
  return service.validate(doc, DEFAULT_OPTIONS).map((f) => `${f.rule}@${f.offset}+${f.length} ${f.message}`);
}

describe('incremental parsing', () => {
  const start = body(
    assignment('required'),
    assignment('available', { '@odata.type': `${NS}allLicensedUsersAssignmentTarget` }),
    assignment('uninstall', groupTarget('9f1b3c5d-2e4a-4b6c-8d0e-1f2a3b4c5d6e'), { '@odata.type': `${NS}iosLobAppAssignmentSettings`, isRemovable: null }),
    assignment('required', groupTarget(GROUP, 'exclusionGroupAssignmentTarget')),
  );

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`matches a full parse after 150 random edits (seed ${seed})`, () => {
      const next = random(seed);
      const doc = AssignDocument.parse(start);
      let text = start;
      let incremental = 0;
      for (let step = 0; step < 150; step++) {
        const at = Math.floor(next() * text.length);
        const removed = next() < 0.5 ? Math.floor(next() * 6) : 0;
        const inserted = next() < 0.7 ? SNIPPETS[Math.floor(next() * SNIPPETS.length)] : '';
        const end = Math.min(text.length, at + removed);
        text = text.slice(0, at) + inserted + text.slice(end);
        if (doc.applyEdit(at, end, inserted)) incremental++;
        assert.equal(doc.text, text);
        // Validate both ways at every step, so cached per-assignment results are exercised too.
        assert.deepEqual(comparable(doc), comparable(AssignDocument.parse(text)), `step ${step}: ${JSON.stringify(text)}`);
      }
      assert.ok(incremental > 0, 'no edit was applied incrementally');
    });
  }

  it('re-parses only the assignment an edit falls in', () => {
    const doc = AssignDocument.parse(start);
    const second = doc.assignments[1];
    const offset = doc.text.indexOf('available');
    assert.equal(doc.applyEdit(offset, offset + 'available'.length, 'required'), true);
    assert.notEqual(doc.assignments[1], second);
    assert.equal(doc.applyEdit(0, 1, '{ '), false);
  });
});
