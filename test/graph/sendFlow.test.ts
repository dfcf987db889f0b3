// The logic of VS Code's "Send assign" (client/src/sending/sendFlow.ts) with the core's seams: the real
// Graph client and MSAL (client secret) against the sandbox tenant, and scripted answers where the editor
// would ask the user. Checks the order of the steps, that nothing is requested for an invalid document, that
// cancelling at each step sends nothing, that switching to merge posts the merged list, and Multi Admin
// Approval's justification; plus the words of the confirmation.
import * as assert from 'node:assert/strict';
import type { ValidateResult } from '../../common/src/protocol';
import { Credentials } from '../../graph/src/auth/signIn';
import { resolveCloud } from '../../graph/src/clouds';
import { GraphClient } from '../../graph/src/graphClient';
import { IntuneApps } from '../../graph/src/intuneApps';
import { Linter } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { Sandbox, startSandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED, SANDBOX_DEMO_SECRET, SANDBOX_SECRET_CLIENT } from '../../sandbox/src/seed';
import { confirmation, refusalMessage, Review, runSend, SendSteps } from '../../graph/src/sendFlow';

const SEVEN_ZIP = DEFAULT_SEED.apps[0]; // win32LobApp with 3 assignments
const APPROVAL = DEFAULT_SEED.apps.find((a) => a.requiresApproval)!;
const GROUP = DEFAULT_SEED.groups[1].id;

const DOCUMENT = JSON.stringify({
  mobileAppAssignments: [
    { '@odata.type': '#microsoft.graph.mobileAppAssignment', intent: 'required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP } },
  ],
});
const INVALID = JSON.stringify({ mobileAppAssignments: [{ intent: 'Required', target: { groupId: GROUP } }] });

const linter = new Linter(TYPES);
function validation(text: string): ValidateResult {
  const options = { graphVersion: 'beta' as const, cloud: 'sandbox' as const };
  const problems = linter.lint(text, options).findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, line: 0, character: f.offset }));
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { errors, warnings: problems.length - errors, problems, options };
}

