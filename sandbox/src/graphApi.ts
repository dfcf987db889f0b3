// The sandbox's Microsoft Graph: apps, their assignments, assign with REPLACE semantics, groups and assignment
// filters, behind bearer tokens the sandbox's Entra ID issued. It refuses what the service refuses where the
// facts say so (unknown app, an app not published, the mistakes the validation core reports as errors, a
// missing Multi Admin Approval justification) with Graph-shaped errors, and throttles as the Intune
// applications service documents.
import { randomUUID } from 'node:crypto';
import { Linter } from '../../server/src/service/lint';
import type { TokenClaims } from './entra';
import type { SandboxSeed, SeedApp } from './seed';

export interface GraphReply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface GraphRequest {
  method: string;
  /** Path after the version: /deviceAppManagement/mobileApps. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string | undefined>;
  claims: TokenClaims;
  /** The origin and version prefix for nextLinks: http://127.0.0.1:8765/beta */
  base: string;
}

export interface TenantState {
  apps: SeedApp[];
  groups: SandboxSeed['groups'];
  filters: SandboxSeed['filters'];
}

const PAGE_SIZE = 100;
const WRITE = 'DeviceManagementApps.ReadWrite.All';
const linter = new Linter();

export function graphError(status: number, code: string, message: string): GraphReply {
  return { status, json: { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomUUID() } } } };
}

export function tenantState(seed: SandboxSeed): TenantState {
  const copy = JSON.parse(JSON.stringify(seed)) as SandboxSeed;
  return { apps: copy.apps, groups: copy.groups, filters: copy.filters };
}

/** What GET returns for an assignment: ids, source, '#' types and spelled-out filter fields. */
function asReturned(assignment: Record<string, unknown>, index: number): Record<string, unknown> {
  const target = { ...(assignment.target as Record<string, unknown>) };
  const type = String(target['@odata.type'] ?? '').replace(/^#?/, '#');
  target['@odata.type'] = type;
  if (!/configurationManagerCollection/.test(type)) {
    target.deviceAndAppManagementAssignmentFilterId ??= null;
    target.deviceAndAppManagementAssignmentFilterType ??= 'none';
  }
  const settings = assignment.settings && typeof assignment.settings === 'object' ? { ...(assignment.settings as Record<string, unknown>) } : null;
  if (settings && typeof settings['@odata.type'] === 'string') settings['@odata.type'] = String(settings['@odata.type']).replace(/^#?/, '#');
  const key = String(target.groupId ?? target.collectionId ?? type.replace('#microsoft.graph.', ''));
  return { '@odata.type': '#microsoft.graph.mobileAppAssignment', id: `${key}_${index}_0`, intent: assignment.intent, source: 'direct', sourceId: null, target, settings };
}

function app(app: SeedApp): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...app };
  delete fields.assignments;
  delete fields.requiresApproval;
  return { ...fields, isAssigned: app.assignments.length > 0, createdDateTime: '2026-01-05T09:00:00Z', lastModifiedDateTime: '2026-11-01T12:00:00Z' };
}

function page<T>(items: T[], request: GraphRequest, path: string): GraphReply {
  const top = Math.min(Math.max(Number(request.query.get('$top') ?? PAGE_SIZE) || PAGE_SIZE, 1), 999);
  const skip = Number(request.query.get('$skiptoken') ?? 0) || 0;
  const next = skip + top < items.length ? `${request.base}${path}?$top=${top}&$skiptoken=${skip + top}` : undefined;
  return { status: 200, json: { '@odata.context': `${request.base}/$metadata#${path.split('/').pop()}`, value: items.slice(skip, skip + top), ...(next ? { '@odata.nextLink': next } : {}) } };
}

