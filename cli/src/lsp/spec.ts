// The declaration of `intune-assign lsp`: the transports vscode-languageserver accepts.
import type { CommandSpec } from '../options';

export const LSP: CommandSpec = {
  name: 'lsp',
  usage: 'lsp [--stdio | --node-ipc | --socket=PORT]',
  summary: 'Start the language server (stdio by default) for any LSP client.',
  description: 'Starts the Intune Assign language server for any LSP client; on stdio when no transport is given.',
  groups: [
    {
      title: 'Transport (one)',
      options: [
        { name: 'stdio', type: 'boolean', help: 'Standard input and output (the default).' },
        { name: 'node-ipc', type: 'boolean', help: "Node's IPC channel (the client started this process with one)." },
        { name: 'socket', type: 'string', value: 'PORT', help: 'A TCP socket on 127.0.0.1 that the client listens on.' },
        { name: 'pipe', type: 'string', value: 'NAME', help: 'A named pipe (Windows) or Unix socket that the client listens on.' },
        { name: 'clientProcessId', type: 'string', value: 'PID', help: 'Stop when this process (the editor) exits.' },
      ],
    },
  ],
};
