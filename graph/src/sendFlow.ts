// THE send flow, shared by VS Code's "Send assign" and `intune-assign send`/`diff`: validate (errors: refuse;
// nothing is signed in to or requested), connect, choose the app, plan with the sending core (the app's type
// checks the settings; current assignments; the change), review (the diff and a confirmation that may switch
// between replace and merge, which plans again), and post; a Multi Admin Approval refusal asks for a
// justification and posts once more. Each shell supplies the steps' UI (prompts, pickers, progress); the
// order, and what happens between them, is decided here only. The POST is made at most once per
// confirmation: when it fails or is cancelled after its request may have reached Graph, the app's
// assignments are read again and the result says what is actually there ('uncertain').
import type { GraphVersion } from '../../common/src/constants';
import type { ValidateResult } from '../../common/src/protocol';
import type { ValidationOptions } from '../../core/src';
import { type Assignment, AssignOutcome, AssignUncertainError, IntuneApps, MobileApp, needsApprovalJustification, shortType } from './intuneApps';
import { executePlan, planSend, type ReadBack, readBack, SendMode, SendPlan, sendOptions, validateText } from './send';

export type Review = { action: 'send' } | { action: 'switch'; mode: SendMode } | { action: 'cancel' };

export interface SendSteps {
  /** The language server's verdict on the document as the editor has it. */
  validate(): Promise<ValidateResult>;
  /** The document has errors: say so and show them. */
  refuse(result: ValidateResult): Promise<void>;
  /** Signs in if need be, for Graph `version`. Throws when sign-in fails or is cancelled. */
  connect(version: GraphVersion): Promise<{ apps: IntuneApps }>;
  /** The remembered app, or one the user picks; undefined when the user gives up. */
  chooseApp(apps: IntuneApps): Promise<ChosenApp | undefined>;
  /** The app is known: remember it and let the editor check the document against its type. */
  appKnown(app: MobileApp): Promise<void>;
  /** Runs the network part of a step with progress and cancellation. */
  progress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Shows the change and asks. */
  review(plan: SendPlan): Promise<Review>;
  /** Multi Admin Approval wants a justification; undefined cancels. */
  justification(app: MobileApp): Promise<string | undefined>;
}

export interface ChosenApp {
  id: string;
  /** The app and its assignments when the shell has just read them (copy): the first plan reads neither again. */
  read?: { app: MobileApp; assignments: Assignment[] };
}

export type SendResult =
  | { result: 'invalid'; validation: ValidateResult }
  | { result: 'cancelled'; at: 'app' | 'review' | 'justification'; plan?: SendPlan }
  | { result: 'sent'; plan: SendPlan; outcome: AssignOutcome }
  /** The POST failed or was cancelled after it may have reached Graph; `after` is what the app has now. */
  | { result: 'uncertain'; plan: SendPlan; reason: AssignUncertainError['reason']; message: string; after: ReadBack };

export interface SendRequest {
  /** The document's text, as the editor has it when the plan is made. */
  text: () => string;
  /** The mode the review offers first. */
  mode: SendMode;
  /** A Multi Admin Approval justification to send with the first POST (the command line's --justification). */
  justification?: string;
}

export async function runSend(steps: SendSteps, request: SendRequest): Promise<SendResult> {
  const shown = await steps.validate();
  // What the configuration relaxes for the editor does not relax what is sent (sendOptions): checked here,
  // before anything is signed in to or read.
  const validation = shown.errors > 0 ? shown : validateText(request.text(), sendOptions(shown.options));
  if (validation.errors > 0) {
    await steps.refuse(validation);
    return { result: 'invalid', validation };
  }
  // The plan validates the text again, with the same settings and configuration file as the editor.
  const options: ValidationOptions = shown.options;
  const { apps } = await steps.connect(options.graphVersion);
  const chosen = await steps.chooseApp(apps);
  if (!chosen) return { result: 'cancelled', at: 'app' };
  const app = chosen.read?.app ?? (await steps.progress('Reading the app', (signal) => apps.getApp(chosen.id, signal)));
  // Before the plan checks the settings against the app's type, so its findings land in the document.
  await steps.appKnown(app);
  let mode = request.mode;
  // Only the first plan uses assignments the shell read: a plan in the other mode reads them afresh.
  let current = chosen.read?.assignments;
  for (;;) {
    const plan = await steps.progress("Reading the app's assignments", (signal) =>
      planSend({ apps, appId: chosen.id, app, current, text: request.text(), options, mode, signal }),
    );
    current = undefined;
    const review = await steps.review(plan);
    if (review.action === 'cancel') return { result: 'cancelled', at: 'review', plan };
    if (review.action === 'switch') {
      mode = review.mode;
      continue;
    }
    return post(steps, apps, plan, request.justification);
  }
}

