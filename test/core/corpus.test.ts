// The corpus of realistic valid payloads: one per settings type, several per target type, multi-assignment
// documents and one shaped as Graph's GET answers. The core reports nothing on them, and the generated JSON
// Schemas accept them too, so the schema and the core agree.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import typeMap from '../../schemas/graph-types.json';
import { describeFindings, validate } from './helpers';

const root = join(__dirname, '..', '..', '..');
const corpusDir = join(root, 'test', 'fixtures', 'corpus');
const corpus = readdirSync(corpusDir).filter((f) => f.endsWith('.assign.json'));
const read = (path: string) => readFileSync(path, 'utf8');
const schema = (version: string) => JSON.parse(read(join(root, 'schemas', `assign.${version}.schema.json`)));

function compile(version: string) {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(schema(version));
}

describe('corpus of valid payloads', () => {
  const validateBeta = compile('beta');

  for (const file of corpus) {
    it(`${file} has no findings and matches the beta JSON Schema`, () => {
      const text = read(join(corpusDir, file));
      assert.deepEqual(describeFindings(text, validate(text)), []);
      assert.ok(validateBeta(JSON.parse(text)), JSON.stringify(validateBeta.errors));
    });
  }

  it('the examples outside examples/mistakes/ have no findings', () => {
    const examples = join(root, 'examples');
    const files = readdirSync(examples).filter((f) => f.endsWith('.assign.json'));
    assert.ok(files.length >= 3);
    for (const file of files) {
      const text = read(join(examples, file));
      assert.deepEqual(describeFindings(text, validate(text)), [], file);
    }
  });

  it('covers every concrete beta settings type and every target type', () => {
    const all = corpus.map((f) => read(join(corpusDir, f))).join('\n');
    const concrete = Object.entries(typeMap.versions.beta.types)
      .filter(([, t]) => (t as { slot?: string }).slot && !t.abstract)
      .map(([name]) => name);
    assert.equal(concrete.length, 22); // 5 targets + 17 settings
    for (const name of concrete) assert.ok(all.includes(`"#${name}"`), `${name} is not in the corpus`);
  });

  it('v1.0-only.assign.json is also clean against v1.0 and its JSON Schema', () => {
    const text = read(join(corpusDir, 'v1.0-only.assign.json'));
    assert.deepEqual(describeFindings(text, validate(text, { graphVersion: 'v1.0' })), []);
    const validateV1 = compile('v1.0');
    assert.ok(validateV1(JSON.parse(text)), JSON.stringify(validateV1.errors));
  });

  it('a document shaped as Graph GET returns assignments only warns about the computed fields', () => {
    const text = read(join(root, 'test', 'fixtures', 'get-response-shaped.assign.json'));
    const findings = validate(text);
    assert.ok(findings.length > 0);
    assert.deepEqual([...new Set(findings.map((f) => `${f.rule} ${f.severity}`))], ['read-only-property warning']);
  });

  it('the JSON Schemas reject what the core calls a schema error', () => {
    const bad = { mobileAppAssignments: [{ intent: 'install', target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] };
    assert.equal(validateBeta(bad), false);
    const abstract = { mobileAppAssignments: [{ intent: 'required', target: { '@odata.type': '#microsoft.graph.deviceAndAppManagementAssignmentTarget' } }] };
    assert.equal(validateBeta(abstract), false);
  });
});
