// `intune-assign sandbox` in-process: the summary a user needs, one stderr line per request, device codes
// printed and approved by pressing Enter on a terminal, usage errors, seed files, and a clean stop.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runSandbox, SandboxIo } from '../../cli/src/sandbox/command';
import type { Sandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, SANDBOX_PUBLIC_CLIENT } from '../../sandbox/src/seed';
import { GRAPH_SCOPE_HOST, postForm, tokenRequest } from '../sandbox/helpers';

interface Harness {
  io: SandboxIo;
  out: () => string;
  err: () => string;
  stdin: PassThrough & { isTTY?: boolean };
  stop: () => void;
  started: Promise<Sandbox>;
  /** Resolves when stdout has printed text matching `pattern`. */
  printed: (pattern: RegExp) => Promise<void>;
}

function harness(tty = false): Harness {
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (!w.pattern.test(out)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = tty;
  let stop!: () => void;
  const stopSignal = new Promise<void>((resolve) => (stop = resolve));
  let onStarted!: (s: Sandbox) => void;
  const started = new Promise<Sandbox>((resolve) => (onStarted = resolve));
  const io: SandboxIo = {
    stdout: {
      write: (t: string) => {
        out += t;
        check();
      },
    },
    stderr: { write: (t: string) => (err += t) },
    stdin,
    stopSignal,
    onStarted,
  };
  return {
    io,
    out: () => out,
    err: () => err,
    stdin,
    stop,
    started,
    printed: (pattern) =>
      new Promise<void>((resolve) => {
        waiters.push({ pattern, resolve });
        check();
      }),
  };
}

describe('intune-assign sandbox (command)', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'intune-assign-sandbox-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the Graph URL, the tenant, every app with its id, type and assignment count, the clients and how to use it', async () => {
    const h = harness();
    const run = runSandbox(['--port', '0'], h.io);
    const sandbox = await h.started;
    const out = h.out();
    assert.ok(out.includes(`Graph       ${sandbox.url}/beta`));
    assert.ok(out.includes(DEFAULT_SEED.tenant.id));
    for (const app of DEFAULT_SEED.apps) {
      const line = out.split('\n').find((l) => l.includes(app.id))!;
      assert.ok(line, app.displayName);
      assert.match(line, new RegExp(`${app['@odata.type'].replace('#microsoft.graph.', '')}\\s+${app.publishingState}\\s+${app.assignments.length}\\s+`));
    }
    for (const client of DEFAULT_SEED.clients) assert.ok(out.includes(client.clientId), client.name);
    assert.ok(out.includes(`export INTUNE_ASSIGN_SANDBOX_URL=${sandbox.url}`));
    assert.ok(out.includes('--cloud sandbox'));
    assert.match(out, /\[Multi Admin Approval\]/);
    // This run's control secret, with a curl example; one stderr line per request, without the token.
    assert.ok(out.includes(`x-sandbox-secret: ${sandbox.secret}`));
    await fetch(`${sandbox.url}/_sandbox/state`, { headers: { 'x-sandbox-secret': sandbox.secret } });
    assert.match(h.err(), /^\[sandbox\] GET \/_sandbox\/state -> 200 \(\d+ ms\)$/m);
    h.stop();
    assert.equal(await run, 0);
    assert.match(h.out(), /Sandbox stopped\.\n$/);
    await assert.rejects(fetch(`${sandbox.url}/`), 'the server is closed');
  });

  it('prints each device code and approves the newest when Enter is pressed on a terminal', async () => {
    const h = harness(true);
    const run = runSandbox(['--port=0'], h.io);
    const sandbox = await h.started;
    assert.match(h.out(), /press Enter here to approve the newest/);
    const { json } = await postForm(sandbox, '/organizations/oauth2/v2.0/devicecode', { client_id: SANDBOX_PUBLIC_CLIENT, scope: `${GRAPH_SCOPE_HOST}/DeviceManagementApps.Read.All openid` });
    await h.printed(new RegExp(`Device code ${json.user_code} \\(Microsoft Graph Command Line Tools\\): press Enter`));
    h.stdin.write('\n');
    await h.printed(new RegExp(`Approved device code ${json.user_code}`));
    const reply = await tokenRequest(sandbox, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: SANDBOX_PUBLIC_CLIENT, device_code: json.device_code }, 'organizations');
    assert.equal(reply.status, 200);
    h.stdin.write('\n');
    await h.printed(/No device code is waiting\./);
    const second = (await postForm(sandbox, '/organizations/oauth2/v2.0/devicecode', { client_id: SANDBOX_PUBLIC_CLIENT, scope: `${GRAPH_SCOPE_HOST}/DeviceManagementApps.Read.All` })).json;
    await h.printed(new RegExp(`Device code ${second.user_code}`));
    h.stdin.write('deny\n');
    await h.printed(new RegExp(`Declined device code ${second.user_code}`));
    h.stop();
    assert.equal(await run, 0);
  });

  it('approves at once with --auto-approve, and serves a seed file', async () => {
    const seed = structuredClone(DEFAULT_SEED);
    seed.tenant.displayName = 'Fabrikam (sandbox)';
    seed.apps = seed.apps.slice(0, 2);
    const file = join(dir, 'seed.json');
    writeFileSync(file, JSON.stringify(seed));
    const h = harness(true);
    const run = runSandbox(['--port', '0', '--seed', file, '--auto-approve'], h.io);
    const sandbox = await h.started;
    assert.match(h.out(), /Fabrikam \(sandbox\)/);
    assert.equal(sandbox.state.apps.length, 2);
    assert.match(h.out(), /Device codes are approved at once/);
    const { json } = await postForm(sandbox, '/organizations/oauth2/v2.0/devicecode', { client_id: SANDBOX_PUBLIC_CLIENT, scope: `${GRAPH_SCOPE_HOST}/DeviceManagementApps.Read.All` });
    await h.printed(new RegExp(`Device code ${json.user_code} .* approved`));
    h.stop();
    assert.equal(await run, 0);
  });

  it('answers usage errors and bad seed files with exit code 2 and says why', async () => {
    const cases: [string[], RegExp][] = [
      [['--port', 'eighty'], /--port needs a port number from 0 to 65535, not "eighty"/],
      [['--port', '70000'], /--port needs a port number/],
      [['--port'], /--port needs a value/],
      [['--verbose'], /Unknown option --verbose/],
      [['--seed', join(dir, 'missing.json')], /cannot use the seed .*missing\.json: ENOENT/],
    ];
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ ...DEFAULT_SEED, tenant: { id: 'x', domain: 'contoso.example' } }));
    cases.push([['--seed', join(dir, 'broken.json')], /it is not JSON/], [['--seed', join(dir, 'invalid.json')], /the seed is not valid:\n {2}- tenant\.id: expected a GUID/]);
    for (const [args, message] of cases) {
      const h = harness();
      assert.equal(await runSandbox(args, h.io), 2, args.join(' '));
      assert.match(h.err(), message);
    }
    const help = harness();
    assert.equal(await runSandbox(['--help'], help.io), 0);
    assert.match(help.out(), /^Usage: intune-assign sandbox \[--port N\] \[--seed FILE\] \[--seed-apps N \[--seed-assignments N\]\] \[--second-tenant\] \[--auto-approve\]/);
    for (const option of ['--port', '--seed', '--seed-apps', '--seed-assignments', '--second-tenant', '--auto-approve']) assert.ok(help.out().includes(`${option} `) || help.out().includes(`${option}\n`), option);
    for (const endpoint of ['approve', 'deny', 'throttle', 'claims', 'revoke', 'reset', 'requests', 'state']) assert.match(help.out(), new RegExp(`(POST|GET) +/_sandbox/${endpoint} `));
    assert.match(help.out(), /x-sandbox-secret/);
    for (const [args, message] of [
      [['--seed-apps', 'many'], /--seed-apps needs a whole number from 0 to 20000/],
      [['--seed-apps', '30000'], /--seed-apps needs a whole number/],
      [['--seed-assignments', '10'], /--seed-assignments goes with --seed-apps/],
      [['--seed-apps', '2', '--seed-assignments', '100'], /assignments must be a whole number from 0 to \d+ for 2 app\(s\)/],
    ] as [string[], RegExp][]) {
      const h = harness();
      assert.equal(await runSandbox(args, h.io), 2, args.join(' '));
      assert.match(h.err(), message);
    }
  });

  it('serves a large generated tenant with --seed-apps, and the demo tenant\'s twin with --second-tenant', async () => {
    const h = harness();
    const run = runSandbox(['--port', '0', '--seed-apps', '2000', '--seed-assignments', '5000', '--second-tenant'], h.io);
    const sandbox = await h.started;
    assert.equal(sandbox.state.apps.length, DEFAULT_SEED.apps.length + 2000);
    assert.notEqual(sandbox.tenantId, DEFAULT_SEED.tenant.id);
    assert.match(h.out(), new RegExp(`Apps \\(${DEFAULT_SEED.apps.length + 2000}, 5000 assignments\\):`), 'the twin\'s own apps have none');
    assert.match(h.out(), /\.\.\. and \d+ more: GET http:/);
    assert.match(h.out(), /Legacy VPN Users {2}\[deleted\]/);
    h.stop();
    assert.equal(await run, 0);
  });

  it('says so when the port is taken', async () => {
    const first = harness();
    const running = runSandbox(['--port', '0'], first.io);
    const sandbox = await first.started;
    const second = harness();
    assert.equal(await runSandbox(['--port', String(sandbox.port)], second.io), 1);
    assert.match(second.err(), /cannot listen on 127\.0\.0\.1:\d+ \(in use: is another sandbox running\? try --port 0\)/);
    first.stop();
    await running;
  });
});
