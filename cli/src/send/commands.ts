// `intune-assign send`, `diff` and `pull`: thin shells over the sending core. send validates first (an invalid
// document never even asks for a token), plans (app, current assignments, the change), shows the plan with
// what will be REMOVED, asks (a prompt on a terminal, --yes otherwise; no terminal and no --yes sends
// nothing), and posts. Exit codes: 0 done, 1 document invalid, 2 usage, 3 sign-in failed, 4 Graph refused or
// failed, 5 not confirmed.
import { createInterface } from 'node:readline/promises';
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { DEFAULT_SETTINGS } from '../../../common/src/constants';
import { SignInError } from '../../../graph/src/auth/signIn';
import { GraphError, SignInRequiredError } from '../../../graph/src/graphClient';
import type { AssignOutcome } from '../../../graph/src/intuneApps';
import { AppNotAssignableError, checkDocument, describePlan, executePlan, InvalidDocumentError, planSend, SendPlan, toDocument } from '../../../graph/src/send';
import { resolveOptions, type ValidationOptions } from '../../../core/src';
import { readText, toSlash } from '../../../workspace/src/files';
import { loadConfig, UsageError } from '../usage';
import { COMMON_FLAGS, COMMON_HELP, GraphOptions, parseGraphArgs } from '../session/options';
import { openSession } from '../session/session';

export const EXIT = { ok: 0, invalid: 1, usage: 2, signIn: 3, graph: 4, notConfirmed: 5 } as const;

export const SEND_USAGE = `Usage: intune-assign send FILE --app ID [--merge] [--dry-run] [--yes] [--justification TEXT] [--format text|json]

Sends FILE's assignments to an Intune app. The document is checked first (errors: nothing is sent), then the
app and its current assignments are read and the change is shown. Graph's assign REPLACES every assignment the
app has: --merge adds or updates the document's assignments and keeps the others (the merged list is posted).
  --dry-run             Show the change; send nothing.
  --yes                 Send without asking. Without it, a terminal gets a prompt and anything else sends nothing.
  --justification TEXT  For tenants with Multi Admin Approval: the change is submitted for approval.
  --format text|json    How to print the plan and the result.

${COMMON_HELP}
Exit codes: 0 sent (or dry run), 1 document invalid, 2 usage, 3 sign-in failed, 4 Graph refused or failed,
5 not confirmed.
`;
export const DIFF_USAGE = `Usage: intune-assign diff FILE --app ID [--merge] [--format text|json]

Shows what sending FILE to the app would change, and nothing else.

${COMMON_HELP}`;
export const PULL_USAGE = `Usage: intune-assign pull --app ID [-o FILE] [--keep-computed]

Writes the app's current assignments as a normalized *.assign.json (stable key order, '#'-prefixed types,
computed fields such as id and source left out unless --keep-computed) to FILE or standard output.

${COMMON_HELP}`;

export function runSend(args: string[]): Promise<number> {
  return guarded(SEND_USAGE, () => {
    const options = parseGraphArgs(args, [...COMMON_FLAGS, '--app', '--merge', '--dry-run', '--yes', '--justification', '--format'], true);
    return options === 'help' ? usage(SEND_USAGE) : send(options, false);
  });
}

export function runDiff(args: string[]): Promise<number> {
  return guarded(DIFF_USAGE, () => {
    const options = parseGraphArgs(args, [...COMMON_FLAGS, '--app', '--merge', '--format'], true);
    return options === 'help' ? usage(DIFF_USAGE) : send(options, true);
  });
}

export function runPull(args: string[]): Promise<number> {
  return guarded(PULL_USAGE, async () => {
    const options = parseGraphArgs(args, [...COMMON_FLAGS, '--app', '--output', '--keep-computed'], false);
    if (options === 'help') return usage(PULL_USAGE);
    const validation = validationOptions(options, undefined);
    const session = openSession(options, validation.graphVersion, 'read');
    const app = await session.apps.getApp(options.app!);
    const assignments = await session.apps.listAssignments(options.app!);
    const document = toDocument(assignments, validation.graphVersion, options.keepComputed);
    if (options.output) {
      writeFileSync(resolve(options.output), document);
      process.stderr.write(`Wrote ${assignments.length} assignment(s) of "${app.displayName}" (${app['@odata.type']}) to ${options.output}.\n`);
    } else process.stdout.write(document);
    return EXIT.ok;
  });
}

async function usage(text: string): Promise<number> {
  process.stdout.write(text);
  return EXIT.ok;
}

