// How the sandbox's Entra ID knows a client: by id among the seed's app registrations; a confidential client
// proves itself with its secret, a certificate-signed assertion (PS256 with x5t#S256, or RS256 with x5t) or a
// federated assertion (issuer, subject and audience must match its federated credential); a public client
// sends neither; a public client's redirect URIs are loopback only.
//
// Modelled, not documented: the status and code for a federated assertion that matches no credential
// (401 invalid_client, AADSTS70021).
import { constants, createHash, timingSafeEqual, verify, X509Certificate } from 'node:crypto';
import type { EntraErrors, EntraReply } from './errors';
import { CLOCK_SKEW_S } from './tokens';
import type { SandboxSeed, SeedClient } from '../seed/format';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export class Clients {
  constructor(
    private readonly seed: SandboxSeed,
    private readonly publicOrigin: string,
    private readonly now: () => number,
    private readonly errors: EntraErrors,
  ) {}

  find(id: string): SeedClient | undefined {
    const lower = id.toLowerCase();
    return this.seed.clients.find((c) => c.clientId.toLowerCase() === lower);
  }

  unknown(clientId: string, correlationId?: string): EntraReply {
    return this.errors.error(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${this.seed.tenant.domain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`, correlationId);
  }

  /** A confidential client proves itself with its secret or an assertion; a public client must send neither. */
  authenticate(client: SeedClient, form: URLSearchParams, segment: string, correlationId?: string): EntraReply | undefined {
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    const invalid = (code: number, message: string) => this.errors.error(401, 'invalid_client', code, message, correlationId);
    if (client.kind === 'public') {
      return secret !== null || assertion !== null ? invalid(700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.") : undefined;
    }
    if (secret !== null) {
      if (client.kind === 'secret' && client.secret !== undefined && sameText(secret, client.secret)) return undefined;
      return invalid(7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`);
    }
    if (assertion !== null) {
      if (form.get('client_assertion_type') !== JWT_BEARER) return this.errors.error(400, 'invalid_request', 7000216, `'client_assertion_type' must be '${JWT_BEARER}'.`, correlationId);
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
    const now = Math.floor(this.now() / 1000);
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
    if (this.now() < validFrom || this.now() > validTo) return invalid(700027, `The certificate used to sign the client assertion is not valid now (valid ${certificate.validFrom} to ${certificate.validTo}).`);
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
    const origin = this.publicOrigin.toLowerCase();
    const a = audience.toLowerCase().replace(/\/$/, '');
    const names = [this.seed.tenant.id, this.seed.tenant.domain, segment].map((n) => n.toLowerCase());
    return names.some((n) => a === `${origin}/${n}/oauth2/v2.0/token` || a === `${origin}/${n}/v2.0` || a === `${origin}/${n}/oauth2/token`);
  }

  redirectAllowed(client: SeedClient, redirectUri: string): boolean {
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
}

function sameText(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}
