// The sandbox's Entra ID over real HTTP: discovery, every grant type and its errors as Entra shapes them
// (client credentials with a secret, a certificate assertion PS256/RS256 and a federated assertion; auth code
// with PKCE in query and form_post modes; device code pending, approved, declined and expired; refresh tokens
// that rotate and can be revoked), and the claims of the tokens it issues.
import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, SANDBOX_CERTIFICATE_CLIENT, SANDBOX_DEMO_SECRET, SANDBOX_FEDERATED_CLIENT, SANDBOX_PUBLIC_CLIENT, SANDBOX_READONLY_CLIENT, SANDBOX_SECRET_CLIENT } from '../../sandbox/src/seed';
import { certificateAssertion, decodeJwt, federatedAssertion, formOf, GRAPH_SCOPE_HOST, graph, Json, manualClock, pkce, postForm, tokenRequest } from './helpers';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const AUTHORITY = 'https://sandbox-login.invalid';
const WRITE_SCOPE = `${GRAPH_SCOPE_HOST}/DeviceManagementApps.ReadWrite.All`;
const USER_SCOPES = `${WRITE_SCOPE} openid profile offline_access`;
const TENANT = DEFAULT_SEED.tenant.id;

function assertEntraError(reply: { status: number; json: Json }, status: number, error: string, code?: number): void {
  assert.equal(reply.status, status, JSON.stringify(reply.json));
  assert.equal(reply.json.error, error);
  assert.match(reply.json.error_description, /^AADSTS\d+: /);
  if (code !== undefined) assert.deepEqual(reply.json.error_codes, [code]);
  for (const key of ['timestamp', 'trace_id', 'correlation_id']) assert.equal(typeof reply.json[key], 'string', key);
}

