// The authorize endpoint of the sandbox's Entra ID, for browser sign-in (authorization code with PKCE on a
// loopback redirect): it signs the first seeded user (or the login_hint's) in without a password and sends the
// browser back to the client, with a redirect or, for response_mode=form_post (what MSAL asks for), a page
// that posts the fields at once; and the token endpoint's side of it (redeeming the code).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clients } from './clients';
import type { EntraErrors, EntraReply } from './errors';
import { escapeHtml, page } from './pages';
import { consent, parseScopes, ScopeRequest, Tokens } from './tokens';
import type { SandboxSeed, SeedClient, SeedUser } from '../seed/format';

interface AuthCode {
  client: SeedClient;
  redirectUri: string;
  challenge: string;
  scopes: ScopeRequest;
  user: SeedUser;
  nonce?: string;
  expiresAt: number;
}

const MAX_AUTH_CODES = 1000;
const AUTH_CODE_LIFETIME_MS = 10 * 60_000;

export class Authorization {
  private readonly authCodes = new Map<string, AuthCode>();

  constructor(
    private readonly seed: SandboxSeed,
    private readonly clients: Clients,
    private readonly tokens: Tokens,
    private readonly errors: EntraErrors,
    private readonly now: () => number,
    private readonly findUser: (hint: string | undefined | null) => SeedUser | undefined,
  ) {}

  /** GET /{tenant}/oauth2/v2.0/authorize: signs the first seeded user (or the login_hint's) in, without a password. */
  authorize(query: URLSearchParams, correlationId?: string): EntraReply {
    const clientId = query.get('client_id') ?? '';
    const client = this.clients.find(clientId);
    const redirectUri = query.get('redirect_uri') ?? '';
    // Until the redirect URI is known good, errors stay on this page: they must not be sent anywhere.
    if (!client) return { status: 400, html: page('Sign-in failed', `<p>AADSTS700016: Application with identifier '${escapeHtml(clientId)}' was not found in the directory '${escapeHtml(this.seed.tenant.domain)}'.</p>`) };
    if (!this.clients.redirectAllowed(client, redirectUri)) {
      return { status: 400, html: page('Sign-in failed', `<p>AADSTS50011: The redirect URI '${escapeHtml(redirectUri)}' specified in the request does not match the redirect URIs configured for the application '${escapeHtml(client.clientId)}'.</p>`) };
    }
    const state = query.get('state') ?? undefined;
    const mode = query.get('response_mode') ?? 'query';
    const back = (fields: Record<string, string>) => this.toRedirect(redirectUri, mode, state === undefined ? fields : { ...fields, state });
    const fail = (error: string, code: number, message: string) => back({ error, error_description: this.errors.describe(code, message, correlationId), error_uri: this.errors.uri(code) });
    if (query.get('response_type') !== 'code') return fail('unsupported_response_type', 700054, "The response_type must be 'code' here.");
    const challenge = query.get('code_challenge');
    if (!challenge) return fail('invalid_request', 9002325, 'Proof Key for Code Exchange is required: send code_challenge and code_challenge_method=S256.');
    if (query.get('code_challenge_method') !== 'S256') return fail('invalid_request', 50148, "The code_challenge_method must be 'S256'.");
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', 50148, 'The code_challenge is not a base64url SHA-256 digest.');
    const scopes = parseScopes(query.get('scope'), this.errors, correlationId);
    if ('status' in scopes) return fail('invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid (${query.get('scope') ?? ''}).`);
    if (consent(client, scopes, this.errors, correlationId)) return fail('consent_required', 65001, `The user or administrator has not consented to use the application with ID '${client.clientId}'. Send an interactive authorization request for this user and resource.`);
    const user = this.findUser(query.get('login_hint'));
    if (!user) return fail('invalid_request', 50034, `The user account ${query.get('login_hint')} does not exist in the ${this.seed.tenant.domain} directory.`);
    const code = `${randomBytes(48).toString('base64url')}`;
    const now = this.now();
    for (const [k, v] of this.authCodes) if (v.expiresAt <= now) this.authCodes.delete(k);
    while (this.authCodes.size >= MAX_AUTH_CODES) this.authCodes.delete(this.authCodes.keys().next().value!);
    this.authCodes.set(code, { client, redirectUri, challenge, scopes, user, nonce: query.get('nonce') ?? undefined, expiresAt: now + AUTH_CODE_LIFETIME_MS });
    const fields: Record<string, string> = { code };
    if (query.get('client_info') === '1') fields.client_info = this.tokens.clientInfo(user);
    fields.session_state = randomUUID();
    return back(fields);
  }

  /** grant_type=authorization_code: the code once, for its client and redirect URI, with the PKCE verifier. */
  redeem(client: SeedClient, form: URLSearchParams, correlationId?: string): EntraReply {
    const codeValue = form.get('code');
    if (!codeValue) return this.errors.missing('code', correlationId);
    const code = this.authCodes.get(codeValue);
    // A code is used once, whatever the outcome.
    this.authCodes.delete(codeValue);
    if (!code || code.expiresAt <= this.now()) return this.errors.error(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity, or was already redeemed. Send a new interactive authorization request for this user and resource.', correlationId);
    if (code.client.clientId !== client.clientId) return this.errors.error(400, 'invalid_grant', 70000, 'The provided authorization code was issued to a different client.', correlationId);
    if ((form.get('redirect_uri') ?? '') !== code.redirectUri) {
      return this.errors.error(400, 'invalid_grant', 50011, `The redirect URI '${form.get('redirect_uri') ?? ''}' does not match the redirect URI of the authorization request.`, correlationId);
    }
    const verifier = form.get('code_verifier');
    if (!verifier) return this.errors.error(400, 'invalid_request', 50148, 'The code_verifier is required: the authorization request had a code_challenge.', correlationId);
    if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
      return this.errors.error(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.', correlationId);
    }
    const requested = form.get('scope') ? parseScopes(form.get('scope'), this.errors, correlationId) : code.scopes;
    if ('status' in requested) return requested;
    return this.tokens.issue(client, requested, code.user, code.nonce, form);
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
}
