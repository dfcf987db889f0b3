// `intune-assign lsp`: starts the language server on stdio (the default), Node IPC, a socket or a pipe.
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../../server/src/server';
import { sessionBackend } from '../../../server/src/tenant/sessionBackend';
import type { ParsedCommand } from '../options';

export const OPTIMIZE_FOR_SIZE = '--optimize-for-size';

export function runLsp({ values }: ParsedCommand): undefined {
  // vscode-languageserver picks the transport from process.argv; stdio when none is given.
  if (!values['node-ipc'] && values.socket === undefined && values.pipe === undefined && !process.argv.includes('--stdio')) process.argv.push('--stdio');
  // A large document leaves a full copy of its text as garbage on every edit (strings are immutable), and V8
  // by default lets garbage grow to several times what is live before collecting it. Favouring memory over
  // speed in its heap sizing halves the server's peak on a 5 MB document for a few ms per edit. The flag
  // only steers V8's heuristics, which read it as they run; VS Code starts the server with it already.
  if (!process.execArgv.includes(OPTIMIZE_FOR_SIZE)) setFlagsFromString(OPTIMIZE_FOR_SIZE);
  // Tenant data from the kept session of `intune-assign login`, when there is one; it never prompts.
  startServer(createConnection(ProposedFeatures.all), { tenantBackend: (log) => sessionBackend(log) });
  return undefined;
}
