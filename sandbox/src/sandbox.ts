// The local tenant emulator's front door: startSandbox serves one tenant's Entra ID (entra/) and Microsoft Graph
// (graph/) on 127.0.0.1 over HTTP(S) (http/), from a seed (seed/: the demo tenant by default). It returns the
// Sandbox: its addresses, the live tenant state, the recorded requests, the per-run secret the control
// endpoints want, and in-process controls for tests and demos. This is also the entry of the separate bundle
// dist/sandbox.js, which the extension loads only when the cloud is `sandbox`.
//
// The sandbox imports nothing of the product but common/: it judges payloads with the generated JSON Schema
// and its own Graph facts (graph/judge.ts), so a bug in the product's core can fail a sandbox test.
import { randomBytes } from 'node:crypto';
import { Entra } from './entra/entra';
import type { DeviceCodeInfo } from './entra/deviceCodes';
import { TenantState, tenantState } from './graph/request';
import { INTUNE_APPLICATIONS_LIMITS, ThrottleLimits } from './graph/throttle';
import { Forwarded, parseForwardedUrl } from './http/forwarding';
import { GraphGate } from './http/graphGate';
import type { RecordedRequest } from './http/recording';
import { makeRoute } from './http/routing';
import { SandboxServer } from './http/server';
import { DEFAULT_SEED } from './seed/demoTenant';
import type { SandboxSeed } from './seed/format';

