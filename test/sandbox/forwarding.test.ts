// The sandbox behind a port forward (http/forwarding.ts), with requests shaped like those code-server's path
// proxy sends (its routes/pathProxy.ts: the path without /proxy/PORT, the browser's Host, no X-Forwarded-*):
// the device code names the page at the forwarded address, the page answers and signs in through it with
// the forward's Origin, and nothing else does (Graph, Entra, control endpoints; another Host; another
// Origin; X-Forwarded-Host). A browser opening the index lands on the device login page. The real
// code-server in front of it is tested in test/workbench/start.test.mjs.
import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, SANDBOX_PUBLIC_CLIENT } from '../../sandbox/src/seed';
import { deviceLoginToken, GRAPH_SCOPE_HOST, postForm } from './helpers';

/** Like code-server on port 8080 of this machine: /proxy/PORT/ forwards to the sandbox. */
const WORKBENCH = 'http://127.0.0.1:8080';

function send(sandbox: Sandbox, path: string, headers: Record<string, string>, init: { method?: string; body?: string } = {}): Promise<{ status: number; body: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${sandbox.url}${path}`, { method: init.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, location: res.headers.location }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('sandbox behind a port forward', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let forward: string;
  /** What code-server's proxy passes on: the browser's Host, which is the workbench's. */
  const proxied = { host: '127.0.0.1:8080' };
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    forward = `${WORKBENCH}/proxy/${sandbox.port}/`;
  });
  beforeEach(() => sandbox.setForwardedUrl(forward));
  after(() => sandbox.close());

  const deviceCode = async () => (await postForm(sandbox, '/organizations/oauth2/v2.0/devicecode', { client_id: SANDBOX_PUBLIC_CLIENT, scope: `${GRAPH_SCOPE_HOST}/.default` })).json;
  const signInForm = async (userCode: string) => `user_code=${userCode}&action=approve&user=${encodeURIComponent(DEFAULT_SEED.users[0].upn)}&form_token=${encodeURIComponent(await deviceLoginToken(sandbox))}`;

  it('names the device login page at the forwarded address, and at its own without a forward', async () => {
    assert.equal(sandbox.forwardedUrl, forward);
    assert.equal((await deviceCode()).verification_uri, `${forward}devicelogin`);
    sandbox.setForwardedUrl(undefined);
    assert.equal(sandbox.forwardedUrl, undefined);
    assert.equal((await deviceCode()).verification_uri, `${sandbox.url}/devicelogin`);
    assert.equal((await send(sandbox, '/devicelogin', proxied)).status, 421, 'no forward: the workbench\'s Host is refused');
  });

  it('serves the page and signs in through the forward, with the forward\'s Origin', async () => {
    const code = await deviceCode();
    const page = await send(sandbox, '/devicelogin', proxied);
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(`value="${code.user_code}"`), 'the waiting code is filled in');
    assert.match(page.body, /<form method="post">/, 'the form posts back to the page\'s own address, under the proxy\'s path');
    const signedIn = await send(sandbox, '/devicelogin', { ...proxied, origin: WORKBENCH, 'content-type': 'application/x-www-form-urlencoded' }, { method: 'POST', body: await signInForm(code.user_code) });
    assert.equal(signedIn.status, 200, signedIn.body);
    assert.match(signedIn.body, /Signed in/);
    assert.equal(sandbox.approveDeviceCode(code.user_code), false, 'the code is no longer waiting');
    // A forward that sets the Host to its target: the sandbox's own Host, the forward's Origin.
    const second = await deviceCode();
    const ownHost = { host: `localhost:${sandbox.port}`, origin: WORKBENCH, 'content-type': 'application/x-www-form-urlencoded' };
    assert.equal((await send(sandbox, '/devicelogin', ownHost, { method: 'POST', body: await signInForm(second.user_code) })).status, 200);
  });

  it('refuses other origins, other hosts and everything but the pages through the forward', async () => {
    const code = await deviceCode();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const origin of ['null', 'https://attacker.example', sandbox.url, 'http://127.0.0.1:8081']) {
      const post = await send(sandbox, '/devicelogin', { ...proxied, ...form, origin }, { method: 'POST', body: await signInForm(code.user_code) });
      assert.equal(post.status, 403, `Origin ${origin} through the forward`);
    }
    for (const path of ['/_sandbox/reset', '/_sandbox/approve']) {
      const direct = await send(sandbox, path, { host: `127.0.0.1:${sandbox.port}`, origin: WORKBENCH, 'x-sandbox-secret': sandbox.secret }, { method: 'POST' });
      assert.equal(direct.status, 403, `${path}: the forward's Origin is for the page only`);
    }
    assert.equal((await send(sandbox, '/devicelogin', { host: 'localhost:8080' })).status, 421, 'not the forward\'s host');
    assert.equal((await send(sandbox, '/devicelogin', { host: `attacker.example:${sandbox.port}`, 'x-forwarded-host': '127.0.0.1:8080' })).status, 421, 'X-Forwarded-Host is not trusted');
    for (const path of ['/beta/deviceAppManagement/mobileApps', `/${sandbox.tenantId}/v2.0/.well-known/openid-configuration`, '/_sandbox/state']) {
      assert.equal((await send(sandbox, path, { ...proxied, 'x-sandbox-secret': sandbox.secret })).status, 421, path);
    }
    assert.equal(sandbox.pendingDeviceCode(), code.user_code, 'nothing signed in');
  });

  it('sends a browser opening the index on to the device login page, at the address it came by', async () => {
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    assert.deepEqual(await send(sandbox, '/', { ...proxied, ...html }), { status: 302, body: '', location: `${forward}devicelogin` });
    assert.equal((await send(sandbox, '/', { host: `localhost:${sandbox.port}`, ...html })).location, `http://localhost:${sandbox.port}/devicelogin`);
    const index = await send(sandbox, '/', { host: `127.0.0.1:${sandbox.port}`, accept: 'application/json' });
    assert.equal(index.status, 200, 'a script still gets the JSON index');
    assert.equal(JSON.parse(index.body).tenantId, sandbox.tenantId);
  });

  it('works the same for a code-server on a server, reached by name over https', async () => {
    const remote = `https://code.example.com/proxy/${sandbox.port}/`;
    sandbox.setForwardedUrl(remote);
    const code = await deviceCode();
    assert.equal(code.verification_uri, `${remote}devicelogin`);
    const through = { host: 'code.example.com', 'content-type': 'application/x-www-form-urlencoded' };
    assert.equal((await send(sandbox, '/devicelogin', proxied)).status, 421, 'the earlier forward is gone');
    assert.equal((await send(sandbox, '/devicelogin', { ...through, origin: 'https://code.example.com:8443' }, { method: 'POST', body: await signInForm(code.user_code) })).status, 403);
    assert.equal((await send(sandbox, '/devicelogin', { ...through, origin: 'https://code.example.com' }, { method: 'POST', body: await signInForm(code.user_code) })).status, 200);
  });

  it('refuses a forwarded address that is not an absolute http(s) URL', () => {
    for (const bad of ['/proxy/1/', 'ftp://127.0.0.1/', 'http://user:pw@127.0.0.1:8080/', 'http://127.0.0.1:8080/proxy/1/?a=1', 'not a url']) {
      assert.throws(() => sandbox.setForwardedUrl(bad), RangeError, bad);
    }
    assert.equal(sandbox.forwardedUrl, forward, 'the forward is unchanged');
    sandbox.setForwardedUrl(`${WORKBENCH}/proxy/${sandbox.port}`);
    assert.equal(sandbox.forwardedUrl, forward, 'a final / is added');
  });
});
