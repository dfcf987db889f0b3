// Turns the command line's options into a signed-in Graph session: the cloud's endpoints, the sign-in method
// (secrets read from the environment or files, never argv), the token cache for people, and a Graph client
// that reports throttling waits on stderr.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Cloud, GraphVersion } from '../../../common/src/constants';
import { cachePlugin, fileStore } from '../../../graph/src/auth/cachePlugin';
import { sessionFiles } from '../../../graph/src/auth/storedSession';
import { Credentials, DEFAULT_PUBLIC_CLIENT_ID, DEFAULT_TENANT, SignInMethod } from '../../../graph/src/auth/signIn';
import { browserSignInUrl, CloudEndpoints, CloudError, DEFAULT_SANDBOX_URL, graphBaseUrl, resolveCloud } from '../../../graph/src/clouds';
import { GraphClient } from '../../../graph/src/graphClient';
import { IntuneApps } from '../../../graph/src/intuneApps';
import { TenantDirectory, tenantKey } from '../../../graph/src/tenant/directory';
import { signedInTenant } from '../../../graph/src/tenant/identity';
import { createLogger, Logger } from '../../../graph/src/log';
import { UsageError } from '../options';
import type { SignInOptions } from './signInOptions';

export interface Session {
  apps: IntuneApps;
  credentials: Credentials;
  endpoints: CloudEndpoints;
  log: Logger;
  /** A Graph client for a version, with the same sign-in (a workspace may hold files of both versions). */
  client(version: GraphVersion): GraphClient;
  /** cloud sandbox: where the sandbox runs. */
  sandboxUrl?: string;
}

export interface SessionTenant {
  /** The tenant the sign-in reaches (the token's, else as configured; "unknown" when neither says). */
  tenantId: string;
  /** Who signed in, and how. */
  signedIn: Credentials['signedIn'];
  /** Its groups and filters, read from Graph (no cache kept). */
  directory: TenantDirectory;
}

/** Signs in (if need be) and says which tenant the session reaches, with that tenant's directory. */
export async function sessionTenant(session: Session): Promise<SessionTenant> {
  const tenantId = (await signedInTenant(session.credentials, session.credentials.signedIn.tenantId)) ?? 'unknown';
  const directory = new TenantDirectory({ client: session.client('beta'), tenant: tenantKey(session.endpoints.cloud, tenantId), log: session.log });
  return { tenantId, signedIn: session.credentials.signedIn, directory };
}

/** Everything the session prints goes to stderr: stdout is for documents and JSON. */
export const stderrLogger = createLogger((level, line) => {
  if (level !== 'debug' || process.env.INTUNE_ASSIGN_DEBUG) process.stderr.write(`${line}\n`);
}, process.env.INTUNE_ASSIGN_DEBUG ? 'debug' : 'warn');

/**
 * A Graph session for the command's options. `permissions`: the delegated permissions a person is asked for
 * instead of the access level's (`login` asks for what tenant data needs).
 */
export function openSession(options: SignInOptions, version: GraphVersion, access: 'read' | 'write', signal?: AbortSignal, permissions?: readonly string[]): Session {
  const cloud: Cloud = options.cloud ?? 'global';
  let endpoints: CloudEndpoints;
  const sandboxUrl = process.env.INTUNE_ASSIGN_SANDBOX_URL || DEFAULT_SANDBOX_URL;
  try {
    endpoints = resolveCloud({ cloud, graphUrl: options.graphUrl, authorityUrl: options.authorityUrl, sandboxUrl });
  } catch (error) {
    if (error instanceof CloudError) throw new UsageError(error.message);
    throw error;
  }
  const method = signInMethod(options, endpoints);
  const person = method.kind === 'interactive' || method.kind === 'device-code';
  if (!person && method.kind !== 'access-token' && !options.clientId) {
    throw new UsageError('App-only sign-in needs --client-id: the application (client) id of your app registration.');
  }
  const cacheFile = person ? sessionFiles()?.tokenCache : undefined;
  const credentials = new Credentials({
    endpoints,
    tenant: options.tenant ?? DEFAULT_TENANT,
    clientId: options.clientId ?? DEFAULT_PUBLIC_CLIENT_ID,
    method,
    access,
    permissions,
    cachePlugin: cacheFile ? cachePlugin(fileStore(cacheFile)) : undefined,
    log: stderrLogger,
    signal,
  });
  const clients = new Map<GraphVersion, GraphClient>();
  const clientFor = (v: GraphVersion): GraphClient => {
    let client = clients.get(v);
    if (!client) {
      client = new GraphClient({
        baseUrl: graphBaseUrl(endpoints, v),
        tokens: credentials,
        log: stderrLogger,
        onRetry: ({ delayMs, reason, attempt }) => process.stderr.write(`${reason}: waiting ${(delayMs / 1000).toFixed(1)} s before attempt ${attempt}...\n`),
      });
      clients.set(v, client);
    }
    return client;
  };
  return { apps: new IntuneApps(clientFor(version)), credentials, endpoints, log: stderrLogger, client: clientFor, sandboxUrl: cloud === 'sandbox' ? sandboxUrl : undefined };
}

function requiredEnv(name: string, what: string): string {
  const value = process.env[name];
  if (!value) throw new UsageError(`Environment variable ${name} (${what}) is not set or empty.`);
  return value;
}

function readFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

function signInMethod(options: SignInOptions, endpoints: CloudEndpoints): SignInMethod {
  if (options.accessTokenEnv) return { kind: 'access-token', token: requiredEnv(options.accessTokenEnv, 'the access token'), source: `$${options.accessTokenEnv}` };
  if (options.clientSecretEnv) return { kind: 'client-secret', secret: requiredEnv(options.clientSecretEnv, 'the client secret') };
  if (options.certificate) {
    return {
      kind: 'certificate',
      pem: readFile(options.certificate, 'the certificate'),
      passphrase: options.certificatePasswordEnv ? requiredEnv(options.certificatePasswordEnv, "the certificate key's passphrase") : undefined,
    };
  }
  if (options.clientAssertionFile) {
    const file = options.clientAssertionFile;
    readFile(file, 'the client assertion');
    // Read for each token: a CI refreshes its OIDC token in place.
    return { kind: 'client-assertion', readAssertion: async () => readFile(file, 'the client assertion').trim() };
  }
  const canOpenBrowser = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.env.BROWSER);
  if (options.deviceCode || !canOpenBrowser) {
    return { kind: 'device-code', onDeviceCode: (info) => process.stderr.write(`\n${info.message}\n\n`) };
  }
  return { kind: 'interactive', openBrowser: (url) => openBrowser(browserSignInUrl(endpoints, url)) };
}

/** Opens the sign-in page in the user's browser; if none opens, the URL is on stderr to open by hand. */
async function openBrowser(url: string): Promise<void> {
  process.stderr.write(`Opening the browser to sign in. If it does not open, go to:\n${url}\n`);
  const command = process.env.BROWSER || (process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open');
  await new Promise<void>((resolve) => {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => resolve());
    child.on('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
