// The linter's fast path never calls a document clean that the rules would report: it covers every rule, and
// thousands of random mutations of the valid corpus, under several options, never find it looser than the
// rules. It also has to be useful: the valid corpus is proved clean without the slow path.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAST_PATH_RULES } from '../../core/src/fastPath';
import { AssignDocument, Linter, RULES, ValidationOptions } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { manyTargets } from '../harness/hostile';
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

  describe('many targets (compared in place up to 16, indexed beyond)', () => {
    const guid = (i: number) => `00000000-0000-0000-0000-${i.toString(16).padStart(12, '0')}`;
    const assignment = (i: number, type = 'groupAssignmentTarget', intent = 'required') => ({ intent, target: { '@odata.type': `#microsoft.graph.${type}`, groupId: guid(i) } });
    const verdicts = (list: unknown[]) => {
      const text = JSON.stringify({ mobileAppAssignments: list }, null, 2);
      const slow = service.validate(AssignDocument.parse(text), OPTIONS[0]).map((f) => f.rule);
      return { fast: linter.lint(text, OPTIONS[0]).fast, slow };
    };

    it('proves forty distinct groups clean', () => {
      assert.deepEqual(verdicts(Array.from({ length: 40 }, (_, i) => assignment(i))), { fast: true, slow: [] });
    });

    for (const [at, earlier] of [[10, 3], [30, 3], [30, 25]]) {
      it(`doubts a group repeated at assignment ${at + 1} (first at ${earlier + 1}), which the rules report`, () => {
        const list = Array.from({ length: 40 }, (_, i) => assignment(i));
        // Another intent and the id in capitals: the same group all the same.
        list[at] = { ...assignment(earlier, 'groupAssignmentTarget', 'available'), target: { ...assignment(earlier).target, groupId: guid(earlier).toUpperCase() } };
        assert.deepEqual(verdicts(list), { fast: false, slow: ['duplicate-target'] });
      });

      it(`doubts a group excluded at assignment ${at + 1} and included at ${earlier + 1}, which the rules report`, () => {
        const list = Array.from({ length: 40 }, (_, i) => assignment(i));
        list[at] = assignment(earlier, 'exclusionGroupAssignmentTarget');
        assert.deepEqual(verdicts(list), { fast: false, slow: ['include-exclude-conflict'] });
      });
    }

    it('doubts all devices targeted twice among many groups', () => {
      const list: unknown[] = Array.from({ length: 40 }, (_, i) => assignment(i));
      list[2] = { intent: 'required', target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } };
      list[33] = { intent: 'uninstall', target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } };
      assert.deepEqual(verdicts(list), { fast: false, slow: ['duplicate-target'] });
    });

    it('proves 40,000 distinct groups clean (compared pair by pair, they took 36 seconds: past the suite timeout)', () => {
      assert.equal(linter.lint(manyTargets(40_000), OPTIONS[0]).fast, true);
    });
  });
});

