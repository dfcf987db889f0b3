// The pre-flight every POST goes through, and the POST: the document is validated (errors: nothing is sent),
// the app fetched (it must be published; its type checks the settings with the settings-app-type rule), its
// current assignments fetched, and the change computed, in replace mode (the document is the full list, as
// Graph does it) or merge mode (the document's assignments are added or updated, nothing is removed). The
// body posted is what the file says: the document's assignments exactly as parsed (replace), or the app's as
// Graph returned them less computed fields, with the document's as written (merge); normalizing is only for
// comparing. The shells show the plan, ask for confirmation, and only then call executePlan, which posts to
// the app id the user chose. After a send that may or may not have been applied, readBack says what is there.
import type { GraphVersion } from '../../common/src/constants';
import type { ValidateResult } from '../../common/src/protocol';
import { lineStarts, position } from '../../common/src/text';
import { Linter, type ResolvedFinding, RULES, type ValidationOptions } from '../../core/src';
import { AssignmentDiff, diffAssignments, mergeAssignments, normalizeAssignment, projectForDisplay } from './assignmentDiff';
import { Assignment, AssignOutcome, IntuneApps, MobileApp } from './intuneApps';
import { printable } from './log';
import { TYPES } from './typeRegistry';

export type SendMode = 'replace' | 'merge';

export class InvalidDocumentError extends Error {
  constructor(readonly findings: ResolvedFinding[]) {
    super(`The document has ${findings.length} error(s); nothing was sent.`);
  }
}

export class AppNotAssignableError extends Error {}

export interface SendPlan {
  /** The app id the user chose: the POST goes there. */
  appId: string;
  app: MobileApp;
  mode: SendMode;
  current: Assignment[];
  /** The body posted, exactly: the document's assignments as parsed (replace) or the merged list (merge). */
  body: { mobileAppAssignments: Assignment[] };
  diff: AssignmentDiff;
  /** Warnings the document has (errors stop the plan). */
  warnings: ResolvedFinding[];
  /** The Graph version the document is written for (comparisons use its metadata). */
  version: GraphVersion;
}

const linter = new Linter(TYPES);
/** The rules that are errors unless configured otherwise, and that a configuration does not relax for send. */
const ERROR_RULES = RULES.filter((r) => r.severity === 'error' && !r.relaxableForSend).map((r) => r.name);

/**
 * The options a document is checked with before it is sent: its configuration's, except that no rule that
 * is an error by default is turned off or down to a warning (but group-not-found, whose body Graph accepts:
 * relaxableForSend). What a configuration relaxes changes what the editor and lint report, never what send
 * lets through.
 */
export function sendOptions(options: ValidationOptions): ValidationOptions {
  const rules = { ...options.rules };
  for (const name of ERROR_RULES) if (rules[name] === 'off' || rules[name] === 'warn') delete rules[name];
  return { ...options, rules };
}

/** Validates a document as send does (sendOptions); throws InvalidDocumentError on errors. Returns its warnings and assignments. */
export function checkDocument(text: string, options: ValidationOptions): { warnings: ResolvedFinding[]; assignments: Assignment[] } {
  const { findings } = linter.lint(text, sendOptions(options));
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
    .map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, ...position(lines, f.offset) }))
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { errors, warnings: problems.length - errors, problems, options: { graphVersion: options.graphVersion, cloud: options.cloud, rules: options.rules } };
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
  /** The app's assignments when the shell has read them already (they are read otherwise). */
  current?: Assignment[];
}

/** Everything before the POST. Throws InvalidDocumentError, AppNotAssignableError or GraphError. */
export async function planSend(request: PlanRequest): Promise<SendPlan> {
  const { apps, appId, text, options, mode, signal } = request;
  checkDocument(text, options);
  const app = request.app ?? (await apps.getApp(appId, signal));
  checkAssignable(app, appId);
  // The document again, now that the app's type is known (settings-app-type), before its assignments are read.
  const checked = checkDocument(text, { ...options, appType: app['@odata.type'] });
  const current = request.current ?? (await apps.listAssignments(appId, signal));
  return planOf({ appId, app, current, text, options, mode }, checked);
}

/** An app that can take this plan: the one chosen, and published (Intune assigns nothing else). */
function checkAssignable(app: MobileApp, appId: string): void {
  if (app.id.toLowerCase() !== appId.toLowerCase()) throw new AppNotAssignableError(`The app read (${app.id}) is not the app chosen (${appId}); nothing was sent.`);
  if (app.publishingState && app.publishingState !== 'published') {
    throw new AppNotAssignableError(`"${app.displayName}" is not published (its publishing state is ${app.publishingState}): Intune cannot assign it until its upload is complete.`);
  }
}

export interface ReadPlanRequest {
  appId: string;
  /** The app and its assignments, as read (a workspace plan reads them in batches). */
  app: MobileApp;
  current: Assignment[];
  text: string;
  options: ValidationOptions;
  mode: SendMode;
  /**
   * What is posted instead of the document's assignments as parsed: promotion's copy with its group and filter
   * ids mapped (the only rewrite there is). The document itself is what is validated.
   */
  assignments?: Assignment[];
}

