// The sandbox's Entra ID (v2.0 endpoints) for one tenant: discovery and instance discovery, the device code
// endpoint, the token endpoint (client credentials with a secret, a certificate assertion or a federated
// assertion; authorization code with PKCE; device code; refresh tokens) and the authorize endpoint, over the
// rooms beside it (clients.ts, tokens.ts, deviceCodes.ts, authorize.ts, pages.ts). Reply shapes follow what
// @azure/msal-node reads; errors are shaped like Entra's (errors.ts).
//
// Modelled, not documented (so the README can say so): the AADSTS numbers other than the well-known ones
// (7000215 wrong secret, 700016 unknown app, 70016 authorization pending, 65001 consent, 50173 revoked grant,
// 501481 PKCE mismatch).
import { Authorization } from './authorize';
import { Clients } from './clients';
import { DeviceCodeInfo, DeviceCodes } from './deviceCodes';
import { EntraErrors, EntraReply } from './errors';
import { DeviceLoginPage, PageReply } from './pages';
import { consent, DEFAULT_SCOPE_HOST, parseScopes, TokenCheck, Tokens } from './tokens';
import type { SandboxSeed, SeedClient, SeedUser } from '../seed/format';

export interface EntraOptions {
  /** The origin the endpoints are advertised on: what MSAL sees (e.g. https://sandbox-login.invalid). */
  publicOrigin: string;
  /** Where a person's browser opens the device login page (this server, or a port forward of it). */
  deviceLoginUrl: () => string;
  tokenLifetimeSeconds: number;
  deviceCodeInterval: number;
  deviceCodeLifetimeSeconds: number;
  autoApprove: boolean;
  now: () => number;
  onDeviceCode?: (info: DeviceCodeInfo) => void;
}

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export class Entra {
  readonly errors: EntraErrors;
  private readonly tokens: Tokens;
  private readonly clients: Clients;
  private readonly codes: DeviceCodes;
  private readonly authorization: Authorization;
  private readonly deviceLogin: DeviceLoginPage;

  constructor(
    private readonly seed: SandboxSeed,
    private readonly options: EntraOptions,
  ) {
    this.errors = new EntraErrors(options.publicOrigin, options.now);
    this.tokens = new Tokens(seed.tenant.id, options.publicOrigin, options.tokenLifetimeSeconds, options.now, this.errors);
    this.clients = new Clients(seed, options.publicOrigin, options.now, this.errors);
    const findUser = (hint: string | undefined | null) => this.findUser(hint);
    this.codes = new DeviceCodes(options.now, options.deviceCodeLifetimeSeconds, findUser);
    this.authorization = new Authorization(seed, this.clients, this.tokens, this.errors, options.now, findUser);
    this.deviceLogin = new DeviceLoginPage(seed, this.codes, (text) => this.tokens.mac(text), options.now, findUser);
  }

  private scopes(raw: string | null, correlationId?: string) {
    return parseScopes(raw, this.errors, correlationId);
  }

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
    return this.errors.error(400, 'invalid_tenant', 90002, `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`, correlationId);
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
    if (!clientId) return this.errors.missing('client_id', correlationId);
    const client = this.clients.find(clientId);
    if (!client) return this.clients.unknown(clientId, correlationId);
    if (client.kind !== 'public' || client.allowPublicClientFlows === false) {
      return this.errors.error(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", correlationId);
    }
    const scopes = this.scopes(form.get('scope'), correlationId);
    if ('status' in scopes) return scopes;
    const refused = consent(client, scopes, this.errors, correlationId);
    if (refused) return refused;
    const record = this.codes.create(client, scopes, this.options.autoApprove ? this.seed.users[0] : undefined);
    const lifetime = this.options.deviceCodeLifetimeSeconds;
    const verificationUri = this.options.deviceLoginUrl();
    const message = `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${record.userCode} to authenticate.`;
    this.options.onDeviceCode?.({ userCode: record.userCode, verificationUri, message, clientId: client.clientId, clientName: client.name, scopes: scopes.raw.split(/\s+/).filter(Boolean) });
    return {
      status: 200,
      json: { user_code: record.userCode, device_code: record.deviceCode, verification_uri: verificationUri, expires_in: lifetime, interval: this.options.deviceCodeInterval, message },
    };
  }

  /** The newest device code still waiting, for a terminal or a test to approve. */
  pendingDeviceCode(): string | undefined {
    return this.codes.newestPending()?.userCode;
  }

  /** Approves a pending code (or the newest) for a seeded user (by upn or oid; the first user by default). */
  approveDeviceCode(userCode?: string, user?: string): boolean {
    return this.codes.settle('approved', userCode, user);
  }

  /** The person declines: the next poll answers authorization_declined. */
  denyDeviceCode(userCode?: string): boolean {
    return this.codes.settle('declined', userCode);
  }

  findUser(hint: string | undefined | null): SeedUser | undefined {
    if (!hint) return this.seed.users[0];
    const h = hint.trim().toLowerCase();
    return this.seed.users.find((u) => u.upn.toLowerCase() === h || u.oid.toLowerCase() === h);
  }

  /** Every refresh token issued so far stops working (invalid_grant, suberror bad_token); later ones work. */
  revokeRefreshTokens(): void {
    for (const grant of this.tokens.refreshTokens.values()) grant.revoked = true;
  }

  /** GET or POST /{tenant}/oauth2/v2.0/authorize. */
  authorize(query: URLSearchParams, correlationId?: string): EntraReply {
    return this.authorization.authorize(query, correlationId);
  }

  /** The device login page (GET shows it, POST submits it). */
  deviceLoginPage(method: string, query: URLSearchParams, raw: string): PageReply {
    return this.deviceLogin.handle(method, query, raw);
  }

  /** POST /{tenant}/oauth2/v2.0/token. */
  token(form: URLSearchParams, segment: string, correlationId?: string): EntraReply {
    const grant = form.get('grant_type');
    if (!grant) return this.errors.missing('grant_type', correlationId);
    const clientId = form.get('client_id');
    if (!clientId) return this.errors.missing('client_id', correlationId);
    const client = this.clients.find(clientId);
    if (!client) return this.clients.unknown(clientId, correlationId);
    const refused = this.clients.authenticate(client, form, segment, correlationId);
    if (refused) return refused;
    switch (grant) {
      case 'client_credentials':
        return this.clientCredentials(client, form, segment, correlationId);
      case 'authorization_code':
        return this.authorization.redeem(client, form, correlationId);
      case DEVICE_CODE_GRANT:
      case 'device_code':
        return this.deviceCodeGrant(client, form, correlationId);
      case 'refresh_token':
        return this.refreshTokenGrant(client, form, correlationId);
      default:
        return this.errors.error(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`, correlationId);
    }
  }

  /** A token this process issued for this tenant, not expired; or why not. */
  checkAccessToken(token: string | undefined): TokenCheck {
    return this.tokens.check(token);
  }

  // ---- grants ----

  private clientCredentials(client: SeedClient, form: URLSearchParams, segment: string, correlationId?: string): EntraReply {
    if (client.kind === 'public') return this.errors.error(400, 'unauthorized_client', 700025, 'The client is public: client credentials need a confidential client.', correlationId);
    if (this.tenantKind(segment) !== 'tenant') {
      return this.errors.error(400, 'invalid_request', 90009, `The application is requesting a token for itself. This scenario is supported only if the tenant is named: use the tenant id or domain, not '${segment}'.`, correlationId);
    }
    const scopes = this.scopes(form.get('scope'), correlationId);
    if ('status' in scopes) return scopes;
    if (scopes.permissions.length !== 1 || scopes.permissions[0] !== '.default' || scopes.oidc.size) {
      return this.errors.error(400, 'invalid_scope', 1002012, `The provided value for scope ${scopes.raw} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`, correlationId);
    }
    return this.tokens.issue(client, scopes, undefined, undefined, form);
  }

  private deviceCodeGrant(client: SeedClient, form: URLSearchParams, correlationId?: string): EntraReply {
    const value = form.get('device_code');
    if (!value) return this.errors.missing('device_code', correlationId);
    const record = this.codes.get(value);
    if (!record || record.client.clientId !== client.clientId) return this.errors.error(400, 'bad_verification_code', 70000, "The provided value for the input parameter 'device_code' is not valid.", correlationId);
    if (record.expiresAt <= this.options.now()) return this.errors.error(400, 'expired_token', 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired.", correlationId);
    if (record.status === 'declined') return this.errors.error(400, 'authorization_declined', 70019, 'The user declined to authorize the request.', correlationId);
    if (record.status === 'pending') return this.errors.error(400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.', correlationId);
    this.codes.redeem(value);
    return this.tokens.issue(client, record.scopes, record.user ?? this.seed.users[0], undefined, form);
  }

  private refreshTokenGrant(client: SeedClient, form: URLSearchParams, correlationId?: string): EntraReply {
    const value = form.get('refresh_token');
    if (!value) return this.errors.missing('refresh_token', correlationId);
    const grant = this.tokens.refreshTokens.get(value);
    if (!grant) return this.errors.error(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid: the refresh token is not one this tenant issued.', correlationId);
    if (grant.revoked) return this.errors.error(400, 'invalid_grant', 50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.', correlationId, { suberror: 'bad_token' });
    if (grant.expiresAt <= this.options.now()) return this.errors.error(400, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity.', correlationId, { suberror: 'bad_token' });
    if (grant.client.clientId !== client.clientId) return this.errors.error(400, 'invalid_grant', 70000, 'The provided refresh token was issued to a different client.', correlationId);
    const scopes = this.scopes(form.get('scope') ?? 'openid profile offline_access', correlationId);
    if ('status' in scopes) return scopes;
    // Entra does not revoke a refresh token when it is used: the old one stays valid next to the new one.
    return this.tokens.issue(client, scopes, grant.user, undefined, form);
  }
}
