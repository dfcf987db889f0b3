// The real @azure/msal-node (not mocked) against the sandbox, through MSAL's network client seam: a client that
// carries https://sandbox-login.invalid to the sandbox and throws for any other host, with the authority
// declared known so MSAL never calls Microsoft's instance discovery. Client credentials with a secret (right
// and wrong), a certificate (PS256 with x5t#S256, RS256 with x5t), a federated assertion; device code (approved
// and declined); the browser flow with form_post; silent refresh; a revoked session; and the TLS seam with a
// real https authority on 127.0.0.1.
import {
  ConfidentialClientApplication,
  Configuration,
  InteractionRequiredAuthError,
  INetworkModule,
  NetworkRequestOptions,
  NetworkResponse,
  PublicClientApplication,
} from '@azure/msal-node';
import * as assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { DEMO_CLIENT_CERTIFICATE_PEM, DEMO_CLIENT_PRIVATE_KEY_PEM, DEMO_TLS_CERTIFICATE_PEM, DEMO_TLS_PRIVATE_KEY_PEM } from '../../sandbox/src/seed';
import { Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, SANDBOX_CERTIFICATE_CLIENT, SANDBOX_DEMO_SECRET, SANDBOX_FEDERATED_CLIENT, SANDBOX_PUBLIC_CLIENT, SANDBOX_SECRET_CLIENT } from '../../sandbox/src/seed';
import { decodeJwt, federatedAssertion, formOf, graph } from './helpers';

const AUTHORITY_ORIGIN = 'https://sandbox-login.invalid';
const APP_SCOPES = ['https://graph.sandbox.invalid/.default'];
const USER_SCOPES = ['https://graph.sandbox.invalid/DeviceManagementApps.ReadWrite.All'];

/** MSAL's network client for tests: one public origin carried to one local server; every other host throws. */
class SandboxNetwork implements INetworkModule {
  readonly seen: { method: string; url: string; body?: string }[] = [];
  /** Called after each answer, before MSAL sees it: tests act on events instead of sleeping. */
  onAnswer?: (request: { method: string; url: string; body?: string }, status: number) => void;

  constructor(
    private readonly publicOrigin: string,
    private readonly localUrl: string,
    private readonly ca?: string,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(method: string, url: string, options: NetworkRequestOptions = {}): Promise<NetworkResponse<T>> {
    this.seen.push({ method, url, body: options.body });
    const target = new URL(url);
    if (target.origin !== this.publicOrigin) throw new Error(`The test network refuses ${target.origin}.`);
    const local = new URL(`${target.pathname}${target.search}`, this.localUrl);
    const { status, headers, text } = this.ca ? await httpsText(local, method, options, this.ca) : await fetchText(local, method, options);
    this.onAnswer?.({ method, url, body: options.body }, status);
    // Error replies are returned with their status, not thrown: MSAL reads body.error (the device code poll's 400).
    return { status, headers, body: (text ? JSON.parse(text) : {}) as T };
  }
}

async function fetchText(url: URL, method: string, options: NetworkRequestOptions): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const response = await fetch(url, { method, headers: options.headers, body: options.body });
  return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
}

function httpsText(url: URL, method: string, options: NetworkRequestOptions, ca: string): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, headers: options.headers, ca }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])), text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

function assertionHeader(network: SandboxNetwork): Record<string, string> {
  const post = network.seen.find((r) => r.body?.includes('client_assertion='))!;
  const assertion = new URLSearchParams(post.body).get('client_assertion')!;
  return JSON.parse(Buffer.from(assertion.split('.')[0], 'base64url').toString()) as Record<string, string>;
}

