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

const corpusDir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');
const corpus = readdirSync(corpusDir).map((f) => JSON.parse(readFileSync(join(corpusDir, f), 'utf8')) as unknown);
const linter = new Linter(TYPES);

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every container in a value with the keys it holds, so a mutation can pick any place. */
function places(value: Json, found: { holder: Json[] | Record<string, Json>; key: string | number }[] = []): typeof found {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      found.push({ holder: value, key: i });
      places(v, found);
    });
  } else if (value && typeof value === 'object') {
    for (const k of Object.keys(value)) {
      found.push({ holder: value, key: k });
      places(value[k], found);
    }
  }
  return found;
}

const STRINGS = ['Required', 'required', 'available', 'uninstall', 'availableWithoutEnrollment', 'unknownFutureValue', 'none', 'include', 'exclude', 'foreground', 'notConfigured', 'showAll', 'Sales', '', 'microsoft.graph.groupAssignmentTarget', '#microsoft.graph.groupAssignmentTarget', '#microsoft.graph.allDevicesAssignmentTarget', '#microsoft.graph.exclusionGroupAssignmentTarget', '#microsoft.graph.allLicensedUsersAssignmentTarget', '#microsoft.graph.winGetAppAssignmentSettings', '#microsoft.graph.iosLobAppAssignmentSettings', '#microsoft.graph.deviceAndAppManagementAssignmentTarget', '#microsoft.graph.GroupAssignmentTarget', '#microsoft.graph.Win32LobAppAssignmentSettings', 'Include', 'Available', '4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10', '{4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10}', '2026-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00', '2026-13-01T00:00:00Z', 'direct'];
const KEYS = ['source', 'sourceId', 'isRemovable', 'preventManagedAppBackup', 'uninstallOnDeviceRemoval', 'deviceAndAppManagementAssignmentFilterId', 'deviceAndAppManagementAssignmentFilterType', 'groupId', 'collectionId', 'bogus', '@odata.type', '@odata.context', 'startDateTime', 'deadlineDateTime', 'useDeviceContext', 'value', 'autoUpdateSettings', 'settings'];

function mutate(value: Json, next: () => number): void {
  const all = places(value);
  if (!all.length) return;
  const { holder, key } = all[Math.floor(next() * all.length)];
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const roll = next();
  const h = holder as Record<string | number, Json>;
  if (roll < 0.35) h[key] = pick(STRINGS);
  else if (roll < 0.45) h[key] = pick<Json>([null, true, false, 0, 1.5, 4294967296, [], {}]);
  else if (roll < 0.55 && !Array.isArray(holder)) delete h[key];
  else if (roll < 0.7 && !Array.isArray(holder)) h[pick(KEYS)] = pick<Json>([...STRINGS, null, true, false]);
  else if (roll < 0.8 && Array.isArray(holder)) holder.push(JSON.parse(JSON.stringify(holder[key as number])));
  else if (roll < 0.9 && Array.isArray(holder)) holder.splice(key as number, 1);
  else h[key] = JSON.parse(JSON.stringify(pick(all).holder)) as Json;
}

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
