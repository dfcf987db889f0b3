// The sandbox's Entra ID: discovery, the token endpoint (client credentials with a secret, a certificate or a
// federated assertion; authorization code with PKCE; device code; rotating refresh tokens), device codes,
// the authorize page, and the tokens themselves (JWT-shaped, signed with a key that lives in this process
// only, so Graph here accepts no token from anywhere else). Shapes follow what @azure/msal-node reads.
import { createHash, createHmac, createPublicKey, constants, randomBytes, randomUUID, timingSafeEqual, verify, X509Certificate } from 'node:crypto';
import type { SandboxSeed, SeedClient, SeedUser } from './seed';

export interface EntraReply {
  status: number;
  json?: unknown;
  html?: string;
  redirect?: string;
}

export interface TokenClaims {
  aud: string;
  iss: string;
  tid: string;
  oid?: string;
  azp: string;
  scp?: string;
  roles?: string[];
  exp: number;
  iat: number;
  upn?: string;
}

interface DeviceCode {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  approved: boolean;
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scopes: string[];
  user: SeedUser;
  nonce?: string;
  expiresAt: number;
}

interface RefreshGrant {
  clientId: string;
  scopes: string[];
  user: SeedUser;
}

export const PERMISSIONS = ['DeviceManagementApps.Read.All', 'DeviceManagementApps.ReadWrite.All'];

export class Entra {
  private readonly key = randomBytes(32);
  private readonly deviceCodes: DeviceCode[] = [];
  private readonly authCodes = new Map<string, AuthCode>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  constructor(
    private readonly seed: SandboxSeed,
    /** The origin the endpoints are advertised on (what MSAL sees). */
    private readonly publicOrigin: string,
    /** Where this server really is, for the device code page. */
    private readonly ownUrl: string,
    private readonly options: { tokenLifetimeSeconds: number; deviceCodeInterval: number; autoApprove: boolean },
  ) {}

  get tenantId(): string {
    return this.seed.tenant.id;
  }

  /** The tenant a path names: its id, its domain, organizations or common. */
  knowsTenant(tenant: string): boolean {
    return [this.seed.tenant.id, this.seed.tenant.domain, 'organizations', 'common'].includes(tenant.toLowerCase());
  }

  discovery(tenant: string): EntraReply {
    const base = `${this.publicOrigin}/${tenant}`;
    return {
      status: 200,
      json: {
        issuer: `${this.publicOrigin}/${this.seed.tenant.id}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'oid', 'tid', 'preferred_username', 'name', 'nonce'],
        tenant_region_scope: 'NA',
        cloud_instance_name: 'sandbox.invalid',
      },
    };
  }

  instanceDiscovery(): EntraReply {
    const host = new URL(this.publicOrigin).host;
    return {
      status: 200,
      json: {
        tenant_discovery_endpoint: `${this.publicOrigin}/${this.seed.tenant.id}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      },
    };
  }

  deviceCode(form: URLSearchParams): EntraReply {
    const client = this.client(form.get('client_id'));
    if (!client || client.kind !== 'public') return this.error(400, 'unauthorized_client', 'AADSTS700016: The application was not found, or is not a public client.');
    const userCode = randomBytes(4).toString('hex').toUpperCase().slice(0, 8);
    const code: DeviceCode = {
      deviceCode: randomBytes(24).toString('base64url'),
      userCode,
      clientId: client.clientId,
      scopes: scopesOf(form.get('scope')),
      expiresAt: Date.now() + 900_000,
      approved: this.options.autoApprove,
    };
    this.deviceCodes.push(code);
    if (this.deviceCodes.length > 100) this.deviceCodes.shift();
    const verificationUri = `${this.ownUrl}/devicelogin`;
    return {
      status: 200,
      json: {
        device_code: code.deviceCode,
        user_code: userCode,
        verification_uri: verificationUri,
        expires_in: 900,
        interval: this.options.deviceCodeInterval,
        message: `To sign in to the sandbox, open ${verificationUri} and enter the code ${userCode} (or press Enter in the sandbox's terminal).`,
      },
    };
  }

