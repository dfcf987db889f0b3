// Every sign-in flow with the real @azure/msal-node (not mocked) against the sandbox, through MSAL's network
// client seam: device code, the browser flow (auth code + PKCE, form_post to the loopback redirect), a
// client secret (right and wrong), a certificate, a federated client assertion, a token from the environment;
// a token cache kept through the cache plugin interface; a forced refresh; a revoked refresh token that leads to
// one new sign-in; and a claims challenge answered once.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachePlugin } from '../../graph/src/auth/cachePlugin';
import { LoopbackNetworkClient } from '../../graph/src/auth/networkClient';
import { Credentials, SignInError, SignInMethod } from '../../graph/src/auth/signIn';
import { resolveCloud } from '../../graph/src/clouds';
import { GraphClient } from '../../graph/src/graphClient';
import { IntuneApps } from '../../graph/src/intuneApps';
import { Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { memoryStore } from './tenantHelpers';
import { DEFAULT_SEED, SANDBOX_CERTIFICATE_CLIENT, SANDBOX_DEMO_SECRET, SANDBOX_FEDERATED_CLIENT, SANDBOX_READONLY_CLIENT, SANDBOX_SECRET_CLIENT, SandboxSeed } from '../../sandbox/src/seed';

const APP = DEFAULT_SEED.apps[0].id;

/** A self-signed certificate and key made with openssl for the certificate client. */
function makeCertificate(dir: string): { pem: string; cert: string } {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=intune-assign-test'], { stdio: 'ignore' });
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  return { cert, pem: `${cert}${readFileSync(join(dir, 'key.pem'), 'utf8')}` };
}

describe('sign-in with the real MSAL against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let dir: string;
  let certificate: { pem: string; cert: string };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'intune-assign-signin-'));
    certificate = makeCertificate(dir);
    const seed: SandboxSeed = JSON.parse(JSON.stringify(DEFAULT_SEED));
    seed.clients.find((c) => c.clientId === SANDBOX_CERTIFICATE_CLIENT)!.certificate = certificate.cert;
    sandbox = await startSandbox({ seed, deviceCodeInterval: 0.05, tokenLifetimeSeconds: 3600 });
  });
  after(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const endpoints = () => resolveCloud({ cloud: 'sandbox', sandboxUrl: sandbox.url });
  const credentials = (method: SignInMethod, clientId = SANDBOX_SECRET_CLIENT, extra: Partial<ConstructorParameters<typeof Credentials>[0]> = {}) =>
    new Credentials({ endpoints: endpoints(), tenant: sandbox.tenantId, clientId, method, access: 'write', ...extra });
  const apps = (tokens: Credentials) => new IntuneApps(new GraphClient({ baseUrl: `${sandbox.url}/beta`, tokens }));

  it('device code: shows the code, waits for approval, and reads Graph', async () => {
    let shown: string | undefined;
    const c = credentials({ kind: 'device-code', onDeviceCode: (info) => {
      shown = info.userCode;
      assert.ok(sandbox.approveDeviceCode(info.userCode));
    } }, '14d82eec-204b-4c2f-b7e8-296a70dab67e', { tenant: 'organizations' });
    const app = await apps(c).getApp(APP);
    assert.equal(app.displayName, '7-Zip');
    assert.match(shown!, /^[0-9A-F]{8}$/);
    assert.equal(c.signedIn.username, 'admin@contoso-sandbox.onmicrosoft.com');
  });

  it('browser: auth code with PKCE through the loopback redirect, form_post included', async () => {
    const openBrowser = async (url: string) => {
      // Play the browser: load the authorize page and submit its form to MSAL's loopback server.
      const page = await (await fetch(url.replace('https://sandbox-login.invalid', sandbox.url))).text();
      const action = /action="([^"]+)"/.exec(page)![1].replace(/&amp;/g, '&');
      const fields = Object.fromEntries([...page.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2].replace(/&amp;/g, '&')]));
      await fetch(action, { method: 'POST', body: new URLSearchParams(fields) });
    };
    const c = credentials({ kind: 'interactive', openBrowser, timeoutMs: 20_000 }, '14d82eec-204b-4c2f-b7e8-296a70dab67e', { tenant: 'organizations' });
    assert.equal((await apps(c).getApp(APP)).id, APP);
  });

  it('client secret: the right one signs in, a wrong one is a clear sign-in error', async () => {
    assert.equal((await apps(credentials({ kind: 'client-secret', secret: SANDBOX_DEMO_SECRET })).listAssignments(APP)).length, 3);
    await assert.rejects(credentials({ kind: 'client-secret', secret: 'wrong' }).getToken(), (e: Error) => e instanceof SignInError && /credentials were refused/.test(e.message));
  });

  it('certificate: MSAL signs an assertion with the key, the sandbox checks it with the certificate', async () => {
    const c = credentials({ kind: 'certificate', pem: certificate.pem }, SANDBOX_CERTIFICATE_CLIENT);
    assert.equal((await apps(c).getApp(APP)).id, APP);
    const other = makeCertificate(mkdtempSync(join(dir, 'other-')));
    await assert.rejects(credentials({ kind: 'certificate', pem: other.pem }, SANDBOX_CERTIFICATE_CLIENT).getToken(), SignInError);
  });

  it('client assertion: a federated credential read from a file', async () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const jwt = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:contoso/intune:ref:refs/heads/main', aud: 'api://AzureADTokenExchange', iat: now, exp: now + 600 })}.${Buffer.from('ci-signature').toString('base64url')}`;
    const c = credentials({ kind: 'client-assertion', readAssertion: async () => jwt }, SANDBOX_FEDERATED_CLIENT);
    assert.equal((await apps(c).getApp(APP)).id, APP);
    const wrongSubject = jwt.replace(/\.[^.]+\./, `.${part({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:evil/fork:ref:refs/heads/main', aud: 'api://AzureADTokenExchange', exp: now + 600 })}.`);
    await assert.rejects(credentials({ kind: 'client-assertion', readAssertion: async () => wrongSubject }, SANDBOX_FEDERATED_CLIENT).getToken(), SignInError);
  });

  it('an access token from the environment is used as it is; a read-only one cannot assign', async () => {
    const readOnly = await credentials({ kind: 'client-secret', secret: SANDBOX_DEMO_SECRET }, SANDBOX_READONLY_CLIENT).getToken();
    const c = credentials({ kind: 'access-token', token: readOnly, source: '$TOKEN' });
    assert.equal((await apps(c).getApp(APP)).id, APP);
    const error = await apps(c).assign(APP, { mobileAppAssignments: [] }).catch((e) => e);
    assert.equal(error.status, 403);
  });

  it('keeps people signed in through the cache plugin, refreshes, and signs in again once when revoked', async () => {
    const store = memoryStore();
    let prompts = 0;
    const method: SignInMethod = { kind: 'device-code', onDeviceCode: (info) => {
      prompts++;
      sandbox.approveDeviceCode(info.userCode);
    } };
    const options = { tenant: 'organizations', cachePlugin: cachePlugin(store) };
    const first = credentials(method, '14d82eec-204b-4c2f-b7e8-296a70dab67e', options);
    const token = await first.getToken();
    assert.equal(prompts, 1);
    assert.ok(store.data && JSON.parse(store.data).RefreshToken, 'the cache holds a refresh token');
    // A new process: the cache signs in silently.
    const second = credentials(method, '14d82eec-204b-4c2f-b7e8-296a70dab67e', options);
    assert.equal(await second.getToken(), token);
    assert.equal(prompts, 1);
    // A claims challenge forces a refresh without a prompt.
    const refreshed = await second.getToken(JSON.stringify({ access_token: { nbf: { essential: true, value: '1' } } }));
    assert.notEqual(refreshed, token);
    assert.equal(prompts, 1);
    // Revoked: one new sign-in, not a loop.
    sandbox.revokeRefreshTokens();
    const third = credentials(method, '14d82eec-204b-4c2f-b7e8-296a70dab67e', options);
    await third.getToken(JSON.stringify({ access_token: { nbf: { essential: true, value: '2' } } })).catch(() => undefined);
    assert.ok(prompts <= 2, `${prompts} prompts`);
    await first.signOut();
  });

  it('answers a Conditional Access challenge from Graph with one new token', async () => {
    const c = credentials({ kind: 'client-secret', secret: SANDBOX_DEMO_SECRET });
    const client = apps(c);
    await client.getApp(APP);
    sandbox.requireClaims();
    assert.equal((await client.getApp(APP)).id, APP);
  });

  it('refuses app-only sign-in without a tenant, and never contacts another host', async () => {
    assert.throws(() => credentials({ kind: 'client-secret', secret: 'x' }, SANDBOX_SECRET_CLIENT, { tenant: 'organizations' }), /needs the tenant/);
    const network = new LoopbackNetworkClient('https://sandbox-login.invalid', sandbox.url);
    await assert.rejects(network.sendGetRequestAsync('https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration'), /refuses to contact https:\/\/login\.microsoftonline\.com/);
    await assert.rejects(network.sendPostRequestAsync('https://graph.microsoft.com/beta/x', {}), /refuses/);
    assert.throws(() => new LoopbackNetworkClient('https://sandbox-login.invalid', 'http://198.51.100.1:8765'), /not a loopback/);
  });

  it('logs no token, secret or assertion anywhere in the sandbox', () => {
    const everything = JSON.stringify(sandbox.requests);
    assert.ok(!everything.includes(SANDBOX_DEMO_SECRET));
    assert.ok(!/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./.test(everything));
    assert.match(everything, /Bearer <redacted>/);
  });
});
