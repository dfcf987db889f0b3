// The sandbox as a server: throttling on demand (Retry-After as seconds, as an HTTP date, or none) and at the
// Intune applications service's documented limits; the Conditional Access claims challenge; the request log
// and the recorded requests, which never hold a token, a secret, an assertion or a code; bounded bodies and
// recordings; loopback only, with Host and Origin checks; the control endpoints and the device login page.
import * as assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { DEMO_TLS_CERTIFICATE_PEM, DEMO_TLS_PRIVATE_KEY_PEM } from '../../sandbox/src/seed';
import { Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, SANDBOX_DEMO_SECRET, SANDBOX_PUBLIC_CLIENT, SANDBOX_READONLY_CLIENT, SANDBOX_SECRET_CLIENT } from '../../sandbox/src/seed';
import { appToken, assignBody, certificateAssertion, control, deviceLoginToken, federatedAssertion, formOf, GRAPH_SCOPE_HOST, graph, manualClock, pkce, postForm, tokenRequest } from './helpers';

const WIN32 = DEFAULT_SEED.apps[0];
const WEB = DEFAULT_SEED.apps.find((a) => a['@odata.type'] === '#microsoft.graph.webApp')!;
const GROUP = DEFAULT_SEED.groups[0].id;
const ONE = assignBody({ intent: 'required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP }, settings: null });

/** A raw request, for headers fetch will not let a test set (Host, Origin) or read (connection refusals). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; ca?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: options.method ?? 'GET', headers: options.headers, ca: options.ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('sandbox server', function () {
  this.timeout(30_000);

  describe('throttling and challenges', () => {
    let sandbox: Sandbox;
    let token: string;
    const clock = manualClock();
    before(async () => {
      sandbox = await startSandbox({ now: clock.now });
      token = await appToken(sandbox);
    });
    beforeEach(() => sandbox.reset());
    after(() => sandbox.close());

    it('fails the next requests on demand: 429 with Retry-After in seconds, 503 with an HTTP date, 504 with none', async () => {
      const date = new Date(clock.now() + 5000).toUTCString();
      sandbox.throttleNext(1, { retryAfter: '7' });
      sandbox.throttleNext(1, { status: 503, retryAfter: date });
      sandbox.throttleNext(1, { status: 504 });
      const calls = [];
      for (let i = 0; i < 4; i++) calls.push(await graph(sandbox, '/deviceAppManagement/mobileApps', { token }));
      assert.deepEqual(
        calls.map((c) => [c.status, c.headers.get('retry-after')]),
        [
          [429, '7'],
          [503, date],
          [504, null],
          [200, null],
        ],
      );
      assert.equal(calls[0].json.error.code, 'TooManyRequests');
      assert.equal(calls[1].json.error.code, 'serviceNotAvailable');
    });

    it('throttles the 101st write from one app within 20 s with Retry-After until the window frees', async () => {
      for (let i = 0; i < 100; i++) {
        const reply = await graph(sandbox, `/deviceAppManagement/mobileApps/${WEB.id}/assign`, { method: 'POST', token, body: ONE });
        assert.equal(reply.status, 204, `write ${i + 1}: ${JSON.stringify(reply.json)}`);
      }
      clock.advance(5_000);
      const limited = await graph(sandbox, `/deviceAppManagement/mobileApps/${WIN32.id}/assign`, { method: 'POST', token, body: ONE });
      assert.equal(limited.status, 429);
      assert.equal(limited.json.error.code, 'activityLimitReached');
      assert.equal(limited.headers.get('retry-after'), '15');
      // Reads still pass (1,000 per 20 s), and so do another app's writes (only the tenant's 200 bind it).
      assert.equal((await graph(sandbox, '/deviceAppManagement/mobileApps', { token })).status, 200);
      const readOnly = await appToken(sandbox, SANDBOX_READONLY_CLIENT, SANDBOX_DEMO_SECRET);
      assert.equal((await graph(sandbox, `/deviceAppManagement/mobileApps/${WEB.id}/assign`, { method: 'POST', token: readOnly, body: ONE })).status, 403, 'not 429: the limit is per app');
      clock.advance(15_000);
      assert.equal((await graph(sandbox, `/deviceAppManagement/mobileApps/${WIN32.id}/assign`, { method: 'POST', token, body: ONE })).status, 204, 'the window has moved on');
    });

    it('answers the next request with a claims challenge, then serves as usual', async () => {
      const claims = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } });
      sandbox.requireClaims(claims);
      const challenged = await graph(sandbox, '/deviceAppManagement/mobileApps', { token });
      assert.equal(challenged.status, 401);
      assert.equal(challenged.json.error.code, 'InvalidAuthenticationToken');
      const header = challenged.headers.get('www-authenticate')!;
      assert.match(header, /^Bearer realm="", authorization_uri="https:\/\/sandbox-login\.invalid\/common\/oauth2\/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="([A-Za-z0-9+/=]+)"$/);
      assert.equal(Buffer.from(/claims="([^"]+)"/.exec(header)![1], 'base64').toString(), claims);
      assert.equal((await graph(sandbox, '/deviceAppManagement/mobileApps', { token })).status, 200);
      sandbox.requireClaims();
      const defaults = (await graph(sandbox, '/deviceAppManagement/mobileApps', { token })).headers.get('www-authenticate')!;
      assert.ok(JSON.parse(Buffer.from(/claims="([^"]+)"/.exec(defaults)![1], 'base64').toString()).access_token.nbf.essential);
    });
  });

  describe('records and logs without secrets', () => {
    it('never records or logs a token, the secret, an assertion, a code or a verifier', async () => {
      const lines: string[] = [];
      const sandbox = await startSandbox({ log: (line) => lines.push(line), deviceCodeInterval: 0.05 });
      try {
        const secrets: string[] = [SANDBOX_DEMO_SECRET];
        const app = await tokenRequest(sandbox, { grant_type: 'client_credentials', client_id: SANDBOX_SECRET_CLIENT, client_secret: SANDBOX_DEMO_SECRET, scope: `${GRAPH_SCOPE_HOST}/.default` });
        secrets.push(app.json.access_token);
        const basic = Buffer.from(`${SANDBOX_SECRET_CLIENT}:${SANDBOX_DEMO_SECRET}`).toString('base64');
        secrets.push(basic);
        await postForm(sandbox, `/${sandbox.tenantId}/oauth2/v2.0/token`, { grant_type: 'client_credentials', scope: `${GRAPH_SCOPE_HOST}/.default` }, { authorization: `Basic ${basic}` });
        const assertion = certificateAssertion('PS256', { aud: `https://sandbox-login.invalid/${sandbox.tenantId}/oauth2/v2.0/token`, iss: DEFAULT_SEED.clients[3].clientId, sub: DEFAULT_SEED.clients[3].clientId, exp: Math.floor(Date.now() / 1000) + 600 });
        secrets.push(assertion);
        await tokenRequest(sandbox, { grant_type: 'client_credentials', client_id: DEFAULT_SEED.clients[3].clientId, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, scope: `${GRAPH_SCOPE_HOST}/.default` });
        const federated = federatedAssertion({ iss: 'https://token.actions.githubusercontent.com', sub: 'x', aud: 'y', exp: 9_999_999_999 });
        secrets.push(federated);
        await tokenRequest(sandbox, { grant_type: 'client_credentials', client_id: DEFAULT_SEED.clients[4].clientId, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: federated, scope: `${GRAPH_SCOPE_HOST}/.default` });
        // Browser flow: the code and the verifier.
        const { verifier, challenge } = pkce();
        secrets.push(verifier);
        const location = new URL(
          (await fetch(`${sandbox.url}/organizations/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: SANDBOX_PUBLIC_CLIENT, response_type: 'code', redirect_uri: 'http://localhost:5000', scope: `${GRAPH_SCOPE_HOST}/.default openid offline_access`, code_challenge: challenge, code_challenge_method: 'S256', response_mode: 'query' })}`, { redirect: 'manual' })).headers.get('location')!,
        );
        const code = location.searchParams.get('code')!;
        secrets.push(code);
        const user = await tokenRequest(sandbox, { grant_type: 'authorization_code', client_id: SANDBOX_PUBLIC_CLIENT, code, code_verifier: verifier, redirect_uri: 'http://localhost:5000', scope: `${GRAPH_SCOPE_HOST}/.default openid offline_access` }, 'organizations');
        secrets.push(user.json.access_token, user.json.refresh_token, user.json.id_token);
        await tokenRequest(sandbox, { grant_type: 'refresh_token', client_id: SANDBOX_PUBLIC_CLIENT, refresh_token: user.json.refresh_token, scope: `${GRAPH_SCOPE_HOST}/.default offline_access` }, 'organizations');
        // Device code.
        const device = await postForm(sandbox, '/organizations/oauth2/v2.0/devicecode', { client_id: SANDBOX_PUBLIC_CLIENT, scope: `${GRAPH_SCOPE_HOST}/.default` });
        secrets.push(device.json.device_code);
        sandbox.approveDeviceCode();
        await tokenRequest(sandbox, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: SANDBOX_PUBLIC_CLIENT, device_code: device.json.device_code }, 'organizations');
        // Graph with both tokens, and a wrong one.
        await graph(sandbox, '/deviceAppManagement/mobileApps', { token: app.json.access_token });
        await graph(sandbox, `/deviceAppManagement/mobileApps/${WEB.id}/assign`, { method: 'POST', token: user.json.access_token, body: ONE });
        await graph(sandbox, '/deviceAppManagement/mobileApps', { token: `${app.json.access_token}x` });

        const recorded = JSON.stringify(sandbox.requests);
        const logged = lines.join('\n');
        const controlled = await (await control(sandbox, 'GET', '/_sandbox/requests')).text();
        for (const secret of [...secrets, sandbox.secret]) {
          assert.ok(secret && secret.length >= 8, 'every secret was captured');
          for (const [where, text] of [['requests', recorded], ['log', logged], ['GET /_sandbox/requests', controlled]]) {
            assert.ok(!text.includes(secret), `${where} holds a secret (${secret.slice(0, 12)}...)`);
          }
        }
        assert.match(recorded, /"authorization":"Bearer <redacted>"/);
        assert.match(recorded, /"authorization":"Basic <redacted>"/);
        assert.match(recorded, /"client_secret":"<redacted>"/);
        assert.match(recorded, /"code_verifier":"<redacted>"/);
        const post = sandbox.requests.find((r) => r.method === 'POST' && r.path.endsWith('/assign'))!;
        assert.deepEqual((post.body as { mobileAppAssignments: unknown[] }).mobileAppAssignments.length, 1);
        assert.equal(post.status, 204);
        assert.match(post.time, /^\d{4}-\d\d-\d\dT/);
        assert.equal(lines.length, sandbox.requests.length, 'one line per request');
        assert.match(lines[0], /^POST \/[0-9a-f-]+\/oauth2\/v2\.0\/token -> 200 \(\d+ ms\)$/);
      } finally {
        await sandbox.close();
      }
    });

    it('keeps only the newest requests, and summarises large bodies instead of recording them', async () => {
      const sandbox = await startSandbox({ maxRecordedRequests: 3 });
      try {
        for (let i = 0; i < 5; i++) await fetch(`${sandbox.url}/_sandbox/state`);
        assert.equal(sandbox.requests.length, 3);
        const token = await appToken(sandbox);
        const big = assignBody(...Array.from({ length: 700 }, () => ({ intent: 'required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP }, settings: null })));
        await graph(sandbox, `/deviceAppManagement/mobileApps/${WEB.id}/assign`, { method: 'POST', token, body: big });
        assert.ok(big.length > 64 * 1024);
        assert.deepEqual(sandbox.requests.at(-1)!.body, { '<not recorded>': `${big.length} bytes` });
      } finally {
        await sandbox.close();
      }
    });
  });

  describe('limits and reach', () => {
    let sandbox: Sandbox;
    let token: string;
    before(async () => {
      sandbox = await startSandbox();
      token = await appToken(sandbox);
    });
    after(() => sandbox.close());

    it('refuses bodies over 1 MB with 413, on Graph and on Entra', async () => {
      const body = `{"mobileAppAssignments": [${'1,'.repeat(600_000)}1]}`;
      const reply = await graph(sandbox, `/deviceAppManagement/mobileApps/${WEB.id}/assign`, { method: 'POST', token, body });
      assert.equal(reply.status, 413);
      assert.equal(reply.json.error.code, 'RequestEntityTooLarge');
      const entra = await fetch(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: `scope=${'x'.repeat(1024 * 1024)}` });
      assert.equal(entra.status, 413);
      assert.equal(sandbox.state.apps.find((a) => a.id === WEB.id)!.assignments.length, WEB.assignments.length);
      const exactly = `${' '.repeat(1024 * 1024 - ONE.length)}${ONE}`;
      assert.equal((await graph(sandbox, `/deviceAppManagement/mobileApps/${WEB.id}/assign`, { method: 'POST', token, body: exactly })).status, 204, '1 MB itself is fine');
    });

    it('listens on 127.0.0.1 only', async () => {
      assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(await refused('127.0.0.1', sandbox.port), false);
      assert.equal(await refused('::1', sandbox.port), true);
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && !i.internal && i.family === 'IPv4');
      if (external) assert.equal(await refused(external.address, sandbox.port), true, external.address);
    });

    it('refuses another Host (DNS rebinding) and cross-origin POSTs to its control endpoints and device page', async () => {
      const secret = { 'x-sandbox-secret': sandbox.secret };
      const rebound = await raw(`${sandbox.url}/_sandbox/state`, { headers: { host: `attacker.example:${sandbox.port}`, ...secret } });
      assert.equal(rebound.status, 421);
      assert.equal((await raw(`${sandbox.url}/v1.0/groups`, { headers: { host: `attacker.example:${sandbox.port}` } })).status, 421, 'Graph too');
      assert.equal((await raw(`${sandbox.url}/_sandbox/state`, { headers: { host: `localhost:${sandbox.port}`, ...secret } })).status, 200);
      for (const origin of ['https://attacker.example', 'null', `http://127.0.0.1:${sandbox.port + 1}`]) {
        const csrf = await raw(`${sandbox.url}/_sandbox/reset`, { method: 'POST', headers: { origin, ...secret } });
        assert.equal(csrf.status, 403, `${origin}: refused even with the secret`);
        const page = await raw(`${sandbox.url}/devicelogin`, { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: `user_code=X&form_token=${encodeURIComponent(await deviceLoginToken(sandbox))}` });
        assert.equal(page.status, 403, `${origin}: the page refuses it`);
      }
      assert.equal((await raw(`${sandbox.url}/_sandbox/reset`, { method: 'POST', headers: { origin: sandbox.url, ...secret } })).status, 204);
      assert.equal((await raw(`${sandbox.url}/_sandbox/reset`, { method: 'POST', headers: { origin: sandbox.url.replace('127.0.0.1', 'localhost'), ...secret } })).status, 204);
    });

    it('wants the per-run secret for every control endpoint, and keeps it out of what it records', async () => {
      for (const [method, path] of [['GET', '/_sandbox/state'], ['GET', '/_sandbox/requests'], ['POST', '/_sandbox/reset'], ['POST', '/_sandbox/approve'], ['POST', '/_sandbox/throttle']] as const) {
        const none = await fetch(`${sandbox.url}${path}`, { method });
        assert.equal(none.status, 401, `${method} ${path} without the secret`);
        assert.match(((await none.json()) as { error_description: string }).error_description, /x-sandbox-secret/);
        assert.equal((await control(sandbox, method, path, undefined, { 'x-sandbox-secret': `${sandbox.secret}x` })).status, 401, `${method} ${path} with a wrong secret`);
      }
      assert.equal((await control(sandbox, 'GET', '/_sandbox/state')).status, 200);
      assert.match(sandbox.secret, /^[A-Za-z0-9_-]{32}$/);
      const other = await startSandbox();
      try {
        assert.notEqual(other.secret, sandbox.secret, 'a secret per run');
        assert.equal((await control(other, 'GET', '/_sandbox/state', undefined, { 'x-sandbox-secret': sandbox.secret })).status, 401);
      } finally {
        await other.close();
      }
      assert.ok(!JSON.stringify(sandbox.requests).includes(sandbox.secret));
      assert.ok(sandbox.requests.some((r) => r.headers['x-sandbox-secret'] === '<redacted>'));
    });

    it('serves HTTPS with a certificate, advertising its own origin as the authority', async () => {
      const tls = await startSandbox({ tls: { cert: DEMO_TLS_CERTIFICATE_PEM, key: DEMO_TLS_PRIVATE_KEY_PEM } });
      try {
        assert.match(tls.url, /^https:\/\/127\.0\.0\.1:\d+$/);
        const doc = await raw(`${tls.url}/${tls.tenantId}/v2.0/.well-known/openid-configuration`, { ca: DEMO_TLS_CERTIFICATE_PEM });
        assert.equal(JSON.parse(doc.body).token_endpoint, `${tls.url}/${tls.tenantId}/oauth2/v2.0/token`);
        await assert.rejects(raw(`${tls.url}/`), /self[- ]signed|certificate/i);
      } finally {
        await tls.close();
      }
    });
  });

  describe('control endpoints and the device login page', () => {
    let sandbox: Sandbox;
    let token: string;
    before(async () => {
      sandbox = await startSandbox({ deviceCodeInterval: 0.05 });
      token = await appToken(sandbox);
    });
    after(() => sandbox.close());

    const post = (path: string, body?: unknown) => control(sandbox, 'POST', path, body);
    const deviceCode = async () => (await postForm(sandbox, '/common/oauth2/v2.0/devicecode', { client_id: SANDBOX_PUBLIC_CLIENT, scope: `${GRAPH_SCOPE_HOST}/DeviceManagementApps.Read.All openid` })).json;
    const poll = (code: string) => tokenRequest(sandbox, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: SANDBOX_PUBLIC_CLIENT, device_code: code }, 'common');

    it('approves and declines device codes, queues throttling and challenges, revokes, resets and reports', async () => {
      const first = await deviceCode();
      const approved = await post('/_sandbox/approve');
      assert.equal(approved.status, 200);
      assert.deepEqual(await approved.json(), { userCode: first.user_code, result: 'approved' });
      assert.equal((await poll(first.device_code)).status, 200);
      assert.equal((await post('/_sandbox/approve')).status, 404, 'nothing waits any more');
      const second = await deviceCode();
      assert.equal((await post('/_sandbox/deny', { userCode: second.user_code })).status, 200);
      assert.equal((await poll(second.device_code)).json.error, 'authorization_declined');

      assert.equal((await post('/_sandbox/throttle', { count: 2, status: 503, retryAfter: 3 })).status, 204);
      const throttled = [await graph(sandbox, '/groups', { token }), await graph(sandbox, '/groups', { token }), await graph(sandbox, '/groups', { token })];
      assert.deepEqual(throttled.map((r) => [r.status, r.headers.get('retry-after')]), [[503, '3'], [503, '3'], [200, null]]);
      assert.equal((await post('/_sandbox/throttle', { count: 1, status: 500 })).status, 400);
      assert.equal((await post('/_sandbox/claims')).status, 204);
      assert.equal((await graph(sandbox, '/groups', { token })).status, 401);

      await graph(sandbox, `/deviceAppManagement/mobileApps/${WIN32.id}/assign`, { method: 'POST', token, body: ONE });
      assert.equal(((await (await control(sandbox, 'GET', '/_sandbox/state')).json()) as { apps: { assignments: unknown[] }[] }).apps[0].assignments.length, 1);
      assert.equal((await post('/_sandbox/reset')).status, 204);
      assert.equal(sandbox.state.apps[0].assignments.length, WIN32.assignments.length);

      const requests = (await (await control(sandbox, 'GET', '/_sandbox/requests')).json()) as { path: string }[];
      assert.ok(requests.some((r) => r.path === '/_sandbox/reset'));
      assert.equal((await post('/_sandbox/revoke')).status, 204);
      assert.equal((await post('/_sandbox/nothing')).status, 404);
      assert.equal((await control(sandbox, 'POST', '/_sandbox/throttle', '{not json')).status, 400);
    });

    it('serves a page to enter and approve (or decline) a code, as a person would', async () => {
      const code = await deviceCode();
      const page = await fetch(`${sandbox.url}/devicelogin`);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('x-frame-options'), 'DENY');
      const html = await page.text();
      assert.ok(html.includes(code.user_code), 'the waiting code is shown and filled in');
      for (const user of DEFAULT_SEED.users) assert.ok(html.includes(user.upn));
      assert.equal(page.headers.get('referrer-policy'), 'same-origin', 'so a browser posting the form names this origin, not "null"');
      const form_token = /name="form_token" value="([^"]+)"/.exec(html)![1];
      const forged = await fetch(`${sandbox.url}/devicelogin`, { method: 'POST', body: new URLSearchParams({ user_code: code.user_code, action: 'approve', form_token: `1.${'A'.repeat(43)}` }) });
      assert.equal(forged.status, 403, 'a form the sandbox did not serve');
      assert.equal((await fetch(`${sandbox.url}/devicelogin`, { method: 'POST', body: new URLSearchParams({ user_code: code.user_code, action: 'approve' }) })).status, 403, 'no form token');
      const wrong = await fetch(`${sandbox.url}/devicelogin`, { method: 'POST', body: new URLSearchParams({ user_code: 'NOPE0000', action: 'approve', form_token }) });
      assert.equal(wrong.status, 400);
      const ok = await fetch(`${sandbox.url}/devicelogin`, { method: 'POST', headers: { origin: sandbox.url }, body: new URLSearchParams({ user_code: code.user_code, user: DEFAULT_SEED.users[1].upn, action: 'approve', form_token }) });
      assert.equal(ok.status, 200);
      assert.match(await ok.text(), /Signed in/);
      const reply = await poll(code.device_code);
      assert.equal(JSON.parse(Buffer.from(reply.json.id_token.split('.')[1], 'base64url').toString()).preferred_username, DEFAULT_SEED.users[1].upn);
      const declined = await deviceCode();
      await fetch(`${sandbox.url}/devicelogin`, { method: 'POST', body: new URLSearchParams({ user_code: declined.user_code, action: 'deny', form_token }) });
      assert.equal((await poll(declined.device_code)).json.error, 'authorization_declined');
    });

    it('serves an index for scripts and 404 elsewhere', async () => {
      const index = (await (await fetch(`${sandbox.url}/`)).json()) as Record<string, string>;
      assert.equal(index.graph, `${sandbox.url}/beta`);
      assert.equal(index.tenantId, sandbox.tenantId);
      assert.equal((await fetch(`${sandbox.url}/nowhere`)).status, 404);
      const form = formOf('<form method="post" action="http://localhost:1/"><input type="hidden" name="a" value="&amp;b"></form>');
      assert.deepEqual(form, { action: 'http://localhost:1/', fields: { a: '&b' } });
    });
  });
});
