// Quick fixes from the findings under a range, and a "fix all" source action that applies every preferred fix.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { Fix, TextEdit as OffsetEdit } from './rules/ruleTypes';
import type { ResolvedFinding } from './validate';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.intune-assign`;

export function toTextEdit(textDocument: TextDocument, edit: OffsetEdit): TextEdit {
  return {
    range: { start: textDocument.positionAt(edit.offset), end: textDocument.positionAt(edit.offset + edit.length) },
    newText: edit.text,
  };
}

function workspaceEdit(textDocument: TextDocument, edits: OffsetEdit[]): WorkspaceEdit {
  return { changes: { [textDocument.uri]: edits.map((e) => toTextEdit(textDocument, e)) } };
}

export function getCodeActions(
  textDocument: TextDocument,
  findings: ResolvedFinding[],
  range: Range,
  only: string[] | undefined,
  toDiagnostic: (f: ResolvedFinding) => Diagnostic,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  if (wants(CodeActionKind.QuickFix)) {
    const start = textDocument.offsetAt(range.start);
    const end = textDocument.offsetAt(range.end);
    for (const finding of findings) {
      if (!finding.fixes || finding.offset > end || finding.offset + finding.length < start) continue;
      const diagnostic = toDiagnostic(finding);
      for (const fix of finding.fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred,
          edit: workspaceEdit(textDocument, fix.edits),
        });
      }
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const edits = fixAllEdits(findings);
    if (edits.length) actions.push({ title: 'Fix all auto-fixable Intune Assign problems', kind: FIX_ALL_KIND, edit: workspaceEdit(textDocument, edits) });
  }
  return actions;
}

/** The preferred fix of every finding that has one, leaving out fixes whose edits overlap an earlier one. */
export function fixAllEdits(findings: ResolvedFinding[]): OffsetEdit[] {
  const chosen: OffsetEdit[] = [];
  const preferred = findings.map((f) => f.fixes?.find((fix: Fix) => fix.preferred)).filter((f): f is Fix => Boolean(f));
  for (const fix of preferred) {
    const overlaps = fix.edits.some((e) =>
      chosen.some((c) => e.offset === c.offset || (e.offset < c.offset + c.length && c.offset < e.offset + e.length)),
    );
    if (!overlaps) chosen.push(...fix.edits);
  }
  return chosen.sort((a, b) => a.offset - b.offset);
}
