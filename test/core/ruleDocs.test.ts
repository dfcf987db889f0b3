// Every rule has its section in docs/graph-behaviour.md, stating the rule's default severity and citing public
// evidence, and diagnostics link to it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AssignDocument, getLanguageService, RULE_DOCS_FILE, RULES, ruleDocsUrl, toDiagnostic } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { assignment, body, DEFAULT_OPTIONS, validate } from './helpers';

const doc = readFileSync(join(__dirname, '..', '..', '..', RULE_DOCS_FILE), 'utf8');

/** The rules' sections: `### name` up to the next heading. */
function sections(): Map<string, string> {
  const found = new Map<string, string>();
  const parts = doc.split(/^### /m).slice(1);
  for (const part of parts) {
    const name = part.slice(0, part.indexOf('\n')).trim();
    found.set(name, part.split(/^## /m)[0]);
  }
  return found;
}

describe('the rules\' evidence (docs/graph-behaviour.md)', () => {
  it('has one section per rule, in the registry\'s order', () => {
    assert.deepEqual([...sections().keys()], RULES.map((r) => r.name));
  });

  it('states each rule\'s default severity and cites at least one public source', () => {
    for (const [name, text] of sections()) {
      const rule = RULES.find((r) => r.name === name)!;
      assert.match(text, new RegExp(`\\*\\*Default: ${rule.severity}\\*\\*`), `${name} should say its default, ${rule.severity}`);
      assert.match(text, /\]\(https:\/\/[^)]+\)/, `${name} cites no public source`);
    }
  });

  it('links only to public sources and to its own headings', () => {
    // Headings' anchors as GitHub and VS Code's Markdown preview make them.
    const anchors = [...doc.matchAll(/^#+ (.*)$/gm)].map((m) => m[1].toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-'));
    for (const [, target] of doc.matchAll(/\]\(([^)]+)\)/g)) {
      assert.ok(/^https:\/\//.test(target) || anchors.includes(target.slice(1)), `link ${target}`);
    }
    assert.doesNotMatch(doc, /\.\.\/shared/);
  });

  it('gives each diagnostic a link to its rule\'s section when the service knows where the document is', () => {
    const text = body(assignment('Required'));
    const textDocument = TextDocument.create('file:///a.assign.json', 'intune-assign', 1, text);
    const base = 'file:///opt/intune-assign/docs/graph-behaviour.md';
    const linked = getLanguageService(TYPES, { ruleDocs: base }).doValidation(textDocument, AssignDocument.parse(text), DEFAULT_OPTIONS);
    assert.deepEqual(linked.map((d) => d.codeDescription?.href), [`${base}#enum-casing`]);
    const plain = getLanguageService(TYPES).doValidation(textDocument, AssignDocument.parse(text), DEFAULT_OPTIONS);
    assert.equal(plain[0].codeDescription, undefined);
    assert.equal(toDiagnostic(textDocument, validate(text)[0], `${base}#old`).codeDescription?.href, `${base}#enum-casing`);
    assert.equal(ruleDocsUrl('https://example.test/docs/graph-behaviour.md', 'schema'), 'https://example.test/docs/graph-behaviour.md#schema');
  });
});
