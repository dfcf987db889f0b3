// send, diff and pull end to end: the built CLI against the sandbox tenant over real HTTP, with the real MSAL.
// Replace and merge, dry run, an invalid document (no token even requested), no terminal and no --yes,
// a wrong secret, throttling then success, Multi Admin Approval, pull -> lint -> send, a custom cloud over TLS
// trusted through NODE_EXTRA_CA_CERTS, and no token or secret in any output.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, SANDBOX_DEMO_SECRET, SANDBOX_SECRET_CLIENT } from '../../sandbox/src/seed';
import { folder, remove, run, Run, VALID } from './cliHelpers';

const WIN32 = DEFAULT_SEED.apps[0].id;
const OUTLOOK = DEFAULT_SEED.apps[1].id;
const MAA = DEFAULT_SEED.apps.find((a) => a.requiresApproval)!.id;
const UPLOADING = DEFAULT_SEED.apps.find((a) => a.publishingState !== 'published')!.id;
const FINANCE = DEFAULT_SEED.groups[1].id;

describe('send, diff and pull against the sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let cwd: string;
  const outputs: Run[] = [];

  before(() => {
    cwd = folder({ 'new.assign.json': VALID.replace('4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10', FINANCE), 'bad.assign.json': VALID.replace('"required"', '"Installed"') });
  });
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());
  after(() => remove(cwd));

  const env = () => ({ INTUNE_ASSIGN_SANDBOX_URL: sandbox.url, SANDBOX_SECRET: SANDBOX_DEMO_SECRET, INTUNE_ASSIGN_TOKEN_CACHE: 'none' });
  const auth = ['--cloud', 'sandbox', '--tenant', DEFAULT_SEED.tenant.id, '--client-id', SANDBOX_SECRET_CLIENT, '--client-secret-env', 'SANDBOX_SECRET'];
  const cli = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const r = await run(cwd, args, { ...env(), ...extraEnv });
    outputs.push(r);
    return r;
  };
  const posts = () => sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/assign'));

  it('replace: shows what is REMOVED, and the app gets exactly the document', async () => {
    const r = await cli(['send', 'new.assign.json', '--app', WIN32, '--yes', ...auth]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Changes: {2}\+1 added, 0 changed, 3 REMOVED, 0 unchanged/);
    assert.match(r.stdout, /!!! 3 existing assignment\(s\) will be REMOVED from "7-Zip"/);
    assert.match(r.stdout, /Sent: "7-Zip" now has 1 assignment\(s\)/);
    const app = sandbox.state.apps.find((a) => a.id === WIN32)!;
    assert.deepEqual(app.assignments.map((a) => (a.target as { groupId: string }).groupId), [FINANCE]);
  });

  it('merge: posts the merged list and removes nothing', async () => {
    const r = await cli(['send', 'new.assign.json', '--app', WIN32, '--merge', '--yes', '--format', 'json', ...auth]);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout);
    assert.deepEqual([plan.diff.added, plan.diff.removed, plan.diff.unchanged], [1, 0, 3]);
    assert.equal(posts().length, 1);
    assert.equal((posts()[0].body as { mobileAppAssignments: unknown[] }).mobileAppAssignments.length, 4);
    assert.equal(sandbox.state.apps.find((a) => a.id === WIN32)!.assignments.length, 4);
  });

  it('--dry-run and diff show the plan and send nothing', async () => {
    const dry = await cli(['send', 'new.assign.json', '--app', WIN32, '--dry-run', ...auth]);
    const diff = await cli(['diff', 'new.assign.json', '--app', WIN32, ...auth]);
    assert.deepEqual([dry.code, diff.code], [0, 0]);
    assert.match(dry.stdout, /Dry run: nothing was sent/);
    assert.match(diff.stdout, /3 REMOVED/);
    assert.equal(posts().length, 0);
  });

  it('an invalid document is refused before any sign-in: exit 1, not one request', async () => {
    const r = await cli(['send', 'bad.assign.json', '--app', WIN32, '--yes', ...auth]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /schema: "Installed" is not a valid intent/);
    assert.equal(sandbox.requests.length, 0);
  });

  it('without a terminal and without --yes nothing is sent: exit 5', async () => {
    const r = await cli(['send', 'new.assign.json', '--app', WIN32, ...auth]);
    assert.equal(r.code, 5);
    assert.match(r.stderr, /Not sent: confirm with --yes/);
    assert.equal(posts().length, 0);
  });

  it('a wrong secret is a sign-in failure: exit 3', async () => {
    const r = await cli(['pull', '--app', WIN32, ...auth], { SANDBOX_SECRET: 'not-the-secret' });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /credentials were refused/);
  });

  it('throttled, waits as Graph says, then sends', async () => {
    sandbox.throttleNext(2, { retryAfter: '0' });
    const r = await cli(['send', 'new.assign.json', '--app', WIN32, '--yes', ...auth]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Graph is throttling requests \(429\): waiting 0\.0 s before attempt 2/);
  });

  it('Graph refusing is exit 4 with its error; an app still uploading is refused before the POST', async () => {
    const uploading = await cli(['send', 'new.assign.json', '--app', UPLOADING, '--yes', ...auth]);
    assert.equal(uploading.code, 4);
    assert.match(uploading.stderr, /not published/);
    const missing = await cli(['pull', '--app', '00000000-0000-4000-8000-000000000000', ...auth]);
    assert.equal(missing.code, 4);
    assert.match(missing.stderr, /Graph answered 404 ResourceNotFound: .*request-id/);
    assert.equal(posts().length, 0);
  });

  it('Multi Admin Approval: pending approval with a justification, refused without', async () => {
    const pending = await cli(['send', 'new.assign.json', '--app', MAA, '--yes', '--justification', 'Change 42', ...auth]);
    assert.equal(pending.code, 0, pending.stderr);
    assert.match(pending.stdout, /Submitted for Multi Admin Approval/);
    const refused = await cli(['send', 'new.assign.json', '--app', MAA, '--yes', ...auth]);
    assert.equal(refused.code, 4);
    assert.match(refused.stderr, /x-msft-approval-justification/);
  });

  it('pull writes a document that lints clean and sends back unchanged', async () => {
    const pulled = await cli(['pull', '--app', OUTLOOK, '-o', 'outlook.assign.json', ...auth]);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal((await cli(['lint', 'outlook.assign.json'])).code, 0);
    const again = await cli(['send', 'outlook.assign.json', '--app', OUTLOOK, '--yes', ...auth]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /\+0 added, 0 changed, 0 REMOVED, 1 unchanged/);
    const kept = await cli(['pull', '--app', OUTLOOK, '--keep-computed', ...auth]);
    assert.match(kept.stdout, /"source": "direct"/);
  });

  it('posts the file exactly as parsed; a re-send and a merge diff of it then show 0 changed', async () => {
    const doc = { mobileAppAssignments: [{ intent: 'required', target: { groupId: FINANCE, '@odata.type': '#microsoft.graph.groupAssignmentTarget' }, settings: { '@odata.type': '#microsoft.graph.win32LobAppAssignmentSettings', notifications: 'hideAll' } }] };
    writeFileSync(join(cwd, 'notify.assign.json'), JSON.stringify(doc, null, 2));
    const first = await cli(['send', 'notify.assign.json', '--app', WIN32, '--yes', ...auth]);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(posts()[0].body, doc, 'nothing added, nothing reordered');
    assert.deepEqual(Object.keys((posts()[0].body as typeof doc).mobileAppAssignments[0].target), ['groupId', '@odata.type']);
    const again = await cli(['send', 'notify.assign.json', '--app', WIN32, '--yes', ...auth]);
    assert.match(again.stdout, /\+0 added, 0 changed, 0 REMOVED, 1 unchanged/);
    const merged = await cli(['diff', 'notify.assign.json', '--app', WIN32, '--merge', ...auth]);
    assert.match(merged.stdout, /\+0 added, 0 changed, 0 REMOVED, 1 unchanged/);
    const pulled = await cli(['pull', '--app', WIN32, '-o', 'pulled.assign.json', ...auth]);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.match((await cli(['diff', 'pulled.assign.json', '--app', WIN32, ...auth])).stdout, /\+0 added, 0 changed, 0 REMOVED, 1 unchanged/);
  });

  it("merge posts the app's assignments as Graph returned them, less computed fields, plus the file's as written", async () => {
    const token = await (await fetch(`${sandbox.url}/${DEFAULT_SEED.tenant.id}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: SANDBOX_SECRET_CLIENT, client_secret: SANDBOX_DEMO_SECRET, scope: 'https://graph.microsoft.com/.default' }) })).json() as { access_token: string };
    const returned = (await (await fetch(`${sandbox.url}/beta/deviceAppManagement/mobileApps/${WIN32}/assignments`, { headers: { authorization: `Bearer ${token.access_token}` } })).json()) as { value: Record<string, unknown>[] };
    const r = await cli(['send', 'new.assign.json', '--app', WIN32, '--merge', '--yes', ...auth]);
    assert.equal(r.code, 0, r.stderr);
    const computed = ['id', 'source', 'sourceId'];
    const expected = [...returned.value.map((a) => Object.fromEntries(Object.entries(a).filter(([k]) => !computed.includes(k)))), ...(JSON.parse(readFileSync(join(cwd, 'new.assign.json'), 'utf8')) as { mobileAppAssignments: unknown[] }).mobileAppAssignments];
    assert.deepEqual(posts()[0].body, { mobileAppAssignments: expected });
  });

  it('refuses secrets on the command line: exit 2', async () => {
    const r = await cli(['pull', '--app', WIN32, '--client-secret', 'abc']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--client-secret would put a secret on the command line.*--client-secret-env VAR/);
  });

  it('signs in and reads over TLS with a real authority URL trusted through NODE_EXTRA_CA_CERTS', async () => {
    const certDir = folder({});
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      const tls = await startSandbox({ tls: { cert: readFileSync(join(certDir, 'cert.pem'), 'utf8'), key: readFileSync(join(certDir, 'key.pem'), 'utf8') } });
      try {
        const custom = ['--cloud', 'custom', '--graph-url', tls.url, '--authority-url', tls.url, '--tenant', DEFAULT_SEED.tenant.id, '--client-id', SANDBOX_SECRET_CLIENT, '--client-secret-env', 'SANDBOX_SECRET'];
        const untrusted = await cli(['pull', '--app', WIN32, ...custom]);
        assert.equal(untrusted.code, 3, untrusted.stderr);
        assert.match(untrusted.stderr, /NODE_EXTRA_CA_CERTS/);
        const trusted = await cli(['pull', '--app', WIN32, ...custom], { NODE_EXTRA_CA_CERTS: join(certDir, 'cert.pem') });
        assert.equal(trusted.code, 0, trusted.stderr);
        assert.match(trusted.stdout, /"mobileAppAssignments"/);
        assert.ok(tls.requests.some((r) => r.path.includes('/oauth2/v2.0/token')), 'signed in at the custom authority');
        const http = await cli(['pull', '--app', WIN32, '--cloud', 'custom', '--graph-url', tls.url.replace('https', 'http'), '--authority-url', tls.url]);
        assert.equal(http.code, 2);
        assert.match(http.stderr, /must be https/);
      } finally {
        await tls.close();
      }
    } finally {
      remove(certDir);
    }
  });

  it('never prints a token or the secret, in any output of any run above', () => {
    assert.ok(outputs.length > 15);
    for (const r of outputs) {
      const all = `${r.stdout}\n${r.stderr}`;
      assert.ok(!all.includes(SANDBOX_DEMO_SECRET), all);
      assert.ok(!/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./.test(all), all);
    }
    writeFileSync(join(cwd, 'outputs.log'), outputs.map((o) => o.stdout + o.stderr).join('\n'));
  });
});
