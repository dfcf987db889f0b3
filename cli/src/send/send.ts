// `intune-assign send` and `diff`: the command line's side of the one send flow (graph/src/sendFlow.ts). This
// file supplies the steps' terminal UI: the document's verdict (errors: exit 1, nothing signed in to), the
// sign-in, the app named by --app, the plan printed with what will be REMOVED, and the confirmation (a prompt
// on a terminal, --yes otherwise; no terminal and no --yes sends nothing). `diff` and --dry-run stop at the
// review. Exit codes: 0 done, 1 document invalid, 2 usage, 3 sign-in failed, 4 Graph refused or failed,
// 5 not confirmed, 130 interrupted (Ctrl-C). Ctrl-C cancels the step under way; while the POST is on its way
// it is cancelled too, and the app is read again to say whether the change was applied.
import { resolve } from 'node:path';
import { DEFAULT_SETTINGS } from '../../../common/src/constants';
import type { ValidateResult } from '../../../common/src/protocol';
import type { ValidationOptions } from '../../../core/src';
import { type AssignOutcome, IntuneApps } from '../../../graph/src/intuneApps';
import { printable } from '../../../graph/src/log';
import { describePlan, type SendPlan, summarizeDiff, validateText } from '../../../graph/src/send';
import { type ChosenApp, runSend, type SendResult, type SendSteps } from '../../../graph/src/sendFlow';
import { ConfigLookup } from '../../../workspace/src/config';
import { readText } from '../../../workspace/src/files';
import { type ParsedCommand, UsageError } from '../options';
import { Interrupts } from '../session/interrupts';
import { openSession, type Session } from '../session/session';
import { signInOptions, type SignInOptions } from '../session/signInOptions';
import { guarded } from './errors';
import { EXIT } from './spec';

export function runSendCommand(parsed: ParsedCommand): Promise<number> {
  return guarded(() => send(parsed, false));
}

export function runDiffCommand(parsed: ParsedCommand): Promise<number> {
  return guarded(() => send(parsed, true));
}

/** The validation options for a document: its configuration file (or --config), then the flags. */
export function validationOptions(options: SignInOptions, file: string): ValidationOptions {
  const lookup = new ConfigLookup(options.config);
  const loaded = lookup.configFor(resolve(file));
  if (loaded?.problems.length) {
    throw new UsageError(`The configuration file has problems:\n${loaded.problems.map((p) => `  ${loaded.path}:${p.line}:${p.column}: ${p.message}`).join('\n')}`);
  }
  const forced = { ...(options.graphVersion && { graphVersion: options.graphVersion }), ...(options.cloud && { cloud: options.cloud }) };
  return lookup.optionsFor(resolve(file), { graphVersion: DEFAULT_SETTINGS.graphVersion, cloud: DEFAULT_SETTINGS.cloud }, forced);
}

async function send({ values, positionals }: ParsedCommand, diffOnly: boolean): Promise<number> {
  const file = positionals[0];
  const signIn = signInOptions(values);
  const read = readText(resolve(file));
  if ('error' in read) throw new UsageError(read.error);
  return sendDocument({ text: read.text, options: validationOptions(signIn, file), appId: values.app as string, values, diffOnly });
}

export interface SendDocument {
  /** The document's text: what is validated, and (as parsed) what is posted. */
  text: string;
  options: ValidationOptions;
  appId: string;
  /** The command's values: --yes, --dry-run, --merge, --format, --justification and the sign-in. */
  values: ParsedCommand['values'];
  diffOnly: boolean;
  /** A session the command opened already (copy reads the source app first). */
  session?: Session;
  /** The app and its assignments, when the command has just read them (copy reads both apps in one request). */
  read?: ChosenApp['read'];
}

