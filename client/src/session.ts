// Who is signed in, where: the sending core's MSAL sign-in for the user's cloud, tenant and client, with the
// token cache in VS Code's SecretStorage (through MSAL's cache plugin), sign-in shown as a cancellable
// notification (browser, or a device code with "Copy and open"), sign-out that clears the cache, and the Graph
// client whose throttling waits the running command can show. Rebuilt when the user's settings change.
import * as vscode from 'vscode';
import { CLOUDS, type GraphVersion } from '../../common/src/constants';
import { cachePlugin, CacheStore } from '../../graph/src/auth/cachePlugin';
import { Credentials, DEFAULT_PUBLIC_CLIENT_ID, DEFAULT_TENANT, DeviceCodeInfo, SignInMethod } from '../../graph/src/auth/signIn';
import { browserSignInUrl, CloudEndpoints, graphBaseUrl, resolveCloud, TENANT_DATA_PERMISSIONS } from '../../graph/src/clouds';
import { GraphClient, RetryInfo } from '../../graph/src/graphClient';
import { IntuneApps } from '../../graph/src/intuneApps';
import type { Logger } from '../../graph/src/log';
import type { SandboxHost } from './sandboxHost';
import { readSendingSettings, SendingSettings } from './settings';

/** SecretStorage key of a cloud's MSAL token cache. */
export function tokenCacheKey(cloud: string): string {
  return `intuneAssign.msalTokenCache.${cloud}`;
}

export interface Account {
  username: string;
  tenantId: string;
  cloud: string;
}

/** What a command works with once signed in. */
export interface Connected {
  apps: IntuneApps;
  account: Account;
  endpoints: CloudEndpoints;
  settings: SendingSettings;
}

interface Current {
  settings: SendingSettings;
  endpoints: CloudEndpoints;
  credentials: Credentials;
  clients: Map<GraphVersion, IntuneApps>;
  account?: Account;
  /** Reads tenant names with silent tokens only. */
  names?: GraphClient;
}

