// The table of command-line commands: name, usage line and what runs it. main.ts dispatches on it and prints
// usage from it; the README test checks that each is documented.
import { runLint } from './lint/command';
import { runLsp } from './lsp';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Returns the exit code, or undefined while it keeps running (a server). */
  run(args: string[], version: string): number | undefined | Promise<number | undefined>;
}

export const COMMANDS: readonly Command[] = [
  {
    name: 'lint',
    usage: 'lint [options] [paths or globs...]',
    summary: 'Check *.assign.json files with the editor\'s rules (lint --help for options).',
    run: (args, version) => runLint(args, version),
  },
  {
    name: 'lsp',
    usage: 'lsp [--stdio | --node-ipc | --socket=PORT]',
    summary: 'Start the language server (stdio by default) for any LSP client.',
    run: (args) => {
      runLsp(args);
      // A server runs until its client goes; --help and usage errors end at once.
      return args.includes('--help') || args.includes('-h') ? 0 : undefined;
    },
  },
];
