// The clouds the product signs in to and sends to: each one's Graph origin, Entra ID authority and the host
// that scopes name. National clouds as Microsoft documents them (learn.microsoft.com/graph/deployments);
// `sandbox` is the local tenant
// emulator; `custom` takes explicit https roots and never reaches Microsoft's instance discovery.
import type { Cloud, GraphVersion } from '../../common/src/constants';

export interface CloudEndpoints {
  cloud: Cloud;
  /** Origin Graph requests go to (scheme, host and port); the only origin that ever sees a token. */
  graphOrigin: string;
  /** Extra path of a custom Graph root before the version (usually empty). */
  graphPath: string;
  /** Origin scopes are written with: `https://graph.microsoft.com/.default`. */
  scopeHost: string;
  /** Origin of the Entra ID authority. */
  authorityOrigin: string;
  /** Extra path of a custom authority root before the tenant (usually empty). */
  authorityPath: string;
  /** MSAL must take the authority as known, so it never calls Microsoft's instance discovery. */
  knownAuthority: boolean;
  /** For the sandbox: the loopback URL that stands for authorityOrigin (MSAL refuses http authorities). */
  authorityLoopback?: string;
}

/** The host the sandbox's Entra endpoints are advertised on; mapped to loopback, never resolved. */
export const SANDBOX_AUTHORITY_ORIGIN = 'https://sandbox-login.invalid';
export const SANDBOX_SCOPE_HOST = 'https://graph.sandbox.invalid';
export const DEFAULT_SANDBOX_URL = 'http://127.0.0.1:8765';

const NATIONAL: Record<'global' | 'usgov' | 'usgovdod' | 'china', { graph: string; login: string }> = {
  global: { graph: 'https://graph.microsoft.com', login: 'https://login.microsoftonline.com' },
  usgov: { graph: 'https://graph.microsoft.us', login: 'https://login.microsoftonline.us' },
  usgovdod: { graph: 'https://dod-graph.microsoft.us', login: 'https://login.microsoftonline.us' },
  china: { graph: 'https://microsoftgraph.chinacloudapi.cn', login: 'https://login.chinacloudapi.cn' },
};

export class CloudError extends Error {}

export interface CloudChoice {
  cloud: Cloud;
  /** custom: the Graph root (https). */
  graphUrl?: string;
  /** custom: the authority root (https). */
  authorityUrl?: string;
  /** sandbox: where the emulator listens (loopback only). */
  sandboxUrl?: string;
}

export function resolveCloud(choice: CloudChoice): CloudEndpoints {
  const { cloud } = choice;
  if (cloud === 'custom') {
    const graph = httpsRoot(choice.graphUrl, '--graph-url');
    const authority = httpsRoot(choice.authorityUrl, '--authority-url');
    return {
      cloud,
      graphOrigin: graph.origin,
      graphPath: graph.path,
      scopeHost: graph.origin,
      authorityOrigin: authority.origin,
      authorityPath: authority.path,
      knownAuthority: true,
    };
  }
  if (choice.graphUrl || choice.authorityUrl) throw new CloudError('--graph-url and --authority-url need --cloud custom.');
  if (cloud === 'sandbox') {
    const url = new URL(choice.sandboxUrl ?? DEFAULT_SANDBOX_URL);
    if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      throw new CloudError(`The sandbox runs on this machine only: ${url.href} is not an http://127.0.0.1 address.`);
    }
    return {
      cloud,
      graphOrigin: url.origin,
      graphPath: '',
      scopeHost: SANDBOX_SCOPE_HOST,
      authorityOrigin: SANDBOX_AUTHORITY_ORIGIN,
      authorityPath: '',
      knownAuthority: true,
      authorityLoopback: url.origin,
    };
  }
  const national = NATIONAL[cloud];
  return {
    cloud,
    graphOrigin: national.graph,
    graphPath: '',
    scopeHost: national.graph,
    authorityOrigin: national.login,
    authorityPath: '',
    knownAuthority: false,
  };
}

function httpsRoot(value: string | undefined, flag: string): { origin: string; path: string } {
  if (!value) throw new CloudError(`--cloud custom needs ${flag} (an https URL).`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CloudError(`${flag} is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:') throw new CloudError(`${flag} must be https: tokens are never sent in the clear (${value}).`);
  if (url.search || url.hash || url.username || url.password) throw new CloudError(`${flag} must be a plain root URL, without query, fragment or credentials.`);
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, '') };
}

/** The base URL of Graph requests: `https://graph.microsoft.com/beta`. */
export function graphBaseUrl(endpoints: CloudEndpoints, version: GraphVersion): string {
  return `${endpoints.graphOrigin}${endpoints.graphPath}/${version}`;
}

/** The authority MSAL signs in with: `https://login.microsoftonline.com/{tenant}`. */
export function authorityUrl(endpoints: CloudEndpoints, tenant: string): string {
  return `${endpoints.authorityOrigin}${endpoints.authorityPath}/${encodeURIComponent(tenant)}`;
}

/** Delegated scopes for reading or writing app assignments, or the app-only `.default`. */
export function graphScopes(endpoints: CloudEndpoints, access: 'read' | 'write', appOnly: boolean): string[] {
  if (appOnly) return [`${endpoints.scopeHost}/.default`];
  return [`${endpoints.scopeHost}/DeviceManagementApps.${access === 'write' ? 'ReadWrite' : 'Read'}.All`];
}

/**
 * What reading group and filter names needs, and no more: Directory.Read.All is the documented least privilege
 * of `POST /directoryObjects/getByIds`, the one read that resolves 1,000 ids a request (GroupMember.Read.All
 * reads groups, but only 15 ids a request, through `$filter=id in (...)`: the directory falls back to that when
 * getByIds is refused); DeviceManagementConfiguration.Read.All lists assignment filters.
 */
export const TENANT_DATA_PERMISSIONS = ['Directory.Read.All', 'DeviceManagementConfiguration.Read.All'] as const;

/** Delegated scopes for permissions of the cloud's Graph: `https://graph.microsoft.com/Directory.Read.All`. */
export function permissionScopes(endpoints: CloudEndpoints, permissions: readonly string[]): string[] {
  return permissions.map((p) => `${endpoints.scopeHost}/${p}`);
}

/**
 * The URL a person's browser opens for interactive sign-in. The sandbox's sign-in host exists only for MSAL's
 * loopback network client, so a browser is sent to the same path on the sandbox itself; other clouds unchanged.
 */
export function browserSignInUrl(endpoints: CloudEndpoints, url: string): string {
  if (!endpoints.authorityLoopback) return url;
  const parsed = new URL(url);
  if (parsed.origin !== endpoints.authorityOrigin) return url;
  return `${endpoints.authorityLoopback}${parsed.pathname}${parsed.search}`;
}
