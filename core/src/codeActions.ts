// Quick fixes from the findings under a range, and a "fix all" source action that applies every preferred fix.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { Fix, TextEdit as OffsetEdit } from './rules/ruleTypes';
import type { ResolvedFinding } from './validate';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.intune-assign`;
/** Passes "fix all" may make over its own output; each fixes what overlapped the fixes of the one before. */
const MAX_FIX_ALL_PASSES = 8;

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
  revalidate: (text: string) => ResolvedFinding[],
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
    const edits = fixAllEdits(textDocument.getText(), findings, revalidate);
    if (edits.length) actions.push({ title: 'Fix all auto-fixable Intune Assign problems', kind: FIX_ALL_KIND, edit: workspaceEdit(textDocument, edits) });
  }
  return actions;
}

/**
 * The edits that apply the preferred fix of every finding, in one go. Fixes whose edits overlap an earlier fix
 * (removing "source" and then "sourceId" both take the comma between them) cannot share one edit list, so then
 * the fixes are applied to the text, the result validated again and fixed again, until nothing preferred is left;
 * the whole change is returned as one edit. Documents whose fixes do not overlap (the usual case) cost no
 * further validation.
 */
export function fixAllEdits(text: string, findings: ResolvedFinding[], revalidate: (text: string) => ResolvedFinding[]): OffsetEdit[] {
  const first = preferredEdits(findings);
  if (!first.complete) {
    let current = applyEdits(text, first.edits);
    const seen = new Set([text, current]);
    for (let pass = 1; pass < MAX_FIX_ALL_PASSES; pass++) {
      const next = preferredEdits(revalidate(current));
      if (!next.edits.length) break;
      const fixed = applyEdits(current, next.edits);
      if (seen.has(fixed)) break; // fixes that undo each other: stop rather than go round
      seen.add(fixed);
      current = fixed;
      if (next.complete) break;
    }
    return current === text ? [] : [difference(text, current)];
  }
  return first.edits;
}

/** The preferred fixes' edits that do not overlap each other; `complete` when none had to be left out. */
function preferredEdits(findings: ResolvedFinding[]): { edits: OffsetEdit[]; complete: boolean } {
  const chosen: OffsetEdit[] = [];
  let complete = true;
  const preferred = findings.map((f) => f.fixes?.find((fix: Fix) => fix.preferred)).filter((f): f is Fix => Boolean(f));
  for (const fix of preferred) {
    const overlaps = fix.edits.some((e) =>
      chosen.some((c) => e.offset === c.offset || (e.offset < c.offset + c.length && c.offset < e.offset + e.length)),
    );
    if (overlaps) complete = false;
    else chosen.push(...fix.edits);
  }
  return { edits: chosen.sort((a, b) => a.offset - b.offset), complete };
}

/** Applies edits that do not overlap, given in any order. */
export function applyEdits(text: string, edits: OffsetEdit[]): string {
  let result = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) result = result.slice(0, e.offset) + e.text + result.slice(e.offset + e.length);
  return result;
}

/** One edit that turns `before` into `after`: what lies between their common start and common end. */
function difference(before: string, after: string): OffsetEdit {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { offset: start, length: before.length - start - end, text: after.slice(start, after.length - end) };
}
