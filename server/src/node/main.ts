// Node entry point of the language server: picks the transport from the command line (--stdio, --node-ipc,
// --socket=N, --pipe=NAME) and starts the server on it.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';

startServer(createConnection(ProposedFeatures.all));
