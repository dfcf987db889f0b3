// The linter's fast path never calls a document clean that the rules would report: it covers every rule, and
// thousands of random mutations of the valid corpus, under several options, never find it looser than the
// rules. It also has to be useful: the valid corpus is proved clean without the slow path.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAST_PATH_RULES } from '../../core/src/fastPath';
import { AssignDocument, Linter, RULES, ValidationOptions } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { service } from './helpers';
import { type Json, mutate, random } from './mutations';

const corpusDir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');
const corpus = readdirSync(corpusDir).map((f) => JSON.parse(readFileSync(join(corpusDir, f), 'utf8')) as unknown);
const linter = new Linter(TYPES);

const OPTIONS: ValidationOptions[] = [
  { graphVersion: 'beta', cloud: 'global' },
  { graphVersion: 'v1.0', cloud: 'global' },
  { graphVersion: 'beta', cloud: 'usgov' },
];

describe('linter fast path (soundness)', () => {
  it('covers every rule of the registry', () => {
    assert.deepEqual([...FAST_PATH_RULES].sort(), RULES.map((r) => r.name).sort());
  });

  it('proves the valid corpus clean without the rules', () => {
    for (const value of corpus) assert.equal(linter.lint(JSON.stringify(value, null, 2), OPTIONS[0]).fast, true);
  });

  it('never calls clean a mutated document the rules report (4,500 mutations, three option sets)', () => {
    const next = random(7);
    let fastClean = 0;
    let rulesClean = 0;
    for (let i = 0; i < 1500; i++) {
      const value = JSON.parse(JSON.stringify(corpus[i % corpus.length])) as Json;
      const mutations = 1 + Math.floor(next() * 3);
      for (let m = 0; m < mutations; m++) mutate(value, next);
      const text = JSON.stringify(value, null, 2);
      for (const options of OPTIONS) {
        const slow = service.validate(AssignDocument.parse(text), options);
        const fast = linter.lint(text, options);
        if (fast.fast) {
          fastClean++;
          assert.deepEqual(slow.map((f) => `${f.rule}: ${f.message}`), [], `the fast path called this clean under ${JSON.stringify(options)}:\n${text}`);
        } else {
          assert.deepEqual(fast.findings, slow);
        }
        if (slow.length === 0) rulesClean++;
      }
    }
    // The fast path is allowed to doubt, but it should rarely doubt a clean document.
    assert.ok(fastClean >= rulesClean * 0.9, `fast path proved ${fastClean} of ${rulesClean} clean documents`);
    assert.ok(rulesClean > 100, `only ${rulesClean} mutated documents stayed clean: the fuzzing is too rough to say much`);
  });
});
