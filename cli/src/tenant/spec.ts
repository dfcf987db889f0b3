// The declarations of the commands that work on a tenant's apps as a workspace: `plan`, `apply`, `copy` and
// `who-targets` (and pull's --all, declared with pull). Light on purpose: read for --help and argument checks
// before any of their code loads. Exit codes are send's: 0 done, 1 invalid, 2 usage, 3 sign-in, 4 Graph,
// 5 not confirmed, 130 interrupted; plan --detailed-exitcode adds 2 for "changes", as Terraform does.
import { GUID } from '../../../common/src/constants';
import { type CommandSpec, type OptionSpec, UsageError } from '../options';
import { APP_OPTION } from '../send/spec';
import { SIGN_IN_GROUP } from '../session/signInOptions';

export const PLAN_FORMATS = ['text', 'json', 'markdown'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

const WORKSPACE_EXIT = `Exit codes: 0 done (plan: no changes, or changes without --detailed-exitcode), 1 a file or binding is invalid, a
bound app does not exist, or a name cannot be mapped (nothing sent), 2 usage (plan --detailed-exitcode: changes),
3 sign-in failed, 4 Graph refused or failed (apply: an app failed; the others were still applied), 5 not
confirmed, 130 interrupted (Ctrl-C: apply stops between apps).`;

const MAP_BY_NAME: OptionSpec = {
  name: 'map-by-name',
  type: 'boolean',
  help: 'Promote to the signed-in tenant: map the recorded apps, groups and filters to its objects of the same display names (refused, naming each, when one is missing or ambiguous).',
};
const CONFIG: OptionSpec = { name: 'config', type: 'string', value: 'FILE', help: 'The workspace configuration (default: the nearest intune-assign.config.json at or above the current folder).' };
const WORKSPACE_SIGN_IN = { ...SIGN_IN_GROUP, options: SIGN_IN_GROUP.options.filter((o) => o.name !== 'config') };
const JUSTIFICATION: OptionSpec = {
  name: 'justification',
  type: 'string',
  value: 'TEXT',
  help: 'For apps a Multi Admin Approval policy protects: each change is submitted for approval with this reason.',
  check: (value) => {
    if (value.length > 1024) throw new UsageError('--justification is limited to 1024 characters.');
    return value;
  },
};
const YES: OptionSpec = { name: 'yes', short: 'y', type: 'boolean', help: 'Apply without asking. Without it, a terminal gets a prompt and anything else sends nothing.' };

export const PLAN: CommandSpec = {
  name: 'plan',
  usage: 'plan [--config FILE] [--map-by-name] [--detailed-exitcode] [--format text|json|markdown]',
  summary: "Show what applying the workspace would change: every bound file against its app's assignments.",
  description: `Compares every *.assign.json bound to an app in the configuration ("apps") with the app's current assignments,
read in JSON batches, and prints one summary. Each file is checked as send checks it. Nothing is sent.`,
  groups: [
    {
      title: 'Options',
      options: [
        CONFIG,
        MAP_BY_NAME,
        { name: 'detailed-exitcode', type: 'boolean', help: 'Exit 0 when nothing would change and 2 when something would (as Terraform does), so CI can detect drift.' },
        { name: 'format', type: 'string', value: 'text|json|markdown', choices: PLAN_FORMATS, help: 'text (default); json: {"apps": [...], "changedApps": N}; markdown: for a pull-request comment.' },
      ],
    },
    WORKSPACE_SIGN_IN,
  ],
  epilogue: WORKSPACE_EXIT,
};

export const APPLY: CommandSpec = {
  name: 'apply',
  usage: 'apply [--config FILE] [--only FILE]... [--map-by-name] [--yes] [--justification TEXT]',
  summary: 'Send the changes the plan shows: every bound app whose assignments differ from its file.',
  description: `Plans the workspace, asks once for the whole plan (what is REMOVED said loudly), then POSTs each app that
changes, in turn, its body the file's assignments as written. Every file is checked before anything is sent.
One app's failure does not stop the others; the summary says which succeeded, failed or were not tried.`,
  groups: [
    {
      title: 'Options',
      options: [
        CONFIG,
        { name: 'only', type: 'string', multiple: true, value: 'FILE', help: 'Apply only this bound file (repeat for more).' },
        MAP_BY_NAME,
        YES,
        JUSTIFICATION,
      ],
    },
    WORKSPACE_SIGN_IN,
  ],
  epilogue: WORKSPACE_EXIT,
};

const guid = (flag: string): OptionSpec['check'] => (value) => {
  if (!GUID.test(value)) throw new UsageError(`${flag} must be an app id (a GUID), not "${value}".`);
  return value;
};

export const COPY: CommandSpec = {
  name: 'copy',
  usage: 'copy --from ID --to ID [--merge] [--dry-run] [--yes] [--format text|json]',
  summary: "Copy one app's assignments onto another (a new version of it), after showing the change.",
  description: `Reads the assignments of the app --from and sends them to the app --to, as send does: the change is shown
(what is REMOVED from --to loudly), and the settings must fit --to's app type. --merge keeps --to's other
assignments.`,
  groups: [
    {
      title: 'Options',
      options: [
        { ...APP_OPTION, name: 'from', help: 'The app whose assignments are copied (its id).', check: guid('--from') },
        { ...APP_OPTION, name: 'to', help: 'The app that gets them (its id).', check: guid('--to') },
        { name: 'merge', type: 'boolean', help: "Add or update the copied assignments and keep --to's others." },
        { name: 'dry-run', type: 'boolean', help: 'Show the change; send nothing.' },
        YES,
        JUSTIFICATION,
        { name: 'format', type: 'string', value: 'text|json', choices: ['text', 'json'], help: 'How to print the plan and the result (default text).' },
      ],
    },
    WORKSPACE_SIGN_IN,
  ],
  epilogue: `Exit codes: as send's: 0 done (or dry run), 1 the settings do not fit the app --to (nothing sent), 2 usage, 3 sign-in
failed, 4 Graph refused or failed, 5 not confirmed, 130 interrupted.`,
};

export const WHO_TARGETS: CommandSpec = {
  name: 'who-targets',
  usage: 'who-targets GROUP [--format text|json]',
  summary: 'List every app and intent that includes or excludes a group (its id or display name).',
  description: `Reads every app's assignments (in JSON batches) and lists those whose target is GROUP: included
(groupAssignmentTarget) or excluded (exclusionGroupAssignmentTarget). GROUP is a group id, or a display name
that exactly one group has. Assignments to all users or all devices are not listed.`,
  positionals: { min: 1, max: 1, name: 'GROUP (an id or a display name)' },
  groups: [
    {
      title: 'Options',
      options: [{ name: 'format', type: 'string', value: 'text|json', choices: ['text', 'json'], help: 'text (default); json: [{"appId", "displayName", "intent", "target"}], target "include" or "exclude".' }],
    },
    WORKSPACE_SIGN_IN,
  ],
  epilogue: 'Exit codes: 0 done, 1 GROUP names no group or several, 2 usage, 3 sign-in failed, 4 Graph refused or failed.',
};
