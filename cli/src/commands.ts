// The table of command-line commands: name, usage line and what runs it. main.ts dispatches on it and prints
// usage from it; the README test checks that each is documented. Each command's code is loaded only when it
// runs: `lint` in CI should not pay for starting up the language server's libraries, nor `lsp` for lint's.

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
    run: async (args, version) => (await import('./lint/command')).runLint(args, version),
  },
  {
    name: 'send',
    usage: 'send FILE --app ID [--merge] [--dry-run] [--yes]',
    summary: 'Send a document\'s assignments to an app, after showing what changes (send --help).',
    run: async (args) => (await import('./send/commands')).runSend(args),
  },
  {
    name: 'diff',
    usage: 'diff FILE --app ID [--merge]',
    summary: 'Show what sending a document to an app would change.',
    run: async (args) => (await import('./send/commands')).runDiff(args),
  },
  {
    name: 'pull',
    usage: 'pull --app ID [-o FILE]',
    summary: 'Write an app\'s current assignments as a normalized *.assign.json.',
    run: async (args) => (await import('./send/commands')).runPull(args),
  },
  {
    name: 'sandbox',
    usage: 'sandbox [--port N] [--seed FILE] [--auto-approve]',
    summary: 'Run a local tenant emulator to try pull, diff and send with no tenant.',
    run: async (args) => (await import('../../sandbox/src/main')).runSandbox(args),
  },
  {
    name: 'lsp',
    usage: 'lsp [--stdio | --node-ipc | --socket=PORT]',
    summary: 'Start the language server (stdio by default) for any LSP client.',
    run: async (args) => {
      (await import('./lsp/command')).runLsp(args);
      // A server runs until its client goes; --help and usage errors end at once.
      return args.includes('--help') || args.includes('-h') ? 0 : undefined;
    },
  },
];
