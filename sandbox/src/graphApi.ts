// The sandbox's Microsoft Graph (beta and v1.0): mobile apps, their assignments, assign with REPLACE semantics,
// groups and assignment filters, over the live tenant state, for bearer tokens the sandbox's Entra ID issued.
// It refuses what the service refuses where the facts say so (../shared/graph/README.md): an unknown app
// (404), a body that is not JSON or breaks the validation core's error rules (400 with the first error's
// message), an app that is not published (400), a token without the permission (403), a missing Multi Admin
// Approval justification (400). Reads come back as Graph returns them: `#`-prefixed types, every property of
// the target and settings types spelled out, computed `id`, `source` and `sourceId` (beta).
//
// Modelled, not documented (so the README can say so): the shape of the 202 answer for a change held by Multi
// Admin Approval (an operationApprovalRequest) and the 400 wording without the justification header; the
// assignment ids (`{groupId or target kind}_{index}_0`); the messages of 400/403/404; the permissions that
// /groups and /deviceManagement/assignmentFilters take; the page size (100); that publishing state is checked
// before the body; which properties v1.0's mobileApp lacks; isof() deriving LOB types from mobileLobApp.
import { randomUUID } from 'node:crypto';
import type { GraphVersion } from '../../common/src/constants';
import { Linter, stripHash } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import type { TokenClaims } from './entra';
import { applySelect, Item, ODataError, pageSize, parseFilter, parseOrderBy, parseSearch, skipOffset, skipToken } from './odata';
import type { SandboxSeed, SeedApp, SeedFilter, SeedGroup } from './seed';

export interface GraphReply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface GraphRequest {
  method: string;
  version: GraphVersion;
  /** Path after the version: /deviceAppManagement/mobileApps. */
  path: string;
  query: URLSearchParams;
  /** The request body as text ('' when none). */
  rawBody: string;
  headers: Record<string, string | undefined>;
  claims: TokenClaims;
  /** Origin and version, for nextLinks and contexts: http://127.0.0.1:8765/beta */
  base: string;
  /** Milliseconds since the epoch (the sandbox's clock). */
  now: number;
}

/** A change Multi Admin Approval holds until another administrator approves it (the sandbox never applies it). */
export interface ApprovalRequest {
  '@odata.type': '#microsoft.graph.operationApprovalRequest';
  id: string;
  status: 'needsApproval';
  requestJustification: string;
  requestDateTime: string;
  expirationDateTime: string;
  requestor: { user?: { id: string; displayName?: string }; application?: { id: string } };
  /** What would have been posted (the sandbox's own record; not part of the modelled response). */
  appId: string;
  mobileAppAssignments: Record<string, unknown>[];
}

export interface TenantState {
  apps: SeedApp[];
  groups: SeedGroup[];
  filters: SeedFilter[];
  approvalRequests: ApprovalRequest[];
}

