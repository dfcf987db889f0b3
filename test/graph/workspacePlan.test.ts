// The workspace plan and apply in the graph core, against the sandbox: a file that leaves out what Graph fills
// in plans in sync; states (changes, not sent, invalid, missing app, not published); apply posts in order, goes
// on after a failure, and stops between apps when cancelled; writes are paced by a sliding window; promotion maps
// group and filter ids and nothing else; the Markdown is safe to post and bounded; the JSON has exactly its keys.
import * as assert from 'node:assert/strict';
import { IntuneApps } from '../../graph/src/intuneApps';
import { applyChanges, WritePacer } from '../../graph/src/workspace/apply';
import { MAX_MARKDOWN_CHARS, md, planJson, planMarkdown, planText } from '../../graph/src/workspace/format';
import { changedApps, type PlanEntry, planWorkspace, type WorkspacePlan } from '../../graph/src/workspace/plan';
import { idsInUse, mapAssignments, type NameMapping } from '../../graph/src/workspace/promote';
import type { Sandbox } from '../../sandbox/src/sandbox';
import { DEFAULT_SEED } from '../../sandbox/src/seed';
import { bigSandbox, clientFor, graphRequests } from './tenantHelpers';

const [SEVEN_ZIP, OUTLOOK, INTRANET] = DEFAULT_SEED.apps;
const PORTAL = DEFAULT_SEED.apps.find((a) => a.requiresApproval)!;
const UPLOADING = DEFAULT_SEED.apps.find((a) => a.publishingState === 'processing')!;
const FINANCE = DEFAULT_SEED.groups.find((g) => g.displayName === 'All Finance Staff')!.id;
const OPTIONS = { graphVersion: 'beta', cloud: 'global', rules: {} } as const;
const doc = (assignments: unknown[]) => JSON.stringify({ mobileAppAssignments: assignments });
const entry = (file: string, appId: string, text: string | { error: string }): PlanEntry => ({ file, appId, text, options: OPTIONS });
const allUsers = { intent: 'available', target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' } };

describe('the workspace plan and apply', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await bigSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  const plan = async (entries: PlanEntry[]) => {
    const client = await clientFor(sandbox);
    return planWorkspace({ entries, client: () => client, tenantId: sandbox.tenantId });
  };

  it('gives each file its state, in the order of the files, reading the tenant in one batch', async () => {
    const since = sandbox.requests.length;
    const result = await plan([
      entry('intranet.assign.json', INTRANET.id, doc([allUsers])), // as the app has it, Graph's defaults left out
      entry('7-zip.assign.json', SEVEN_ZIP.id, doc([allUsers])),
      entry('portal.assign.json', PORTAL.id, doc([allUsers])),
      entry('broken.assign.json', OUTLOOK.id, doc([{ ...allUsers, intent: 'Installed' }])),
      entry('unreadable.assign.json', OUTLOOK.id, { error: 'unreadable.assign.json is UTF-16' }),
      entry('gone.assign.json', '00000000-0000-4000-8000-00000000dead', doc([allUsers])),
      entry('uploading.assign.json', UPLOADING.id, doc([allUsers])),
    ]);
    assert.deepEqual(result.apps.map((a) => `${a.entry.file} ${a.state}`), [
      'intranet.assign.json in-sync',
      '7-zip.assign.json changes',
      'portal.assign.json not-sent',
      'broken.assign.json invalid',
      'unreadable.assign.json invalid',
      'gone.assign.json error',
      'uploading.assign.json error',
    ]);
    assert.equal(graphRequests(sandbox, since).length, 1, 'one batch');
    const gone = result.apps[5];
    assert.ok(gone.state === 'error' && gone.missing && /does not exist in tenant/.test(gone.message));
    assert.deepEqual(changedApps(result).map((a) => a.entry.file), ['7-zip.assign.json', 'portal.assign.json']);
    const json = planJson(result);
    assert.deepEqual(Object.keys(json), ['apps', 'changedApps']);
    assert.deepEqual(json.apps[1], { file: '7-zip.assign.json', appId: SEVEN_ZIP.id, displayName: '7-Zip', added: 0, changed: 1, removed: 2, unchanged: 0 });
    assert.equal(json.changedApps, 2);
    const text = planText(result, 'Workspace', { groups: { [DEFAULT_SEED.groups[0].id]: 'All Employees' } });
    assert.match(text, /- REMOVED required · group "All Employees" \(4d2a8e1c-/);
    assert.match(text, /! gone\.assign\.json: ERROR: App 00000000-0000-4000-8000-00000000dead does not exist/);
  });

  it('apply posts each change in order, goes on after a failure, and says which were not tried when cancelled', async () => {
    const result = await plan([
      entry('portal.assign.json', PORTAL.id, doc([allUsers])), // Multi Admin Approval: refused without a justification
      entry('7-zip.assign.json', SEVEN_ZIP.id, doc([allUsers])),
      entry('outlook.assign.json', OUTLOOK.id, doc([{ intent: 'required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: FINANCE } }])),
      entry('intranet.assign.json', INTRANET.id, doc([])),
    ]);
    const apps = new IntuneApps(await clientFor(sandbox));
    const stop = new AbortController();
    const since = sandbox.requests.length;
    const outcomes = await applyChanges(() => apps, changedApps(result), {
      signal: stop.signal,
      // Cancelled while the second app is sent: it is finished, the rest are not tried.
      onStart: (i) => i === 1 && stop.abort(),
    });
    assert.deepEqual(outcomes.map((o) => `${o.file} ${o.result}`), ['portal.assign.json failed', '7-zip.assign.json succeeded', 'outlook.assign.json not-tried', 'intranet.assign.json not-tried']);
    assert.match(outcomes[0].message!, /--justification/);
    const posts = graphRequests(sandbox, since).filter((r) => r.method === 'POST');
    assert.deepEqual(posts.map((p) => p.path.split('/')[4]), [PORTAL.id, SEVEN_ZIP.id]);
    assert.deepEqual(posts[1].body, JSON.parse(doc([allUsers])), 'the file as written');
  });

  it('paces writes in a sliding window', async () => {
    let clock = 0;
    const waits: number[] = [];
    const pacer = new WritePacer(2, 20_000, () => clock, async (ms) => {
      waits.push(ms);
      clock += ms;
    });
    for (let i = 0; i < 5; i++) {
      await pacer.slot();
      clock += 1000;
    }
    assert.deepEqual(waits, [18_000, 18_000], 'the third and the fifth write wait for the oldest to leave the window');
  });

  it('promotion rewrites group and filter ids and nothing else, and cannot map ids of other kinds', () => {
    const filter = DEFAULT_SEED.filters[0].id;
    const assignments: Record<string, unknown>[] = [
      { intent: 'required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: FINANCE.toUpperCase(), deviceAndAppManagementAssignmentFilterId: filter, deviceAndAppManagementAssignmentFilterType: 'include' }, settings: { '@odata.type': '#microsoft.graph.iosStoreAppAssignmentSettings', vpnConfigurationId: 'b6e4c5a2-1111-4222-8333-944455556666' } },
      allUsers,
    ];
    const mapping: NameMapping = { toTenant: 't2', sameTenant: false, apps: [], groups: [{ from: FINANCE, to: 'g2' }], filters: [{ from: filter, to: 'f2' }], problems: [] };
    const mapped = mapAssignments(assignments, mapping);
    assert.deepEqual(mapped[0].target, { ...(assignments[0].target as object), groupId: 'g2', deviceAndAppManagementAssignmentFilterId: 'f2' });
    assert.deepEqual(mapped[0].settings, assignments[0].settings);
    assert.deepEqual(mapped[1], allUsers);
    assert.deepEqual(idsInUse(assignments), { groups: [FINANCE], filters: [filter], unmappable: ['settings.vpnConfigurationId b6e4c5a2-1111-4222-8333-944455556666'] });
  });

  it('Markdown for a pull request: names escaped, REMOVED loud, bounded in size', () => {
    assert.equal(md('[click](https://evil.example) <img> @team | `x` \u001b[2J'), '\\[click\\](https://evil.example) \\<img\\> \\@team \\| \\`x\\` \\\\u001b\\[2J');
    const change = { kind: 'removed' as const, label: 'required · group x', details: [] };
    const many: WorkspacePlan = {
      apps: Array.from({ length: 400 }, (_, i) => ({
        state: 'changes' as const,
        entry: entry(`app-${i}.assign.json`, SEVEN_ZIP.id, '{}'),
        plan: { appId: SEVEN_ZIP.id, app: { id: SEVEN_ZIP.id, '@odata.type': '#microsoft.graph.win32LobApp', displayName: `App ${i}` }, mode: 'replace' as const, current: [], body: { mobileAppAssignments: [] }, diff: { changes: Array(40).fill(change), added: 0, changed: 0, removed: 40, unchanged: 0 }, warnings: [], version: 'beta' as const },
      })),
    };
    const markdown = planMarkdown(many, 'plan');
    assert.ok(markdown.length <= MAX_MARKDOWN_CHARS, `${markdown.length} characters`);
    assert.match(markdown, /> \[!CAUTION\]\n> \*\*16000 assignment\(s\) will be REMOVED\*\* from 400 app\(s\)/);
    assert.match(markdown, /The details of the other apps are left out/);
  });
});
