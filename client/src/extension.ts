// The VS Code extension: starts the Intune Assign language server over IPC for `*.assign.json` documents,
// registers the sending commands (sending/), and returns a small API so tests can wait for the client instead
// of sleeping and reach the sandbox tenant.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { LANGUAGE_ID, SETTINGS_SECTION } from '../../common/src/constants';
import { registerSending, SendingApi } from './sending';

export interface IntuneAssignApi {
  /** Resolves once the language server has started and answered `initialize`. */
  readonly ready: Promise<void>;
  readonly client: LanguageClient;
  readonly sending: SendingApi;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): IntuneAssignApi {
  const serverModule = context.asAbsolutePath('dist/server.js');
  // --optimize-for-size: V8 otherwise lets the garbage of large documents (a copy of the text per edit) grow to
  // several times what is live before collecting it.
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--optimize-for-size'] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--optimize-for-size', '--nolazy', '--inspect=6012'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: LANGUAGE_ID },
      // The server also serves a *.assign.json that another extension or a files.associations entry gave
      // a different language id.
      { scheme: 'file', pattern: '**/*.assign.json' },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    synchronize: { configurationSection: SETTINGS_SECTION },
    outputChannelName: 'Intune Assign Language Server',
    // The extension answers the server's questions about the tenant (tenantData.ts): names come from its sign-in.
    initializationOptions: { tenantData: true },
  };
  client = new LanguageClient('intuneAssign', 'Intune Assign Language Server', serverOptions, clientOptions);
  const ready = client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
  const sending = registerSending(context, client);
  return { ready, client, sending };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
