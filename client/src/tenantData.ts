// The tenant's names in VS Code: the extension holds the sign-in, so it answers the language server's questions
// (intuneAssign/tenant/resolve and /searchGroups) from a tenant directory read with the signed-in session's
// tokens, silently — names never prompt a sign-in. The directory's cache lives in the extension's global
// storage (one file per cloud and tenant; never the workspace, never a token), survives restarts, is read again
// by "Refresh tenant data" and removed by Sign out. Signed out, in Restricted Mode, or with intuneAssign.tenantData
// off, the answer is "signed out": the server then behaves as it does without a tenant. The type of the app a
// file is bound to goes to the server too, so filter-platform-mismatch knows the app's platform: when it changes.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { type LanguageClient, State } from 'vscode-languageclient/node';
import { isAssignDocument, SETTINGS_SECTION } from '../../common/src/constants';
import {
  AppTypeNotification,
  TenantChangedNotification,
  type TenantChangedParams,
  TenantResolveRequest,
  type TenantResolveResult,
  TenantSearchRequest,
  type TenantSearchResult,
} from '../../common/src/protocol';
import type { Logger } from '../../graph/src/log';
import { answerResolve, answerSearch } from '../../graph/src/tenant/answers';
import { type DirectoryStore, TenantDirectory } from '../../graph/src/tenant/directory';
import type { SigningSession } from './session';
import type { Targets } from './targets';

const SIGNED_OUT: TenantResolveResult & TenantSearchResult = { groups: [], unavailable: 'signed-out' };
const FOLDER = 'tenant-directory';

export class TenantData implements vscode.Disposable {
  private current: { key: string; directory: TenantDirectory } | undefined;
  /** The app type last told the server, by document URI: told again only when it changes. */
  private readonly told = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly client: LanguageClient,
    private readonly session: SigningSession,
    private readonly targets: Targets,
    private readonly storage: vscode.Uri,
    private readonly log: Logger,
  ) {
    this.subscriptions = [
      client.onRequest(TenantResolveRequest, async (params) => {
        const directory = await this.directory();
        return directory ? answerResolve(directory, params) : SIGNED_OUT;
      }),
      client.onRequest(TenantSearchRequest, async (params) => {
        const directory = await this.directory();
        return directory ? answerSearch(directory, params) : SIGNED_OUT;
      }),
      // No account (signed out, or the sign-in settings changed): names are forgotten in memory; Sign out also
      // removes them from the storage (clear()).
      session.onDidChangeAccount((account) => {
        if (!account) this.forget();
        void this.changed(account ? 'signed-in' : 'signed-out');
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.changed('settings')),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SETTINGS_SECTION}.tenantData`)) void this.changed('settings');
      }),
      vscode.workspace.onDidOpenTextDocument((document) => void this.tellAppType(document)),
      // A server started anew knows no app type.
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Running) this.told.clear();
      }),
      targets.onDidChange((uri) => {
        for (const document of vscode.workspace.textDocuments) if (!uri || document.uri.toString() === uri.toString()) void this.tellAppType(document);
      }),
    ];
    for (const document of vscode.workspace.textDocuments) void this.tellAppType(document);
  }

  /** "Refresh tenant data": everything known is read again from Graph (the old answers show meanwhile, stale). */
  async refresh(): Promise<void> {
    (await this.directory())?.expire();
    await this.changed('refreshed');
  }

  /**
   * Sign out: the directory's cache is removed from the global storage. Signing out already forgot it in memory
   * and told the server (onDidChangeAccount), once.
   */
  async clear(): Promise<void> {
    await this.forget()?.directory.clear();
    await Promise.resolve(vscode.workspace.fs.delete(vscode.Uri.joinPath(this.storage, FOLDER), { recursive: true, useTrash: false })).catch(() => undefined);
  }

  /** Drops the directory in memory; reads under way save nothing. */
  private forget(): { key: string; directory: TenantDirectory } | undefined {
    const current = this.current;
    this.current = undefined;
    current?.directory.close();
    return current;
  }

  /** The cache files in the global storage (what Sign out removes), once the saves under way are written. */
  async storedFiles(): Promise<string[]> {
    await this.current?.directory.saved();
    try {
      return (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(this.storage, FOLDER))).map(([name]) => name);
    } catch {
      return [];
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  /** The directory of the signed-in tenant, or undefined: signed out, untrusted, or turned off. */
  private async directory(): Promise<TenantDirectory | undefined> {
    if (!vscode.workspace.isTrusted || vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('tenantData') === false) return undefined;
    const reader = await this.session.tenantReader().catch((error: unknown) => {
      this.log.warn('graph', `Tenant names are unavailable: ${(error as Error).message}`);
      return undefined;
    });
    if (!reader) return undefined;
    if (this.current?.key !== reader.key) {
      this.current = { key: reader.key, directory: new TenantDirectory({ client: reader.client, tenant: reader.key, store: this.store(reader.key), log: this.log }) };
    }
    return this.current.directory;
  }

  private store(key: string): DirectoryStore {
    const uri = vscode.Uri.joinPath(this.storage, FOLDER, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
    return {
      read: async () => {
        try {
          return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
        } catch {
          return undefined;
        }
      },
      write: async (data) => {
        await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.storage, FOLDER));
        await vscode.workspace.fs.writeFile(uri, Buffer.from(data, 'utf8'));
      },
      clear: async () => {
        await Promise.resolve(vscode.workspace.fs.delete(uri, { useTrash: false })).catch(() => undefined);
      },
    };
  }

  private async changed(reason: TenantChangedParams['reason']): Promise<void> {
    await this.client.sendNotification(TenantChangedNotification, { reason }).catch((error: unknown) => this.log.warn('graph', `Telling the language server failed: ${(error as Error).message}`));
  }

  /**
   * A file bound to an app whose type is known (`appType`: as Graph just gave it, else the one its target
   * remembers): the server checks its filters against the app's platform. Told once per type.
   */
  async tellAppType(document: vscode.TextDocument, appType?: string): Promise<void> {
    if (!isAssignDocument(document.uri.path)) return;
    const account = this.session.account;
    const type = appType ?? this.targets.get(document.uri, account?.cloud ?? '', account?.tenantId)?.type;
    const key = document.uri.toString();
    if (!type || this.told.get(key) === type) return;
    this.told.set(key, type);
    await this.client.sendNotification(AppTypeNotification, { uri: this.client.code2ProtocolConverter.asUri(document.uri), appType: type }).catch((error: unknown) => {
      this.told.delete(key);
      this.log.warn('graph', `Telling the language server the app type failed: ${(error as Error).message}`);
    });
  }
}
