// `intune-assign lsp`: starts the language server on stdio (the default), Node IPC or a socket.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../server/src/server';

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
  startServer(createConnection(ProposedFeatures.all));
}