export class SigningSession implements vscode.Disposable {
  private current: Current | undefined;
  /** The notification of a sign-in under way. */
  private signInProgress: vscode.Progress<{ message?: string }> | undefined;
  private building: Promise<Current> | undefined;
  private readonly changed = new vscode.EventEmitter<Account | undefined>();
  private readonly retried = new vscode.EventEmitter<RetryInfo>();
  /** The account after each sign-in, sign-out or settings change. */
  readonly onDidChangeAccount = this.changed.event;
  /** Graph is throttling or unavailable and the command waits. */
  readonly onDidRetry = this.retried.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly sandbox: SandboxHost,
    private readonly log: Logger,
  ) {}

  get account(): Account | undefined {
    return this.current?.account;
  }

  /** The settings changed: the next command signs in anew with them (the cache keeps earlier sign-ins). */
  reset(): void {
    this.current = undefined;
    this.building = undefined;
    this.changed.fire(undefined);
  }

  /** The account of an earlier sign-in still in the cache, without signing in (for the status bar). */
  async restore(): Promise<Account | undefined> {
    const current = await this.prepare();
    const cached = await current.credentials.cachedAccount().catch(() => undefined);
    if (cached && !current.account) {
      current.account = { ...cached, cloud: current.settings.cloud };
      this.changed.fire(current.account);
    }
    return current.account;
  }

  /** Signs in if need be (silently when the cache allows) and gives the Graph operations for `version`. */
  async connect(version: GraphVersion, token?: vscode.CancellationToken): Promise<Connected> {
    const current = await this.prepare();
    if (!current.account) await this.signIn(current, token);
    let apps = current.clients.get(version);
    if (!apps) {
      apps = new IntuneApps(
        new GraphClient({
          baseUrl: graphBaseUrl(current.endpoints, version),
          tokens: current.credentials,
          log: this.log,
          onRetry: (info) => this.retried.fire(info),
        }),
      );
      current.clients.set(version, apps);
    }
    return { apps, account: current.account!, endpoints: current.endpoints, settings: current.settings };
  }

  /**
   * What reads the tenant's names: a Graph client (beta) whose tokens come silently from the signed-in session,
   * never from a new sign-in, and the key of the tenant it reads (cloud and tenant id). Undefined when nobody is
   * signed in.
   */
  async tenantReader(): Promise<{ key: string; client: GraphClient } | undefined> {
    const account = this.current?.account ?? (await this.restore());
    const current = this.current;
    if (!account || !current) return undefined;
    current.names ??= new GraphClient({ baseUrl: graphBaseUrl(current.endpoints, 'beta'), tokens: current.credentials.silentTokens(TENANT_DATA_PERMISSIONS), log: this.log });
    return { key: `${account.cloud}|${account.tenantId.toLowerCase()}`, client: current.names };
  }

  /** "Intune: Sign in": signs in now, showing progress. */
  async signInNow(token?: vscode.CancellationToken): Promise<Account> {
    const current = await this.prepare();
    await this.signIn(current, token);
    return current.account!;
  }

  /** Forgets every sign-in: MSAL's accounts, and the token caches of every cloud in SecretStorage. */
  async signOut(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    this.building = undefined;
    await current?.credentials.signOut().catch((error: unknown) => this.log.warn('auth', `Clearing MSAL's accounts failed: ${(error as Error).message}`));
    for (const cloud of CLOUDS) await this.secrets.delete(tokenCacheKey(cloud));
    this.log.info('auth', 'Signed out; the token cache was removed from the secret storage.');
    this.changed.fire(undefined);
  }

  /** The clouds whose token cache is in SecretStorage (what sign-out removes). */
  async storedSignIns(): Promise<string[]> {
    const stored: string[] = [];
    for (const cloud of CLOUDS) if (await this.secrets.get(tokenCacheKey(cloud))) stored.push(cloud);
    return stored;
  }

  dispose(): void {
    this.changed.dispose();
    this.retried.dispose();
  }

  private prepare(): Promise<Current> {
    if (this.current) return Promise.resolve(this.current);
    this.building ??= this.build().then(
      (current) => (this.current = current),
      (error: unknown) => {
        this.building = undefined;
        throw error;
      },
    );
    return this.building;
  }

  private async build(): Promise<Current> {
    const { settings, ignored } = readSendingSettings();
    if (ignored.length) {
      this.log.warn('auth', `Ignored workspace values of ${ignored.join(', ')}: only your user settings decide where you sign in and send.`);
    }
    // The sandbox the user runs, else the extension's own (resolveCloud refuses anything but loopback).
    const sandboxUrl = settings.cloud === 'sandbox' ? (settings.sandboxUrl ?? (await this.sandbox.get()).url) : undefined;
    const endpoints = resolveCloud({ cloud: settings.cloud, graphUrl: settings.graphUrl, authorityUrl: settings.authorityUrl, sandboxUrl });
    const credentials = new Credentials({
      endpoints,
      tenant: settings.tenant ?? DEFAULT_TENANT,
      clientId: settings.clientId ?? DEFAULT_PUBLIC_CLIENT_ID,
      method: this.method(settings, endpoints),
      // The extension sends: one sign-in that can read and write app assignments.
      access: 'write',
      cachePlugin: cachePlugin(this.store(tokenCacheKey(settings.cloud))),
      log: this.log,
    });
    return { settings, endpoints, credentials, clients: new Map() };
  }

  private store(key: string): CacheStore {
    return {
      read: async () => (await this.secrets.get(key)) ?? undefined,
      write: (data) => Promise.resolve(this.secrets.store(key, data)),
      clear: () => Promise.resolve(this.secrets.delete(key)),
    };
  }

  /** Browser on a desktop; device code in the browser workbench or a remote window (no loopback there). */
  private method(settings: SendingSettings, endpoints: CloudEndpoints): SignInMethod {
    const timeoutMs = settings.signInTimeoutSeconds * 1000;
    const remote = vscode.env.uiKind === vscode.UIKind.Web || Boolean(vscode.env.remoteName);
    const useBrowser = settings.signInMethod === 'browser' || (settings.signInMethod === 'auto' && !remote);
    if (useBrowser) {
      return {
        kind: 'interactive',
        timeoutMs,
        openBrowser: async (url) => {
          const page = browserSignInUrl(endpoints, url);
          if (settings.cloud === 'sandbox' && !settings.sandboxUrl) this.sandbox.signInPageOpened(page);
          const opened = await vscode.env.openExternal(vscode.Uri.parse(page, true));
          if (!opened) this.log.warn('auth', 'The browser did not open for sign-in.');
        },
      };
    }
    return { kind: 'device-code', timeoutMs, onDeviceCode: (info) => void this.showDeviceCode(info) };
  }

  /**
   * The code and where to enter it. For the built-in sandbox in a browser or remote workbench, the address is
   * the port forward's (sandboxHost.ts), which VS Code opens as it is: code-server leaves an address on its
   * own host alone, where it would replace a loopback one by its proxy's root.
   */
  private async showDeviceCode(info: DeviceCodeInfo): Promise<void> {
    this.log.info('auth', `Device code sign-in: waiting for the code to be entered at ${info.verificationUri}`);
    // The code is in the sign-in's progress notification too: VS Code toasts at most three notifications in a
    // short while and keeps the rest in its notification centre, where the one with Copy and open could hide.
    this.signInProgress?.report({ message: `enter the code ${info.userCode} at ${info.verificationUri}` });
    const copyAndOpen = 'Copy and open';
    const choice = await vscode.window.showInformationMessage(`Intune Assign: to sign in, enter the code ${info.userCode} at ${info.verificationUri}`, copyAndOpen);
    if (choice !== copyAndOpen) return;
    // A browser may refuse the clipboard (no permission, no focus): the page is still worth opening.
    await Promise.resolve(vscode.env.clipboard.writeText(info.userCode)).catch((error: unknown) => this.log.warn('auth', `Copying the code failed: ${(error as Error).message}`));
    if (!(await vscode.env.openExternal(vscode.Uri.parse(info.verificationUri, true)))) this.log.warn('auth', `The browser did not open ${info.verificationUri}.`);
  }

  private async signIn(current: Current, token?: vscode.CancellationToken): Promise<void> {
    const where = current.settings.cloud === 'global' ? 'Microsoft Entra ID' : `Microsoft Entra ID (${current.settings.cloud})`;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Intune Assign: signing in to ${where}…`, cancellable: true },
      async (progress, progressToken) => {
        this.signInProgress = progress;
        const abort = new AbortController();
        const subscriptions = [progressToken.onCancellationRequested(() => abort.abort()), token?.onCancellationRequested(() => abort.abort())];
        try {
          await current.credentials.signIn(abort.signal);
        } finally {
          this.signInProgress = undefined;
          for (const s of subscriptions) s?.dispose();
        }
      },
    );
    const account = await current.credentials.cachedAccount();
    current.account = { username: account?.username ?? 'signed in', tenantId: account?.tenantId ?? current.settings.tenant ?? '', cloud: current.settings.cloud };
    this.log.info('auth', `Signed in as ${current.account.username} (tenant ${current.account.tenantId}, cloud ${current.account.cloud}).`);
    this.changed.fire(current.account);
  }
}
