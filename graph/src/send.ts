// The pre-flight every POST goes through, and the POST: the document is validated (errors: nothing is sent),
// the app fetched (it must be published; its type checks the settings with the settings-app-type rule), its
// current assignments fetched, and the change computed, in replace mode (the document is the full list, as
// Graph does it) or merge mode (the document's assignments are added or updated, nothing is removed). The
// shells show the plan, ask for confirmation, and only then call executePlan.
import type { GraphVersion } from '../../common/src/constants';
import type { ValidateResult } from '../../common/src/protocol';
import { Linter, type ResolvedFinding, type ValidationOptions } from '../../core/src';
import { AssignmentDiff, diffAssignments, mergeAssignments, normalizeAssignment } from './assignmentDiff';
import { Assignment, AssignOutcome, IntuneApps, MobileApp } from './intuneApps';
import { TYPES } from './typeRegistry';

export type SendMode = 'replace' | 'merge';

export class InvalidDocumentError extends Error {
  constructor(readonly findings: ResolvedFinding[]) {
    super(`The document has ${findings.length} error(s); nothing was sent.`);
  }
}

export class AppNotAssignableError extends Error {}

export interface SendPlan {
  app: MobileApp;
  mode: SendMode;
  current: Assignment[];
  /** What the app will have: the document (replace) or the merged list (merge). */
  body: { mobileAppAssignments: Assignment[] };
  diff: AssignmentDiff;
  /** Warnings the document has (errors stop the plan). */
  warnings: ResolvedFinding[];
}

const linter = new Linter(TYPES);

/** Validates a document on its own; throws InvalidDocumentError on errors. Returns its warnings and assignments. */
export function checkDocument(text: string, options: ValidationOptions): { warnings: ResolvedFinding[]; assignments: Assignment[] } {
  const { findings } = linter.lint(text, options);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length) throw new InvalidDocumentError(errors);
  const parsed = JSON.parse(text.replace(/^\uFEFF/, '')) as { mobileAppAssignments: Assignment[] };
  return { warnings: findings, assignments: parsed.mobileAppAssignments };
}

/** A document's verdict in the shape the language server gives it (errors first, 0-based positions). */
export function validateText(text: string, options: ValidationOptions): ValidateResult {
  const { findings } = linter.lint(text, options);
  const lines = findings.length ? lineStarts(text) : [];
  const problems = findings
    .map((f) => {
      let line = 0;
      while (line + 1 < lines.length && lines[line + 1] <= f.offset) line++;
      return { rule: f.rule, severity: f.severity, message: f.message, line, character: f.offset - (lines[line] ?? 0) };
    })
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { errors, warnings: problems.length - errors, problems, options: { graphVersion: options.graphVersion, cloud: options.cloud, rules: options.rules } };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export interface PlanRequest {
  apps: IntuneApps;
  appId: string;
  text: string;
  options: ValidationOptions;
  mode: SendMode;
  signal?: AbortSignal;
  /** The app when the shell has read it already (it is read otherwise). */
  app?: MobileApp;
}

/** Everything before the POST. Throws InvalidDocumentError, AppNotAssignableError or GraphError. */
export async function planSend(request: PlanRequest): Promise<SendPlan> {
  const { apps, appId, text, options, mode, signal } = request;
  checkDocument(text, options);
  const app = request.app ?? (await apps.getApp(appId, signal));
  if (app.publishingState && app.publishingState !== 'published') {
    throw new AppNotAssignableError(`"${app.displayName}" is not published (its publishing state is ${app.publishingState}): Intune cannot assign it until its upload is complete.`);
  }
  // The document again, now that the app's type is known (settings-app-type).
  const { warnings, assignments } = checkDocument(text, { ...options, appType: app['@odata.type'] });
  const current = await apps.listAssignments(appId, signal);
  const version: GraphVersion = options.graphVersion;
  const desired = mode === 'merge' ? mergeAssignments(current, assignments, version) : assignments.map((a) => normalizeAssignment(a, version));
  return { app, mode, current, body: { mobileAppAssignments: desired }, diff: diffAssignments(current, desired, version), warnings };
}

export async function executePlan(apps: IntuneApps, plan: SendPlan, options: { justification?: string; signal?: AbortSignal } = {}): Promise<AssignOutcome> {
  return apps.assign(plan.app.id, plan.body, options);
}

/** The app's assignments as a document: normalized, valid, computed fields left out unless asked for. */
export function toDocument(assignments: Assignment[], version: GraphVersion, keepComputed = false): string {
  return `${JSON.stringify({ mobileAppAssignments: assignments.map((a) => normalizeAssignment(a, version, keepComputed)) }, null, 2)}\n`;
}

/** The plan as people read it: the app, the counts, each change, and loudly what will be REMOVED. */
export function describePlan(plan: SendPlan, signedIn: string, keepHint = 'Merge mode keeps them.'): string {
  const { app, diff, mode } = plan;
  const lines = [
    `App:      ${app.displayName} (${app['@odata.type']}, ${app.id})`,
    `Account:  ${signedIn}`,
    `Mode:     ${mode === 'merge' ? 'merge: the document adds or updates assignments; the others stay' : "replace: the app's assignments become exactly the document's"}`,
    `Changes:  ${summarizeDiff(diff)}`,
    '',
  ];
  for (const change of diff.changes) {
    const mark = { added: '+ ', removed: '- REMOVED ', changed: '~ ', unchanged: '= ' }[change.kind];
    lines.push(`  ${mark}${change.label}`);
    for (const detail of change.details) lines.push(`      ${detail}`);
  }
  if (!diff.changes.length) lines.push('  (the app has no assignments, and will have none)');
  for (const warning of plan.warnings) lines.push(`  warning: ${warning.message} (${warning.rule})`);
  if (diff.removed > 0) {
    lines.push('', `!!! ${diff.removed} existing assignment(s) will be REMOVED from "${app.displayName}". ${keepHint} !!!`);
  }
  return `${lines.join('\n')}\n`;
}

export function summarizeDiff(diff: AssignmentDiff): string {
  return `+${diff.added} added, ${diff.changed} changed, ${diff.removed} REMOVED, ${diff.unchanged} unchanged`;
}
