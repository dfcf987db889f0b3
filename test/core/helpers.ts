// Test helpers for the validation core on plain Node: documents from inline text, `|` cursor markers, and
// findings by rule with the text they point at.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AssignDocument, getLanguageService, ResolvedFinding, type TenantFacts, ValidationOptions } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';

export const service = getLanguageService(TYPES);

export const DEFAULT_OPTIONS: ValidationOptions = { graphVersion: 'beta', cloud: 'global' };

export interface Fixture {
  text: string;
  doc: AssignDocument;
  textDocument: TextDocument;
}

export function fixture(text: string, uri = 'file:///test.assign.json'): Fixture {
  return { text, doc: AssignDocument.parse(text), textDocument: TextDocument.create(uri, 'intune-assign', 1, text) };
}

/** A fixture whose text has one `|` cursor marker; returns the fixture without it and the cursor position. */
export function withCursor(textWithCursor: string): Fixture & { offset: number; position: { line: number; character: number } } {
  const offset = textWithCursor.indexOf('|');
  if (offset < 0) throw new Error('no | cursor marker');
  const f = fixture(textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1));
  return { ...f, offset, position: f.textDocument.positionAt(offset) };
}

export function validate(text: string, options: Partial<ValidationOptions> = {}): ResolvedFinding[] {
  return service.validate(AssignDocument.parse(text), { ...DEFAULT_OPTIONS, ...options });
}

/** `rule: "text it points at"` for each finding, to compare in one assertion. */
export function describeFindings(text: string, findings: ResolvedFinding[]): string[] {
  return findings.map((f) => `${f.rule} ${f.severity}: ${text.slice(f.offset, f.offset + f.length)}`);
}

/** Wraps assignments into a whole document. */
export function body(...assignments: unknown[]): string {
  return JSON.stringify({ mobileAppAssignments: assignments }, null, 2);
}

export const NS = '#microsoft.graph.';
export const GROUP = '4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10';
export const GROUP2 = '9f1b3c5d-2e4a-4b6c-8d0e-1f2a3b4c5d6e';
export const FILTER = 'e8b1a2c3-d4e5-4f60-8172-93a4b5c6d7e8';

// What a shell read of the tenant: a group, a deleted one, a Windows and an iOS filter, a filter that is gone.
export const DELETED = '3b8e5f21-6c4d-4e7a-9f10-2a3b4c5d6e7f';
export const IOS_FILTER = 'd5b5647e-1a6d-46f9-a621-0ee1969102c2';
export const GONE_FILTER = 'a7c3e1f0-5b2d-4c8e-9a6f-1d2e3f4a5b99';
export const FACTS: TenantFacts = {
  groups: new Map([
    [GROUP, { id: GROUP, displayName: 'All Employees', kind: 'security', membership: 'assigned' }],
    [DELETED, null],
  ]),
  filters: new Map([
    [FILTER, { id: FILTER, displayName: 'Windows 11 corporate', platform: 'windows10AndLater', rule: '(device.osVersion -startsWith "10.0.22")' }],
    [IOS_FILTER, { id: IOS_FILTER, displayName: 'iPads only', platform: 'iOS', rule: '(device.model -startsWith "iPad")' }],
    [GONE_FILTER, null],
  ]),
};
export function groupTarget(groupId = GROUP, kind = 'groupAssignmentTarget'): Record<string, unknown> {
  return { '@odata.type': NS + kind, groupId };
}

export function assignment(intent: string, target: unknown = groupTarget(), settings: unknown = null): Record<string, unknown> {
  return { '@odata.type': `${NS}mobileAppAssignment`, intent, target, settings };
}

/** Applies offset edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: { offset: number; length: number; text: string }[]): string {
  let result = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, e.offset) + e.text + result.slice(e.offset + e.length);
  }
  return result;
}
