// Hostile probes through the built CLI: a closed stdout, a POST redirected elsewhere, a connection dropped
// after Graph applied the POST, Ctrl-C while the POST is in flight, a list read without `value`, an app
// answer naming another app, control characters in documents and in Graph's answers, a configuration with the
// schema rule off, and a file that makes the checks throw among 300. Graph's misbehaviour comes from a
// loopback proxy in front of the real sandbox (real HTTP, real tokens), which forwards everything else.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED } from '../../sandbox/src/seed';
import { appToken } from '../sandbox/helpers';
import { CLI, folder, remove, run, Run, VALID } from './cliHelpers';

const WIN32 = DEFAULT_SEED.apps[0].id;
const OUTLOOK = DEFAULT_SEED.apps[1].id;
const FINANCE = DEFAULT_SEED.groups[1].id;
const DOC = VALID.replace('4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10', FINANCE);
const ESC = '\u001b';

interface Seen {
  method: string;
  path: string;
  body: string;
}
/** What the proxy does with a request: undefined forwards it. */
type Rule = (req: Seen, res: ServerResponse, forward: () => Promise<{ status: number; headers: Record<string, string>; body: Buffer }>) => Promise<boolean | void> | boolean | void;

async function startProxy(target: string, rule: Rule): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const to = new URL(target);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const entry = { method: req.method!, path: req.url!, body: raw.toString() };
      seen.push(entry);
      const forward = () =>
        new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
          const out = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } }, (answer) => {
            const parts: Buffer[] = [];
            answer.on('data', (c: Buffer) => parts.push(c));
            answer.on('end', () => resolve({ status: answer.statusCode!, headers: answer.headers as Record<string, string>, body: Buffer.concat(parts) }));
          });
          out.on('error', reject);
          out.end(raw);
        });
      void (async () => {
        if (await rule(entry, res, forward)) return;
        const answer = await forward();
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const isAssign = (s: Seen) => s.method === 'POST' && s.path.endsWith('/assign');
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('hostile probes through the built CLI', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let cwd: string;
  let token: string;
  const servers: Server[] = [];

  before(() => {
    cwd = folder({ 'new.assign.json': DOC });
  });
  beforeEach(async () => {
    sandbox = await startSandbox();
    token = await appToken(sandbox);
  });
  afterEach(async () => {
    servers.splice(0).forEach((s) => s.close());
    await sandbox.close();
  });
  after(() => remove(cwd));

  const auth = ['--cloud', 'sandbox', '--access-token-env', 'PROBE_TOKEN'];
  const proxy = async (rule: Rule) => {
    const p = await startProxy(sandbox.url, rule);
    servers.push(p.server);
    return p;
  };
  const cli = (url: string, args: string[], dir = cwd): Promise<Run> => run(dir, [...args, ...auth], { INTUNE_ASSIGN_SANDBOX_URL: url, PROBE_TOKEN: token, INTUNE_ASSIGN_TOKEN_CACHE: 'none' });
  const posts = () => sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/assign'));
  const groups = (appId: string) => sandbox.state.apps.find((a) => a.id === appId)!.assignments.map((a) => (a.target as { groupId?: string }).groupId);

  it('send --yes with stdout closed (| head) applies the change once and exits 0, without a stack trace', async () => {
    const child = spawn(process.execPath, [CLI, 'send', 'new.assign.json', '--app', WIN32, '--yes', ...auth], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', INTUNE_ASSIGN_SANDBOX_URL: sandbox.url, PROBE_TOKEN: token, INTUNE_ASSIGN_TOKEN_CACHE: 'none' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const [code] = (await once(child, 'close')) as [number];
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|at .*\(.*:\d+:\d+\)/);
    assert.equal(posts().length, 1);
    assert.deepEqual(groups(WIN32), [FINANCE]);
  });

  it('a POST redirected elsewhere is not followed: exit 4, the other origin gets nothing, nothing changes', async () => {
    const elsewhere = await startProxy(sandbox.url, (_req, res) => {
      res.writeHead(204);
      res.end();
      return true;
    });
    servers.push(elsewhere.server);
    const before = groups(WIN32);
    for (const status of [307, 308, 302]) {
      const p = await proxy((req, res) => (isAssign(req) ? (res.writeHead(status, { location: `${elsewhere.url}${req.path}` }), res.end(), true) : false));
      const r = await cli(p.url, ['send', 'new.assign.json', '--app', WIN32, '--yes', '--justification', 'probe']);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /redirect/);
      assert.doesNotMatch(r.stdout, /Sent/);
    }
    assert.equal(elsewhere.seen.length, 0);
    assert.deepEqual(groups(WIN32), before);
  });

  it('a connection dropped after Graph applied the POST: one POST, the app read again, the change reported applied', async () => {
    const p = await proxy(async (req, res, forward) => {
      if (!isAssign(req)) return false;
      await forward();
      res.socket?.destroy();
      return true;
    });
    const r = await cli(p.url, ['send', 'new.assign.json', '--app', WIN32, '--yes']);
    assert.equal(posts().length, 1, 'sent once');
    assert.match(r.stderr, /may have reached Graph/);
    assert.match(r.stderr, /has exactly what was sent .*the change was applied/);
    assert.equal(r.code, 0, r.stderr);
  });

  it('Ctrl-C while the POST is in flight: the app is read again and the outcome said, exit 130', async () => {
    let held: () => void = () => undefined;
    const postArrived = new Promise<void>((resolve) => (held = resolve));
    const p = await proxy(async (req, _res, forward) => {
      if (!isAssign(req)) return false;
      await forward();
      held();
      return true; // never answers
    });
    const child = spawn(process.execPath, [CLI, 'send', 'new.assign.json', '--app', WIN32, '--yes', ...auth], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', INTUNE_ASSIGN_SANDBOX_URL: p.url, PROBE_TOKEN: token, INTUNE_ASSIGN_TOKEN_CACHE: 'none' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await postArrived;
    child.kill('SIGINT');
    const [code] = (await once(child, 'close')) as [number];
    assert.equal(code, 130, stderr);
    assert.match(stderr, /interrupted/i);
    assert.match(stderr, /the change was applied/);
    assert.equal(posts().length, 1);
  });

  it('merge: an assignments read answered 200 without `value` is an error, not "no assignments": exit 4, nothing posted', async () => {
    const p = await proxy((req, res) => (req.method === 'GET' && req.path.includes('/assignments') ? (json(res, 200, { '@odata.context': 'x' }), true) : false));
    const r = await cli(p.url, ['send', 'new.assign.json', '--app', WIN32, '--merge', '--yes']);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /without a "value" list/);
    assert.equal(posts().length, 0);
    assert.equal(groups(WIN32).length, 3);
  });

  it('an app answer naming another app: exit 4 and no POST (the POST only ever goes to the --app typed)', async () => {
    const p = await proxy(async (req, res, forward) => {
      if (req.method !== 'GET' || !req.path.endsWith(`/mobileApps/${WIN32}`)) return false;
      const other = await forward();
      json(res, 200, { ...JSON.parse(other.body.toString()), id: OUTLOOK });
      return true;
    });
    const r = await cli(p.url, ['send', 'new.assign.json', '--app', WIN32, '--yes']);
    assert.equal(r.code, 4, r.stderr);
    assert.equal(posts().length, 0);
  });

  it("control characters in Graph's answers and in documents are printed as escapes, in every human format", async () => {
    const p = await proxy(async (req, res, forward) => {
      if (req.method === 'GET' && req.path.endsWith(`/mobileApps/${WIN32}`)) {
        const app = JSON.parse((await forward()).body.toString());
        json(res, 200, { ...app, displayName: `7-Zip${ESC}]0;owned\u0007${ESC}[2J\nfake.assign.json` });
        return true;
      }
      if (isAssign(req)) {
        json(res, 400, { error: { code: 'BadRequest', message: `no${ESC}[31m\n  1:1  error  forged  schema` } });
        return true;
      }
      return false;
    });
    const sent = await cli(p.url, ['send', 'new.assign.json', '--app', WIN32, '--yes']);
    assert.equal(sent.code, 4);
    const dir = folder({ 'evil.assign.json': VALID.replace('"required"', `"Required\\u001b]0;title\\u0007\\n  1:1  error  forged  schema"`), [`esc${ESC}[2J.assign.json`]: VALID.replace('"required"', '"Required"') });
    try {
      const stylish = await run(dir, ['lint']);
      const github = await run(dir, ['lint', '--format', 'github']);
      for (const out of [sent.stdout, sent.stderr, stylish.stdout, stylish.stderr, github.stdout]) {
        assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f]/, JSON.stringify(out));
        assert.doesNotMatch(out, /^\s+1:1\s+error\s+forged/m);
      }
      assert.match(stylish.stdout, /\\u001b/);
    } finally {
      remove(dir);
    }
  });

  it("Graph's error text that echoes the bearer token is printed redacted", async () => {
    const p = await proxy((req, res) => {
      if (!isAssign(req)) return false;
      json(res, 400, { error: { code: 'BadRequest', message: `Invalid header: Authorization=Bearer ${token}; token ${token}` } });
      return true;
    });
    const r = await cli(p.url, ['send', 'new.assign.json', '--app', WIN32, '--yes']);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /Invalid header/);
    assert.ok(!r.stderr.includes(token.split('.')[1]) && !r.stdout.includes(token.split('.')[1]), r.stderr);
  });

  it('a configuration with the schema rule off does not let unknown properties or a non-list reach Graph: exit 1, no request', async () => {
    const config = JSON.stringify({ rules: { schema: 'off' } });
    const dir = folder({
      'intune-assign.config.json': config,
      'extra.assign.json': DOC.replace('"intent"', '"intentNote": "x",\n      "intent"'),
      'object.assign.json': JSON.stringify({ mobileAppAssignments: { intent: 'required' } }),
    });
    try {
      for (const file of ['extra.assign.json', 'object.assign.json']) {
        const r = await cli(sandbox.url, ['send', file, '--app', WIN32, '--yes'], dir);
        assert.equal(r.code, 1, `${file}: ${r.stderr}`);
        assert.match(r.stderr, /nothing was sent/);
      }
      assert.deepEqual(sandbox.requests.filter((x) => /^\/(beta|v1\.0)\//.test(x.path)), [], 'no Graph request');
    } finally {
      remove(dir);
    }
  });

  it('lint on 300 files and one that makes the checks throw still writes complete JSON and SARIF', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`f${String(i).padStart(3, '0')}.assign.json`] = VALID;
    const n = 120;
    files['deep.assign.json'] = `{"mobileAppAssignments":[{"intent":"required","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"},"settings":${'['.repeat(n)}${']'.repeat(n)}}]}`;
    const dir = folder(files);
    try {
      // A small stack makes the checks overflow on the deep file (within the parser's depth guard) and on no other.
      const lint = (format: string) =>
        new Promise<Run>((resolve) => {
          const child = spawn(process.execPath, ['--stack-size=56', CLI, 'lint', '--format', format, '--concurrency', '1'], { cwd: dir });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          child.on('close', (code) => resolve({ code, stdout, stderr }));
        });
      const asJson = await lint('json');
      const results = JSON.parse(asJson.stdout) as { filePath: string; errorCount: number }[];
      assert.equal(results.length, 301);
      assert.equal(asJson.code, 1);
      assert.ok(results.find((x) => x.filePath.endsWith('deep.assign.json'))!.errorCount > 0);
      const sarif = JSON.parse((await lint('sarif')).stdout) as { runs: { results: unknown[]; invocations: unknown[] }[] };
      assert.equal(sarif.runs.length, 1);
      assert.ok(Array.isArray(sarif.runs[0].invocations));
    } finally {
      remove(dir);
    }
  });
});
