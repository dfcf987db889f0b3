// The sandbox's sign-in pages in a real browser (headless Chromium through playwright-core), as a person uses
// them: the device login page opened at the address the sign-in gives, the code typed, Sign in clicked, and
// the device-code poll then gets a token; and the browser sign-in's authorize page, opened at the address the
// product gives the browser, posting back to MSAL's loopback server. The browser may reach this machine only.
import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeviceCodeRequest, PublicClientApplication } from '@azure/msal-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LoopbackNetworkClient } from '../../graph/src/auth/networkClient';
import { browserSignInUrl, resolveCloud } from '../../graph/src/clouds';
import { Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, SANDBOX_PUBLIC_CLIENT } from '../../sandbox/src/seed';
import { graph } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const SCOPES = ['https://graph.sandbox.invalid/DeviceManagementApps.ReadWrite.All'];

describe('sandbox sign-in pages in Chromium', function () {
  this.timeout(30_000);
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sandbox: Sandbox;
  const blocked: string[] = [];

  before(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  });
  after(() => browser?.close());
  beforeEach(async () => {
    sandbox = await startSandbox({ deviceCodeInterval: 0.05 });
    context = await browser.newContext();
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname)) return route.continue();
      blocked.push(url.origin);
      return route.abort('blockedbyclient');
    });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
    await sandbox.close();
    assert.deepEqual(blocked, [], 'the pages reached nothing but this machine');
  });

  /** The product's way to MSAL for the sandbox: its endpoints, carried to loopback by its network client. */
  function publicApp(): { app: PublicClientApplication; endpoints: ReturnType<typeof resolveCloud> } {
    const endpoints = resolveCloud({ cloud: 'sandbox', sandboxUrl: sandbox.url });
    const app = new PublicClientApplication({
      auth: { clientId: SANDBOX_PUBLIC_CLIENT, authority: `${endpoints.authorityOrigin}/organizations`, knownAuthorities: [new URL(endpoints.authorityOrigin).host] },
      system: { networkClient: new LoopbackNetworkClient(endpoints.authorityOrigin, endpoints.authorityLoopback!) },
    });
    return { app, endpoints };
  }

  it('device code: opening the page, typing the code and pressing Sign in gets the poll its token', async () => {
    const { app } = publicApp();
    let person: Promise<string> | undefined;
    const request: DeviceCodeRequest = {
      scopes: SCOPES,
      deviceCodeCallback: (response) => {
        person = (async () => {
          await page.goto(response.verificationUri);
          const code = page.getByLabel('Code');
          await code.fill('');
          await code.pressSequentially(response.userCode);
          await page.getByLabel('Sign in as').selectOption(DEFAULT_SEED.users[1].upn);
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.getByRole('heading', { name: 'Signed in' }).waitFor({ timeout: 10_000 });
          return (await page.textContent('body')) ?? '';
        })().catch((error: unknown) => {
          // The page did not sign in: stop MSAL polling, and fail with what the page did.
          request.cancel = true;
          throw error;
        });
      },
    };
    const result = await app.acquireTokenByDeviceCode(request).catch(async (error: unknown) => {
      await person;
      throw error;
    });
    assert.equal(result?.account?.username, DEFAULT_SEED.users[1].upn);
    assert.match(await person!, /You are signed in to the sandbox as helpdesk@/);
    assert.equal((await graph(sandbox, '/deviceAppManagement/mobileApps?$top=1', { token: result!.accessToken })).status, 200);
    const post = sandbox.requests.find((r) => r.method === 'POST' && r.path === '/devicelogin')!;
    assert.equal(post.headers.origin, sandbox.url, 'the browser named the page\'s own origin');
    assert.equal(post.status, 200);
  });

  it('device code: Decline on the page makes the poll fail with authorization_declined', async () => {
    const { app } = publicApp();
    await assert.rejects(
      app.acquireTokenByDeviceCode({
        scopes: SCOPES,
        deviceCodeCallback: (response) => {
          void (async () => {
            await page.goto(`${response.verificationUri}?user_code=${response.userCode}`);
            await page.getByRole('button', { name: 'Decline' }).click();
          })();
        },
      }),
      /authorization_declined/,
    );
  });

  it('a page of another origin cannot sign a code in, even with a form the sandbox served', async () => {
    const code = (await (await fetch(`${sandbox.url}/organizations/oauth2/v2.0/devicecode`, { method: 'POST', body: new URLSearchParams({ client_id: SANDBOX_PUBLIC_CLIENT, scope: SCOPES[0] }) })).json()) as { user_code: string };
    const served = await (await fetch(`${sandbox.url}/devicelogin`)).text();
    const token = /name="form_token" value="([^"]+)"/.exec(served)![1];
    // Another local site (another port is another origin) whose page posts the form to the sandbox at once.
    const attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<form method="post" action="${sandbox.url}/devicelogin"><input name="user_code" value="${code.user_code}"><input name="action" value="approve">` +
          `<input name="form_token" value="${token}"></form><script>document.forms[0].submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      await page.waitForURL(`${sandbox.url}/devicelogin`);
      assert.match((await page.textContent('body')) ?? '', /Cross-origin requests to the sandbox are refused/);
    } finally {
      attacker.close();
    }
    const attempt = sandbox.requests.find((r) => r.method === 'POST' && r.path === '/devicelogin')!;
    assert.equal(attempt.status, 403);
    assert.equal(sandbox.pendingDeviceCode(), code.user_code, 'the code still waits');
  });

  it('browser sign-in: the authorize page at the address the product gives posts back to MSAL, which gets a token', async () => {
    const { app, endpoints } = publicApp();
    let opened = '';
    const result = await app.acquireTokenInteractive({
      scopes: SCOPES,
      openBrowser: async (url) => {
        opened = browserSignInUrl(endpoints, url);
        await page.goto(opened);
      },
      successTemplate: '<p>Signed in: you can close this tab.</p>',
      errorTemplate: '<p>Sign-in failed.</p>',
    });
    assert.ok(opened.startsWith(`${sandbox.url}/organizations/oauth2/v2.0/authorize?`), opened);
    assert.equal(result.account?.username, DEFAULT_SEED.users[0].upn);
    await page.waitForURL(/^http:\/\/localhost:\d+\//);
    assert.match((await page.textContent('body')) ?? '', /Signed in: you can close this tab/);
  });
});
