// The sandbox's tokens: scopes asked for (one resource, plus OpenID scopes), consent to them, and the tokens
// themselves: JWT-shaped, HMAC-signed with a key that lives in this process only, so the sandbox's Graph
// accepts no token from anywhere else; refresh tokens kept (bounded) so they can be revoked.
//
// Modelled, not documented: that `scp` lists every permission the client was granted for the resource (as
// Entra does for consented permissions) while `scope` in the reply lists them as full URIs.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntraErrors, EntraReply } from './errors';
import { stableGuid } from '../seed/largeTenant';
import type { SeedClient, SeedUser } from '../seed/format';

export interface TokenClaims {
  aud: string;
  iss: string;
  tid: string;
  /** The user, or the client's service principal for app-only tokens. */
  oid: string;
  sub: string;
  azp: string;
  appid: string;
  idtyp: 'user' | 'app';
  /** Delegated permissions, space-separated. */
  scp?: string;
  /** Application permissions. */
  roles?: string[];
  upn?: string;
  name?: string;
  iat: number;
  nbf: number;
  exp: number;
  ver: '2.0';
  uti: string;
}

export type TokenCheck = { claims: TokenClaims } | { problem: 'empty' | 'malformed' | 'signature' | 'expired' | 'tenant' };

export interface ScopeRequest {
  /** The resource (scope host) the token is for: its `aud`. */
  resource: string;
  /** Permission names asked for at that resource (`.default` included as it is). */
  permissions: string[];
  /** openid, profile, offline_access, email. */
  oidc: Set<string>;
  /** The request as sent, for messages. */
  raw: string;
}

export interface RefreshGrant {
  client: SeedClient;
  user: SeedUser;
  expiresAt: number;
  revoked: boolean;
}

/** The Graph host a scope without one stands for. */
export const DEFAULT_SCOPE_HOST = 'https://graph.sandbox.invalid';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const MAX_REFRESH_TOKENS = 10_000;
const REFRESH_TOKEN_LIFETIME_MS = 90 * 24 * 3600_000;
export const CLOCK_SKEW_S = 300;

