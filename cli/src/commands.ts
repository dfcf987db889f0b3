// The table of command-line commands: each one's declaration (spec: usage, options, help) and the bundle that
// runs it. dist/cli.js holds this table, the option parser and the specs only; each command group is its own
// bundle (scripts/build.mjs), required when the command runs, so `lint` in CI loads neither MSAL, the Graph
// client, the sandbox nor the language server. main.ts dispatches on it; the README test checks that every
// command and flag is documented.
import { join } from 'node:path';
import { LINT } from './lint/spec';
import { LSP } from './lsp/spec';
import type { CommandSpec, ParsedCommand } from './options';
import { SANDBOX } from './sandbox/spec';
import { DIFF, PULL, SEND } from './send/spec';
import { LOGIN, LOGOUT, WHOAMI } from './session/spec';
import { APPLY, COPY, PLAN, WHO_TARGETS } from './tenant/spec';

export interface Command {
  spec: CommandSpec;
  /** Returns the exit code, or undefined while it keeps running (a server). */
  run(parsed: ParsedCommand, version: string): Promise<number | undefined>;
}

/** The bundles next to dist/cli.js, by file name, and what each exports. */
interface Bundles {
  'cli-lint.js': typeof import('./lint/command');
  'cli-send.js': typeof import('./send/index');
  'cli-lsp.js': typeof import('./lsp/command');
  'cli-sandbox.js': typeof import('./sandbox/command');
  'cli-tenant.js': typeof import('./tenant/index');
  'cli-session.js': typeof import('./session/index');
}

/** Loads a command group's bundle from beside this one (a plain require: esbuild leaves it alone). */
export function loadBundle<K extends keyof Bundles>(file: K): Bundles[K] {
  const path = join(__dirname, file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as Bundles[K];
}

export const COMMANDS: readonly Command[] = [
  { spec: LINT, run: async (parsed, version) => loadBundle('cli-lint.js').runLint(parsed, version, () => loadBundle('cli-session.js')) },
  { spec: SEND, run: async (parsed) => loadBundle('cli-send.js').runSendCommand(parsed) },
  { spec: DIFF, run: async (parsed) => loadBundle('cli-send.js').runDiffCommand(parsed) },
  { spec: PULL, run: async (parsed) => (parsed.values.all === true ? loadBundle('cli-tenant.js').runPullAll(parsed) : loadBundle('cli-send.js').runPullCommand(parsed)) },
  { spec: PLAN, run: async (parsed) => loadBundle('cli-tenant.js').runPlan(parsed) },
  { spec: APPLY, run: async (parsed) => loadBundle('cli-tenant.js').runApply(parsed) },
  { spec: COPY, run: async (parsed) => loadBundle('cli-tenant.js').runCopy(parsed) },
  { spec: WHO_TARGETS, run: async (parsed) => loadBundle('cli-tenant.js').runWhoTargets(parsed) },
  { spec: LOGIN, run: async (parsed) => loadBundle('cli-session.js').runLogin(parsed) },
  { spec: LOGOUT, run: async () => loadBundle('cli-session.js').runLogout() },
  { spec: WHOAMI, run: async () => loadBundle('cli-session.js').runWhoami() },
  { spec: SANDBOX, run: async (parsed) => loadBundle('cli-sandbox.js').runSandboxCommand(parsed) },
  { spec: LSP, run: async (parsed) => loadBundle('cli-lsp.js').runLsp(parsed) },
];
