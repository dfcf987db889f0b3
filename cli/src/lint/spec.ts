// The declaration of `intune-assign lint`: its options, help and exit codes, read before any linting code loads.
import { CLOUDS, GRAPH_VERSIONS } from '../../../common/src/constants';
import { type CommandSpec, UsageError } from '../options';
import { SIGN_IN_GROUP } from '../session/signInOptions';

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export const LINT: CommandSpec = {
  name: 'lint',
  usage: 'lint [options] [paths or globs...]',
  summary: "Check *.assign.json files with the editor's rules (lint --help for options).",
  description: `Checks *.assign.json files with the same rules as the editor. With no path, every *.assign.json under the
current folder (honouring .gitignore, skipping node_modules). Each file gets the nearest intune-assign.config.json
at or above its folder (up to the repository's root), as in the editor.`,
  positionals: { min: 0, max: Number.MAX_SAFE_INTEGER, name: 'paths' },
  groups: [
    {
      title: 'Options',
      options: [
        { name: 'format', type: 'string', value: 'stylish|json|sarif|github', choices: FORMATS, help: 'Output format (default stylish).' },
        { name: 'graph-version', type: 'string', value: 'beta|v1.0', choices: GRAPH_VERSIONS, help: 'Graph version to check against (default: configuration, else beta).' },
        { name: 'cloud', type: 'string', value: 'NAME', choices: CLOUDS, help: `${CLOUDS.join(', ')} (default: configuration, else global).` },
        { name: 'config', type: 'string', value: 'FILE', help: 'Configuration file for every file (default: the nearest intune-assign.config.json of each).' },
        { name: 'max-warnings', type: 'string', value: 'N', help: 'Exit 1 when there are more than N warnings.', check: wholeNumber },
        { name: 'quiet', type: 'boolean', help: 'Report errors only.' },
        { name: 'output', type: 'string', value: 'FILE', help: 'Write the report to FILE instead of standard output.' },
        { name: 'concurrency', type: 'string', value: 'N|auto', help: 'Threads that lint, the main one included (default auto: one per core, up to 16, from 1,000 files on machines with 4 or more cores; else 1: no worker threads).', check: concurrency },
        { name: 'online', type: 'boolean', help: "Also check every group and filter id against the tenant (group-not-found, filter-not-found, filter-platform-mismatch), with the sign-in options below or else the session of intune-assign login. Without it, lint sends nothing anywhere." },
        { name: 'version', short: 'v', type: 'boolean', help: 'Print the version.' },
      ],
    },
    {
      title: 'With --online: sign-in (default: the session intune-assign login keeps)',
      options: SIGN_IN_GROUP.options.filter((o) => !['cloud', 'graph-version', 'config'].includes(o.name)),
    },
  ],
  epilogue: 'Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage, configuration or I/O error (with --online: the tenant could not be read).',
};

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings needs a whole number, not "${value}".`);
  return Number(value);
}

function concurrency(value: string): number | undefined {
  if (value !== 'auto' && !/^[1-9]\d*$/.test(value)) throw new UsageError(`--concurrency needs a number of threads (1 or more) or auto, not "${value}".`);
  return value === 'auto' ? undefined : Number(value);
}
