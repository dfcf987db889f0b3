// The table of command-line commands: each one's declaration (spec: usage, options, help) and the code that
// runs it, loaded only when it runs — `lint` in CI pays for neither MSAL nor the language server. main.ts
// dispatches on it; the README test checks that every command and flag is documented.
import { LINT } from './lint/spec';
import { LSP } from './lsp/spec';
import type { CommandSpec, ParsedCommand } from './options';
import { SANDBOX } from './sandbox/spec';
import { DIFF, PULL, SEND } from './send/spec';

export interface Command {
  spec: CommandSpec;
  /** Returns the exit code, or undefined while it keeps running (a server). */
  run(parsed: ParsedCommand, args: string[], version: string): Promise<number | undefined>;
}

export const COMMANDS: readonly Command[] = [
  { spec: LINT, run: async (parsed, _args, version) => (await import('./lint/command')).runLint(parsed, version) },
  { spec: SEND, run: async (parsed) => (await import('./send/send')).runSendCommand(parsed) },
  { spec: DIFF, run: async (parsed) => (await import('./send/send')).runDiffCommand(parsed) },
  { spec: PULL, run: async (parsed) => (await import('./send/pull')).runPullCommand(parsed) },
  // The sandbox reads its own arguments: its tests drive it with their own streams.
  { spec: SANDBOX, run: async (_parsed, args) => (await import('./sandbox/command')).runSandbox(args) },
  { spec: LSP, run: async (parsed) => (await import('./lsp/command')).runLsp(parsed) },
];
