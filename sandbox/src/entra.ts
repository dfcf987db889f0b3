// The sandbox's Entra ID (v2.0 endpoints): discovery and instance discovery, the token endpoint (client
// credentials with a secret, a certificate assertion or a federated assertion; authorization code with PKCE;
// device code; refresh tokens), device codes and their approval, the authorize page, and the tokens
// themselves: JWT-shaped, HMAC-signed with a key that lives in this process only, so the sandbox's Graph
// accepts no token from anywhere else. Reply shapes follow what @azure/msal-node reads; errors are shaped like
// Entra's (error, error_description with an AADSTS code, error_codes, timestamp, trace_id, correlation_id).
//
// Modelled, not documented (so the README can say so): the AADSTS numbers other than the well-known ones
// (7000215 wrong secret, 700016 unknown app, 70016 authorization pending, 65001 consent, 50173 revoked grant,
// 501481 PKCE mismatch); that the token's `scp` lists every permission the client was granted for the resource
// (as Entra does for consented permissions) while `scope` in the reply lists them as full URIs; the status and
// code for a federated assertion that matches no credential (401 invalid_client, AADSTS70021); and the device
// code lifetime of 900 s by default.
import { createHash, createHmac, constants, randomBytes, randomUUID, timingSafeEqual, verify, X509Certificate } from 'node:crypto';
import type { SandboxSeed, SeedClient, SeedUser } from './seed';

export interface EntraReply {
  status: number;
  json?: unknown;
  html?: string;
  redirect?: string;
  headers?: Record<string, string>;
}

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

export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  message: string;
  clientId: string;
  clientName: string;
  scopes: string[];
}

export interface EntraOptions {
  /** The origin the endpoints are advertised on: what MSAL sees (e.g. https://sandbox-login.invalid). */
  publicOrigin: string;
  /** Where this server really is: the device login page lives there. */
  ownUrl: string;
  tokenLifetimeSeconds: number;
  deviceCodeInterval: number;
  deviceCodeLifetimeSeconds: number;
  autoApprove: boolean;
  now: () => number;
  onDeviceCode?: (info: DeviceCodeInfo) => void;
}

interface DeviceCodeRecord {
  deviceCode: string;
  userCode: string;
  client: SeedClient;
  scopes: ScopeRequest;
  expiresAt: number;
  status: 'pending' | 'approved' | 'declined';
  user?: SeedUser;
}

interface AuthCode {
  client: SeedClient;
  redirectUri: string;
  challenge: string;
  scopes: ScopeRequest;
  user: SeedUser;
  nonce?: string;
  expiresAt: number;
}

interface RefreshGrant {
  client: SeedClient;
  user: SeedUser;
  expiresAt: number;
  revoked: boolean;
}

interface ScopeRequest {
  /** The resource (scope host) the token is for: its `aud`. */
  resource: string;
  /** Permission names asked for at that resource (`.default` included as it is). */
  permissions: string[];
  /** openid, profile, offline_access, email. */
  oidc: Set<string>;
  /** The request as sent, for messages. */
  raw: string;
}

/** The Graph host a scope without one stands for. */
export const DEFAULT_SCOPE_HOST = 'https://graph.sandbox.invalid';
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const MAX_DEVICE_CODES = 100;
const MAX_AUTH_CODES = 1000;
const MAX_REFRESH_TOKENS = 10_000;
const AUTH_CODE_LIFETIME_MS = 10 * 60_000;
const REFRESH_TOKEN_LIFETIME_MS = 90 * 24 * 3600_000;
const CLOCK_SKEW_S = 300;

export class Entra {
  private readonly key = randomBytes(32);
  /** By device_code, oldest first. */
  private readonly deviceCodes = new Map<string, DeviceCodeRecord>();
  private readonly authCodes = new Map<string, AuthCode>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  constructor(
    private readonly seed: SandboxSeed,
    private readonly options: EntraOptions,
  ) {}

  get tenantId(): string {
    return this.seed.tenant.id;
  }