describe('the Send assign flow', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let apps: IntuneApps;

  before(async () => {
    sandbox = await startSandbox({});
    const tokens = new Credentials({
      endpoints: resolveCloud({ cloud: 'sandbox', sandboxUrl: sandbox.url }),
      tenant: sandbox.tenantId,
      clientId: SANDBOX_SECRET_CLIENT,
      method: { kind: 'client-secret', secret: SANDBOX_DEMO_SECRET },
      access: 'write',
    });
    apps = new IntuneApps(new GraphClient({ baseUrl: `${sandbox.url}/beta`, tokens }));
  });
  after(() => sandbox.close());
  // The sandbox keeps every request: each test looks at its own.
  let seen = 0;
  beforeEach(() => {
    sandbox.reset();
    seen = sandbox.requests.length;
  });

  /** Steps that answer as scripted and record what was asked. */
  function steps(text: string, answers: { app?: string | undefined; reviews?: Review[]; justification?: string }): SendSteps & { asked: string[] } {
    const asked: string[] = [];
    const reviews = [...(answers.reviews ?? [{ action: 'send' }])];
    return {
      asked,
      validate: async () => (asked.push('validate'), validation(text)),
      refuse: async () => void asked.push('refuse'),
      connect: async (version) => (asked.push(`connect ${version}`), { apps }),
      chooseApp: async () => (asked.push('app'), 'app' in answers ? (answers.app ? { id: answers.app } : undefined) : { id: SEVEN_ZIP.id }),
      appKnown: async (app) => void asked.push(`known ${app['@odata.type']}`),
      progress: (title, work) => (asked.push(`progress ${title}`), work(new AbortController().signal)),
      review: async (plan) => (asked.push(`review ${plan.mode} -${plan.diff.removed}`), reviews.shift() ?? { action: 'cancel' }),
      justification: async () => (asked.push('justification'), answers.justification),
    };
  }
  const posts = () => sandbox.requests.slice(seen).filter((r) => r.method === 'POST' && r.path.endsWith('/assign'));
  const graphRequests = () => sandbox.requests.slice(seen).filter((r) => !r.path.startsWith('/_sandbox'));

  it('validates, connects, reads the app, reviews and posts exactly the document in replace mode', async () => {
    const s = steps(DOCUMENT, {});
    const result = await runSend(s, { text: () => DOCUMENT, mode: 'replace' });
    assert.equal(result.result, 'sent');
    assert.deepEqual(s.asked, [
      'validate',
      'connect beta',
      'app',
      'progress Reading the app',
      'known #microsoft.graph.win32LobApp',
      "progress Reading the app's assignments",
      'review replace -3',
      `progress Sending 1 assignment(s) to "${SEVEN_ZIP.displayName}"`,
    ]);
    assert.equal(posts().length, 1);
    const body = posts()[0].body as { mobileAppAssignments: { target: { groupId: string } }[] };
    assert.deepEqual(body.mobileAppAssignments.map((a) => a.target.groupId), [GROUP]);
  });

  it('refuses an invalid document before signing in: not one request', async () => {
    const s = steps(INVALID, {});
    const result = await runSend(s, { text: () => INVALID, mode: 'replace' });
    assert.equal(result.result, 'invalid');
    assert.deepEqual(s.asked, ['validate', 'refuse']);
    assert.equal(sandbox.requests.length, seen);
  });

  it('sends nothing when the user gives up choosing the app or at the review', async () => {
    const atApp = await runSend(steps(DOCUMENT, { app: undefined }), { text: () => DOCUMENT, mode: 'replace' });
    assert.deepEqual(atApp, { result: 'cancelled', at: 'app' });
    const atReview = await runSend(steps(DOCUMENT, { reviews: [{ action: 'cancel' }] }), { text: () => DOCUMENT, mode: 'replace' });
    assert.equal(atReview.result, 'cancelled');
    assert.equal(posts().length, 0);
    assert.ok(graphRequests().length > 0, 'the review happened after reading the app');
  });

  it('switching to merge plans again and posts the merged list, removing nothing', async () => {
    const s = steps(DOCUMENT, { reviews: [{ action: 'switch', mode: 'merge' }, { action: 'send' }] });
    const result = await runSend(s, { text: () => DOCUMENT, mode: 'replace' });
    assert.ok(s.asked.includes('review replace -3') && s.asked.includes('review merge -0'), s.asked.join('\n'));
    assert.equal(result.result, 'sent');
    const posted = (posts()[0].body as { mobileAppAssignments: unknown[] }).mobileAppAssignments;
    assert.equal(posted.length, 4, 'the three the app had and the document\'s one');
  });

  it('Multi Admin Approval: asks for a justification, then reports pending approval', async () => {
    const s = steps(DOCUMENT, { app: APPROVAL.id, justification: 'Change 1234' });
    const result = await runSend(s, { text: () => DOCUMENT, mode: 'replace' });
    assert.ok(result.result === 'sent' && result.outcome.outcome === 'pending-approval', JSON.stringify(result));
    assert.equal(posts().length, 2);
    assert.equal(posts()[1].headers['x-msft-approval-justification'], 'Change 1234');
    const cancelled = await runSend(steps(DOCUMENT, { app: APPROVAL.id }), { text: () => DOCUMENT, mode: 'replace' });
    assert.deepEqual({ result: cancelled.result, at: cancelled.result === 'cancelled' && cancelled.at }, { result: 'cancelled', at: 'justification' });
  });

  it('settings that do not fit the app type are a warning at the review, after the app is known, before any POST', async () => {
    const iosSettings = JSON.stringify({
      mobileAppAssignments: [
        {
          '@odata.type': '#microsoft.graph.mobileAppAssignment',
          intent: 'required',
          target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP },
          settings: { '@odata.type': '#microsoft.graph.iosStoreAppAssignmentSettings', vpnConfigurationId: null },
        },
      ],
    });
    // No source shows what Graph does with settings made for another kind of app: the rule warns, and the person
    // deciding at the review sees the warning.
    const s = steps(iosSettings, { reviews: [{ action: 'cancel' }] });
    let warned: string[] = [];
    const review = s.review;
    s.review = async (plan) => ((warned = plan.warnings.map((w) => w.rule)), review(plan));
    const result = await runSend(s, { text: () => iosSettings, mode: 'replace' });
    assert.equal(result.result, 'cancelled');
    assert.deepEqual(warned, ['settings-app-type']);
    assert.ok(s.asked.indexOf('known #microsoft.graph.win32LobApp') < s.asked.indexOf('review replace -3'), 'the editor learns the app type before the review');
    assert.equal(posts().length, 0);
  });

  it('confirmation names tenant, account, app and counts, and says loudly what is REMOVED', () => {
    const words = confirmation(
      {
        appId: SEVEN_ZIP.id,
        app: { id: SEVEN_ZIP.id, '@odata.type': '#microsoft.graph.win32LobApp', displayName: '7-Zip' },
        version: 'beta',
        mode: 'replace',
        current: [],
        body: { mobileAppAssignments: [] },
        diff: { changes: [], added: 2, changed: 1, removed: 3, unchanged: 0 },
        warnings: [],
      },
      { username: 'admin@contoso', tenantId: 'tenant-1', cloud: 'sandbox' },
    );
    assert.equal(words.message, 'Send to "7-Zip"? +2 added, 1 changed, 3 REMOVED');
    for (const part of ['tenant-1 (sandbox)', 'admin@contoso', '7-Zip (win32LobApp', '3 existing assignment(s) will be REMOVED']) assert.ok(words.detail.includes(part), part);
    assert.equal(words.send, 'Send and remove 3');
    assert.deepEqual(words.switchTo, { label: 'Merge instead', mode: 'merge' });
  });
});

describe('the refusal of a document with errors', () => {
  it('names the first error in one sentence, never with a doubled full stop', () => {
    const result: ValidateResult = {
      errors: 2,
      warnings: 0,
      problems: [
        { rule: 'guid-format', severity: 'error', message: 'Use the group\'s object id from the Entra admin center.', line: 6, character: 20 },
        { rule: 'schema', severity: 'error', message: 'Something else.', line: 9, character: 4 },
      ],
      options: { graphVersion: 'beta', cloud: 'global' },
    };
    const text = refusalMessage(result);
    assert.equal(text, "nothing was sent. The document has 2 error(s); the first, on line 7: Use the group's object id from the Entra admin center. Fix them (see the Problems panel) and send again.");
    assert.doesNotMatch(text, /\.\./);
  });
});