export function handleGraph(state: TenantState, request: GraphRequest): GraphReply {
  const { method, path } = request;
  const apps = /^\/deviceAppManagement\/mobileApps(?:\/([^/]+))?(?:\/(assignments|assign))?$/.exec(path);
  if (apps) {
    const [, id, sub] = apps;
    if (!id) {
      if (method !== 'GET') return graphError(405, 'BadRequest', 'Only GET is supported here.');
      let list = state.apps;
      const isof = /isof\('([^']+)'\)/.exec(request.query.get('$filter') ?? '')?.[1];
      if (isof) list = list.filter((a) => a['@odata.type'] === `#${isof}`);
      const search = request.query.get('$search')?.replace(/^"|"$/g, '').toLowerCase();
      if (search) list = list.filter((a) => `${a.displayName} ${a.publisher}`.toLowerCase().includes(search));
      return page(list.map(app), request, '/deviceAppManagement/mobileApps');
    }
    const found = state.apps.find((a) => a.id.toLowerCase() === id.toLowerCase());
    if (!found) return graphError(404, 'ResourceNotFound', `No mobileApp with id '${id}' exists in the tenant.`);
    if (!sub) return method === 'GET' ? { status: 200, json: app(found) } : graphError(405, 'BadRequest', 'Only GET is supported here.');
    if (sub === 'assignments') return method === 'GET' ? page(found.assignments.map(asReturned), request, `/deviceAppManagement/mobileApps/${id}/assignments`) : graphError(405, 'BadRequest', 'Only GET is supported here.');
    if (method !== 'POST') return graphError(405, 'BadRequest', 'assign is an action: POST it.');
    return assign(found, request);
  }
  const groups = /^\/groups(?:\/([^/]+))?$/.exec(path);
  if (groups && method === 'GET') {
    if (groups[1]) {
      const g = state.groups.find((x) => x.id === groups[1]);
      return g ? { status: 200, json: groupJson(g) } : graphError(404, 'Request_ResourceNotFound', `Resource '${groups[1]}' does not exist.`);
    }
    const search = request.query.get('$search')?.replace(/^"|"$|displayName:/g, '').toLowerCase();
    return page(state.groups.filter((g) => !search || g.displayName.toLowerCase().includes(search)).map(groupJson), request, '/groups');
  }
  if (path === '/deviceManagement/assignmentFilters' && method === 'GET') {
    return page(state.filters.map((f) => ({ '@odata.type': '#microsoft.graph.deviceAndAppManagementAssignmentFilter', ...f })), request, '/deviceManagement/assignmentFilters');
  }
  return graphError(404, 'BadRequest', `Resource not found for the segment '${path.split('/')[1] ?? path}'.`);
}

function groupJson(g: SandboxSeed['groups'][number]): Record<string, unknown> {
  return { id: g.id, displayName: g.displayName, groupTypes: [], securityEnabled: true, mailEnabled: false, description: g.kind === 'device' ? 'Device group' : 'User group' };
}

function assign(found: SeedApp, request: GraphRequest): GraphReply {
  const permissions = [...(request.claims.scp?.split(' ') ?? []), ...(request.claims.roles ?? [])];
  if (!permissions.includes(WRITE)) return graphError(403, 'Forbidden', `The token does not grant ${WRITE}, which assign needs.`);
  if (found.publishingState !== 'published') return graphError(400, 'BadRequest', `The app '${found.displayName}' cannot be assigned: its publishing state is ${found.publishingState}.`);
  const body = request.body as { mobileAppAssignments?: unknown } | undefined;
  if (!body || typeof body !== 'object' || !Array.isArray(body.mobileAppAssignments)) {
    return graphError(400, 'BadRequest', "The request body must be an object with 'mobileAppAssignments', an array.");
  }
  // What the service rejects with a 400 is what the validation core calls an error.
  const errors = linter.lint(JSON.stringify(body), { graphVersion: /\/v1\.0$/.test(request.base) ? 'v1.0' : 'beta', cloud: 'global', appType: found['@odata.type'] }).findings.filter((f) => f.severity === 'error');
  if (errors.length) return graphError(400, 'BadRequest', errors[0].message);
  if (found.requiresApproval) {
    const justification = request.headers['x-msft-approval-justification'];
    // Multi Admin Approval's answer to a justified change is modelled: a pending request, nothing changed.
    if (!justification) return graphError(400, 'BadRequest', "Header 'x-msft-approval-justification' is required to request approval for this operation, which an access policy protects.");
    return {
      status: 202,
      json: { '@odata.type': '#microsoft.graph.operationApprovalRequest', id: randomUUID(), status: 'needsApproval', requestJustification: justification, requestDateTime: new Date().toISOString() },
    };
  }
  // Kept as people write them; what GET adds (ids, source) is computed when read.
  found.assignments = (body.mobileAppAssignments as Record<string, unknown>[]).map((a) => {
    const kept = { ...a };
    for (const computed of ['id', 'source', 'sourceId', '@odata.type']) delete kept[computed];
    return kept;
  });
  return { status: 204 };
}