  /** What a path's tenant segment names: this tenant (by id or domain), `organizations`, `common`, or nothing. */
  tenantKind(segment: string): 'tenant' | 'organizations' | 'common' | undefined {
    const s = segment.toLowerCase();
    if (s === this.seed.tenant.id.toLowerCase() || s === this.seed.tenant.domain.toLowerCase()) return 'tenant';
    if (s === 'organizations' || s === 'common') return s;
    return undefined;
  }

  knowsTenant(segment: string): boolean {
    return this.tenantKind(segment) !== undefined;
  }

  unknownTenant(segment: string, correlationId?: string): EntraReply {
    return this.error(400, 'invalid_tenant', 90002, `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`, correlationId);
  }

  /** GET /{tenant}/v2.0/.well-known/openid-configuration. A named tenant's endpoints use its id, as Entra's do. */
  discovery(segment: string): EntraReply {
    const kind = this.tenantKind(segment);
    const origin = this.options.publicOrigin;
    const pathTenant = kind === 'tenant' ? this.tenantId : segment.toLowerCase();
    const base = `${origin}/${pathTenant}`;
    return {
      status: 200,
      json: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${origin}/${kind === 'tenant' ? this.tenantId : '{tenantid}'}/v2.0`,
        request_uri_parameter_supported: false,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'auth_time', 'name', 'nonce', 'preferred_username', 'oid', 'tid', 'ver'],
        tenant_region_scope: 'NA',
        cloud_instance_name: new URL(origin).hostname,
        cloud_graph_host_name: new URL(DEFAULT_SCOPE_HOST).hostname,
        msgraph_host: new URL(DEFAULT_SCOPE_HOST).hostname,
      },
    };
  }

  /** GET /common/discovery/instance: the advertised host is its own only alias. */
  instanceDiscovery(): EntraReply {
    const host = new URL(this.options.publicOrigin).host;
    return {
      status: 200,
      json: {
        tenant_discovery_endpoint: `${this.options.publicOrigin}/{tenant}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      },
    };
  }

  /** POST /{tenant}/oauth2/v2.0/devicecode. */
  deviceCode(form: URLSearchParams, correlationId?: string): EntraReply {
    const clientId = form.get('client_id');
    if (!clientId) return this.missing('client_id', correlationId);
    const client = this.client(clientId);
    if (!client) return this.unknownClient(clientId, correlationId);
    if (client.kind !== 'public' || client.allowPublicClientFlows === false) {
      return this.error(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", correlationId);
    }
    const scopes = this.parseScopes(form.get('scope'), correlationId);
    if ('status' in scopes) return scopes;
    const refused = this.consent(client, scopes, correlationId);
    if (refused) return refused;
    this.prune();
    while (this.deviceCodes.size >= MAX_DEVICE_CODES) this.deviceCodes.delete(this.deviceCodes.keys().next().value!);
    let userCode: string;
    do userCode = randomBytes(4).toString('hex').toUpperCase();
    while ([...this.deviceCodes.values()].some((d) => d.userCode === userCode));
    const lifetime = this.options.deviceCodeLifetimeSeconds;
    const record: DeviceCodeRecord = {
      deviceCode: randomBytes(32).toString('base64url'),
      userCode,
      client,
      scopes,
      expiresAt: this.options.now() + lifetime * 1000,
      status: this.options.autoApprove ? 'approved' : 'pending',
      user: this.options.autoApprove ? this.seed.users[0] : undefined,
    };
    this.deviceCodes.set(record.deviceCode, record);
    const verificationUri = `${this.options.ownUrl}/devicelogin`;
    const message = `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`;
    this.options.onDeviceCode?.({ userCode, verificationUri, message, clientId: client.clientId, clientName: client.name, scopes: scopes.raw.split(/\s+/).filter(Boolean) });
    return {
      status: 200,
      json: { user_code: userCode, device_code: record.deviceCode, verification_uri: verificationUri, expires_in: lifetime, interval: this.options.deviceCodeInterval, message },
    };
  }

  /** The newest device code still waiting, for a terminal or a test to approve. */
  pendingDeviceCode(): string | undefined {
    return this.newestPending()?.userCode;
  }

  /** The device codes waiting for a person: for the device login page. */
  pendingDeviceCodes(): { userCode: string; clientName: string; expiresAt: number }[] {
    const now = this.options.now();
    return [...this.deviceCodes.values()].filter((d) => d.status === 'pending' && d.expiresAt > now).map((d) => ({ userCode: d.userCode, clientName: d.client.name, expiresAt: d.expiresAt }));
  }

  /** Approves a pending code (or the newest) for a seeded user (by upn or oid; the first user by default). */
  approveDeviceCode(userCode?: string, user?: string): boolean {
    return this.settleDeviceCode('approved', userCode, user);
  }

  /** The person declines: the next poll answers authorization_declined. */
  denyDeviceCode(userCode?: string): boolean {
    return this.settleDeviceCode('declined', userCode);
  }

  findUser(hint: string | undefined | null): SeedUser | undefined {
    if (!hint) return this.seed.users[0];
    const h = hint.trim().toLowerCase();
    return this.seed.users.find((u) => u.upn.toLowerCase() === h || u.oid.toLowerCase() === h);
  }

  /** Every refresh token issued so far stops working (invalid_grant, suberror bad_token); later ones work. */
  revokeRefreshTokens(): void {
    for (const grant of this.refreshTokens.values()) grant.revoked = true;
  }

  /** GET /{tenant}/oauth2/v2.0/authorize: signs the first seeded user (or the login_hint's) in, without a password. */
  authorize(query: URLSearchParams, correlationId?: string): EntraReply {
    const clientId = query.get('client_id') ?? '';
    const client = this.client(clientId);
    const redirectUri = query.get('redirect_uri') ?? '';
    // Until the redirect URI is known good, errors stay on this page: they must not be sent anywhere.
    if (!client) return { status: 400, html: page('Sign-in failed', `<p>AADSTS700016: Application with identifier '${escapeHtml(clientId)}' was not found in the directory '${escapeHtml(this.seed.tenant.domain)}'.</p>`) };
    if (!this.redirectAllowed(client, redirectUri)) {
      return { status: 400, html: page('Sign-in failed', `<p>AADSTS50011: The redirect URI '${escapeHtml(redirectUri)}' specified in the request does not match the redirect URIs configured for the application '${escapeHtml(client.clientId)}'.</p>`) };
    }
    const state = query.get('state') ?? undefined;
    const mode = query.get('response_mode') ?? 'query';
    const back = (fields: Record<string, string>) => this.toRedirect(redirectUri, mode, state === undefined ? fields : { ...fields, state });
    const fail = (error: string, code: number, message: string) => back({ error, error_description: this.describe(code, message, correlationId), error_uri: `${this.options.publicOrigin}/error?code=${code}` });
    if (query.get('response_type') !== 'code') return fail('unsupported_response_type', 700054, "The response_type must be 'code' here.");
    const challenge = query.get('code_challenge');
    if (!challenge) return fail('invalid_request', 9002325, 'Proof Key for Code Exchange is required: send code_challenge and code_challenge_method=S256.');
    if (query.get('code_challenge_method') !== 'S256') return fail('invalid_request', 50148, "The code_challenge_method must be 'S256'.");
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', 50148, 'The code_challenge is not a base64url SHA-256 digest.');
    const scopes = this.parseScopes(query.get('scope'), correlationId);
    if ('status' in scopes) return fail('invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid (${query.get('scope') ?? ''}).`);
    if (this.consent(client, scopes, correlationId)) return fail('consent_required', 65001, `The user or administrator has not consented to use the application with ID '${client.clientId}'. Send an interactive authorization request for this user and resource.`);
    const user = this.findUser(query.get('login_hint'));
    if (!user) return fail('invalid_request', 50034, `The user account ${query.get('login_hint')} does not exist in the ${this.seed.tenant.domain} directory.`);
    const code = `${randomBytes(48).toString('base64url')}`;
    const now = this.options.now();
    for (const [k, v] of this.authCodes) if (v.expiresAt <= now) this.authCodes.delete(k);
    while (this.authCodes.size >= MAX_AUTH_CODES) this.authCodes.delete(this.authCodes.keys().next().value!);
    this.authCodes.set(code, { client, redirectUri, challenge, scopes, user, nonce: query.get('nonce') ?? undefined, expiresAt: now + AUTH_CODE_LIFETIME_MS });
    const fields: Record<string, string> = { code };
    if (query.get('client_info') === '1') fields.client_info = this.clientInfo(user);
    fields.session_state = randomUUID();
    return back(fields);
  }

  /** POST /{tenant}/oauth2/v2.0/token. */
  token(form: URLSearchParams, segment: string, correlationId?: string): EntraReply {
    const grant = form.get('grant_type');
    if (!grant) return this.missing('grant_type', correlationId);
    const clientId = form.get('client_id');
    if (!clientId) return this.missing('client_id', correlationId);
    const client = this.client(clientId);
    if (!client) return this.unknownClient(clientId, correlationId);
    const refused = this.authenticateClient(client, form, segment, correlationId);
    if (refused) return refused;
    switch (grant) {
      case 'client_credentials':
        return this.clientCredentials(client, form, segment, correlationId);
      case 'authorization_code':
        return this.authorizationCode(client, form, correlationId);
      case DEVICE_CODE_GRANT:
      case 'device_code':
        return this.deviceCodeGrant(client, form, correlationId);
      case 'refresh_token':
        return this.refreshTokenGrant(client, form, correlationId);
      default:
        return this.error(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`, correlationId);
    }
  }

  /** A token this process issued for this tenant, not expired; or why not. */
  checkAccessToken(token: string | undefined): TokenCheck {
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
    const now = Math.floor(this.options.now() / 1000);
    if (claims.exp <= now || claims.nbf > now + CLOCK_SKEW_S) return { problem: 'expired' };
    if (claims.tid !== this.tenantId) return { problem: 'tenant' };
    return { claims };
  }

  /** The claims of a valid token, or undefined (kept for callers that need no reason). */
  verifyAccessToken(token: string): TokenClaims | undefined {
    const check = this.checkAccessToken(token);
    return 'claims' in check ? check.claims : undefined;
  }

  // ---- grants ----

  private clientCredentials(client: SeedClient, form: URLSearchParams, segment: string, correlationId?: string): EntraReply {
    if (client.kind === 'public') return this.error(400, 'unauthorized_client', 700025, 'The client is public: client credentials need a confidential client.', correlationId);
    if (this.tenantKind(segment) !== 'tenant') {
      return this.error(400, 'invalid_request', 90009, `The application is requesting a token for itself. This scenario is supported only if the tenant is named: use the tenant id or domain, not '${segment}'.`, correlationId);
    }
    const scopes = this.parseScopes(form.get('scope'), correlationId);
    if ('status' in scopes) return scopes;
    if (scopes.permissions.length !== 1 || scopes.permissions[0] !== '.default' || scopes.oidc.size) {
      return this.error(400, 'invalid_scope', 1002012, `The provided value for scope ${scopes.raw} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`, correlationId);
    }
    return this.issue(client, scopes, undefined, undefined, form);
  }

  private authorizationCode(client: SeedClient, form: URLSearchParams, correlationId?: string): EntraReply {
    const codeValue = form.get('code');
    if (!codeValue) return this.missing('code', correlationId);
    const code = this.authCodes.get(codeValue);
    // A code is used once, whatever the outcome.
    this.authCodes.delete(codeValue);
    if (!code || code.expiresAt <= this.options.now()) return this.error(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity, or was already redeemed. Send a new interactive authorization request for this user and resource.', correlationId);
    if (code.client.clientId !== client.clientId) return this.error(400, 'invalid_grant', 70000, 'The provided authorization code was issued to a different client.', correlationId);
    if ((form.get('redirect_uri') ?? '') !== code.redirectUri) {
      return this.error(400, 'invalid_grant', 50011, `The redirect URI '${form.get('redirect_uri') ?? ''}' does not match the redirect URI of the authorization request.`, correlationId);
    }
    const verifier = form.get('code_verifier');
    if (!verifier) return this.error(400, 'invalid_request', 50148, 'The code_verifier is required: the authorization request had a code_challenge.', correlationId);
    if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
      return this.error(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.', correlationId);
    }
    const requested = form.get('scope') ? this.parseScopes(form.get('scope'), correlationId) : code.scopes;
    if ('status' in requested) return requested;
    return this.issue(client, requested, code.user, code.nonce, form);
  }

  private deviceCodeGrant(client: SeedClient, form: URLSearchParams, correlationId?: string): EntraReply {
    const value = form.get('device_code');
    if (!value) return this.missing('device_code', correlationId);
    const record = this.deviceCodes.get(value);
    if (!record || record.client.clientId !== client.clientId) return this.error(400, 'bad_verification_code', 70000, "The provided value for the input parameter 'device_code' is not valid.", correlationId);
    if (record.expiresAt <= this.options.now()) return this.error(400, 'expired_token', 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired.", correlationId);
    if (record.status === 'declined') return this.error(400, 'authorization_declined', 70019, 'The user declined to authorize the request.', correlationId);
    if (record.status === 'pending') return this.error(400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.', correlationId);
    this.deviceCodes.delete(value);
    return this.issue(client, record.scopes, record.user ?? this.seed.users[0], undefined, form);
  }

  private refreshTokenGrant(client: SeedClient, form: URLSearchParams, correlationId?: string): EntraReply {
    const value = form.get('refresh_token');
    if (!value) return this.missing('refresh_token', correlationId);
    const grant = this.refreshTokens.get(value);
    if (!grant) return this.error(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid: the refresh token is not one this tenant issued.', correlationId);
    if (grant.revoked) return this.error(400, 'invalid_grant', 50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.', correlationId, { suberror: 'bad_token' });
    if (grant.expiresAt <= this.options.now()) return this.error(400, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity.', correlationId, { suberror: 'bad_token' });
    if (grant.client.clientId !== client.clientId) return this.error(400, 'invalid_grant', 70000, 'The provided refresh token was issued to a different client.', correlationId);
    const scopes = this.parseScopes(form.get('scope') ?? 'openid profile offline_access', correlationId);
    if ('status' in scopes) return scopes;
    // Entra does not revoke a refresh token when it is used: the old one stays valid next to the new one.
    return this.issue(client, scopes, grant.user, undefined, form);
  }

  // ---- clients ----

  private client(id: string): SeedClient | undefined {
    const lower = id.toLowerCase();
    return this.seed.clients.find((c) => c.clientId.toLowerCase() === lower);
  }

  private unknownClient(clientId: string, correlationId?: string): EntraReply {
    return this.error(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${this.seed.tenant.domain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`, correlationId);
  }

  /** A confidential client proves itself with its secret or an assertion; a public client must send neither. */
  private authenticateClient(client: SeedClient, form: URLSearchParams, segment: string, correlationId?: string): EntraReply | undefined {
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    const invalid = (code: number, message: string) => this.error(401, 'invalid_client', code, message, correlationId);
    if (client.kind === 'public') {
      return secret !== null || assertion !== null ? invalid(700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.") : undefined;
    }
    if (secret !== null) {
      if (client.kind === 'secret' && client.secret !== undefined && sameText(secret, client.secret)) return undefined;
      return invalid(7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`);
    }
    if (assertion !== null) {
      if (form.get('client_assertion_type') !== JWT_BEARER) return this.error(400, 'invalid_request', 7000216, `'client_assertion_type' must be '${JWT_BEARER}'.`, correlationId);
      return this.checkAssertion(client, assertion, segment, invalid);
    }
    return invalid(7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }

  private checkAssertion(client: SeedClient, assertion: string, segment: string, invalid: (code: number, message: string) => EntraReply): EntraReply | undefined {
    const parts = assertion.split('.');
    let header: Record<string, unknown>;
    let payload: Record<string, unknown>;
    try {
      if (parts.length !== 3) throw new Error('parts');
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
      if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object') throw new Error('shape');
    } catch {
      return invalid(50027, 'JWT token is invalid or malformed: the client assertion is not a JSON Web Token.');
    }
    const now = Math.floor(this.options.now() / 1000);
    if (typeof payload.exp !== 'number' || payload.exp <= now - CLOCK_SKEW_S || (typeof payload.nbf === 'number' && payload.nbf > now + CLOCK_SKEW_S)) {
      return invalid(700024, `Client assertion is not within its valid time range. Current time: ${new Date(now * 1000).toISOString()}.`);
    }
    const audiences = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter((a): a is string => typeof a === 'string');
    if (client.kind === 'federated' && client.federated) {
      // The sandbox holds no keys of the identity provider that issued the assertion (a CI's OIDC issuer): it
      // checks issuer, subject and audience against the federated credential, never the signature.
      const f = client.federated;
      if (payload.iss === f.issuer && payload.sub === f.subject && audiences.includes(f.audience)) return undefined;
      return invalid(70021, `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(payload.iss)}'. Assertion Subject: '${String(payload.sub)}'. Assertion Audience: '${audiences.join(',')}'.`);
    }
    if (client.kind !== 'certificate' || !client.certificate) return invalid(700027, `Client assertion failed signature validation: the application '${client.clientId}' has no certificate.`);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(client.certificate);
    } catch {
      return invalid(700027, 'Client assertion failed signature validation: the registered certificate cannot be read.');
    }
    const sha256 = createHash('sha256').update(certificate.raw).digest('base64url');
    const sha1 = createHash('sha1').update(certificate.raw).digest('base64url');
    const alg = header.alg;
    const byThumbprint = alg === 'PS256' ? header['x5t#S256'] === sha256 : alg === 'RS256' ? header.x5t === sha1 || header['x5t#S256'] === sha256 : false;
    if (!byThumbprint) {
      const used = String(header['x5t#S256'] ?? header.x5t ?? 'none');
      return invalid(700027, `The certificate with identifier used to sign the client assertion is not registered on application (alg ${String(alg)}, thumbprint ${used}). PS256 assertions name the certificate with x5t#S256, RS256 ones with x5t.`);
    }
    const validFrom = Date.parse(certificate.validFrom);
    const validTo = Date.parse(certificate.validTo);
    if (this.options.now() < validFrom || this.options.now() > validTo) return invalid(700027, `The certificate used to sign the client assertion is not valid now (valid ${certificate.validFrom} to ${certificate.validTo}).`);
    const data = Buffer.from(`${parts[0]}.${parts[1]}`);
    const signature = Buffer.from(parts[2], 'base64url');
    const key = certificate.publicKey;
    const ok = alg === 'PS256' ? verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature) : verify('sha256', data, key, signature);
    if (!ok) return invalid(700027, 'Client assertion failed signature validation: it does not verify with the registered certificate.');
    if (payload.iss !== client.clientId || payload.sub !== client.clientId) return invalid(700023, `Client assertion must name the client as issuer and subject ('${client.clientId}').`);
    if (!audiences.some((a) => this.isOwnTokenEndpoint(a, segment))) return invalid(700021, `Client assertion audience claim does not match Realm issuer: expected this tenant's token endpoint, got '${audiences.join(',')}'.`);
    return undefined;
  }

  /** The audience of a client assertion: the token endpoint (any name of this tenant) or the issuer. */
  private isOwnTokenEndpoint(audience: string, segment: string): boolean {
    const origin = this.options.publicOrigin.toLowerCase();
    const a = audience.toLowerCase().replace(/\/$/, '');
    const names = [this.tenantId, this.seed.tenant.domain, segment].map((n) => n.toLowerCase());
    return names.some((n) => a === `${origin}/${n}/oauth2/v2.0/token` || a === `${origin}/${n}/v2.0` || a === `${origin}/${n}/oauth2/token`);
  }

  private redirectAllowed(client: SeedClient, redirectUri: string): boolean {
    if (client.kind !== 'public') return false;
    let url: URL;
    try {
      url = new URL(redirectUri);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' || url.username || url.password || url.hash) return false;
    return (client.redirectUris ?? ['http://localhost']).some((registered) => {
      const r = new URL(registered);
      // Loopback redirect URIs match on any port, and localhost and 127.0.0.1 stand for each other.
      const loopback = (h: string) => h === 'localhost' || h === '127.0.0.1';
      return loopback(r.hostname) && loopback(url.hostname) && r.pathname.replace(/\/$/, '') === url.pathname.replace(/\/$/, '');
    });
  }

  private toRedirect(redirectUri: string, mode: string, fields: Record<string, string>): EntraReply {
    if (mode === 'form_post') {
      // What MSAL 7 asks for: a page that posts the fields to the redirect URI at once.
      const nonce = randomBytes(16).toString('base64');
      const inputs = Object.entries(fields)
        .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
        .join('');
      return {
        status: 200,
        headers: { 'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; form-action ${new URL(redirectUri).origin}` },
        html: `<!doctype html><html><head><meta charset="utf-8"><title>Working...</title></head><body style="font-family: sans-serif; margin: 3em"><p>Signing in to the sandbox...</p><form method="post" action="${escapeHtml(redirectUri)}">${inputs}<noscript><button>Continue</button></noscript></form><script nonce="${nonce}">document.forms[0].submit();</script></body></html>`,
      };
    }
    const target = new URL(redirectUri);
    const params = new URLSearchParams(fields);
    if (mode === 'fragment') target.hash = params.toString();
    else for (const [k, v] of params) target.searchParams.set(k, v);
    return { status: 302, redirect: target.href };
  }

  // ---- scopes and tokens ----

  /** `https://host/Permission` scopes for one resource, plus OIDC scopes; a bare permission is the sandbox Graph's. */
  private parseScopes(raw: string | null, correlationId?: string): ScopeRequest | EntraReply {
    const text = (raw ?? '').trim();
    if (!text) return this.missing('scope', correlationId);
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
      if (!resource || !permission) return this.error(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' does not name an https resource and a permission.`, correlationId);
      resources.add(resource);
      permissions.push(permission);
    }
    if (resources.size > 1) return this.error(400, 'invalid_scope', 28000, `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${text} is not valid.`, correlationId);
    return { resource: [...resources][0] ?? DEFAULT_SCOPE_HOST, permissions, oidc, raw: text };
  }

  /** Delegated requests may only name permissions the client was granted (`.default` means all of them). */
  private consent(client: SeedClient, scopes: ScopeRequest, correlationId?: string): EntraReply | undefined {
    const missing = scopes.permissions.filter((p) => p !== '.default' && !client.permissions.some((g) => g.toLowerCase() === p.toLowerCase()));
    if (!missing.length) return undefined;
    return this.error(400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${client.clientId}' named '${client.name}'. Send an interactive authorization request for this user and resource (missing: ${missing.join(', ')}).`, correlationId, { suberror: 'consent_required' });
  }

  private issue(client: SeedClient, scopes: ScopeRequest, user: SeedUser | undefined, nonce: string | undefined, form: URLSearchParams): EntraReply {
    const now = Math.floor(this.options.now() / 1000);
    const lifetime = this.options.tokenLifetimeSeconds;
    const issuer = `${this.options.publicOrigin}/${this.tenantId}/v2.0`;
    const base = { aud: scopes.resource, iss: issuer, iat: now, nbf: now, exp: now + lifetime, tid: this.tenantId, azp: client.clientId, appid: client.clientId, ver: '2.0' as const };
    if (!user) {
      const principal = stableGuid(`sp|${client.clientId}`);
      const claims: Omit<TokenClaims, 'uti'> = { ...base, oid: principal, sub: principal, idtyp: 'app', roles: [...client.permissions] };
      return this.tokenReply({ token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: this.sign(claims) });
    }
    const refused = this.consent(client, scopes);
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
      this.refreshTokens.set(refreshToken, { client, user, expiresAt: this.options.now() + REFRESH_TOKEN_LIFETIME_MS, revoked: false });
      reply.refresh_token = refreshToken;
    }
    if (scopes.oidc.has('openid')) {
      reply.id_token = this.sign({ aud: client.clientId, iss: issuer, iat: now, nbf: now, exp: now + 3600, name: user.name, oid: user.oid, preferred_username: user.upn, sub: claims.sub, tid: this.tenantId, ver: '2.0', ...(nonce ? { nonce } : {}) });
    }
    if (form.get('client_info') === '1') reply.client_info = this.clientInfo(user);
    return this.tokenReply(reply);
  }

  private tokenReply(json: Record<string, unknown>): EntraReply {
    return { status: 200, json, headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' } };
  }

  private clientInfo(user: SeedUser): string {
    return Buffer.from(JSON.stringify({ uid: user.oid, utid: this.tenantId })).toString('base64url');
  }

  private sign(claims: object): string {
    const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'sandbox' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...claims, uti: randomBytes(16).toString('base64url') })).toString('base64url');
    const signature = createHmac('sha256', this.key).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  }

  // ---- device codes ----

  private newestPending(): DeviceCodeRecord | undefined {
    const now = this.options.now();
    return [...this.deviceCodes.values()].reverse().find((d) => d.status === 'pending' && d.expiresAt > now);
  }

  private settleDeviceCode(status: 'approved' | 'declined', userCode?: string, userHint?: string): boolean {
    const now = this.options.now();
    const wanted = userCode?.replace(/[\s-]/g, '').toUpperCase();
    const record = wanted ? [...this.deviceCodes.values()].find((d) => d.userCode === wanted && d.status === 'pending') : this.newestPending();
    if (!record || record.expiresAt <= now) return false;
    if (status === 'approved') {
      const user = this.findUser(userHint);
      if (!user) return false;
      record.user = user;
    }
    record.status = status;
    return true;
  }

  /** Forgets device codes long expired (a poll just after expiry still hears expired_token). */
  private prune(): void {
    const cutoff = this.options.now() - 15 * 60_000;
    for (const [k, d] of this.deviceCodes) if (d.expiresAt <= cutoff) this.deviceCodes.delete(k);
  }

  // ---- errors ----

  private missing(parameter: string, correlationId?: string): EntraReply {
    return this.error(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${parameter}'.`, correlationId);
  }

  private describe(code: number, message: string, correlationId?: string): string {
    return `AADSTS${code}: ${message}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${correlationId ?? randomUUID()}\r\nTimestamp: ${entraTimestamp(this.options.now())}`;
  }

  error(status: number, error: string, code: number, message: string, correlationId?: string, extra: Record<string, unknown> = {}): EntraReply {
    const traceId = randomUUID();
    const correlation = correlationId ?? randomUUID();
    const timestamp = entraTimestamp(this.options.now());
    return {
      status,
      headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
      json: {
        error,
        error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
        error_codes: [code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlation,
        error_uri: `${this.options.publicOrigin}/error?code=${code}`,
        ...extra,
      },
    };
  }
}

/** Entra's `timestamp` format: `2026-11-28 15:11:05Z`. */
function entraTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function sameText(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/** A GUID derived from a name: the same service principal or pairwise subject every time. */
function stableGuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A plain page; `body` is HTML the caller has escaped. */
export function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family: sans-serif; margin: 3em; max-width: 40em"><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}
