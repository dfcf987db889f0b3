// The language features in a real VS Code: the language id, diagnostics at the right range and from this
// extension only, problems of files that are not open, completion of the intents, hover, a quick fix that
// changes the document, and settings that change validation live.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, openFixture, waitForDiagnostics } from './helpers';

const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);

describe('language features in VS Code', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('gives *.assign.json the intune-assign language and reports a mistake at its range', async () => {
    const { document } = await openFixture('broken.assign.json');
    assert.strictEqual(document.languageId, 'intune-assign');
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.length > 0);
    assert.deepStrictEqual(diagnostics.map(code), ['enum-casing']);
    const [diagnostic] = diagnostics;
    assert.strictEqual(diagnostic.source, 'intune-assign');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning); // Graph accepts "Required" and answers "required"
    assert.deepStrictEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
      [3, 16, 3, 26],
    );
  });

  it('reports a syntax error once, from this extension, not also from the built-in JSON support', async () => {
    const { document } = await openFixture('trailing-comma.assign.json');
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.length > 0);
    assert.deepStrictEqual(diagnostics.map((d) => `${d.source} ${code(d)}`), ['intune-assign json-syntax']);
    assert.match(diagnostics[0].message, /Trailing comma/);
  });

  it('completes the four intents', async () => {
    const { document } = await openFixture('completion.assign.json');
    const position = new vscode.Position(3, 17);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const intent of ['available', 'required', 'uninstall', 'availableWithoutEnrollment']) {
      assert.ok(labels.includes(intent), `${intent} missing from ${labels.join(', ')}`);
    }
  });

  it('explains a property on hover', async () => {
    const { document } = await openFixture('broken.assign.json');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(6, 12));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*groupId\*\*/);
    assert.match(text, /not its display name/);
  });

  it('applies a quick fix that changes the document and clears the problem', async () => {
    const { document } = await openFixture('broken.assign.json');
    const [diagnostic] = await waitForDiagnostics(document.uri, (d) => d.length > 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Change to "required"');
    assert.ok(fix?.edit, `no quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.strictEqual(document.lineAt(3).text, '      "intent": "required",');
    await waitForDiagnostics(document.uri, (d) => d.length === 0);
  });

  it('reports the problems of a file that is not open in any editor', async () => {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'closed', 'never-opened.assign.json');
    const diagnostics = await waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepStrictEqual(diagnostics.map(code), ['is-removable-intent']);
    assert.strictEqual(diagnostics[0].range.start.line, 7);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the test must not open it');
  });

  it('changes validation live when intuneAssign.graphVersion changes', async () => {
    const { document } = await openFixture('broken.assign.json');
    await waitForDiagnostics(document.uri, (d) => d.length > 0);
    const settings = vscode.workspace.getConfiguration('intuneAssign');
    try {
      await settings.update('graphVersion', 'v1.0', vscode.ConfigurationTarget.Global);
      const diagnostics = await waitForDiagnostics(document.uri, (d) => d.some((x) => code(x) === 'beta-only'));
      assert.match(diagnostics.find((x) => code(x) === 'beta-only')!.message, /only in Graph beta/);
    } finally {
      await settings.update('graphVersion', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForDiagnostics(document.uri, (d) => !d.some((x) => code(x) === 'beta-only'));
  });
});