export type { DeviceCodeInfo } from './entra/deviceCodes';
export type { TokenClaims } from './entra/tokens';
export type { RecordedRequest } from './http/recording';
export type { TenantState } from './graph/request';
export type { ThrottleLimits } from './graph/throttle';
export { SECRET_HEADER } from './http/control';
// The seed's names (not the demo credentials' private keys: tests import those from seed.ts; a bundle of the
// sandbox must not carry them, and vsce refuses a package that does).
export { DEFAULT_SEED, DELETED_GROUP, largeTenant, parseSeed, secondTenant, SeedError } from './seed';
export { SANDBOX_APPS_ONLY_CLIENT, SANDBOX_CERTIFICATE_CLIENT, SANDBOX_DEMO_SECRET, SANDBOX_FEDERATED_CLIENT, SANDBOX_PUBLIC_CLIENT, SANDBOX_READONLY_CLIENT, SANDBOX_SECRET_CLIENT } from './seed';
export type { SandboxSeed, SeedApp, SeedClient, SeedFilter, SeedGroup, SeedUser } from './seed';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default: DEFAULT_SEED. */
  seed?: SandboxSeed;
  /** `auto` approves each device code at once; `manual` (default) waits for approveDeviceCode or the page. */
  deviceCodeApproval?: 'auto' | 'manual';
  /** Seconds between device-code polls the sandbox asks for (default 1; tests use a fraction such as 0.05). */
  deviceCodeInterval?: number;
  /** Lifetime of a device code (default 900 s). */
  deviceCodeLifetimeSeconds?: number;
  /**
   * The origin advertised for the Entra endpoints. Default `https://sandbox-login.invalid`: the product's MSAL
   * reaches it through a network client that carries it to this server (MSAL refuses http authorities). With
   * `tls`, the default is the server's own https origin.
   */
  authorityOrigin?: string;
  /** Serve HTTPS with this certificate and key. */
  tls?: { cert: string; key: string };
  /** Access token lifetime (default 3600 s). */
  tokenLifetimeSeconds?: number;
  /** A line per request: method, path, status, time. Never a token, a header value, a secret or a code. */
  log?: (line: string) => void;
  /** Called when a device code is issued (the CLI prints it and offers to approve it). */
  onDeviceCode?: (info: DeviceCodeInfo) => void;
  /** How many requests `requests` keeps (default 1000; the oldest go first). */
  maxRecordedRequests?: number;
  /** Throttling limits (default: the Intune applications service's). */
  throttleLimits?: ThrottleLimits;
  /** The clock, in milliseconds (default Date.now): tests move it to expire tokens and codes without waiting. */
  now?: () => number;
  /** Where a browser reaches the pages through a port forward (see setForwardedUrl). */
  forwardedUrl?: string;
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT` (https with `tls`); Graph is at `${url}/beta` and `${url}/v1.0`. */
  url: string;
  port: number;
  tenantId: string;
  /** The origin the Entra endpoints are advertised on. */
  authorityOrigin: string;
  /** This run's secret: scripts send it in the header `x-sandbox-secret` to use the control endpoints. */
  secret: string;
  /** Live tenant state: apps and their assignments, groups, filters, approval requests. Replaced by reset(). */
  readonly state: TenantState;
  /** Every request (the newest maxRecordedRequests), redacted. */
  readonly requests: RecordedRequest[];
  /** Approves the pending code with this user code (or the newest) for a seeded user (upn; default the first). */
  approveDeviceCode(userCode?: string, user?: string): boolean;
  /** Declines it: the next poll answers authorization_declined. */
  denyDeviceCode(userCode?: string): boolean;
  /** The newest device code waiting for approval. */
  pendingDeviceCode(): string | undefined;
  /** Every refresh token issued so far fails with invalid_grant, suberror bad_token. */
  revokeRefreshTokens(): void;
  /** The next `count` authenticated Graph requests fail with this status (default 429) and Retry-After (default none). */
  throttleNext(count: number, options?: { status?: 429 | 503 | 504; retryAfter?: string }): void;
  /** The next authenticated Graph request answers 401 with a Conditional Access claims challenge. */
  requireClaims(claims?: string): void;
  /** The tenant back to the seed; throttling windows, queued failures and challenges cleared. Tokens stay valid. */
  reset(): void;
  /** Where a browser reaches the sandbox's pages, when not at `url` (http/forwarding.ts); undefined: at `url`. */
  readonly forwardedUrl: string | undefined;
  /**
   * The sandbox is reached through a port forward at this address (code-server's https://host/proxy/PORT/):
   * device codes name the device login page there, and the pages answer requests that arrive through it.
   * Throws a RangeError for an address that is not an absolute http(s) URL. undefined: no forward.
   */
  setForwardedUrl(url: string | undefined): void;
  close(): Promise<void>;
}

export const DEFAULT_AUTHORITY_ORIGIN = 'https://sandbox-login.invalid';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? DEFAULT_SEED;
  const now = options.now ?? Date.now;
  let state = tenantState(seed);
  let forwarded: Forwarded | undefined = options.forwardedUrl === undefined ? undefined : parseForwardedUrl(options.forwardedUrl);
  const server = new SandboxServer({ port: options.port ?? 0, tls: options.tls, now, maxRecorded: Math.max(1, options.maxRecordedRequests ?? 1000), log: options.log });
  const port = await server.listen();
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const authorityOrigin = new URL(options.authorityOrigin ?? (options.tls ? origin : DEFAULT_AUTHORITY_ORIGIN)).origin;
  const entra = new Entra(seed, {
    publicOrigin: authorityOrigin,
    deviceLoginUrl: () => `${forwarded?.base ?? `${origin}/`}devicelogin`,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    deviceCodeInterval: options.deviceCodeInterval ?? 1,
    deviceCodeLifetimeSeconds: options.deviceCodeLifetimeSeconds ?? 900,
    autoApprove: options.deviceCodeApproval === 'auto',
    now,
    onDeviceCode: options.onDeviceCode,
  });
  const gate = new GraphGate(options.throttleLimits ?? INTUNE_APPLICATIONS_LIMITS, authorityOrigin, (token) => entra.checkAccessToken(token), () => state, now);

  const sandbox: Sandbox = {
    url: origin,
    port,
    tenantId: seed.tenant.id,
    authorityOrigin,
    secret: randomBytes(24).toString('base64url'),
    get state() {
      return state;
    },
    requests: server.requests,
    approveDeviceCode: (userCode, user) => entra.approveDeviceCode(userCode, user),
    denyDeviceCode: (userCode) => entra.denyDeviceCode(userCode),
    pendingDeviceCode: () => entra.pendingDeviceCode(),
    revokeRefreshTokens: () => entra.revokeRefreshTokens(),
    throttleNext: (count, throttleOptions = {}) => {
      if (!Number.isInteger(count) || count < 0) throw new RangeError(`throttleNext needs a whole number of requests, not ${count}.`);
      gate.failNext(count, { status: throttleOptions.status ?? 429, retryAfter: throttleOptions.retryAfter });
    },
    requireClaims: (claims) => gate.challengeNext(claims ?? JSON.stringify({ access_token: { nbf: { essential: true, value: String(Math.floor(now() / 1000)) } } })),
    reset: () => {
      state = tenantState(seed);
      gate.reset();
    },
    get forwardedUrl() {
      return forwarded?.base;
    },
    setForwardedUrl: (url) => {
      forwarded = url === undefined ? undefined : parseForwardedUrl(url);
    },
    close: () => server.close(),
  };
  server.route = makeRoute({ origin, authorityOrigin, entra, gate, sandbox, forwarded: () => forwarded });
  return sandbox;
}
