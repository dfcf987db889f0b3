// login, whoami, logout and lint --online: the built CLI against the sandbox over real HTTP, with the real MSAL
// and a device code. The kept session is owner-only and holds no secret; lint --online reports the three
// tenant rules (one getByIds for every file's groups, one list of filters); and without --online, lint opens
// no connection at all, which a preload that records every socket, DNS lookup and HTTP request proves (the same
// preload sees --online connect, so it can fail).
import * as assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { folder, remove, run, TENANT_MISTAKES } from './cliHelpers';

/** A preload that records every connection, lookup and HTTP request the process makes into `log`. */
function networkRecorder(dir: string): { env: NodeJS.ProcessEnv; seen: () => string[] } {
  const log = join(dir, 'network.log');
  const preload = join(dir, 'network.cjs');
  writeFileSync(log, '');
  writeFileSync(
    preload,
    `const fs = require('node:fs');
const note = (what) => fs.appendFileSync(${JSON.stringify(log)}, what + '\\n');
const net = require('node:net');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) { note('connect ' + JSON.stringify(args[0]?.port ?? args[0]?.path ?? args[0])); return connect.apply(this, args); };
const dns = require('node:dns');
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) { const original = dns[name]; dns[name] = function (...args) { note('dns ' + args[0]); return original.apply(this, args); }; }
for (const mod of ['node:http', 'node:https']) { const m = require(mod); for (const name of ['request', 'get']) { const original = m[name]; m[name] = function (...args) { note(mod + ' ' + name); return original.apply(this, args); }; } }
const fetch = globalThis.fetch; globalThis.fetch = function (...args) { note('fetch ' + String(args[0])); return fetch.apply(this, args); };
`,
  );
  return { env: { NODE_OPTIONS: `--require ${preload}` }, seen: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('login, whoami, logout and lint --online against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    sandbox = await startSandbox({ deviceCodeApproval: 'auto', deviceCodeInterval: 0.05 });
    dir = folder({ 'mistakes.assign.json': TENANT_MISTAKES, 'config/.keep': '' });
    env = { INTUNE_ASSIGN_SANDBOX_URL: sandbox.url, XDG_CONFIG_HOME: join(dir, 'config'), INTUNE_ASSIGN_TOKEN_CACHE: '' };
  });
  after(async () => {
    await sandbox.close();
    remove(dir);
  });
  const kept = (suffix: string) => join(dir, 'config', 'intune-assign', `msal-token-cache${suffix}`);

  it('login keeps an owner-only session without a secret; whoami says who and what it may read; logout removes it', async () => {
    const login = await run(dir, ['login', '--cloud', 'sandbox', '--device-code'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, new RegExp(`Signed in as admin@contoso-sandbox.onmicrosoft.com in tenant ${sandbox.tenantId} \\(sandbox\\)`));
    const scopes = sandbox.requests.filter((r) => r.path.endsWith('/devicecode')).map((r) => (r.body as { scope: string }).scope);
    assert.deepEqual(scopes.at(-1)!.split(' ').filter((s) => s.startsWith('https://')).sort(), ['https://graph.sandbox.invalid/DeviceManagementConfiguration.Read.All', 'https://graph.sandbox.invalid/Directory.Read.All']);
    for (const suffix of ['.json', '.session.json']) assert.equal(statSync(kept(suffix)).mode & 0o777, 0o600, suffix);
    const session = readFileSync(kept('.session.json'), 'utf8');
    assert.doesNotMatch(session, /eyJ|secret|refresh/i);
    assert.equal(JSON.parse(session).account.tenantId, sandbox.tenantId);

    const whoami = await run(dir, ['whoami'], env);
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.match(whoami.stdout, /session {4}valid/);
    assert.match(whoami.stdout, /Directory\.Read\.All yes, DeviceManagementConfiguration\.Read\.All yes/);

    const logout = await run(dir, ['logout'], env);
    assert.equal(logout.code, 0);
    assert.equal(readFileSync(kept('.json'), 'utf8'), '');
    assert.equal(readFileSync(kept('.session.json'), 'utf8'), '');
    assert.equal((await run(dir, ['whoami'], env)).code, 3);
    // A pipeline's credentials are not kept: login is for people.
    assert.equal((await run(dir, ['login', '--client-secret-env', 'X'], env)).code, 2);
  });

  it('lint --online reports the three tenant rules, one read for every group and one for the filters', async () => {
    assert.equal((await run(dir, ['login', '--cloud', 'sandbox', '--device-code'], env)).code, 0);
    const since = sandbox.requests.length;
    const lint = await run(dir, ['lint', '--online', '--format', 'json'], env);
    assert.equal(lint.code, 1, lint.stderr);
    const [result] = JSON.parse(lint.stdout) as { messages: { ruleId: string; line: number; column: number; severity: number }[] }[];
    assert.deepEqual(result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`), ['7:20 group-not-found', '8:53 filter-platform-mismatch', '22:53 filter-not-found']);
    const graph = sandbox.requests.slice(since).filter((r) => r.path.startsWith('/beta/'));
    assert.deepEqual(graph.map((r) => r.path.replace(/\?.*/, '')).sort(), ['/beta/deviceManagement/assignmentFilters', '/beta/directoryObjects/getByIds']);
    assert.match(lint.stderr, /2 group id\(s\) and 2 filter id\(s\) checked against tenant/);
  });

  it('without --online, lint opens no connection, even with a session kept; with it, it does', async () => {
    const recorder = networkRecorder(dir);
    const since = sandbox.requests.length;
    const offline = await run(dir, ['lint'], { ...env, ...recorder.env });
    assert.equal(offline.code, 0, offline.stderr);
    assert.deepEqual(recorder.seen(), []);
    assert.equal(sandbox.requests.length, since);
    const online = await run(dir, ['lint', '--online'], { ...env, ...recorder.env });
    assert.equal(online.code, 1, online.stderr);
    assert.ok(recorder.seen().some((line) => line.startsWith('connect')), recorder.seen().join('\n'));
  });

  it('lint --online without a session or sign-in options says how to get one (exit 2)', async () => {
    const none = await run(dir, ['lint', '--online'], { ...env, XDG_CONFIG_HOME: join(dir, 'nobody') });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /run intune-assign login first, or pass sign-in options/);
  });
});
