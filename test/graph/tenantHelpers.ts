// Helpers for the graph core's tests: a sandbox tenant (large or second), a Graph client signed in to it with the
// demo pipeline's secret, the Graph requests that reached it, and a store kept in memory.
import type { CacheStore } from '../../graph/src/auth/cachePlugin';
import { GraphClient } from '../../graph/src/graphClient';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/src/sandbox';
import { SANDBOX_DEMO_SECRET, SANDBOX_SECRET_CLIENT } from '../../sandbox/src/seed';

/** An app-only token of a pipeline client (the demo secret opens them all): the read-write one by default. */
export async function tokenFor(sandbox: Sandbox, clientId = SANDBOX_SECRET_CLIENT): Promise<string> {
  const reply = await fetch(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: SANDBOX_DEMO_SECRET, scope: 'https://graph.sandbox.invalid/.default' }),
  });
  return ((await reply.json()) as { access_token: string }).access_token;
}

/** A sandbox that keeps every request it sees (the default keeps the newest 1,000). */
export function bigSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ maxRecordedRequests: 100_000, ...options });
}

export async function clientFor(sandbox: Sandbox, options: { fetch?: typeof fetch; version?: 'beta' | 'v1.0'; clientId?: string } = {}): Promise<GraphClient> {
  const token = await tokenFor(sandbox, options.clientId);
  return new GraphClient({ baseUrl: `${sandbox.url}/${options.version ?? 'beta'}`, tokens: { getToken: async () => token }, fetch: options.fetch });
}

/** The Graph requests (not sign-in) the sandbox has seen since `since`. */
export function graphRequests(sandbox: Sandbox, since = 0): Sandbox['requests'] {
  return sandbox.requests.slice(since).filter((r) => /^\/(beta|v1\.0)\//.test(r.path));
}

/** A store kept in memory, for the token cache or a tenant's names. */
export function memoryStore(): CacheStore & { data?: string } {
  const store: CacheStore & { data?: string } = {
    read: async () => store.data,
    write: async (data) => {
      store.data = data;
    },
    clear: async () => {
      store.data = undefined;
    },
  };
  return store;
}
