// Sign-in with @azure/msal-node: interactive browser (auth code + PKCE on a loopback redirect) and device code
// for people; client secret, certificate and client assertion (federated credentials) for pipelines; or an
// access token someone else obtained. Gives Graph tokens for one cloud and one access level, silently from the
// cache when it can. A Conditional Access claims challenge or a revoked session leads to one new sign-in where
// a person can sign in, and otherwise to a clear "sign in again" - never a loop. No token or secret is logged.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import {
  AccountInfo,
  AuthenticationResult,
  ConfidentialClientApplication,
  Configuration,
  ICachePlugin,
  InteractionRequiredAuthError,
  LogLevel,
  PublicClientApplication,
} from '@azure/msal-node';
import { authorityUrl, CloudEndpoints, graphScopes, permissionScopes } from '../clouds';
import { SignInRequiredError, TokenSource } from '../graphClient';
import { Logger, silentLogger } from '../log';
import { LoopbackNetworkClient } from './networkClient';

/**
 * The default public client for delegated sign-in: Microsoft Graph Command Line Tools, Microsoft's first-party
 * client behind the Microsoft Graph PowerShell SDK, which Intune administrators already use and consent to. It
 * takes loopback redirects and device code. The Intune PowerShell client id many tools used is retired.
 */
export const DEFAULT_PUBLIC_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
/** Delegated sign-in goes to the user's own tenant unless told otherwise. */
export const DEFAULT_TENANT = 'organizations';

export interface DeviceCodeInfo {
  message: string;
  userCode: string;
  verificationUri: string;
}

export type SignInMethod =
  | { kind: 'interactive'; openBrowser: (url: string) => Promise<void>; timeoutMs?: number; loginHint?: string }
  | { kind: 'device-code'; onDeviceCode: (info: DeviceCodeInfo) => void; timeoutMs?: number }
  | { kind: 'client-secret'; secret: string }
  /** A PEM holding the certificate and its private key (encrypted with `passphrase` if given). */
  | { kind: 'certificate'; pem: string; passphrase?: string }
  /** A signed JWT proving the app's identity (a CI's OIDC token), read afresh for each token request. */
  | { kind: 'client-assertion'; readAssertion: () => Promise<string> }
  | { kind: 'access-token'; token: string; source: string };

export interface SignInOptions {
  endpoints: CloudEndpoints;
  tenant: string;
  clientId: string;
  method: SignInMethod;
  access: 'read' | 'write';
  /** People: the delegated permissions to ask for instead of the access level's (`intune-assign login`). */
  permissions?: readonly string[];
  cachePlugin?: ICachePlugin;
  log?: Logger;
  signal?: AbortSignal;
}

/** Sign-in failed: the message says what happened and what to do. */
export class SignInError extends Error {}

/** The person (or the shell, on their behalf) cancelled sign-in. */
export class SignInCancelled extends SignInError {}

const PEOPLE = new Set(['interactive', 'device-code']);

export class Credentials implements TokenSource {
  private readonly log: Logger;
  private readonly scopes: string[];
  private readonly app: PublicClientApplication | ConfidentialClientApplication | undefined;
  private account: AccountInfo | undefined;

  constructor(private readonly options: SignInOptions) {
    this.log = options.log ?? silentLogger;
    const appOnly = !PEOPLE.has(options.method.kind);
    this.scopes = !appOnly && options.permissions?.length ? permissionScopes(options.endpoints, options.permissions) : graphScopes(options.endpoints, options.access, appOnly);
    if (options.method.kind === 'access-token') return;
    if (appOnly && ['organizations', 'common', 'consumers'].includes(options.tenant.toLowerCase())) {
      throw new SignInError('App-only sign-in (secret, certificate or client assertion) needs the tenant: pass --tenant with its id or domain.');
    }
    this.app = appOnly ? new ConfidentialClientApplication(this.configuration()) : new PublicClientApplication(this.configuration());
  }

  /** Who is signed in, for the shells to show; undefined before the first token. */
  get signedIn(): { username?: string; tenantId?: string; flow: string } {
    return { username: this.account?.username, tenantId: this.account?.tenantId ?? this.options.tenant, flow: this.options.method.kind };
  }

  async getToken(claims?: string): Promise<string> {
    return this.token(claims, this.options.signal);
  }

  /**
   * Signs in now (silently when the cache allows), so a shell can show and cancel sign-in on its own, before
   * any Graph request: `signal` cancels this sign-in only.
   */
  async signIn(signal?: AbortSignal): Promise<void> {
    await this.token(undefined, signal);
  }

  /** The account a person signed in with earlier, from the cache, without any sign-in; undefined if none. */
  async cachedAccount(): Promise<{ username: string; tenantId: string } | undefined> {
    if (!(this.app instanceof PublicClientApplication)) return undefined;
    const account = this.account ?? (await this.app.getTokenCache().getAllAccounts())[0];
    return account ? { username: account.username, tenantId: account.tenantId } : undefined;
  }

