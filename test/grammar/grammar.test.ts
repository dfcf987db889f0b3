// The TextMate grammar, tokenized by vscode-textmate with VS Code's own JSON grammar (from the offline VS Code
// that scripts/vscode-setup.mjs installs): JSON keeps its scopes, and @odata.type keys, Graph type names and
// GUIDs get ours.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, IGrammar, parseRawGrammar, Registry } from 'vscode-textmate';

const root = join(__dirname, '..', '..', '..');
const JSON_GRAMMAR = join(root, '.vscode-test', 'code-server-4.100.3', 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'json', 'syntaxes', 'JSON.tmLanguage.json');
const OUR_GRAMMAR = join(root, 'syntaxes', 'intune-assign.tmLanguage.json');

async function loadGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => {
      const file = scope === 'source.json' ? JSON_GRAMMAR : scope === 'source.json.intune-assign' ? OUR_GRAMMAR : undefined;
      return file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
  });
  const grammar = await registry.loadGrammar('source.json.intune-assign');
  if (!grammar) throw new Error('grammar did not load');
  return grammar;
}

/** The scopes of each token of a document, as `text => innermost scope`. */
function tokens(grammar: IGrammar, text: string): string[] {
  let state = INITIAL;
  const result: string[] = [];
  for (const line of text.split('\n')) {
    const { tokens: lineTokens, ruleStack } = grammar.tokenizeLine(line, state);
    for (const t of lineTokens) {
      const piece = line.slice(t.startIndex, t.endIndex);
      if (piece.trim()) result.push(`${piece} => ${t.scopes.slice(1).join(' ')}`);
    }
    state = ruleStack;
  }
  return result;
}

describe('TextMate grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  it('marks @odata.type keys, Graph type names and GUIDs, inside JSON scopes', () => {
    const text = '{"target": {\n  "@odata.type": "#microsoft.graph.groupAssignmentTarget",\n  "groupId": "4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10"\n}}';
    const t = tokens(grammar, text);
    assert.ok(t.some((x) => x.startsWith('@odata.type => ') && x.includes('support.type.property-name.json') && x.endsWith('keyword.other.odata-type.intune-assign')), t.join('\n'));
    assert.ok(t.some((x) => x.startsWith('groupAssignmentTarget => ') && x.includes('string.quoted.double.json') && x.endsWith('entity.name.type.intune-assign')), t.join('\n'));
    assert.ok(t.some((x) => x.startsWith('microsoft.graph => ') && x.endsWith('entity.name.namespace.intune-assign')), t.join('\n'));
    assert.ok(t.some((x) => x.startsWith('4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10 => ') && x.endsWith('constant.other.guid.intune-assign')), t.join('\n'));
  });

  it('leaves the rest as JSON, with no illegal tokens in a valid document', () => {
    const text = readFileSync(join(root, 'examples', 'win32-company-portal-helper.assign.json'), 'utf8');
    const t = tokens(grammar, text);
    assert.ok(!t.some((x) => x.includes('invalid')), t.filter((x) => x.includes('invalid')).join('\n'));
    assert.ok(t.some((x) => x.startsWith('"intent" => ') || x.startsWith('intent => ')));
    assert.ok(t.some((x) => x.startsWith('true => ') && x.includes('constant.language.json')));
    assert.ok(t.some((x) => x.startsWith('1440 => ') && x.includes('constant.numeric.json')));
  });

  it('does not mark a GUID-like part of a longer string', () => {
    const t = tokens(grammar, '{"x": "04d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10"}');
    assert.ok(!t.some((x) => x.endsWith('constant.other.guid.intune-assign')), t.join('\n'));
  });
});