/** The validation options for a document: the configuration file for its path, then the flags. */
function validationOptions(options: GraphOptions, file: string | undefined): ValidationOptions {
  const cwd = process.cwd();
  const loaded = loadConfig(cwd, options.config);
  const relativePath = file ? toSlash(relative(loaded.dir, resolve(cwd, file))) : undefined;
  const resolved = resolveOptions({ graphVersion: DEFAULT_SETTINGS.graphVersion, cloud: DEFAULT_SETTINGS.cloud }, loaded.config, relativePath);
  return { ...resolved, ...(options.graphVersion && { graphVersion: options.graphVersion }), ...(options.cloud && { cloud: options.cloud }) };
}

async function send(options: GraphOptions, diffOnly: boolean): Promise<number> {
  const read = readText(resolve(options.file!));
  if ('error' in read) throw new UsageError(read.error);
  const validation = validationOptions(options, options.file);
  // Before any sign-in: an invalid document never even asks for a token.
  checkDocument(read.text, validation);
  const session = openSession(options, validation.graphVersion, diffOnly ? 'read' : 'write');
  const plan = await planSend({ apps: session.apps, appId: options.app!, text: read.text, options: validation, mode: options.merge ? 'merge' : 'replace' });
  const who = session.credentials.signedIn;
  if (options.format === 'text') process.stdout.write(describePlan(plan, `${who.username ?? who.flow} in ${who.tenantId} (${session.endpoints.cloud})`, 'Use --merge to keep them.'));
  if (diffOnly || options.dryRun) {
    if (options.format === 'json') printJson(plan, null, true);
    else process.stdout.write(diffOnly ? '' : '\nDry run: nothing was sent.\n');
    return EXIT.ok;
  }
  if (!(await confirm(plan, options.yes))) {
    if (options.format === 'json') printJson(plan, null, false);
    return EXIT.notConfirmed;
  }
  const outcome = await executePlan(session.apps, plan, { justification: options.justification });
  if (options.format === 'json') printJson(plan, outcome, false);
  else if (outcome.outcome === 'pending-approval') {
    process.stdout.write(`\nSubmitted for Multi Admin Approval: the change waits for another administrator (request ${String(outcome.approval.id ?? outcome.requestId ?? 'unknown')}). Nothing changes until it is approved.\n`);
  } else {
    process.stdout.write(`\nSent: "${plan.app.displayName}" now has ${plan.body.mobileAppAssignments.length} assignment(s) (request-id ${outcome.requestId ?? 'not given'}).\n`);
  }
  return EXIT.ok;
}

async function confirm(plan: SendPlan, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    process.stderr.write('Not sent: confirm with --yes (there is no terminal to ask).\n');
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const removal = plan.diff.removed ? ` and REMOVE ${plan.diff.removed} assignment(s)` : '';
    const answer = await rl.question(`\nSend to "${plan.app.displayName}"${removal}? Type yes to send: `);
    const confirmed = answer.trim().toLowerCase() === 'yes';
    if (!confirmed) process.stderr.write('Not sent.\n');
    return confirmed;
  } finally {
    rl.close();
  }
}

function printJson(plan: SendPlan, outcome: AssignOutcome | null, dryRun: boolean): void {
  const { app, mode, diff, body } = plan;
  const changes = diff.changes.map(({ kind, label, details }) => ({ kind, label, details }));
  process.stdout.write(`${JSON.stringify({ app, mode, dryRun, diff: { added: diff.added, changed: diff.changed, removed: diff.removed, unchanged: diff.unchanged, changes }, body, result: outcome }, null, 2)}\n`);
}

/** Runs a command, turning each kind of failure into its message and exit code. */
async function guarded(usageText: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    const say = (message: string) => process.stderr.write(`intune-assign: ${message}\n`);
    if (error instanceof UsageError) {
      say(`${error.message}\n\n${usageText}`);
      return EXIT.usage;
    }
    if (error instanceof InvalidDocumentError) {
      say(error.message);
      for (const f of error.findings) process.stderr.write(`  ${f.rule}: ${f.message}\n`);
      process.stderr.write('Run intune-assign lint on the file for lines and columns.\n');
      return EXIT.invalid;
    }
    if (error instanceof SignInError || error instanceof SignInRequiredError) {
      say(error.message);
      return EXIT.signIn;
    }
    if (error instanceof GraphError) {
      say(error.describe());
      if (error.status === 401) {
        process.stderr.write('Graph did not accept the sign-in: sign in again (or get a new token).\n');
        return EXIT.signIn;
      }
      return EXIT.graph;
    }
    if (error instanceof AppNotAssignableError) {
      say(error.message);
      return EXIT.graph;
    }
    throw error;
  }
}
