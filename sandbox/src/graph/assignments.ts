// An app's assignments in the sandbox's Graph: GET .../mobileApps/{id}/assignments (and one by id) as Graph
// returns them (`#` types, every property of the target and settings types filled in from the metadata,
// computed id, source and sourceId on beta), and POST .../assign with Graph's REPLACE semantics, judged by
// judge.ts; Multi Admin Approval holds a change for a second administrator.
//
// Modelled, not documented: the assignment ids (`{groupId or target kind}_{index}_0`); the 202 answer for a
// change held by Multi Admin Approval (an operationApprovalRequest) and the 400 without the justification
// header; that the publishing state is checked before the body; the messages of 400/404.
import { randomUUID } from 'node:crypto';
import type { GraphVersion } from '../../../common/src/constants';
import { collection, entity, INTUNE_PAGE_SIZE } from './collection';
import { judgeAssignBody } from './judge';
import type { Item } from './odataFilter';
import { ApprovalRequest, graphError, GraphReply, GraphRequest, onlyGet, TenantState } from './request';
import { canonicalMember, canonicalType, complete, qualified, typeInfo, versionMap } from './typeMap';
import type { SeedApp } from '../seed/format';

const MAX_APPROVAL_REQUESTS = 1000;

/** GET .../assignments and .../assignments/{id}. */
export function readAssignments(app: SeedApp, request: GraphRequest, id: string | undefined): GraphReply {
  const refused = onlyGet(request);
  if (refused) return refused;
  const all = app.assignments.map((a, i) => assignmentJson(a, i, request.version));
  const context = `deviceAppManagement/mobileApps('${app.id}')/assignments`;
  if (id === undefined) return collection(all, request, context, { search: ['intent'], orderBy: ['intent', 'id'], pageSize: INTUNE_PAGE_SIZE, maxTop: INTUNE_PAGE_SIZE });
  const one = all.find((a) => String(a.id).toLowerCase() === id.toLowerCase());
  if (!one) return graphError(404, 'ResourceNotFound', `No assignment '${id}' on mobileApp '${app.id}'.`);
  return entity(one, request, context);
}

/** The id Graph gives an assignment; modelled on the ids the service returns. */
function assignmentId(target: Record<string, unknown>, index: number): string {
  const key = target.groupId ?? target.collectionId ?? qualified(String(target['@odata.type'] ?? 'target')).replace('microsoft.graph.', '');
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

/** POST .../assign: the body replaces every assignment of the app (or waits for approval). */
export function assign(state: TenantState, app: SeedApp, request: GraphRequest): GraphReply {
  if (request.method !== 'POST') return graphError(405, 'BadRequest', `assign is an action: POST it (not ${request.method}).`);
  if (app.publishingState !== 'published') {
    return graphError(400, 'BadRequest', `The app '${app.displayName}' cannot be assigned: its publishing state is ${app.publishingState}. Only published apps can be assigned.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody);
  } catch {
    return graphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
  const refusal = judgeAssignBody(body, request.version);
  if (refusal) return graphError(refusal.status, refusal.code, refusal.message);
  const kept = ((body as { mobileAppAssignments: Record<string, unknown>[] }).mobileAppAssignments).map((a) => stored(a, request.version));
  const now = new Date(request.now).toISOString();

  if (app.requiresApproval) {
    const justification = request.headers['x-msft-approval-justification']?.trim();
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

/**
 * As people write them, minus what the service computes, the way Graph keeps them: the intent, type names and
 * the filter mode in the metadata's own spelling (the portal posts "Required"; Graph answers "required"), `#`
 * added to types so reads need not.
 */
function stored(assignment: Record<string, unknown>, version: GraphVersion): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(assignment)) if (!['id', 'source', 'sourceId', '@odata.type'].includes(key)) kept[key] = value;
  const root = typeInfo(version, versionMap(version).root)!;
  kept.intent = canonicalMember(version, root.properties.intent.type, kept.intent) ?? kept.intent;
  for (const key of ['target', 'settings']) {
    const v = kept[key] as Record<string, unknown> | null | undefined;
    if (!v || typeof v !== 'object' || typeof v['@odata.type'] !== 'string') continue;
    const type = canonicalType(version, v['@odata.type']) ?? qualified(v['@odata.type']);
    const copy: Record<string, unknown> = { ...v, '@odata.type': `#${type}` };
    for (const [property, info] of Object.entries(typeInfo(version, type)?.properties ?? {})) {
      const member = canonicalMember(version, info.type, copy[property]);
      if (member) copy[property] = member;
    }
    kept[key] = copy;
  }
  if (kept.settings === undefined) kept.settings = null;
  return kept;
}
