// The command line's kept session (`intune-assign login`), for the commands and editors that use it without
// signing in (`intune-assign lsp`, `lint --online`): beside MSAL's token cache file, an owner-only session file
// saying where and as whom (cloud and its roots, tenant, client id, account; never a secret or a token) and an
// owner-only tenant directory cache. `logout` removes all three. Reading a kept session never signs anyone in:
// its tokens are acquired silently (Credentials.silentTokens), and a session that needs a new sign-in is "signed
// out" until `login` runs again.
import { dirname, basename, join } from 'node:path';
import type { Cloud } from '../../../common/src/constants';
import { CLOUDS } from '../../../common/src/constants';
import { GraphClient } from '../graphClient';
import type { Logger } from '../log';
import { TenantDirectory, tenantKey } from '../tenant/directory';
import { cachePlugin, type CacheStore, defaultCacheFile, fileStore } from './cachePlugin';
import { Credentials, DEFAULT_PUBLIC_CLIENT_ID } from './signIn';
import { type CloudEndpoints, graphBaseUrl, resolveCloud, TENANT_DATA_PERMISSIONS } from '../clouds';

export interface StoredSession {
  format: 1;
  cloud: Cloud;
  /** The tenant signed in to, as given (id, domain or `organizations`). */
  tenant: string;
  clientId: string;
  /** Who signed in, and the tenant id the sign-in reached. */
  account: { username: string; tenantId: string };
  /** cloud custom: the https roots; cloud sandbox: the loopback address the sandbox ran on. */
  graphUrl?: string;
  authorityUrl?: string;
  sandboxUrl?: string;
  /** ISO 8601. */
  signedInAt: string;
}

/** The files of a kept session: MSAL's cache, the session, the tenant directory. */
export interface SessionFiles {
  tokenCache: string;
  session: string;
  directory: string;
}

/**
 * Where the command line keeps its session: the token cache INTUNE_ASSIGN_TOKEN_CACHE names (default
 * $XDG_CONFIG_HOME/intune-assign/msal-token-cache.json), with `.session.json` and `.directory.json` beside it;
 * undefined when INTUNE_ASSIGN_TOKEN_CACHE is `none` (nothing is kept).
 */
export function sessionFiles(env: NodeJS.ProcessEnv = process.env): SessionFiles | undefined {
  const setting = env.INTUNE_ASSIGN_TOKEN_CACHE;
  if (setting === 'none') return undefined;
  const tokenCache = setting || defaultCacheFile();
  const stem = join(dirname(tokenCache), basename(tokenCache).replace(/\.json$/i, ''));
  return { tokenCache, session: `${stem}.session.json`, directory: `${stem}.directory.json` };
}

export async function readSession(files: SessionFiles): Promise<StoredSession | undefined> {
  const text = await fileStore(files.session).read();
  if (!text) return undefined;
  try {
    const raw = JSON.parse(text) as Partial<StoredSession>;
    const ok =
      raw.format === 1 &&
      (CLOUDS as readonly unknown[]).includes(raw.cloud) &&
      typeof raw.tenant === 'string' &&
      typeof raw.clientId === 'string' &&
      typeof raw.account?.username === 'string' &&
      typeof raw.account?.tenantId === 'string';
    return ok ? (raw as StoredSession) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeSession(files: SessionFiles, session: StoredSession): Promise<void> {
  await fileStore(files.session).write(`${JSON.stringify(session, null, 2)}\n`);
}

/** Removes the session, its tokens and its tenant data (what `logout` does). */
export async function clearSession(files: SessionFiles): Promise<void> {
  for (const path of [files.tokenCache, files.session, files.directory]) await fileStore(path).clear();
}

/** The cloud's endpoints for a kept session; throws CloudError when its roots are not acceptable any more. */
export function sessionEndpoints(session: StoredSession): CloudEndpoints {
  return resolveCloud({ cloud: session.cloud, graphUrl: session.graphUrl, authorityUrl: session.authorityUrl, sandboxUrl: session.sandboxUrl });
}

/** Credentials of a kept session, for silent tokens only: nothing built from them ever prompts. */
export function sessionCredentials(files: SessionFiles, session: StoredSession, log?: Logger): Credentials {
  return new Credentials({
    endpoints: sessionEndpoints(session),
    tenant: session.tenant,
    clientId: session.clientId || DEFAULT_PUBLIC_CLIENT_ID,
    // Never used to sign in: silentTokens() acquires from the cache or says the session needs `login`.
    method: { kind: 'device-code', onDeviceCode: () => undefined },
    access: 'read',
    cachePlugin: cachePlugin(fileStore(files.tokenCache)),
    log,
  });
}

/** The tenant directory of a kept session: Graph read with its silent tokens, the cache in `files.directory`. */
export function sessionDirectory(files: SessionFiles, session: StoredSession, options: { log?: Logger; store?: boolean } = {}): TenantDirectory {
  const credentials = sessionCredentials(files, session, options.log);
  const client = new GraphClient({ baseUrl: graphBaseUrl(sessionEndpoints(session), 'beta'), tokens: credentials.silentTokens(TENANT_DATA_PERMISSIONS), log: options.log });
  const store: CacheStore | undefined = options.store === false ? undefined : fileStore(files.directory);
  return new TenantDirectory({ client, tenant: tenantKey(session.cloud, session.account.tenantId), store, log: options.log });
}
