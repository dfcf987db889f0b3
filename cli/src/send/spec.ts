// The declarations of `send`, `diff` and `pull`: their options, help and exit codes. Light on purpose: the
// command line reads them for --help and argument checks before it loads any of the sending code.
import { GUID } from '../../../common/src/constants';
import { type CommandSpec, type OptionSpec, UsageError } from '../options';
import { SIGN_IN_GROUP } from '../session/signInOptions';

export const EXIT = { ok: 0, invalid: 1, usage: 2, signIn: 3, graph: 4, notConfirmed: 5, interrupted: 130 } as const;

const EXIT_CODES = `Exit codes: 0 done (or dry run), 1 document invalid (nothing sent), 2 usage, 3 sign-in failed, 4 Graph refused
or failed (after a failure that may have been applied, the app is read again and what it has is said), 5 not
confirmed, 130 interrupted (Ctrl-C).`;

export const APP_OPTION: OptionSpec = {
  name: 'app',
  type: 'string',
  value: 'ID',
  help: "The Intune app's id (a GUID: the end of the app's address in the Intune admin center).",
  required: true,
  check: (value) => {
    if (!GUID.test(value)) throw new UsageError(`--app must be an app id (a GUID), not "${value}".`);
    return value;
  },
};
const FORMAT: OptionSpec = { name: 'format', type: 'string', value: 'text|json', choices: ['text', 'json'], help: 'How to print the plan and the result (default text).' };
const MERGE: OptionSpec = { name: 'merge', type: 'boolean', help: "Add or update the document's assignments and keep the app's others (the merged list is posted)." };

export const SEND: CommandSpec = {
  name: 'send',
  usage: 'send FILE --app ID [--merge] [--dry-run] [--yes] [--justification TEXT] [--format text|json]',
  summary: "Send a document's assignments to an app, after showing what changes (send --help).",
  description: `Sends FILE's assignments to an Intune app. The document is checked first (errors: nothing is sent), then the
app and its current assignments are read and the change is shown. Graph's assign REPLACES every assignment the
app has: --merge keeps the others. The body posted is the document's assignments as written.`,
  positionals: { min: 1, max: 1, name: 'The document to send (FILE)' },
  groups: [
    {
      title: 'Options',
      options: [
        APP_OPTION,
        MERGE,
        { name: 'dry-run', type: 'boolean', help: 'Show the change; send nothing.' },
        { name: 'yes', short: 'y', type: 'boolean', help: 'Send without asking. Without it, a terminal gets a prompt and anything else sends nothing.' },
        { name: 'justification', type: 'string', value: 'TEXT', help: 'For tenants with Multi Admin Approval: the change is submitted for approval with this reason.', check: justification },
        FORMAT,
      ],
    },
    SIGN_IN_GROUP,
  ],
  epilogue: EXIT_CODES,
};

export const DIFF: CommandSpec = {
  name: 'diff',
  usage: 'diff FILE --app ID [--merge] [--format text|json]',
  summary: 'Show what sending a document to an app would change.',
  description: 'Shows what sending FILE to the app would change, and nothing else.',
  positionals: { min: 1, max: 1, name: 'The document to compare (FILE)' },
  groups: [{ title: 'Options', options: [APP_OPTION, MERGE, FORMAT] }, SIGN_IN_GROUP],
  epilogue: EXIT_CODES,
};

export const PULL: CommandSpec = {
  name: 'pull',
  usage: 'pull --app ID [-o FILE] [--keep-computed] | pull --all --out DIR [--include-unassigned]',
  summary: "Write an app's current assignments (or every app's, --all) as normalized *.assign.json files.",
  description: `Writes the app's current assignments as a normalized *.assign.json (stable key order, '#'-prefixed types,
computed fields such as id and source left out unless --keep-computed) to FILE or standard output.
With --all: one <app name>.assign.json per app that has assignments, in DIR, read in JSON batches; the bindings
of the files to their apps and the display names of the apps, groups and filters they use are written into
DIR/intune-assign.config.json (kept and updated when it exists), so plan and apply work on DIR at once.`,
  groups: [
    {
      title: 'Options',
      options: [
        { ...APP_OPTION, required: false, help: `${APP_OPTION.help} Required without --all.` },
        { name: 'output', short: 'o', type: 'string', value: 'FILE', help: 'Write the document to FILE (default: standard output).' },
        { name: 'keep-computed', type: 'boolean', help: 'Keep the fields Graph computes (id, source, sourceId).' },
        { name: 'all', type: 'boolean', help: 'Every app of the tenant, as a workspace in --out DIR.' },
        { name: 'out', type: 'string', value: 'DIR', help: 'With --all: the folder to write the workspace to (created if need be).' },
        { name: 'include-unassigned', type: 'boolean', help: 'With --all: also write apps without assignments (an empty list, which removes every assignment when applied).' },
      ],
    },
    SIGN_IN_GROUP,
  ],
  epilogue: EXIT_CODES,
};

function justification(value: string): string {
  if (value.length > 1024) throw new UsageError('--justification is limited to 1024 characters.');
  return value;
}