/** The send flow with the terminal's steps, for a document's text (send, diff, copy). */
export async function sendDocument(request: SendDocument): Promise<number> {
  const { text, options, appId, values, diffOnly } = request;
  const format = (values.format as 'text' | 'json' | undefined) ?? 'text';
  const dryRun = diffOnly || values['dry-run'] === true;
  const signIn = signInOptions(values);
  let session: Session | undefined = request.session;
  let reviewed: SendPlan | undefined;
  const interrupts = new Interrupts();
  const steps: SendSteps = {
    validate: async () => validateText(text, options),
    refuse: async (result) => refuse(result),
    connect: async (version) => {
      session ??= openSession(signIn, version, dryRun ? 'read' : 'write');
      return { apps: new IntuneApps(session.client(version)) };
    },
    chooseApp: async () => ({ id: appId, read: request.read }),
    appKnown: async () => undefined,
    progress: (_title, work) => interrupts.during(work),
    review: async (plan) => {
      reviewed = plan;
      const who = session!.credentials.signedIn;
      if (format === 'text') process.stdout.write(describePlan(plan, `${who.username ?? who.flow} in ${who.tenantId} (${session!.endpoints.cloud})`, 'Use --merge to keep them.'));
      if (dryRun) return { action: 'cancel' };
      return (await confirm(plan, values.yes === true, interrupts)) ? { action: 'send' } : { action: 'cancel' };
    },
    justification: async () => {
      process.stderr.write('intune-assign: Graph refused the change: a Multi Admin Approval policy protects this app, and a change must say why (the x-msft-approval-justification header). Send again with --justification TEXT to submit it for approval.\n');
      return undefined;
    },
  };
  let result: SendResult;
  try {
    result = await runSend(steps, { text: () => text, mode: values.merge === true ? 'merge' : 'replace', justification: values.justification as string | undefined });
  } finally {
    interrupts.dispose();
  }
  if (result.result === 'invalid') return EXIT.invalid;
  if (result.result === 'uncertain') return uncertain(result, format);
  if (result.result === 'cancelled') {
    if (result.at === 'justification') return EXIT.graph;
    if (format === 'json' && reviewed) printJson(reviewed, null, dryRun);
    else if (dryRun && !diffOnly) process.stdout.write('\nDry run: nothing was sent.\n');
    return dryRun ? EXIT.ok : EXIT.notConfirmed;
  }
  const { plan, outcome } = result;
  if (format === 'json') printJson(plan, outcome, false);
  else if (outcome.outcome === 'pending-approval') {
    process.stdout.write(`\nSubmitted for Multi Admin Approval: the change waits for another administrator (request ${printable(String(outcome.approval.id ?? outcome.requestId ?? 'unknown'))}). Nothing changes until it is approved.\n`);
  } else {
    process.stdout.write(`\nSent: "${printable(plan.app.displayName)}" now has ${plan.body.mobileAppAssignments.length} assignment(s) (request-id ${printable(outcome.requestId ?? 'not given')}).\n`);
  }
  return EXIT.ok;
}

async function refuse(result: ValidateResult): Promise<void> {
  const errors = result.problems.filter((p) => p.severity === 'error');
  process.stderr.write(`intune-assign: The document has ${errors.length} error(s); nothing was sent.\n`);
  for (const p of errors) process.stderr.write(`  ${p.line + 1}:${p.character + 1}  ${p.rule}: ${printable(p.message)}\n`);
  process.stderr.write('Run intune-assign lint on the file for every problem.\n');
}

async function confirm(plan: SendPlan, yes: boolean, interrupts: Interrupts): Promise<boolean> {
  if (yes) return true;
  const removal = plan.diff.removed ? ` and REMOVE ${plan.diff.removed} assignment(s)` : '';
  return interrupts.confirm(`\nSend to "${printable(plan.app.displayName)}"${removal}? Type yes to send: `, 'Not sent');
}

/** The POST may or may not have been applied: say what the app has now, and exit accordingly. */
function uncertain(result: Extract<SendResult, { result: 'uncertain' }>, format: 'text' | 'json'): number {
  const { plan, after, reason } = result;
  const say = (text: string) => process.stderr.write(`intune-assign: ${text}\n`);
  say(printable(result.message));
  const app = `"${printable(plan.app.displayName)}"`;
  if (after.state === 'unreadable') {
    say(`Reading ${app} again failed too (${printable(after.error)}): the change may or may not have been applied. Check with intune-assign diff before sending again.`);
  } else if (after.state === 'applied') {
    say(`Read again: ${app} has exactly what was sent (${after.assignments.length} assignment(s)): the change was applied.`);
  } else if (after.state === 'unchanged') {
    say(`Read again: ${app} still has its assignments as before (${after.assignments.length}): the change was not applied. Sending again is safe.`);
  } else {
    say(`Read again: ${app} has ${after.assignments.length} assignment(s), neither what it had nor what was sent (${summarizeDiff(after.diff)} against what was sent). Check with intune-assign diff before sending again.`);
  }
  if (format === 'json') {
    const readBack: Record<string, unknown> = { state: after.state, ...(after.state === 'unreadable' ? { error: after.error } : { assignments: after.assignments }) };
    process.stdout.write(`${JSON.stringify({ app: plan.app, mode: plan.mode, dryRun: false, body: plan.body, result: { outcome: 'uncertain', reason, message: result.message, readBack } }, null, 2)}\n`);
  }
  if (reason === 'interrupted') return EXIT.interrupted;
  return after.state === 'applied' ? EXIT.ok : EXIT.graph;
}

function printJson(plan: SendPlan, outcome: AssignOutcome | null, dryRun: boolean): void {
  const { app, mode, diff, body } = plan;
  const changes = diff.changes.map(({ kind, label, details }) => ({ kind, label, details }));
  process.stdout.write(`${JSON.stringify({ app, mode, dryRun, diff: { added: diff.added, changed: diff.changed, removed: diff.removed, unchanged: diff.unchanged, changes }, body, result: outcome }, null, 2)}\n`);
}