/** `https://host/Permission` scopes for one resource, plus OIDC scopes; a bare permission is the sandbox Graph's. */
export function parseScopes(raw: string | null, errors: EntraErrors, correlationId?: string): ScopeRequest | EntraReply {
  const text = (raw ?? '').trim();
  if (!text) return errors.missing('scope', correlationId);
  const oidc = new Set<string>();
  const permissions: string[] = [];
  const resources = new Set<string>();
  for (const scope of text.split(/\s+/)) {
    if (OIDC_SCOPES.has(scope.toLowerCase())) {
      oidc.add(scope.toLowerCase());
      continue;
    }
    const slash = scope.lastIndexOf('/');
    if (slash < 0) {
      resources.add(DEFAULT_SCOPE_HOST);
      permissions.push(scope);
      continue;
    }
    const resourceText = scope.slice(0, slash);
    const permission = scope.slice(slash + 1);
    let resource: string | undefined;
    if (resourceText.toLowerCase() === MICROSOFT_GRAPH_APP_ID) resource = DEFAULT_SCOPE_HOST;
    else {
      try {
        const url = new URL(resourceText);
        if (url.protocol === 'https:' && !url.search && !url.hash && (url.pathname === '/' || url.pathname === '')) resource = url.origin;
      } catch {
        resource = undefined;
      }
    }
    if (!resource || !permission) return errors.error(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' does not name an https resource and a permission.`, correlationId);
    resources.add(resource);
    permissions.push(permission);
  }
  if (resources.size > 1) return errors.error(400, 'invalid_scope', 28000, `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${text} is not valid.`, correlationId);
  return { resource: [...resources][0] ?? DEFAULT_SCOPE_HOST, permissions, oidc, raw: text };
}

/** Delegated requests may only name permissions the client was granted (`.default` means all of them). */
export function consent(client: SeedClient, scopes: ScopeRequest, errors: EntraErrors, correlationId?: string): EntraReply | undefined {
  const missing = scopes.permissions.filter((p) => p !== '.default' && !client.permissions.some((g) => g.toLowerCase() === p.toLowerCase()));
  if (!missing.length) return undefined;
  return errors.error(400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${client.clientId}' named '${client.name}'. Send an interactive authorization request for this user and resource (missing: ${missing.join(', ')}).`, correlationId, { suberror: 'consent_required' });
}

/** Issues, signs and checks the tenant's tokens. */
export class Tokens {
  private readonly key = randomBytes(32);
  readonly refreshTokens = new Map<string, RefreshGrant>();

  constructor(
    private readonly tenantId: string,
    private readonly publicOrigin: string,
    private readonly lifetimeSeconds: number,
    private readonly now: () => number,
    private readonly errors: EntraErrors,
  ) {}

  /** The token reply for a user (delegated) or, without one, for the client itself (app-only). */
  issue(client: SeedClient, scopes: ScopeRequest, user: SeedUser | undefined, nonce: string | undefined, form: URLSearchParams): EntraReply {
    const now = Math.floor(this.now() / 1000);
    const lifetime = this.lifetimeSeconds;
    const issuer = `${this.publicOrigin}/${this.tenantId}/v2.0`;
    const base = { aud: scopes.resource, iss: issuer, iat: now, nbf: now, exp: now + lifetime, tid: this.tenantId, azp: client.clientId, appid: client.clientId, ver: '2.0' as const };
    if (!user) {
      const principal = stableGuid(`sp|${client.clientId}`);
      const claims: Omit<TokenClaims, 'uti'> = { ...base, oid: principal, sub: principal, idtyp: 'app', roles: [...client.permissions] };
      return tokenReply({ token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: this.sign(claims) });
    }
    const refused = consent(client, scopes, this.errors);
    if (refused) return refused;
    const claims: Omit<TokenClaims, 'uti'> = { ...base, oid: user.oid, sub: stableGuid(`sub|${user.oid}|${client.clientId}`), idtyp: 'user', scp: client.permissions.join(' '), upn: user.upn, name: user.name };
    const reply: Record<string, unknown> = {
      token_type: 'Bearer',
      scope: client.permissions.map((p) => `${scopes.resource}/${p}`).join(' '),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: this.sign(claims),
    };
    if (scopes.oidc.has('offline_access')) {
      const refreshToken = `${randomBytes(48).toString('base64url')}`;
      while (this.refreshTokens.size >= MAX_REFRESH_TOKENS) this.refreshTokens.delete(this.refreshTokens.keys().next().value!);
      this.refreshTokens.set(refreshToken, { client, user, expiresAt: this.now() + REFRESH_TOKEN_LIFETIME_MS, revoked: false });
      reply.refresh_token = refreshToken;
    }
    if (scopes.oidc.has('openid')) {
      reply.id_token = this.sign({ aud: client.clientId, iss: issuer, iat: now, nbf: now, exp: now + 3600, name: user.name, oid: user.oid, preferred_username: user.upn, sub: claims.sub, tid: this.tenantId, ver: '2.0', ...(nonce ? { nonce } : {}) });
    }
    if (form.get('client_info') === '1') reply.client_info = this.clientInfo(user);
    return tokenReply(reply);
  }

  clientInfo(user: SeedUser): string {
    return Buffer.from(JSON.stringify({ uid: user.oid, utid: this.tenantId })).toString('base64url');
  }

  /** A token this process issued for this tenant, not expired; or why not. */
  check(token: string | undefined): TokenCheck {
    if (!token) return { problem: 'empty' };
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return { problem: 'malformed' };
    const expected = createHmac('sha256', this.key).update(`${parts[0]}.${parts[1]}`).digest();
    const given = Buffer.from(parts[2], 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { problem: 'signature' };
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return { problem: 'malformed' };
    }
    // An id_token is signed with the same key but is no access token: it is for the client (aud = client id).
    if (typeof claims.idtyp !== 'string' || typeof claims.aud !== 'string' || !claims.aud.startsWith('https://')) return { problem: 'signature' };
    const now = Math.floor(this.now() / 1000);
    if (claims.exp <= now || claims.nbf > now + CLOCK_SKEW_S) return { problem: 'expired' };
    if (claims.tid !== this.tenantId) return { problem: 'tenant' };
    return { claims };
  }

  /** An HMAC of a text with this process's key: for page tokens that need no storage. */
  mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }

  private sign(claims: object): string {
    const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'sandbox' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...claims, uti: randomBytes(16).toString('base64url') })).toString('base64url');
    const signature = createHmac('sha256', this.key).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  }
}

function tokenReply(json: Record<string, unknown>): EntraReply {
  return { status: 200, json, headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' } };
}
