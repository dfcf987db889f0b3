// The table of command-line commands: name, usage line and what runs it. main.ts dispatches on it and prints
// usage from it; the README test checks that each is documented.
import { runLsp } from './lsp';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Returns the exit code, or undefined while it keeps running (a server). */
  run(args: string[]): number | undefined | Promise<number | undefined>;
}

export const COMMANDS: readonly Command[] = [
  {
    name: 'lsp',
    usage: 'lsp [--stdio | --node-ipc | --socket=PORT]',
    summary: 'Start the language server (stdio by default) for any LSP client.',
    run: (args) => {
      runLsp(args);
      return undefined;
    },
  },
];