  private async token(claims: string | undefined, signal: AbortSignal | undefined): Promise<string> {
    const method = this.options.method;
    if (method.kind === 'access-token') {
      if (claims) throw new SignInRequiredError(`Conditional Access wants a new sign-in, which the token from ${method.source} cannot give: get a new token.`, claims);
      return method.token;
    }
    try {
      const result = PEOPLE.has(method.kind) ? await this.userToken(claims, signal) : await this.appToken(claims);
      if (!result?.accessToken) throw new SignInError('Sign-in returned no access token.');
      return result.accessToken;
    } catch (error) {
      throw this.explain(error, claims);
    }
  }

  /**
   * Tokens that never sign anyone in (the editor's tenant data, `intune-assign lsp`): a person's cached session,
   * silently, for `permissions` when they were consented, else for the sign-in's own scopes (a token carries every
   * permission consented for Graph, so Graph decides what it may read). App-only and given tokens as they are.
   * With no usable session: SignInRequiredError, never a prompt.
   */
  silentTokens(permissions: readonly string[]): TokenSource {
    if (!(this.app instanceof PublicClientApplication)) return this;
    const app = this.app;
    const wanted = permissionScopes(this.options.endpoints, permissions);
    return {
      getToken: async (claims?: string) => {
        const account = this.account ?? (await app.getTokenCache().getAllAccounts())[0];
        if (!account) throw new SignInRequiredError('Not signed in.');
        for (const scopes of [wanted, this.scopes]) {
          try {
            const result = await app.acquireTokenSilent({ account, scopes, claims, forceRefresh: Boolean(claims) });
            if (result?.accessToken) return result.accessToken;
          } catch (error) {
            if (!(error instanceof InteractionRequiredAuthError) && !isInvalidGrant(error)) throw this.explain(error);
          }
        }
        throw new SignInRequiredError('The saved sign-in cannot be used without signing in again.', claims);
      },
    };
  }

  /** Clears the signed-in account from the cache (sign out). */
  async signOut(): Promise<void> {
    if (!(this.app instanceof PublicClientApplication)) return;
    const cache = this.app.getTokenCache();
    for (const account of await cache.getAllAccounts()) await cache.removeAccount(account);
    this.account = undefined;
  }

