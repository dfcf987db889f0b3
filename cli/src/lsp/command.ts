// `intune-assign lsp`: starts the language server on stdio (the default), Node IPC or a socket.
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../../server/src/server';

export const OPTIMIZE_FOR_SIZE = '--optimize-for-size';

const TRANSPORTS = /^--(stdio|node-ipc|socket=\d+|pipe=.+|clientProcessId=\d+)$/;

export const LSP_USAGE = `Usage: intune-assign lsp [--stdio | --node-ipc | --socket=PORT]

Starts the Intune Assign language server for any LSP client; on stdio when no transport is given.
`;

export function runLsp(args: string[]): void {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(LSP_USAGE);
    return;
  }
  const unknown = args.filter((a) => !TRANSPORTS.test(a));
  if (unknown.length) {
    process.stderr.write(`intune-assign lsp: unknown option ${unknown[0]}. Use --stdio (default), --node-ipc or --socket=PORT.\n`);
    process.exitCode = 2;
    return;
  }
  // vscode-languageserver picks the transport from process.argv; stdio when none is given.
  if (!args.some((a) => /^--(stdio|node-ipc|socket=|pipe=)/.test(a))) process.argv.push('--stdio');
  // A large document leaves a full copy of its text as garbage on every edit (strings are immutable), and V8
  // by default lets garbage grow to several times what is live before collecting it. Favouring memory over
  // speed in its heap sizing halves the server's peak on a 5 MB document for a few ms per edit. The flag
  // only steers V8's heuristics, which read it as they run; VS Code starts the server with it already.
  if (!process.execArgv.includes(OPTIMIZE_FOR_SIZE)) setFlagsFromString(OPTIMIZE_FOR_SIZE);
  startServer(createConnection(ProposedFeatures.all));
}
