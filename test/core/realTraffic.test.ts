// Payloads shaped like real traffic, the patterns of requests Graph accepts or refuses as seen in the admin
// portal, Graph's docs and maintained tools (docs/graph-behaviour.md cites them), written for this project. What
// Graph accepts gets no error; what it refuses gets the rule that says why; fixing everything leaves no warning.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssignDocument } from '../../core/src';
import { applyEdits } from '../../core/src/codeActions';
import { DEFAULT_OPTIONS, fixture, service } from './helpers';

const dir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'real-traffic');

/** Each file's findings as `rule severity` (each once), in document order. */
const EXPECTED: Record<string, string[]> = {
  // The admin portal: PascalCase intents, "#"-less type names on exclusions, settings null there.
  'portal-ios-store.assign.json': ['enum-casing warning', 'odata-type-prefix warning'],
  // A tool's PascalCase intents and filter modes.
  'tool-pascalcase-filter.assign.json': ['enum-casing warning'],
  // A widely used tool's "#microsoft.graph.Win32LobAppAssignmentSettings".
  'win32-capital-w.assign.json': ['odata-type-casing warning'],
  // Win32 apps may be available to devices: the settings type says the app is one.
  'win32-available-all-devices.assign.json': [],
  // Graph: 400 "Exclusion assignment does not support MobileAppAssignment Settings."
  'exclusion-with-settings.assign.json': ['exclusion-settings error'],
  // Auto-update of superseded apps belongs to available assignments.
  'auto-update-on-required.assign.json': ['read-only-property warning', 'auto-update-intent warning'],
  // @odata.type on nested settings, as Graph's docs write it.
  'nested-odata-types.assign.json': ['odata-type-prefix warning'],
};

describe('payloads shaped like real traffic', () => {
  it('has an expectation for every file', () => {
    assert.deepEqual(readdirSync(dir).sort(), Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: ${expected.length ? expected.join(', ') : 'nothing'}`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const findings = service.validate(AssignDocument.parse(text), DEFAULT_OPTIONS);
      assert.deepEqual([...new Set(findings.map((f) => `${f.rule} ${f.severity}`))], expected);
    });
  }

  it('Fix all leaves each of them without a finding that has a preferred fix', () => {
    for (const file of Object.keys(EXPECTED)) {
      const f = fixture(readFileSync(join(dir, file), 'utf8'));
      const origin = { line: 0, character: 0 };
      const [action] = service.getCodeActions(f.textDocument, f.doc, { start: origin, end: origin }, DEFAULT_OPTIONS, ['source.fixAll']);
      const edits = action ? Object.values(action.edit!.changes!)[0] : [];
      const at = (p: { line: number; character: number }) => f.textDocument.offsetAt(p);
      const fixed = applyEdits(f.text, edits.map((e) => ({ offset: at(e.range.start), length: at(e.range.end) - at(e.range.start), text: e.newText })));
      const left = service.validate(AssignDocument.parse(fixed), DEFAULT_OPTIONS).filter((x) => x.fixes?.some((fix) => fix.preferred));
      assert.deepEqual(left.map((x) => x.rule), [], file);
    }
  });
});