  /** The newest pending device code, for a terminal or a test to approve. */
  pendingDeviceCode(): string | undefined {
    return [...this.deviceCodes].reverse().find((c) => !c.approved && c.expiresAt > Date.now())?.userCode;
  }

  approveDeviceCode(userCode?: string): boolean {
    const code = userCode
      ? this.deviceCodes.find((c) => c.userCode === userCode.trim().toUpperCase())
      : [...this.deviceCodes].reverse().find((c) => !c.approved);
    if (!code || code.expiresAt <= Date.now()) return false;
    code.approved = true;
    return true;
  }

  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  /** GET /authorize: signs the seeded admin (or the login_hint user) in and hands the code to the redirect URI. */
  authorize(query: URLSearchParams): EntraReply {
    const client = this.client(query.get('client_id'));
    const redirectUri = query.get('redirect_uri') ?? '';
    if (!client || client.kind !== 'public') return { status: 400, html: page('Sign-in failed', 'AADSTS700016: unknown application.') };
    let redirect: URL;
    try {
      redirect = new URL(redirectUri);
    } catch {
      return { status: 400, html: page('Sign-in failed', 'AADSTS50011: the redirect URI is not valid.') };
    }
    if (redirect.protocol !== 'http:' || !['localhost', '127.0.0.1'].includes(redirect.hostname)) {
      return { status: 400, html: page('Sign-in failed', `AADSTS50011: the redirect URI ${redirectUri} is not registered (loopback only).`) };
    }
    if (query.get('response_type') !== 'code' || query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')) {
      return { status: 400, html: page('Sign-in failed', 'AADSTS9002325: PKCE (S256) is required.') };
    }
    const hint = query.get('login_hint');
    const user = this.seed.users.find((u) => u.upn.toLowerCase() === hint?.toLowerCase()) ?? this.seed.users[0];
    const code = randomBytes(24).toString('base64url');
    this.authCodes.set(code, {
      clientId: client.clientId,
      redirectUri,
      challenge: query.get('code_challenge')!,
      scopes: scopesOf(query.get('scope')),
      user,
      nonce: query.get('nonce') ?? undefined,
      expiresAt: Date.now() + 300_000,
    });
    const state = query.get('state') ?? '';
    if (query.get('response_mode') === 'query') {
      const target = new URL(redirectUri);
      target.searchParams.set('code', code);
      target.searchParams.set('state', state);
      return { status: 302, redirect: target.href };
    }
    // form_post, which MSAL 7 asks for: a page that posts the code to the redirect URI at once.
    const field = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
    return {
      status: 200,
      html: `<!doctype html><html><body onload="document.forms[0].submit()"><p>Signing ${escapeHtml(user.upn)} in to the sandbox...</p><form method="post" action="${escapeHtml(redirectUri)}">${field('code', code)}${field('state', state)}<noscript><button>Continue</button></noscript></form></body></html>`,
    };
  }