async function post(steps: SendSteps, apps: IntuneApps, plan: SendPlan, first?: string): Promise<SendResult> {
  try {
    return await postOnce(steps, apps, plan, first);
  } catch (error) {
    if (!needsApprovalJustification(error) || first) throw error;
    const justification = await steps.justification(plan.app);
    if (!justification) return { result: 'cancelled', at: 'justification', plan };
    return postOnce(steps, apps, plan, justification);
  }
}

/** One POST; if it may have reached Graph before failing, what the app has is read and reported. */
async function postOnce(steps: SendSteps, apps: IntuneApps, plan: SendPlan, justification?: string): Promise<SendResult> {
  const title = `Sending ${plan.body.mobileAppAssignments.length} assignment(s) to "${plan.app.displayName}"`;
  try {
    const outcome = await steps.progress(title, (signal) => executePlan(apps, plan, { justification, signal }));
    return { result: 'sent', plan, outcome };
  } catch (error) {
    if (!(error instanceof AssignUncertainError)) throw error;
    const after = await steps.progress(`Reading what "${plan.app.displayName}" has now`, (signal) => readBack(apps, plan, signal)).catch(
      (readError: unknown): ReadBack => ({ state: 'unreadable', error: readError instanceof Error ? readError.message : String(readError) }),
    );
    return { result: 'uncertain', plan, reason: error.reason, message: error.message, after };
  }
}

/** What a shell says when the document has errors: nothing was sent, the first error, and what to do. */
export function refusalMessage(result: ValidateResult): string {
  const first = result.problems.find((p) => p.severity === 'error');
  // Rule messages end with their own full stop: one sentence each, never "..".
  const firstText = first ? `; the first, on line ${first.line + 1}: ${first.message.replace(/[.\s]+$/, '')}` : '';
  return `nothing was sent. The document has ${result.errors} error(s)${firstText}. Fix them (see the Problems panel) and send again.`;
}

export interface Confirmation {
  message: string;
  detail: string;
  send: string;
  /** The button that plans again in the other mode. */
  switchTo: { label: string; mode: SendMode };
}

/** The modal confirmation's words: tenant, account, app and counts, and loudly what will be REMOVED. */
export function confirmation(plan: SendPlan, account: { username: string; tenantId: string; cloud: string }): Confirmation {
  const { app, diff, mode } = plan;
  const counts = `+${diff.added} added, ${diff.changed} changed, ${diff.removed} REMOVED`;
  const lines = [
    `Tenant: ${account.tenantId} (${account.cloud})`,
    `Account: ${account.username}`,
    `App: ${app.displayName} (${shortType(app['@odata.type'])}, ${app.id})`,
    mode === 'merge'
      ? "Mode: merge. The document's assignments are added or updated; the app's other assignments stay."
      : "Mode: replace. The app's assignments become exactly this document's, as Graph's assign does.",
    `${counts}, ${diff.unchanged} unchanged.`,
  ];
  if (diff.removed > 0) lines.push('', `${diff.removed} existing assignment(s) will be REMOVED from the app.`);
  if (plan.warnings.length) lines.push('', `The document has ${plan.warnings.length} warning(s); see the Problems panel.`);
  return {
    message: `Send to "${app.displayName}"? ${counts}`,
    detail: lines.join('\n'),
    send: diff.removed > 0 ? `Send and remove ${diff.removed}` : 'Send',
    switchTo: mode === 'merge' ? { label: 'Replace instead', mode: 'replace' } : { label: 'Merge instead', mode: 'merge' },
  };
}
