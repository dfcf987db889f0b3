// The tenant backends of the language server. In VS Code the extension holds the sign-in and the directory
// (its cache in the extension's global storage): the server asks it over the messages of common/src/protocol.ts.
// `intune-assign lsp` on its own reads Graph with the command line's kept session (sessionBackend.ts).
import type { Connection } from 'vscode-languageserver';
import { TenantResolveRequest, TenantSearchRequest } from '../../../common/src/protocol';
import type { TenantBackend } from './source';

/** Asks the client, which declared it answers (initializationOptions.tenantData). */
export function clientBackend(connection: Connection): TenantBackend {
  return {
    resolve: (params) => connection.sendRequest(TenantResolveRequest, params),
    search: (params) => connection.sendRequest(TenantSearchRequest, params),
  };
}