  /** POST /token. */
  token(form: URLSearchParams, tokenEndpoint: string): EntraReply {
    const grant = form.get('grant_type');
    const client = this.client(form.get('client_id'));
    if (!client) return this.error(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.`);
    switch (grant) {
      case 'client_credentials': {
        const refused = this.authenticateClient(client, form, tokenEndpoint);
        if (refused) return refused;
        return this.issue(client, scopesOf(form.get('scope')), undefined, undefined);
      }
      case 'authorization_code': {
        const code = this.authCodes.get(form.get('code') ?? '');
        this.authCodes.delete(form.get('code') ?? '');
        if (!code || code.expiresAt < Date.now() || code.clientId !== client.clientId) return this.error(400, 'invalid_grant', 'AADSTS70008: The provided authorization code is invalid or has expired.');
        if (code.redirectUri !== form.get('redirect_uri')) return this.error(400, 'invalid_grant', 'AADSTS50011: The redirect URI does not match the one of the authorization request.');
        const verifier = form.get('code_verifier') ?? '';
        if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) return this.error(400, 'invalid_grant', 'AADSTS501481: The code verifier does not match the code challenge.');
        return this.issue(client, code.scopes.length ? code.scopes : scopesOf(form.get('scope')), code.user, code.nonce);
      }
      case 'device_code':
      case 'urn:ietf:params:oauth:grant-type:device_code': {
        const code = this.deviceCodes.find((c) => c.deviceCode === form.get('device_code'));
        if (!code || code.clientId !== client.clientId) return this.error(400, 'invalid_grant', 'AADSTS70000: The device code is not valid.');
        if (code.expiresAt < Date.now()) return this.error(400, 'expired_token', 'AADSTS70020: The device code expired.');
        if (!code.approved) return this.error(400, 'authorization_pending', 'AADSTS70016: The user has not signed in yet.');
        this.deviceCodes.splice(this.deviceCodes.indexOf(code), 1);
        return this.issue(client, code.scopes, this.seed.users[0], undefined);
      }
      case 'refresh_token': {
        const grantInfo = this.refreshTokens.get(form.get('refresh_token') ?? '');
        if (!grantInfo || grantInfo.clientId !== client.clientId) {
          return { status: 400, json: { ...this.errorBody('invalid_grant', 'AADSTS700082: The refresh token has expired or was revoked; the user must sign in again.'), suberror: 'bad_token' } };
        }
        this.refreshTokens.delete(form.get('refresh_token')!);
        return this.issue(client, scopesOf(form.get('scope')).length ? scopesOf(form.get('scope')) : grantInfo.scopes, grantInfo.user, undefined);
      }
      default:
        return this.error(400, 'unsupported_grant_type', `AADSTS70003: The grant type ${grant} is not supported.`);
    }
  }

  /** The claims of a token this process issued and that has not expired; undefined otherwise. */
  verifyAccessToken(token: string): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const expected = createHmac('sha256', this.key).update(`${parts[0]}.${parts[1]}`).digest();
    const given = Buffer.from(parts[2], 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
    return claims.exp * 1000 > Date.now() ? claims : undefined;
  }

  private client(id: string | null): SeedClient | undefined {
    return this.seed.clients.find((c) => c.clientId === id);
  }

  private authenticateClient(client: SeedClient, form: URLSearchParams, tokenEndpoint: string): EntraReply | undefined {
    const wrong = (description: string) => this.error(401, 'invalid_client', description);
    if (client.kind === 'public') return this.error(400, 'unauthorized_client', 'AADSTS7000218: A public client cannot use client credentials.');
    if (client.kind === 'secret') {
      const secret = form.get('client_secret') ?? '';
      const same = secret.length === (client.secret ?? '').length && timingSafeEqual(Buffer.from(secret), Buffer.from(client.secret ?? ''));
      return same ? undefined : wrong(`AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`);
    }
    const assertion = form.get('client_assertion') ?? '';
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || assertion.split('.').length !== 3) {
      return wrong('AADSTS7000216: client_assertion or client_secret is required.');
    }
    const [headerPart, payloadPart, signature] = assertion.split('.');
    let header: Record<string, string>;
    let payload: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as Record<string, string>;
      payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return wrong('AADSTS50027: The client assertion is not a valid JWT.');
    }
    if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) return wrong('AADSTS700024: The client assertion has expired.');
    if (client.kind === 'federated') {
      // The sandbox has no keys of the identity provider that issued the assertion (a CI's OIDC issuer): it
      // checks issuer, subject and audience against the federated credential, not the signature.
      const f = client.federated!;
      const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      return payload.iss === f.issuer && payload.sub === f.subject && audience.includes(f.audience)
        ? undefined
        : wrong('AADSTS70021: No matching federated identity record found for the presented assertion.');
    }
    if (!client.certificate) return wrong('AADSTS700027: The application has no certificate registered.');
    const certificate = new X509Certificate(client.certificate);
    const thumbprint256 = createHash('sha256').update(certificate.raw).digest('base64url');
    const thumbprint1 = createHash('sha1').update(certificate.raw).digest('base64url');
    if (header['x5t#S256'] !== thumbprint256 && header.x5t !== thumbprint1) return wrong('AADSTS700027: The certificate that signed the assertion is not registered for the app.');
    if (payload.iss !== client.clientId || payload.sub !== client.clientId) return wrong('AADSTS700023: The assertion must be issued by and about the client.');
    if (payload.aud !== tokenEndpoint && !String(payload.aud).endsWith('/oauth2/v2.0/token')) return wrong('AADSTS700024: The assertion audience is not the token endpoint.');
    const key = createPublicKey(client.certificate);
    const data = Buffer.from(`${headerPart}.${payloadPart}`);
    const sig = Buffer.from(signature, 'base64url');
    const ok =
      header.alg === 'PS256'
        ? verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, sig)
        : header.alg === 'RS256' && verify('sha256', data, key, sig);
    return ok ? undefined : wrong('AADSTS700027: The client assertion signature does not verify with the registered certificate.');
  }

  private issue(client: SeedClient, requested: string[], user: SeedUser | undefined, nonce: string | undefined): EntraReply {
    const resource = requested.map((s) => /^(https:\/\/[^/]+)\//.exec(s)?.[1]).find(Boolean) ?? 'https://graph.sandbox.invalid';
    const now = Math.floor(Date.now() / 1000);
    const lifetime = this.options.tokenLifetimeSeconds;
    const issuer = `${this.publicOrigin}/${this.seed.tenant.id}/v2.0`;
    const claims: TokenClaims = { aud: resource, iss: issuer, tid: this.seed.tenant.id, azp: client.clientId, iat: now, exp: now + lifetime };
    let scope: string;
    if (user) {
      // People get what they asked for, within what the client may have.
      const wanted = requested.map((s) => s.replace(/^https:\/\/[^/]+\//, '')).filter((s) => PERMISSIONS.includes(s));
      const granted = wanted.filter((p) => client.permissions.includes(p));
      if (wanted.length && !granted.length) return this.error(400, 'invalid_scope', `AADSTS65001: The user or administrator has not consented to ${wanted.join(', ')} for this application.`);
      claims.oid = user.oid;
      claims.upn = user.upn;
      claims.scp = granted.join(' ');
      scope = granted.map((p) => `${resource}/${p}`).join(' ');
    } else {
      if (!requested.some((s) => s.endsWith('/.default'))) return this.error(400, 'invalid_scope', 'AADSTS1002012: App-only requests must ask for {resource}/.default.');
      claims.roles = client.permissions;
      scope = `${resource}/.default`;
    }
    const reply: Record<string, unknown> = { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: this.sign(claims), scope };
    if (user) {
      const refreshToken = randomBytes(32).toString('base64url');
      this.refreshTokens.set(refreshToken, { clientId: client.clientId, scopes: requested, user });
      reply.refresh_token = refreshToken;
      reply.id_token = this.sign({ aud: client.clientId, iss: issuer, iat: now, nbf: now, exp: now + 3600, tid: this.seed.tenant.id, oid: user.oid, sub: user.oid, preferred_username: user.upn, name: user.name, ver: '2.0', ...(nonce ? { nonce } : {}) });
      reply.client_info = Buffer.from(JSON.stringify({ uid: user.oid, utid: this.seed.tenant.id })).toString('base64url');
    }
    return { status: 200, json: reply };
  }

  private sign(claims: object): string {
    const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'sandbox' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...claims, uti: randomUUID() })).toString('base64url');
    const signature = createHmac('sha256', this.key).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  }

  private errorBody(error: string, description: string): Record<string, unknown> {
    const code = Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0);
    return { error, error_description: `${description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`, error_codes: [code], timestamp: new Date().toISOString(), trace_id: randomUUID(), correlation_id: randomUUID() };
  }

  private error(status: number, error: string, description: string): EntraReply {
    return { status, json: this.errorBody(error, description) };
  }
}

function scopesOf(value: string | null): string[] {
  return (value ?? '').split(/\s+/).filter(Boolean);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family: sans-serif; margin: 3em"><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}