  private configuration(): Configuration {
    const { endpoints, tenant, clientId, method, cachePlugin } = this.options;
    const auth: Configuration['auth'] = { clientId, authority: authorityUrl(endpoints, tenant) };
    // A sovereign or custom authority is declared known, so MSAL never asks Microsoft's instance discovery.
    if (endpoints.knownAuthority) auth.knownAuthorities = [new URL(endpoints.authorityOrigin).host];
    if (method.kind === 'client-secret') auth.clientSecret = method.secret;
    if (method.kind === 'certificate') auth.clientCertificate = certificate(method.pem, method.passphrase);
    if (method.kind === 'client-assertion') auth.clientAssertion = () => method.readAssertion();
    return {
      auth,
      cache: cachePlugin ? { cachePlugin } : undefined,
      system: {
        // Only when set: an undefined networkClient would replace MSAL's own.
        ...(endpoints.authorityLoopback ? { networkClient: new LoopbackNetworkClient(endpoints.authorityOrigin, endpoints.authorityLoopback) } : {}),
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (_level, message) => this.log.debug('auth', `msal: ${message}`),
        },
      },
    };
  }

  private async appToken(claims?: string): Promise<AuthenticationResult | null> {
    return (this.app as ConfidentialClientApplication).acquireTokenByClientCredential({ scopes: this.scopes, claims });
  }

  private async userToken(claims: string | undefined, signal: AbortSignal | undefined): Promise<AuthenticationResult | null> {
    const app = this.app as PublicClientApplication;
    const accounts = await app.getTokenCache().getAllAccounts();
    const account = this.account ?? accounts[0];
    if (account) {
      try {
        const result = await app.acquireTokenSilent({ account, scopes: this.scopes, claims, forceRefresh: Boolean(claims) });
        this.account = result.account ?? account;
        return result;
      } catch (error) {
        // Expired session, revoked refresh token, Conditional Access: a person signs in again, once.
        if (!(error instanceof InteractionRequiredAuthError) && !isInvalidGrant(error)) throw error;
        this.log.warn('auth', 'The saved session cannot be used any more; signing in again');
      }
    }
    const result = await this.signInPerson(app, claims, signal);
    this.account = result?.account ?? undefined;
    if (this.account) this.log.info('auth', `Signed in as ${this.account.username} (tenant ${this.account.tenantId}) with ${this.options.method.kind}`);
    return result;
  }

  private async signInPerson(app: PublicClientApplication, claims: string | undefined, signal: AbortSignal | undefined): Promise<AuthenticationResult | null> {
    const method = this.options.method;
    if (method.kind === 'interactive') {
      this.log.info('auth', 'Opening the browser to sign in');
      return withTimeout(
        app.acquireTokenInteractive({ scopes: this.scopes, claims, loginHint: method.loginHint, openBrowser: method.openBrowser, successTemplate: PAGE('Signed in', 'You can close this tab and go back to Intune Assign.'), errorTemplate: PAGE('Sign-in failed', 'Go back to Intune Assign for details.') }),
        method.timeoutMs ?? 5 * 60_000,
        'The browser sign-in did not finish in time: sign in again.',
        signal,
      );
    }
    if (method.kind === 'device-code') {
      const request = {
        scopes: this.scopes,
        claims,
        deviceCodeCallback: (response: { message: string; userCode: string; verificationUri: string }) =>
          method.onDeviceCode({ message: response.message, userCode: response.userCode, verificationUri: response.verificationUri }),
        cancel: false,
      };
      const stop = () => (request.cancel = true);
      signal?.addEventListener('abort', stop, { once: true });
      try {
        return await withTimeout(app.acquireTokenByDeviceCode(request), method.timeoutMs ?? 15 * 60_000, 'The device code expired before sign-in finished: sign in again.', signal, stop);
      } finally {
        signal?.removeEventListener('abort', stop);
      }
    }
    throw new SignInError(`No person can sign in with ${method.kind}.`);
  }

  /** MSAL's errors in words that say what to do. */
  private explain(error: unknown, claims?: string): Error {
    if (error instanceof SignInError || error instanceof SignInRequiredError) return error;
    const e = error as { errorCode?: string; errorMessage?: string; message?: string; subError?: string };
    const code = e.errorCode ?? '';
    const detail = (e.errorMessage ?? e.message ?? String(error)).split('\n')[0];
    const method = this.options.method.kind;
    if (claims) return new SignInRequiredError(`Conditional Access requires a new sign-in that ${method} could not complete: sign in again (${detail}).`, claims);
    if (code === 'invalid_client' || /AADSTS7000215|AADSTS700027|AADSTS700016/.test(detail)) {
      return new SignInError(`The app's credentials were refused (${method}): check --client-id, --tenant and the ${method === 'client-secret' ? 'secret' : method === 'certificate' ? 'certificate' : 'assertion'} (${detail}).`);
    }
    if (code === 'invalid_grant' || isInvalidGrant(error)) return new SignInError(`The session is no longer valid: sign in again (${detail}).`);
    if (code === 'endpoints_resolution_error' || /ENOTFOUND|ECONNREFUSED|certificate|self.signed/i.test(detail)) {
      return new SignInError(`Cannot reach the sign-in service at ${this.options.endpoints.authorityOrigin}: check the network, the cloud and, for a private CA, NODE_EXTRA_CA_CERTS (${detail}).`);
    }
    if (code === 'user_cancelled' || code === 'device_code_expired' || /cancel/i.test(code)) return new SignInError(`Sign-in was cancelled (${detail}).`);
    return new SignInError(`Sign-in failed: ${detail}`);
  }
}

function isInvalidGrant(error: unknown): boolean {
  const e = error as { errorCode?: string; subError?: string };
  return e?.errorCode === 'invalid_grant' || e?.subError === 'bad_token';
}

/** MSAL's certificate settings from a PEM with the certificate and its (possibly encrypted) private key. */
function certificate(pem: string, passphrase?: string): { thumbprintSha256: string; privateKey: string; x5c: string } {
  const certBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!certBlock) throw new SignInError('The certificate file holds no certificate (-----BEGIN CERTIFICATE-----).');
  let privateKey: string;
  try {
    privateKey = createPrivateKey({ key: pem, passphrase }).export({ format: 'pem', type: 'pkcs8' }).toString();
  } catch (error) {
    throw new SignInError(`The certificate's private key cannot be read${passphrase ? '' : ' (is it encrypted? pass --certificate-password-env)'}: ${(error as Error).message}`);
  }
  const thumbprintSha256 = new X509Certificate(certBlock).fingerprint256.replace(/:/g, '');
  return { thumbprintSha256, privateKey, x5c: certBlock };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string, signal?: AbortSignal, onGiveUp?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      onGiveUp?.();
      reject(error);
    };
    const timer = setTimeout(() => fail(new SignInError(message)), ms);
    signal?.addEventListener('abort', () => fail(new SignInCancelled('Sign-in was cancelled.')), { once: true });
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function PAGE(title: string, text: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family: sans-serif; margin: 3em"><h1>${title}</h1><p>${text}</p></body></html>`;
}