const PAGE_SIZE = 100;
const MAX_APPROVAL_REQUESTS = 1000;
const APPS_READ = ['DeviceManagementApps.Read.All', 'DeviceManagementApps.ReadWrite.All', 'DeviceManagementConfiguration.Read.All', 'DeviceManagementConfiguration.ReadWrite.All'];
const APPS_WRITE = ['DeviceManagementApps.ReadWrite.All', 'DeviceManagementConfiguration.ReadWrite.All'];
const GROUPS_READ = ['Group.Read.All', 'Group.ReadWrite.All', 'GroupMember.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const FILTERS_READ = APPS_READ;
const DEFAULT_CREATED = '2026-01-05T09:00:00Z';
const DEFAULT_MODIFIED = '2026-11-01T12:00:00Z';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** App types that derive from mobileLobApp (and the catalog app from win32LobApp), for isof(). */
const LOB_TYPES = new Set(['win32LobApp', 'win32CatalogApp', 'windowsUniversalAppX', 'windowsAppX', 'windowsMobileMSI', 'macOSLobApp', 'macOSPkgApp', 'macOSDmgApp', 'iosLobApp', 'androidLobApp']);
const linter = new Linter(TYPES);

export function graphError(status: number, code: string, message: string): GraphReply {
  // request-id, client-request-id and date are filled in when the reply is sent.
  return { status, json: { error: { code, message, innerError: {} } } };
}

export function tenantState(seed: SandboxSeed): TenantState {
  const copy = structuredClone(seed);
  return { apps: copy.apps, groups: copy.groups, filters: copy.filters, approvalRequests: [] };
}

export function handleGraph(state: TenantState, request: GraphRequest): GraphReply {
  try {
    return route(state, request);
  } catch (error) {
    if (error instanceof ODataError) return graphError(400, 'BadRequest', error.message);
    throw error;
  }
}

function route(state: TenantState, request: GraphRequest): GraphReply {
  const segments = request.path.split('/').filter(Boolean);
  const lower = segments.map((s) => s.toLowerCase());
  const permissions = new Set([...(request.claims.scp?.split(' ') ?? []), ...(request.claims.roles ?? [])].map((p) => p.toLowerCase()));
  const granted = (needed: string[]) => needed.some((p) => permissions.has(p.toLowerCase()));

  if (lower[0] === 'deviceappmanagement' && lower[1] === 'mobileapps') {
    const write = lower.length === 4 && (lower[3] === 'assign' || lower[3] === 'microsoft.graph.assign');
    if (!granted(write ? APPS_WRITE : APPS_READ)) return intuneForbidden(write ? APPS_WRITE : APPS_READ);
    if (lower.length === 2) return onlyGet(request) ?? listApps(state, request);
    const app = state.apps.find((a) => a.id.toLowerCase() === lower[2]);
    if (!app) return graphError(404, 'ResourceNotFound', `No mobileApp with id '${segments[2]}' exists in the tenant.`);
    if (lower.length === 3) return onlyGet(request) ?? { status: 200, json: { '@odata.context': `${request.base}/$metadata#deviceAppManagement/mobileApps/$entity`, ...singleApp(app, request) } };
    if (write) return request.method === 'POST' ? assign(state, app, request) : graphError(405, 'BadRequest', `assign is an action: POST it (not ${request.method}).`);
    if (lower[3] === 'assignments') {
      const all = app.assignments.map((a, i) => assignmentJson(a, i, request.version));
      if (lower.length === 4) return onlyGet(request) ?? collection(all, request, `deviceAppManagement/mobileApps('${app.id}')/assignments`, { search: ['intent'], orderBy: ['intent', 'id'] });
      if (lower.length === 5) {
        const one = all.find((a) => String(a.id).toLowerCase() === lower[4]);
        if (!one) return graphError(404, 'ResourceNotFound', `No assignment '${segments[4]}' on mobileApp '${app.id}'.`);
        return onlyGet(request) ?? { status: 200, json: { '@odata.context': `${request.base}/$metadata#deviceAppManagement/mobileApps('${app.id}')/assignments/$entity`, ...applySelect(one, request.query.get('$select')) } };
      }
    }
    return segmentNotFound(segments[3] ?? segments[2]);
  }

  if (lower[0] === 'groups') {
    if (!granted(GROUPS_READ)) return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    if (lower.length === 1) {
      const eventual = request.headers.consistencylevel?.toLowerCase() === 'eventual';
      if ((request.query.has('$search') || request.query.get('$count') === 'true') && !eventual) {
        return graphError(400, 'Request_UnsupportedQuery', "$search and $count on groups are advanced queries: send the header 'ConsistencyLevel: eventual'.");
      }
      return onlyGet(request) ?? collection(state.groups.map(groupJson), request, 'groups', { search: ['displayName', 'description', 'mail', 'mailNickname'], orderBy: ['displayName'] });
    }
    if (lower.length === 2) {
      if (!GUID.test(segments[1])) return graphError(400, 'Request_BadRequest', `Invalid object identifier '${segments[1]}'.`);
      const group = state.groups.find((g) => g.id.toLowerCase() === lower[1]);
      if (!group) return graphError(404, 'Request_ResourceNotFound', `Resource '${segments[1]}' does not exist or one of its queried reference-property objects are not present.`);
      return onlyGet(request) ?? { status: 200, json: { '@odata.context': `${request.base}/$metadata#groups/$entity`, ...applySelect(groupJson(group), request.query.get('$select')) } };
    }
    return segmentNotFound(segments[2]);
  }

  if (lower[0] === 'devicemanagement' && lower[1] === 'assignmentfilters') {
    if (!granted(FILTERS_READ)) return intuneForbidden(FILTERS_READ);
    if (lower.length === 2) return onlyGet(request) ?? collection(state.filters.map(filterJson), request, 'deviceManagement/assignmentFilters', { search: ['displayName', 'description'], orderBy: ['displayName', 'platform'] });
    if (lower.length === 3) {
      const filter = state.filters.find((f) => f.id.toLowerCase() === lower[2]);
      if (!filter) return graphError(404, 'ResourceNotFound', `No assignment filter with id '${segments[2]}' exists in the tenant.`);
      return onlyGet(request) ?? { status: 200, json: { '@odata.context': `${request.base}/$metadata#deviceManagement/assignmentFilters/$entity`, ...applySelect(filterJson(filter), request.query.get('$select')) } };
    }
  }

  return segmentNotFound(segments[0] ?? '');
}

function onlyGet(request: GraphRequest): GraphReply | undefined {
  return request.method === 'GET' ? undefined : graphError(405, 'BadRequest', `The sandbox serves ${request.method} nowhere here: only GET (and POST .../assign).`);
}

function segmentNotFound(segment: string): GraphReply {
  return graphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

function intuneForbidden(needed: string[]): GraphReply {
  return graphError(403, 'Forbidden', `Application is not authorized to perform this operation. Application must have one of the following scopes: ${needed.join(', ')} - Operation ID (for customer support): ${randomUUID()}`);
}

// ---- collections ----

interface CollectionOptions {
  search: string[];
  orderBy: string[];
  /** $expand is read by the caller (apps' assignments); elsewhere it is refused. */
  expandable?: boolean;
}

function collection(items: Item[], request: GraphRequest, contextPath: string, options: CollectionOptions, isA: (item: Item, type: string) => boolean = plainIsA): GraphReply {
  const q = request.query;
  for (const key of q.keys()) {
    const known = ['$filter', '$search', '$orderby', '$select', '$top', '$skiptoken', '$count', ...(options.expandable ? ['$expand'] : [])];
    if (key.startsWith('$') && !known.includes(key)) throw new ODataError(`Query option '${key}' is not supported by the sandbox here.`);
  }
  let list = items;
  const filter = q.get('$filter');
  if (filter) list = list.filter(parseFilter(filter, isA));
  const search = q.get('$search');
  if (search) list = list.filter(parseSearch(search, options.search));
  const orderBy = q.get('$orderby');
  if (orderBy) list = [...list].sort(parseOrderBy(orderBy, options.orderBy));
  const top = pageSize(q.get('$top'), PAGE_SIZE);
  const offset = skipOffset(q.get('$skiptoken'));
  // An expanded navigation property survives $select, as in Graph.
  const pageItems = list.slice(offset, offset + top).map((item) => ({ ...applySelect(item, q.get('$select')), ...(item.assignments ? { assignments: item.assignments } : {}) }));
  const json: Record<string, unknown> = { '@odata.context': `${request.base}/$metadata#${contextPath}` };
  if (q.get('$count') === 'true') json['@odata.count'] = list.length;
  if (offset + top < list.length) json['@odata.nextLink'] = nextLink(request, top, offset + top);
  json.value = pageItems;
  return { status: 200, json };
}

/** The same request for the next page: every option kept, on the sandbox's own origin. */
function nextLink(request: GraphRequest, top: number, offset: number): string {
  const parts: string[] = [];
  for (const [key, value] of request.query) if (key !== '$top' && key !== '$skiptoken') parts.push(`${encodeQueryKey(key)}=${encodeURIComponent(value)}`);
  parts.push(`$top=${top}`, `$skiptoken=${encodeURIComponent(skipToken(offset))}`);
  return `${request.base}${request.path}?${parts.join('&')}`;
}

function encodeQueryKey(key: string): string {
  return key.startsWith('$') ? `$${encodeURIComponent(key.slice(1))}` : encodeURIComponent(key);
}

function plainIsA(item: Item, type: string): boolean {
  return stripHash(String(item['@odata.type'] ?? '')) === type;
}

function appIsA(item: Item, type: string): boolean {
  const own = stripHash(String(item['@odata.type'] ?? ''));
  if (own === type || type === 'microsoft.graph.mobileApp') return true;
  const local = own.replace('microsoft.graph.', '');
  if (type === 'microsoft.graph.mobileLobApp') return LOB_TYPES.has(local);
  return type === 'microsoft.graph.win32LobApp' && local === 'win32CatalogApp';
}

// ---- apps ----

function listApps(state: TenantState, request: GraphRequest): GraphReply {
  const expand = expandsAssignments(request);
  const items = state.apps.map((app) => (expand ? { ...appJson(app, request), assignments: app.assignments.map((a, i) => assignmentJson(a, i, request.version)) } : appJson(app, request)));
  return collection(items, request, 'deviceAppManagement/mobileApps', { search: ['displayName', 'publisher', 'description'], orderBy: ['displayName', 'publisher', 'createdDateTime', 'lastModifiedDateTime'], expandable: true }, appIsA);
}

function expandsAssignments(request: GraphRequest): boolean {
  const expand = request.query.get('$expand');
  if (!expand) return false;
  if (expand.trim().toLowerCase() !== 'assignments') throw new ODataError(`$expand supports 'assignments' only here, not '${expand}'.`);
  return true;
}

/** An app as Graph returns it (before $select and $expand). */
function appJson(app: SeedApp, request: GraphRequest): Item {
  const beta = request.version === 'beta';
  const json: Item = {
    '@odata.type': app['@odata.type'],
    id: app.id,
    displayName: app.displayName,
    description: app.description ?? '',
    publisher: app.publisher,
    largeIcon: null,
    createdDateTime: app.createdDateTime ?? DEFAULT_CREATED,
    lastModifiedDateTime: app.lastModifiedDateTime ?? DEFAULT_MODIFIED,
    isFeatured: false,
    privacyInformationUrl: null,
    informationUrl: null,
    owner: '',
    developer: '',
    notes: '',
    publishingState: app.publishingState,
    ...(beta ? { isAssigned: app.assignments.length > 0, roleScopeTagIds: ['0'], dependentAppCount: 0, supersedingAppCount: 0, supersededAppCount: 0 } : {}),
    ...(app.properties ?? {}),
  };
  return json;
}

/** GET one app: $select, then $expand=assignments. */
function singleApp(app: SeedApp, request: GraphRequest): Item {
  const json = applySelect(appJson(app, request), request.query.get('$select'));
  if (expandsAssignments(request)) json.assignments = app.assignments.map((a, i) => assignmentJson(a, i, request.version));
  return json;
}

// ---- assignments ----

/** The id Graph gives an assignment; modelled on the ids the service returns. */
function assignmentId(target: Record<string, unknown>, index: number): string {
  const key = target.groupId ?? target.collectionId ?? stripHash(String(target['@odata.type'] ?? 'target')).replace('microsoft.graph.', '');
  return `${String(key)}_${index}_0`;
}

/** An assignment as GET returns it: `#` types, every property of the target and settings types, computed fields. */
export function assignmentJson(assignment: Record<string, unknown>, index: number, version: GraphVersion): Item {
  const target = (assignment.target ?? {}) as Record<string, unknown>;
  const settings = assignment.settings && typeof assignment.settings === 'object' ? (assignment.settings as Record<string, unknown>) : null;
  const json: Item = { '@odata.type': '#microsoft.graph.mobileAppAssignment', id: assignmentId(target, index), intent: assignment.intent };
  if (version === 'beta') {
    json.source = 'direct';
    json.sourceId = null;
  }
  json.target = complete(target, version);
  json.settings = settings ? complete(settings, version) : null;
  return json;
}

function complete(value: Record<string, unknown>, version: GraphVersion): Record<string, unknown> {
  const types = TYPES.forVersion(version);
  const name = stripHash(String(value['@odata.type'] ?? ''));
  const out: Record<string, unknown> = { '@odata.type': `#${name}` };
  if (!types.type(name)) return { ...value, ...out };
  for (const { name: property, info, betaOnly } of types.properties(name)) {
    if (betaOnly && version !== 'beta') continue;
    if (value[property] !== undefined) out[property] = value[property];
    else if (info.nullable) out[property] = info.collection ? [] : null;
    else if (info.collection) out[property] = [];
    else if (types.isEnum(info.type)) out[property] = types.enum(info.type)?.members[0]?.name ?? null;
    else if (info.type === 'Edm.Boolean') out[property] = false;
    else if (/^Edm\.(Int|Double|Decimal)/.test(info.type)) out[property] = 0;
    else out[property] = null;
  }
  return out;
}

function assign(state: TenantState, app: SeedApp, request: GraphRequest): GraphReply {
  if (app.publishingState !== 'published') {
    return graphError(400, 'BadRequest', `The app '${app.displayName}' cannot be assigned: its publishing state is ${app.publishingState}. Only published apps can be assigned.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody);
  } catch {
    return graphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
  // What the service answers 400 to is what the validation core reports as an error (warnings pass).
  const { findings } = linter.lint(request.rawBody, { graphVersion: request.version, cloud: 'global', appType: app['@odata.type'] });
  const error = findings.find((f) => f.severity === 'error');
  if (error) return graphError(400, 'BadRequest', error.message);
  const assignments = (body as { mobileAppAssignments?: unknown }).mobileAppAssignments;
  if (!Array.isArray(assignments)) return graphError(400, 'BadRequest', "The request body must be an object with 'mobileAppAssignments', an array.");
  const kept = (assignments as Record<string, unknown>[]).map(stored);
  const now = new Date(request.now).toISOString();

  if (app.requiresApproval) {
    const justification = request.headers['x-msft-approval-justification']?.trim();
    // Multi Admin Approval's answers for this action are modelled: a 400 naming the header without it, and
    // with it a 202 holding an approval request, with the assignments unchanged.
    if (!justification) {
      return graphError(400, 'BadRequest', `This operation is protected by a Multi Admin Approval access policy: the header 'x-msft-approval-justification' is required to request approval for it.`);
    }
    const requestor = request.claims.idtyp === 'user' ? { user: { id: request.claims.oid, displayName: request.claims.name } } : { application: { id: request.claims.azp } };
    const approval: ApprovalRequest = {
      '@odata.type': '#microsoft.graph.operationApprovalRequest',
      id: randomUUID(),
      status: 'needsApproval',
      requestJustification: justification,
      requestDateTime: now,
      expirationDateTime: new Date(request.now + 24 * 3600_000).toISOString(),
      requestor,
      appId: app.id,
      mobileAppAssignments: kept,
    };
    state.approvalRequests.push(approval);
    if (state.approvalRequests.length > MAX_APPROVAL_REQUESTS) state.approvalRequests.shift();
    const response: Record<string, unknown> = { '@odata.context': `${request.base}/$metadata#microsoft.graph.operationApprovalRequest` };
    // The sandbox's own record (appId, the posted list) stays out of the answer.
    for (const key of ['@odata.type', 'id', 'status', 'requestJustification', 'requestDateTime', 'expirationDateTime', 'requestor'] as const) response[key] = approval[key];
    return { status: 202, json: response };
  }

  app.assignments = kept;
  app.lastModifiedDateTime = now;
  return { status: 204 };
}

/** As people write them, minus what the service computes; `#` added to types so reads need not. */
function stored(assignment: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(assignment)) if (!['id', 'source', 'sourceId', '@odata.type'].includes(key)) kept[key] = value;
  for (const key of ['target', 'settings']) {
    const v = kept[key] as Record<string, unknown> | null | undefined;
    if (v && typeof v === 'object' && typeof v['@odata.type'] === 'string') kept[key] = { ...v, '@odata.type': `#${stripHash(v['@odata.type'] as string)}` };
  }
  if (kept.settings === undefined) kept.settings = null;
  return kept;
}

// ---- groups and filters ----

function groupJson(group: SeedGroup): Item {
  const dynamic = Boolean(group.membershipRule) || (group.groupTypes ?? []).includes('DynamicMembership');
  return {
    id: group.id,
    deletedDateTime: null,
    createdDateTime: DEFAULT_CREATED,
    description: group.description ?? null,
    displayName: group.displayName,
    groupTypes: group.groupTypes ?? (dynamic ? ['DynamicMembership'] : []),
    mail: null,
    mailEnabled: false,
    mailNickname: group.displayName.replace(/[^A-Za-z0-9]/g, '').slice(0, 64) || group.id.slice(0, 8),
    membershipRule: group.membershipRule ?? null,
    membershipRuleProcessingState: dynamic ? 'On' : null,
    securityEnabled: true,
    visibility: null,
  };
}

function filterJson(filter: SeedFilter): Item {
  return {
    '@odata.type': '#microsoft.graph.deviceAndAppManagementAssignmentFilter',
    id: filter.id,
    createdDateTime: DEFAULT_CREATED,
    lastModifiedDateTime: DEFAULT_MODIFIED,
    displayName: filter.displayName,
    description: filter.description ?? '',
    platform: filter.platform,
    rule: filter.rule,
    roleScopeTags: ['0'],
    assignmentFilterManagementType: 'devices',
  };
}