describe('sandbox Entra ID', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  const clock = manualClock();

  before(async () => {
    sandbox = await startSandbox({ now: clock.now, deviceCodeInterval: 0.05 });
  });
  after(() => sandbox.close());

  describe('discovery', () => {
    it('advertises every endpoint on the authority origin, a named tenant by its id', async () => {
      for (const name of [TENANT, DEFAULT_SEED.tenant.domain, DEFAULT_SEED.tenant.domain.toUpperCase()]) {
        const doc = (await (await fetch(`${sandbox.url}/${name}/v2.0/.well-known/openid-configuration`)).json()) as Json;
        assert.equal(doc.issuer, `${AUTHORITY}/${TENANT}/v2.0`);
        assert.equal(doc.token_endpoint, `${AUTHORITY}/${TENANT}/oauth2/v2.0/token`);
        assert.equal(doc.authorization_endpoint, `${AUTHORITY}/${TENANT}/oauth2/v2.0/authorize`);
        assert.equal(doc.device_authorization_endpoint, `${AUTHORITY}/${TENANT}/oauth2/v2.0/devicecode`);
        assert.equal(doc.jwks_uri, `${AUTHORITY}/${TENANT}/discovery/v2.0/keys`);
        assert.equal(doc.end_session_endpoint, `${AUTHORITY}/${TENANT}/oauth2/v2.0/logout`);
        assert.ok(doc.response_modes_supported.includes('form_post'));
      }
    });

    it('keeps organizations and common in the endpoints, with a {tenantid} issuer as Entra does', async () => {
      const doc = (await (await fetch(`${sandbox.url}/organizations/v2.0/.well-known/openid-configuration`)).json()) as Json;
      assert.equal(doc.token_endpoint, `${AUTHORITY}/organizations/oauth2/v2.0/token`);
      assert.equal(doc.issuer, `${AUTHORITY}/{tenantid}/v2.0`);
    });

    it('answers instance discovery with the authority host as its only alias, and refuses unknown tenants', async () => {
      const instance = (await (await fetch(`${sandbox.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=x`)).json()) as Json;
      assert.deepEqual(instance.metadata, [{ preferred_network: 'sandbox-login.invalid', preferred_cache: 'sandbox-login.invalid', aliases: ['sandbox-login.invalid'] }]);
      const unknown = await fetch(`${sandbox.url}/contoso.example/v2.0/.well-known/openid-configuration`);
      assertEntraError({ status: unknown.status, json: (await unknown.json()) as Json }, 400, 'invalid_tenant', 90002);
      const keys = (await (await fetch(`${sandbox.url}/${TENANT}/discovery/v2.0/keys`)).json()) as Json;
      assert.deepEqual(keys, { keys: [] });
    });
  });

  describe('client credentials', () => {
    const base = { grant_type: 'client_credentials', scope: `${GRAPH_SCOPE_HOST}/.default` };

    it('issues an app-only token for the right secret, with the roles granted and the asked-for audience', async () => {
      const reply = await tokenRequest(sandbox, { ...base, client_id: SANDBOX_SECRET_CLIENT, client_secret: SANDBOX_DEMO_SECRET });
      assert.equal(reply.status, 200);
      assert.equal(reply.json.token_type, 'Bearer');
      assert.equal(reply.json.expires_in, 3600);
      assert.equal(reply.json.ext_expires_in, 3600);
      assert.equal(reply.json.refresh_token, undefined);
      assert.equal(reply.json.id_token, undefined);
      const claims = decodeJwt(reply.json.access_token);
      assert.equal(claims.aud, GRAPH_SCOPE_HOST);
      assert.equal(claims.tid, TENANT);
      assert.equal(claims.azp, SANDBOX_SECRET_CLIENT);
      assert.equal(claims.idtyp, 'app');
      assert.equal(claims.scp, undefined);
      assert.ok(claims.roles.includes('DeviceManagementApps.ReadWrite.All'));
      assert.equal(claims.exp - claims.iat, 3600);
      assert.match(reply.json.access_token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    });

    it('puts any https scope host in aud (a custom cloud), and takes the tenant by its domain', async () => {
      const reply = await tokenRequest(sandbox, { ...base, scope: 'https://graph.contoso.example/.default', client_id: SANDBOX_SECRET_CLIENT, client_secret: SANDBOX_DEMO_SECRET }, DEFAULT_SEED.tenant.domain);
      assert.equal(decodeJwt(reply.json.access_token).aud, 'https://graph.contoso.example');
    });

    it('answers 401 invalid_client (AADSTS7000215) to a wrong secret, and no credential at all', async () => {
      assertEntraError(await tokenRequest(sandbox, { ...base, client_id: SANDBOX_SECRET_CLIENT, client_secret: 'wrong-secret' }), 401, 'invalid_client', 7000215);
      assertEntraError(await tokenRequest(sandbox, { ...base, client_id: SANDBOX_SECRET_CLIENT }), 401, 'invalid_client', 7000218);
    });

    it('refuses an unknown client, a public client, a scope without /.default, two resources and a bare tenant', async () => {
      assertEntraError(await tokenRequest(sandbox, { ...base, client_id: '00000000-0000-4000-8000-000000000009', client_secret: 'x' }), 400, 'unauthorized_client', 700016);
      assertEntraError(await tokenRequest(sandbox, { ...base, client_id: SANDBOX_PUBLIC_CLIENT }), 400, 'unauthorized_client');
      assertEntraError(await tokenRequest(sandbox, { ...base, client_id: SANDBOX_PUBLIC_CLIENT, client_secret: 'x' }), 401, 'invalid_client', 700025);
      assertEntraError(await tokenRequest(sandbox, { ...base, scope: WRITE_SCOPE, client_id: SANDBOX_SECRET_CLIENT, client_secret: SANDBOX_DEMO_SECRET }), 400, 'invalid_scope', 1002012);
      assertEntraError(await tokenRequest(sandbox, { ...base, scope: `${GRAPH_SCOPE_HOST}/.default https://other.example/.default`, client_id: SANDBOX_SECRET_CLIENT, client_secret: SANDBOX_DEMO_SECRET }), 400, 'invalid_scope', 28000);
      assertEntraError(await tokenRequest(sandbox, { ...base, scope: 'http://insecure.example/.default', client_id: SANDBOX_SECRET_CLIENT, client_secret: SANDBOX_DEMO_SECRET }), 400, 'invalid_scope', 70011);
      assertEntraError(await tokenRequest(sandbox, { ...base, client_id: SANDBOX_SECRET_CLIENT, client_secret: SANDBOX_DEMO_SECRET }, 'organizations'), 400, 'invalid_request', 90009);
      assertEntraError(await tokenRequest(sandbox, { grant_type: 'password', client_id: SANDBOX_SECRET_CLIENT, client_secret: SANDBOX_DEMO_SECRET }), 400, 'unsupported_grant_type', 70003);
      assertEntraError(await tokenRequest(sandbox, { client_id: SANDBOX_SECRET_CLIENT }), 400, 'invalid_request', 900144);
    });

    it('echoes the client-request-id as correlation_id', async () => {
      const reply = await postForm(sandbox, `/${TENANT}/oauth2/v2.0/token`, { ...base, client_id: SANDBOX_SECRET_CLIENT, client_secret: 'no' }, { 'client-request-id': 'corr-123' });
      assert.equal(reply.json.correlation_id, 'corr-123');
      assert.match(reply.json.error_description, /Correlation ID: corr-123/);
    });

    it('accepts client_secret_basic too', async () => {
      const basic = Buffer.from(`${SANDBOX_SECRET_CLIENT}:${SANDBOX_DEMO_SECRET}`).toString('base64');
      const reply = await postForm(sandbox, `/${TENANT}/oauth2/v2.0/token`, base, { authorization: `Basic ${basic}` });
      assert.equal(reply.status, 200);
    });
  });

  describe('certificate and federated assertions', () => {
    const tokenEndpoint = `${AUTHORITY}/${TENANT}/oauth2/v2.0/token`;
    const claims = (extra: Json = {}) => {
      const now = Math.floor(clock.now() / 1000);
      return { aud: tokenEndpoint, iss: SANDBOX_CERTIFICATE_CLIENT, sub: SANDBOX_CERTIFICATE_CLIENT, jti: 'j1', nbf: now, exp: now + 600, ...extra };
    };
    const withAssertion = (clientId: string, assertion: string) =>
      tokenRequest(sandbox, { grant_type: 'client_credentials', scope: `${GRAPH_SCOPE_HOST}/.default`, client_id: clientId, client_assertion_type: JWT_BEARER, client_assertion: assertion });

    it('accepts PS256 with x5t#S256 and RS256 with x5t, signed by the registered certificate\'s key', async () => {
      assert.equal((await withAssertion(SANDBOX_CERTIFICATE_CLIENT, certificateAssertion('PS256', claims()))).status, 200);
      assert.equal((await withAssertion(SANDBOX_CERTIFICATE_CLIENT, certificateAssertion('RS256', claims()))).status, 200);
      // The audience may name the tenant by its domain, as an authority by domain makes MSAL do.
      assert.equal((await withAssertion(SANDBOX_CERTIFICATE_CLIENT, certificateAssertion('PS256', claims({ aud: `${AUTHORITY}/${DEFAULT_SEED.tenant.domain}/oauth2/v2.0/token` })))).status, 200);
    });

    it('refuses another key, another thumbprint, a mismatched alg, a stale assertion, the wrong audience or issuer', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      assertEntraError(await withAssertion(SANDBOX_CERTIFICATE_CLIENT, certificateAssertion('PS256', claims(), { key: privateKey })), 401, 'invalid_client', 700027);
      assertEntraError(await withAssertion(SANDBOX_CERTIFICATE_CLIENT, certificateAssertion('PS256', claims(), { header: { 'x5t#S256': 'AAAA' } })), 401, 'invalid_client', 700027);
      assertEntraError(await withAssertion(SANDBOX_CERTIFICATE_CLIENT, certificateAssertion('PS256', claims(), { header: { alg: 'HS256' } })), 401, 'invalid_client', 700027);
      assertEntraError(await withAssertion(SANDBOX_CERTIFICATE_CLIENT, certificateAssertion('PS256', claims({ exp: Math.floor(clock.now() / 1000) - 3600 }))), 401, 'invalid_client', 700024);
      assertEntraError(await withAssertion(SANDBOX_CERTIFICATE_CLIENT, certificateAssertion('PS256', claims({ aud: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' }))), 401, 'invalid_client', 700021);
      assertEntraError(await withAssertion(SANDBOX_CERTIFICATE_CLIENT, certificateAssertion('PS256', claims({ iss: SANDBOX_SECRET_CLIENT }))), 401, 'invalid_client', 700023);
      assertEntraError(await withAssertion(SANDBOX_CERTIFICATE_CLIENT, 'not.a-jwt'), 401, 'invalid_client', 50027);
      const wrongType = await tokenRequest(sandbox, { grant_type: 'client_credentials', scope: `${GRAPH_SCOPE_HOST}/.default`, client_id: SANDBOX_CERTIFICATE_CLIENT, client_assertion_type: 'jwt', client_assertion: certificateAssertion('PS256', claims()) });
      assertEntraError(wrongType, 400, 'invalid_request');
    });

    it('accepts a federated assertion whose issuer, subject and audience match, and nothing else', async () => {
      const now = Math.floor(clock.now() / 1000);
      const f = DEFAULT_SEED.clients.find((c) => c.clientId === SANDBOX_FEDERATED_CLIENT)!.federated!;
      const good = { iss: f.issuer, sub: f.subject, aud: f.audience, iat: now, exp: now + 300 };
      assert.equal((await withAssertion(SANDBOX_FEDERATED_CLIENT, federatedAssertion(good))).status, 200);
      assert.equal((await withAssertion(SANDBOX_FEDERATED_CLIENT, federatedAssertion({ ...good, aud: [f.audience, 'other'] }))).status, 200);
      assertEntraError(await withAssertion(SANDBOX_FEDERATED_CLIENT, federatedAssertion({ ...good, sub: 'repo:evil/fork:ref:refs/heads/main' })), 401, 'invalid_client', 70021);
      assertEntraError(await withAssertion(SANDBOX_FEDERATED_CLIENT, federatedAssertion({ ...good, exp: now - 3600 })), 401, 'invalid_client', 700024);
      // A secret is no credential of a federated client.
      assertEntraError(await tokenRequest(sandbox, { grant_type: 'client_credentials', scope: `${GRAPH_SCOPE_HOST}/.default`, client_id: SANDBOX_FEDERATED_CLIENT, client_secret: SANDBOX_DEMO_SECRET }), 401, 'invalid_client', 7000215);
    });
  });

  describe('authorization code with PKCE', () => {
    const { verifier, challenge } = pkce();
    const redirect = 'http://localhost:53111';
    const authorizeUrl = (extra: Record<string, string> = {}) =>
      `${sandbox.url}/organizations/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: SANDBOX_PUBLIC_CLIENT, response_type: 'code', redirect_uri: redirect, scope: USER_SCOPES, code_challenge: challenge, code_challenge_method: 'S256', state: 's-1', response_mode: 'query', client_info: '1', ...extra })}`;
    const codeFrom = async (extra: Record<string, string> = {}) => {
      const response = await fetch(authorizeUrl(extra), { redirect: 'manual' });
      assert.equal(response.status, 302);
      return new URL(response.headers.get('location')!);
    };
    const redeem = (code: string, extra: Record<string, string> = {}) =>
      tokenRequest(sandbox, { grant_type: 'authorization_code', client_id: SANDBOX_PUBLIC_CLIENT, code, redirect_uri: redirect, code_verifier: verifier, scope: USER_SCOPES, client_info: '1', ...extra }, 'organizations');

    it('redirects with a code (query mode), which redeems once for tokens of the first seeded user', async () => {
      const location = await codeFrom();
      assert.equal(location.origin, redirect);
      assert.equal(location.searchParams.get('state'), 's-1');
      const code = location.searchParams.get('code')!;
      const reply = await redeem(code);
      assert.equal(reply.status, 200, JSON.stringify(reply.json));
      const user = DEFAULT_SEED.users[0];
      const access = decodeJwt(reply.json.access_token);
      assert.equal(access.oid, user.oid);
      assert.equal(access.idtyp, 'user');
      assert.ok(access.scp.split(' ').includes('DeviceManagementApps.ReadWrite.All'));
      const id = decodeJwt(reply.json.id_token);
      assert.deepEqual([id.oid, id.tid, id.preferred_username, id.name, id.aud, id.iss], [user.oid, TENANT, user.upn, user.name, SANDBOX_PUBLIC_CLIENT, `${AUTHORITY}/${TENANT}/v2.0`]);
      assert.ok(id.exp > id.iat);
      assert.deepEqual(JSON.parse(Buffer.from(reply.json.client_info, 'base64url').toString()), { uid: user.oid, utid: TENANT });
      assert.equal(typeof reply.json.refresh_token, 'string');
      assert.match(reply.json.scope, /DeviceManagementApps\.ReadWrite\.All/);
      assertEntraError(await redeem(code), 400, 'invalid_grant', 70008);
    });

    it('answers form_post with an auto-submitting form to the redirect URI, and signs in the login_hint user', async () => {
      const response = await fetch(authorizeUrl({ response_mode: 'form_post', login_hint: DEFAULT_SEED.users[1].upn, nonce: 'n-1' }));
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-security-policy') ?? '', /form-action http:\/\/localhost:53111/);
      const html = await response.text();
      assert.match(html, /document\.forms\[0\]\.submit\(\)/);
      const form = formOf(html);
      assert.equal(form.action, redirect);
      assert.equal(form.fields.state, 's-1');
      const reply = await redeem(form.fields.code);
      const id = decodeJwt(reply.json.id_token);
      assert.equal(id.preferred_username, DEFAULT_SEED.users[1].upn);
      assert.equal(id.nonce, 'n-1');
    });

    it('refuses a code verifier that does not match the challenge (AADSTS501481), and a different redirect URI', async () => {
      assertEntraError(await redeem((await codeFrom()).searchParams.get('code')!, { code_verifier: 'another-verifier-of-at-least-43-characters-000000' }), 400, 'invalid_grant', 501481);
      assertEntraError(await redeem((await codeFrom()).searchParams.get('code')!, { redirect_uri: 'http://localhost:53112' }), 400, 'invalid_grant', 50011);
      assertEntraError(await redeem((await codeFrom()).searchParams.get('code')!, { code_verifier: '' }), 400, 'invalid_request');
    });

    it('keeps errors on its own page until the redirect URI is known good, then sends them back to it', async () => {
      const unknownClient = await fetch(authorizeUrl({ client_id: '00000000-0000-4000-8000-000000000009' }), { redirect: 'manual' });
      assert.equal(unknownClient.status, 400);
      assert.match(await unknownClient.text(), /AADSTS700016/);
      const badRedirect = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/callback' }), { redirect: 'manual' });
      assert.equal(badRedirect.status, 400);
      assert.match(await badRedirect.text(), /AADSTS50011/);
      const confidential = await fetch(authorizeUrl({ client_id: SANDBOX_SECRET_CLIENT }), { redirect: 'manual' });
      assert.equal(confidential.status, 400);
      for (const [extra, error] of [
        [{ code_challenge_method: 'plain' }, 'invalid_request'],
        [{ code_challenge: '' }, 'invalid_request'],
        [{ response_type: 'token' }, 'unsupported_response_type'],
        [{ login_hint: 'nobody@contoso-sandbox.onmicrosoft.com' }, 'invalid_request'],
        [{ scope: `${GRAPH_SCOPE_HOST}/Directory.ReadWrite.All openid` }, 'consent_required'],
      ] as [Record<string, string>, string][]) {
        const location = await codeFrom(extra);
        assert.equal(location.searchParams.get('error'), error, JSON.stringify(extra));
        assert.equal(location.searchParams.get('state'), 's-1');
        assert.equal(location.searchParams.get('code'), null);
      }
      // 127.0.0.1 stands for localhost, on any port.
      assert.equal((await codeFrom({ redirect_uri: 'http://127.0.0.1:40001' })).origin, 'http://127.0.0.1:40001');
    });
  });

  describe('device code', () => {
    const start = async (scope = USER_SCOPES, clientId = SANDBOX_PUBLIC_CLIENT) => postForm(sandbox, '/organizations/oauth2/v2.0/devicecode', { client_id: clientId, scope });
    const poll = (deviceCode: string, clientId = SANDBOX_PUBLIC_CLIENT) => tokenRequest(sandbox, { grant_type: DEVICE_GRANT, client_id: clientId, device_code: deviceCode, client_info: '1' }, 'organizations');

    it('answers with a code, the device login page, 900 s and the configured interval', async () => {
      const reply = await start();
      assert.equal(reply.status, 200);
      assert.match(reply.json.user_code, /^[0-9A-F]{8}$/);
      assert.equal(reply.json.verification_uri, `${sandbox.url}/devicelogin`);
      assert.equal(reply.json.expires_in, 900);
      assert.equal(reply.json.interval, 0.05);
      assert.ok(reply.json.message.includes(reply.json.user_code));
      assert.ok(reply.json.device_code.length >= 40);
    });

    it('is pending (HTTP 400 authorization_pending) until approved, then issues user tokens once', async () => {
      const { json } = await start();
      assertEntraError(await poll(json.device_code), 400, 'authorization_pending', 70016);
      assertEntraError(await poll(json.device_code, SANDBOX_READONLY_CLIENT), 401, 'invalid_client');
      assert.equal(sandbox.pendingDeviceCode(), json.user_code);
      assert.ok(sandbox.approveDeviceCode(json.user_code.toLowerCase(), DEFAULT_SEED.users[1].upn));
      const done = await poll(json.device_code);
      assert.equal(done.status, 200);
      assert.equal(decodeJwt(done.json.id_token).preferred_username, DEFAULT_SEED.users[1].upn);
      assertEntraError(await poll(json.device_code), 400, 'bad_verification_code');
      assert.equal(sandbox.approveDeviceCode(json.user_code), false, 'a used code cannot be approved again');
    });

    it('answers authorization_declined once the person declines, and expired_token after its lifetime', async () => {
      const declined = (await start()).json;
      assert.ok(sandbox.denyDeviceCode(declined.user_code));
      assertEntraError(await poll(declined.device_code), 400, 'authorization_declined');
      const late = (await start()).json;
      clock.advance(901_000);
      assertEntraError(await poll(late.device_code), 400, 'expired_token', 70020);
      assert.equal(sandbox.approveDeviceCode(late.user_code), false);
    });

    it('refuses confidential clients, unconsented permissions and malformed scopes', async () => {
      assertEntraError(await start(USER_SCOPES, SANDBOX_SECRET_CLIENT), 401, 'invalid_client', 7000218);
      const consent = await start(`${GRAPH_SCOPE_HOST}/DeviceManagementManagedDevices.PrivilegedOperations.All openid`);
      assertEntraError(consent, 400, 'invalid_grant', 65001);
      assert.equal(consent.json.suberror, 'consent_required');
      assertEntraError(await start(''), 400, 'invalid_request', 900144);
    });

    it('approves at once when the sandbox runs with auto approval', async () => {
      const auto = await startSandbox({ deviceCodeApproval: 'auto' });
      try {
        const { json } = await postForm(auto, '/common/oauth2/v2.0/devicecode', { client_id: SANDBOX_PUBLIC_CLIENT, scope: USER_SCOPES });
        const reply = await tokenRequest(auto, { grant_type: DEVICE_GRANT, client_id: SANDBOX_PUBLIC_CLIENT, device_code: json.device_code }, 'common');
        assert.equal(reply.status, 200);
        assert.equal(auto.pendingDeviceCode(), undefined);
      } finally {
        await auto.close();
      }
    });
  });

  describe('refresh tokens', () => {
    const signIn = async () => {
      const { json } = await postForm(sandbox, `/${TENANT}/oauth2/v2.0/devicecode`, { client_id: SANDBOX_PUBLIC_CLIENT, scope: USER_SCOPES });
      sandbox.approveDeviceCode(json.user_code);
      return (await tokenRequest(sandbox, { grant_type: DEVICE_GRANT, client_id: SANDBOX_PUBLIC_CLIENT, device_code: json.device_code })).json;
    };
    const refresh = (token: string, clientId = SANDBOX_PUBLIC_CLIENT) => tokenRequest(sandbox, { grant_type: 'refresh_token', client_id: clientId, refresh_token: token, scope: USER_SCOPES });

    it('rotates: each use returns a new refresh token and a new access token', async () => {
      const first = await signIn();
      const second = await refresh(first.refresh_token);
      assert.equal(second.status, 200);
      assert.notEqual(second.json.refresh_token, first.refresh_token);
      assert.notEqual(second.json.access_token, first.access_token);
      assert.equal((await refresh(second.json.refresh_token)).status, 200);
      // Entra does not revoke a refresh token when it is used.
      assert.equal((await refresh(first.refresh_token)).status, 200);
    });

    it('after revokeRefreshTokens every earlier refresh token fails with invalid_grant and suberror bad_token', async () => {
      const before = await signIn();
      sandbox.revokeRefreshTokens();
      const refused = await refresh(before.refresh_token);
      assertEntraError(refused, 400, 'invalid_grant', 50173);
      assert.equal(refused.json.suberror, 'bad_token');
      const after = await signIn();
      assert.equal((await refresh(after.refresh_token)).status, 200, 'a new sign-in works again');
    });

    it('refuses a refresh token of another client, and one it never issued', async () => {
      const tokens = await signIn();
      assertEntraError(await tokenRequest(sandbox, { grant_type: 'refresh_token', client_id: SANDBOX_SECRET_CLIENT, client_secret: SANDBOX_DEMO_SECRET, refresh_token: tokens.refresh_token, scope: USER_SCOPES }), 400, 'invalid_grant', 70000);
      assertEntraError(await refresh('made-up'), 400, 'invalid_grant');
    });

    it('gives tokens Graph accepts, and that Graph refuses once expired', async () => {
      const tokens = await signIn();
      assert.equal((await graph(sandbox, '/deviceAppManagement/mobileApps?$top=1', { token: tokens.access_token })).status, 200);
      clock.advance(3601_000);
      const expired = await graph(sandbox, '/deviceAppManagement/mobileApps?$top=1', { token: tokens.access_token });
      assert.equal(expired.status, 401);
      assert.match(expired.json.error.message, /expired/);
    });
  });
});