/** The plan from an app already read: checks the document against the app's type, and computes the change. */
export function planFromRead(request: ReadPlanRequest): SendPlan {
  checkAssignable(request.app, request.appId);
  return planOf(request, checkDocument(request.text, { ...request.options, appType: request.app['@odata.type'] }));
}

/** The change, from an app that can take it and the document checked against the app's type (checkDocument). */
function planOf(request: ReadPlanRequest, { warnings, assignments }: ReturnType<typeof checkDocument>): SendPlan {
  const { appId, app, current, options, mode } = request;
  const version: GraphVersion = options.graphVersion;
  const posted = request.assignments ?? assignments;
  const desired = mode === 'merge' ? mergeAssignments(current, posted, version) : posted;
  return { appId, app, mode, current, body: { mobileAppAssignments: desired }, diff: diffAssignments(current, desired, version), warnings, version };
}

export async function executePlan(apps: IntuneApps, plan: SendPlan, options: { justification?: string; signal?: AbortSignal } = {}): Promise<AssignOutcome> {
  return apps.assign(plan.appId, plan.body, options);
}

/** What an app has after a send whose outcome is not known: applied, unchanged, something else, or unreadable. */
export type ReadBack =
  | { state: 'applied' | 'unchanged' | 'other'; assignments: Assignment[]; diff: AssignmentDiff }
  | { state: 'unreadable'; error: string };

/** Reads the app's assignments again and compares them with the plan's body and with what it had before. */
export async function readBack(apps: IntuneApps, plan: SendPlan, signal?: AbortSignal): Promise<ReadBack> {
  let assignments: Assignment[];
  try {
    assignments = await apps.listAssignments(plan.appId, signal);
  } catch (error) {
    return { state: 'unreadable', error: error instanceof Error ? error.message : String(error) };
  }
  const same = (d: AssignmentDiff) => d.added === 0 && d.removed === 0 && d.changed === 0;
  const diff = diffAssignments(assignments, plan.body.mobileAppAssignments, plan.version);
  if (same(diff)) return { state: 'applied', assignments, diff };
  if (same(diffAssignments(plan.current, assignments, plan.version))) return { state: 'unchanged', assignments, diff };
  return { state: 'other', assignments, diff };
}

/** The app's assignments as a document: normalized, valid, computed fields left out unless asked for. */
export function toDocument(assignments: Assignment[], version: GraphVersion, keepComputed = false): string {
  return `${JSON.stringify({ mobileAppAssignments: assignments.map((a) => normalizeAssignment(a, version, keepComputed)) }, null, 2)}\n`;
}

/**
 * The two sides of the editor's preview: on the right the body exactly as it will be posted; on the left the
 * app's assignments in the same order and shape (projectForDisplay), so the text diff between them shows
 * what the comparison found and nothing Graph merely fills in.
 */
export function previewDocuments(plan: SendPlan): { current: string; posted: string } {
  const paired = plan.diff.changes.filter((c) => c.before && c.after);
  const removed = plan.diff.changes.filter((c) => c.before && !c.after);
  const left = [...paired.map((c) => projectForDisplay(c.before!, c.after, plan.version)), ...removed.map((c) => projectForDisplay(c.before!, undefined, plan.version))];
  const text = (body: unknown) => `${JSON.stringify(body, null, 2)}\n`;
  return { current: text({ mobileAppAssignments: left }), posted: text(plan.body) };
}

/** The plan as people read it: the app, the counts, each change, and loudly what will be REMOVED. */
export function describePlan(plan: SendPlan, signedIn: string, keepHint = 'Merge mode keeps them.'): string {
  const { app, diff, mode } = plan;
  const lines = [
    `App:      ${printable(app.displayName)} (${printable(app['@odata.type'])}, ${printable(plan.appId)})`,
    `Account:  ${printable(signedIn)}`,
    `Mode:     ${mode === 'merge' ? 'merge: the document adds or updates assignments; the others stay' : "replace: the app's assignments become exactly the document's"}`,
    `Changes:  ${summarizeDiff(diff)}`,
    '',
  ];
  for (const change of diff.changes) {
    const mark = { added: '+ ', removed: '- REMOVED ', changed: '~ ', unchanged: '= ' }[change.kind];
    lines.push(`  ${mark}${printable(change.label)}`);
    for (const detail of change.details) lines.push(`      ${printable(detail)}`);
  }
  if (!diff.changes.length) lines.push('  (the app has no assignments, and will have none)');
  for (const warning of plan.warnings) lines.push(`  warning: ${printable(warning.message)} (${warning.rule})`);
  if (diff.removed > 0) {
    lines.push('', `!!! ${diff.removed} existing assignment(s) will be REMOVED from "${printable(app.displayName)}". ${keepHint} !!!`);
  }
  return `${lines.join('\n')}\n`;
}

export function summarizeDiff(diff: AssignmentDiff): string {
  return `+${diff.added} added, ${diff.changed} changed, ${diff.removed} REMOVED, ${diff.unchanged} unchanged`;
}
