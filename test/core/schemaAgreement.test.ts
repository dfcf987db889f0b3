// The published JSON Schemas and the linter agree, both ways, under ajv (strict mode) and under
// vscode-json-languageservice (what VS Code's json.schemas uses): every document the linter finds error-free
// passes the schema of its Graph version, and every document with an error the schema can express (shape, types,
// enums, @odata.type, GUIDs, beta-only in v1.0) fails it. Documents: examples/, the fixtures, documents generated
// from the type map as tools write them, and thousands of mutations of those.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv from 'ajv';
import { getLanguageService as getJsonLanguageService, TextDocument } from 'vscode-json-languageservice';
import { AssignDocument, type ResolvedFinding } from '../../core/src';
import { generatedDocuments } from './generated';
import { service } from './helpers';
import { type Json, mutate, random } from './mutations';

const root = join(__dirname, '..', '..', '..');
type Version = 'beta' | 'v1.0';
const VERSIONS: Version[] = ['beta', 'v1.0'];
/** Rules whose errors a JSON Schema can express. (A repeated key is the schema rule's too, but JSON has no schema for it.) */
const SCHEMA_LEVEL = new Set(['schema', 'odata-type-required', 'odata-type-abstract', 'odata-type-unknown', 'odata-type-slot', 'guid-format', 'beta-only']);
const REPEATED_KEY = /^Duplicate property/;

const schemas = Object.fromEntries(VERSIONS.map((v) => [v, JSON.parse(readFileSync(join(root, 'schemas', `assign.${v}.schema.json`), 'utf8'))]));
const ajv = Object.fromEntries(VERSIONS.map((v) => [v, new Ajv({ strict: true, allErrors: true }).compile(schemas[v])]));
const json = getJsonLanguageService({});
const JSON_SETTINGS = { comments: 'error', trailingCommas: 'error', schemaValidation: 'error', schemaRequest: 'error' } as const;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.json') ? [path] : [];
  });
}

interface Verdicts {
  lint: ResolvedFinding[];
  ajv: boolean;
  json: string[];
}

async function judge(text: string, version: Version): Promise<Verdicts> {
  const lint = service.validate(AssignDocument.parse(text), { graphVersion: version, cloud: 'global' });
  const textDocument = TextDocument.create('file:///x.assign.json', 'json', 1, text);
  const diagnostics = await json.doValidation(textDocument, json.parseJSONDocument(textDocument), JSON_SETTINGS, schemas[version]);
  return { lint, ajv: ajv[version](JSON.parse(text)) as boolean, json: diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`) };
}

async function agree(name: string, text: string, version: Version): Promise<'clean' | 'rejected' | 'other'> {
  const v = await judge(text, version);
  const errors = v.lint.filter((f) => f.severity === 'error');
  const where = `${name} (${version})`;
  if (errors.length === 0) {
    assert.ok(v.ajv, `${where}: the linter finds no error but ajv rejects it: ${JSON.stringify(ajv[version].errors?.slice(0, 3))}\n${text}`);
    assert.deepEqual(v.json, [], `${where}: the linter finds no error but vscode-json-languageservice does\n${text}`);
    return 'clean';
  }
  if (errors.some((f) => SCHEMA_LEVEL.has(f.rule) && !REPEATED_KEY.test(f.message))) {
    const said = errors.map((f) => `${f.rule}: ${f.message}`).join('\n');
    assert.equal(v.ajv, false, `${where}: the linter reports a schema-level error but ajv accepts it:\n${said}\n${text}`);
    assert.ok(v.json.length > 0, `${where}: the linter reports a schema-level error but vscode-json-languageservice accepts it:\n${said}\n${text}`);
    return 'rejected';
  }
  return 'other';
}

const documents: { name: string; text: string }[] = [
  ...['examples', join('test', 'fixtures')].flatMap((dir) =>
    files(join(root, dir))
      .filter((p) => p.endsWith('.assign.json'))
      .map((p) => ({ name: relative(root, p), text: readFileSync(p, 'utf8') }))
      .filter((d) => {
        try {
          JSON.parse(d.text);
          return true;
        } catch {
          return false; // not JSON: nothing for a JSON Schema to judge
        }
      }),
  ),
];

describe('the JSON Schemas and the linter agree', () => {
  it('compiles both schemas in ajv strict mode', () => {
    for (const v of VERSIONS) assert.equal(typeof ajv[v], 'function');
  });

  it('on examples/ and every fixture', async () => {
    assert.ok(documents.length >= 30, `only ${documents.length} documents found`);
    const outcomes = new Set<string>();
    for (const d of documents) for (const v of VERSIONS) outcomes.add(await agree(d.name, d.text, v));
    assert.ok(outcomes.has('clean') && outcomes.has('rejected'), 'the files should include both clean and rejected documents');
  });

  it('on documents generated from the type map as tools write them, which the linter finds error-free', async () => {
    for (const v of VERSIONS) {
      for (const d of generatedDocuments(v)) {
        assert.equal(await agree(d.name, JSON.stringify(d.value, null, 2), v), 'clean', d.name);
      }
    }
  });

  it('on 800 mutations of the generated and fixture documents', async () => {
    const next = random(5);
    const seeds: { value: Json; version: Version }[] = [
      ...VERSIONS.flatMap((version) => generatedDocuments(version).map((d) => ({ value: d.value, version }))),
      ...documents.map((d) => ({ value: JSON.parse(d.text) as Json, version: 'beta' as const })),
    ];
    const counts = { clean: 0, rejected: 0, other: 0 };
    for (let i = 0; i < 800; i++) {
      const seed = seeds[i % seeds.length];
      const value = JSON.parse(JSON.stringify(seed.value)) as Json;
      mutate(value, next);
      counts[await agree(`mutation ${i}`, JSON.stringify(value, null, 2), seed.version)]++;
    }
    assert.ok(counts.clean > 60 && counts.rejected > 300, `too few of either kind to say much: ${JSON.stringify(counts)}`);
  });
});