describe('the real @azure/msal-node against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  const networks: SandboxNetwork[] = [];

  before(async () => {
    // Tokens of 120 s count as expired to MSAL (it refreshes within 300 s of expiry): every silent call refreshes.
    sandbox = await startSandbox({ deviceCodeInterval: 0.05, tokenLifetimeSeconds: 120 });
  });
  after(async () => {
    await sandbox.close();
    // Nothing ever went anywhere but the sandbox's authority.
    for (const n of networks) for (const r of n.seen) assert.ok(r.url.startsWith(`${AUTHORITY_ORIGIN}/`) || r.url.startsWith('https://127.0.0.1:'), r.url);
  });

  const network = () => {
    const n = new SandboxNetwork(AUTHORITY_ORIGIN, sandbox.url);
    networks.push(n);
    return n;
  };
  // A fresh application per test: MSAL remembers a 429/5xx from the token endpoint for a while.
  const confidential = (auth: Partial<Configuration['auth']>, net = network()) =>
    new ConfidentialClientApplication({ auth: { clientId: SANDBOX_SECRET_CLIENT, authority: `${AUTHORITY_ORIGIN}/${sandbox.tenantId}`, knownAuthorities: ['sandbox-login.invalid'], ...auth }, system: { networkClient: net } });
  const publicApp = (net = network()) =>
    new PublicClientApplication({ auth: { clientId: SANDBOX_PUBLIC_CLIENT, authority: `${AUTHORITY_ORIGIN}/organizations`, knownAuthorities: ['sandbox-login.invalid'] }, system: { networkClient: net } });

  it('client credentials with a secret: a token Graph accepts, without contacting any other host', async () => {
    const net = network();
    const result = await confidential({ clientSecret: SANDBOX_DEMO_SECRET }, net).acquireTokenByClientCredential({ scopes: APP_SCOPES });
    assert.ok(result?.accessToken);
    assert.equal(decodeJwt(result.accessToken).aud, 'https://graph.sandbox.invalid');
    assert.equal(decodeJwt(result.accessToken).tid, sandbox.tenantId);
    assert.equal((await graph(sandbox, '/deviceAppManagement/mobileApps', { token: result.accessToken })).status, 200);
    assert.ok(net.seen.every((r) => r.url.startsWith(`${AUTHORITY_ORIGIN}/${sandbox.tenantId}/`)), JSON.stringify(net.seen.map((r) => r.url)));
    assert.ok(!net.seen.some((r) => r.url.includes('discovery/instance')), 'a known authority needs no instance discovery');
  });

  it('client credentials with a wrong secret: invalid_client', async () => {
    await assert.rejects(confidential({ clientSecret: 'wrong-secret' }).acquireTokenByClientCredential({ scopes: APP_SCOPES }), (e: { errorCode?: string; errorMessage?: string }) => {
      assert.equal(e.errorCode, 'invalid_client');
      assert.match(e.errorMessage ?? '', /AADSTS7000215/);
      return true;
    });
  });

  it('a certificate: PS256 with x5t#S256 (thumbprintSha256) and RS256 with x5t (thumbprint)', async () => {
    const der = new X509Certificate(DEMO_CLIENT_CERTIFICATE_PEM).raw;
    const ps = network();
    const sha256 = createHash('sha256').update(der).digest('hex');
    const a = await confidential({ clientId: SANDBOX_CERTIFICATE_CLIENT, clientCertificate: { thumbprintSha256: sha256, privateKey: DEMO_CLIENT_PRIVATE_KEY_PEM, x5c: DEMO_CLIENT_CERTIFICATE_PEM } }, ps).acquireTokenByClientCredential({ scopes: APP_SCOPES });
    assert.ok(a?.accessToken);
    assert.equal(assertionHeader(ps).alg, 'PS256');
    assert.ok(assertionHeader(ps)['x5t#S256']);
    const rs = network();
    const sha1 = createHash('sha1').update(der).digest('hex');
    const b = await confidential({ clientId: SANDBOX_CERTIFICATE_CLIENT, clientCertificate: { thumbprint: sha1, privateKey: DEMO_CLIENT_PRIVATE_KEY_PEM } }, rs).acquireTokenByClientCredential({ scopes: APP_SCOPES });
    assert.ok(b?.accessToken);
    assert.equal(assertionHeader(rs).alg, 'RS256');
    assert.ok(assertionHeader(rs).x5t);
  });

  it('a federated client assertion (a CI\'s OIDC token)', async () => {
    const f = DEFAULT_SEED.clients.find((c) => c.clientId === SANDBOX_FEDERATED_CLIENT)!.federated!;
    const now = Math.floor(Date.now() / 1000);
    const jwt = federatedAssertion({ iss: f.issuer, sub: f.subject, aud: f.audience, iat: now, exp: now + 600 });
    const result = await confidential({ clientId: SANDBOX_FEDERATED_CLIENT, clientAssertion: async () => jwt }).acquireTokenByClientCredential({ scopes: APP_SCOPES });
    assert.ok(result?.accessToken);
    const wrong = federatedAssertion({ iss: f.issuer, sub: 'repo:someone/else:ref:refs/heads/main', aud: f.audience, exp: now + 600 });
    await assert.rejects(confidential({ clientId: SANDBOX_FEDERATED_CLIENT, clientAssertion: async () => wrong }).acquireTokenByClientCredential({ scopes: APP_SCOPES }), /AADSTS70021/);
  });

  it('device code: MSAL polls at the sandbox\'s interval until approved, then refreshes silently and meets revocation', async () => {
    const net = network();
    const app = publicApp(net);
    const shown: string[] = [];
    // Approve once MSAL has heard "pending" twice: the pending answers must not end the flow.
    let pending = 0;
    net.onAnswer = (request, status) => {
      if (status === 400 && /grant_type=device_code/.test(request.body ?? '') && ++pending === 2) sandbox.approveDeviceCode(shown[0]);
    };
    const result = await withTimeout(
      app.acquireTokenByDeviceCode({ scopes: USER_SCOPES, deviceCodeCallback: (response) => void shown.push(response.userCode) }),
      15_000,
      'device code',
    );
    assert.equal(shown.length, 1);
    assert.ok(result?.account);
    assert.equal(result.account.username, DEFAULT_SEED.users[0].upn);
    assert.equal(result.account.tenantId, sandbox.tenantId);
    assert.equal(result.account.homeAccountId, `${DEFAULT_SEED.users[0].oid}.${sandbox.tenantId}`);
    const polls = sandbox.requests.filter((r) => r.path.split('?')[0].endsWith('/oauth2/v2.0/token') && (r.body as Record<string, string>)?.grant_type?.endsWith('device_code'));
    assert.equal(polls.length, 3, `${polls.length} polls`);
    assert.ok(polls.slice(0, -1).every((p) => p.status === 400));
    // MSAL honours the interval the sandbox asked for (0.05 s) between polls.
    for (let i = 1; i < polls.length; i++) assert.ok(Date.parse(polls[i].time) - Date.parse(polls[i - 1].time) >= 45, 'polled faster than the interval');

    // Silent: the 120 s token counts as expired, so MSAL redeems the refresh token.
    const silent = await app.acquireTokenSilent({ account: result.account, scopes: USER_SCOPES });
    assert.notEqual(silent.accessToken, result.accessToken);
    // Read access is in the same grant: the cached token serves it too.
    assert.ok((await app.acquireTokenSilent({ account: result.account, scopes: ['https://graph.sandbox.invalid/DeviceManagementApps.Read.All'] })).accessToken);

    sandbox.revokeRefreshTokens();
    await assert.rejects(app.acquireTokenSilent({ account: result.account, scopes: USER_SCOPES, forceRefresh: true }), (e: unknown) => {
      assert.ok(e instanceof InteractionRequiredAuthError, String(e));
      assert.equal(e.subError, 'bad_token');
      return true;
    });
  });

  it('device code declined: MSAL stops with the error', async () => {
    await assert.rejects(
      withTimeout(publicApp().acquireTokenByDeviceCode({ scopes: USER_SCOPES, deviceCodeCallback: (r) => void setImmediate(() => sandbox.denyDeviceCode(r.userCode)) }), 15_000, 'declined device code'),
      /authorization_declined/,
    );
  });

  it('the browser flow: auth code with PKCE, answered with form_post to MSAL\'s loopback server', async () => {
    const app = publicApp();
    let opened = '';
    const result = await withTimeout(
      app.acquireTokenInteractive({
        scopes: USER_SCOPES,
        loginHint: DEFAULT_SEED.users[1].upn,
        openBrowser: async (url) => {
          opened = url;
          // Play the browser: load the authorize page, then submit its form to MSAL's loopback server.
          const page = await (await fetch(url.replace(AUTHORITY_ORIGIN, sandbox.url))).text();
          const form = formOf(page);
          await fetch(form.action.replace('//localhost:', '//127.0.0.1:'), { method: 'POST', body: new URLSearchParams(form.fields) });
        },
        successTemplate: 'signed in',
        errorTemplate: 'failed',
      }),
      15_000,
      'interactive sign-in',
    );
    const query = new URL(opened).searchParams;
    assert.equal(query.get('response_mode'), 'form_post');
    assert.equal(query.get('code_challenge_method'), 'S256');
    assert.equal(result.account?.username, DEFAULT_SEED.users[1].upn);
    assert.equal((await graph(sandbox, '/deviceAppManagement/mobileApps?$top=1', { token: result.accessToken })).status, 200);
  });

  it('the TLS seam: a real https authority on 127.0.0.1, declared known with its port, trusted through the CA', async () => {
    const tls = await startSandbox({ tls: { cert: DEMO_TLS_CERTIFICATE_PEM, key: DEMO_TLS_PRIVATE_KEY_PEM } });
    try {
      const net = new SandboxNetwork(tls.url, tls.url, DEMO_TLS_CERTIFICATE_PEM);
      networks.push(net);
      const app = new ConfidentialClientApplication({
        auth: { clientId: SANDBOX_SECRET_CLIENT, authority: `${tls.url}/${tls.tenantId}`, knownAuthorities: [new URL(tls.url).host], clientSecret: SANDBOX_DEMO_SECRET },
        system: { networkClient: net },
      });
      const result = await app.acquireTokenByClientCredential({ scopes: APP_SCOPES });
      assert.ok(result?.accessToken);
      assert.equal(decodeJwt(result.accessToken).iss, `${tls.url}/${tls.tenantId}/v2.0`);
    } finally {
      await tls.close();
    }
  });
});
