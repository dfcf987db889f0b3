// The directory's groups in the sandbox's Graph: GET /groups (paged, 100 a page and $top up to 999; $filter
// such as startswith(displayName,'x'); $search="displayName:x" and $count=true only with the header
// ConsistencyLevel: eventual, as advanced queries), GET /groups/{id}, deleted groups under
// /directory/deletedItems/microsoft.graph.group (absent everywhere else), and POST /directoryObjects/getByIds
// (up to 1,000 ids; ids that do not exist, or name deleted objects, are simply absent).
// Sources: learn.microsoft.com/graph/api/group-list, /group-get, /directoryobject-getbyids,
// /directory-deleteditems-list, /graph/search-query-parameter, /graph/aad-advanced-queries.
//
// Modelled, not documented: the wording of 400s other than Request_UnsupportedQuery; that getByIds answers in
// the order of the ids asked for; mail and visibility of Microsoft 365 groups.
import { collection, entity } from './collection';
import type { Item } from './odataFilter';
import { DEFAULT_CREATED, directoryForbidden, granted, graphError, GraphReply, GraphRequest, GUID, onlyGet, segmentNotFound, TenantState } from './request';
import type { SeedGroup } from '../seed/format';

/** Reading groups: GroupMember.Read.All is the least privileged (group-get); Group.* and Directory.* too. */
export const GROUPS_READ = ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'];
/** getByIds: Directory.Read.All is the documented least privileged permission. */
export const GET_BY_IDS = ['Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'];
export const MAX_GET_BY_IDS = 1000;
const DIRECTORY_PAGE = { pageSize: 100, maxTop: 999 };

/** /groups and /groups/{id}. */
export function groups(state: TenantState, request: GraphRequest, segments: string[]): GraphReply {
  if (!granted(request, GROUPS_READ)) return directoryForbidden();
  const refused = onlyGet(request);
  if (refused) return refused;
  const live = state.groups.filter((g) => !g.deletedDateTime);
  if (segments.length === 1) {
    const eventual = request.headers.consistencylevel?.toLowerCase() === 'eventual';
    if ((request.query.has('$search') || request.query.get('$count') === 'true') && !eventual) {
      return graphError(400, 'Request_UnsupportedQuery', "$search and $count on groups are advanced queries: send the header 'ConsistencyLevel: eventual'.");
    }
    return collection(
      live.map((g) => groupJson(g, state)),
      request,
      'groups',
      { search: ['displayName', 'description', 'mail', 'mailNickname'], orderBy: ['displayName'], tokenized: true, ...DIRECTORY_PAGE },
    );
  }
  if (segments.length === 2) {
    if (!GUID.test(segments[1])) return graphError(400, 'Request_BadRequest', `Invalid object identifier '${segments[1]}'.`);
    const group = live.find((g) => g.id.toLowerCase() === segments[1].toLowerCase());
    if (!group) return notFound(segments[1]);
    return entity(groupJson(group, state), request, 'groups');
  }
  return segmentNotFound(segments[2]);
}

/** /directory/deletedItems/microsoft.graph.group (and one of them by id). */
export function deletedGroups(state: TenantState, request: GraphRequest, segments: string[]): GraphReply {
  if (!granted(request, GROUPS_READ)) return directoryForbidden();
  const refused = onlyGet(request);
  if (refused) return refused;
  const cast = segments[2]?.toLowerCase();
  const deleted = state.groups.filter((g) => g.deletedDateTime);
  if (segments.length === 3 && cast === 'microsoft.graph.group') {
    return collection(deleted.map((g) => groupJson(g, state)), request, 'groups', { search: ['displayName'], orderBy: ['displayName', 'deletedDateTime'], tokenized: true, ...DIRECTORY_PAGE });
  }
  if (segments.length === 3 && GUID.test(segments[2])) {
    const group = deleted.find((g) => g.id.toLowerCase() === cast);
    if (!group) return notFound(segments[2]);
    return entity(groupJson(group, state), request, 'directoryObjects');
  }
  return segmentNotFound(segments[2] ?? 'deletedItems');
}

/** POST /directoryObjects/getByIds {"ids": [...], "types": ["group"]}. */
export function getByIds(state: TenantState, request: GraphRequest): GraphReply {
  if (request.method !== 'POST') return graphError(405, 'Request_BadRequest', 'getByIds is an action: POST it.');
  if (!granted(request, GET_BY_IDS)) return directoryForbidden();
  let body: { ids?: unknown; types?: unknown };
  try {
    body = JSON.parse(request.rawBody) as typeof body;
  } catch {
    return graphError(400, 'Request_BadRequest', 'Unable to read JSON request payload.');
  }
  const ids = body?.ids;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) return graphError(400, 'Request_BadRequest', "The parameter 'ids' must be an array of strings.");
  if (ids.length > MAX_GET_BY_IDS) return graphError(400, 'Request_BadRequest', `Too many ids: at most ${MAX_GET_BY_IDS} in one request (this one has ${ids.length}).`);
  const bad = (ids as string[]).find((id) => !GUID.test(id));
  if (bad !== undefined) return graphError(400, 'Request_BadRequest', `Invalid object identifier '${bad}'.`);
  const types = body.types;
  if (types !== undefined && (!Array.isArray(types) || types.some((t) => typeof t !== 'string'))) return graphError(400, 'Request_BadRequest', "The parameter 'types' must be an array of strings.");
  const wantsGroups = !types || (types as string[]).some((t) => ['group', 'microsoft.graph.group', '#microsoft.graph.group'].includes(t.toLowerCase()));
  const byId = new Map(state.groups.filter((g) => !g.deletedDateTime).map((g) => [g.id.toLowerCase(), g]));
  const value = wantsGroups ? (ids as string[]).map((id) => byId.get(id.toLowerCase())).filter((g): g is SeedGroup => g !== undefined).map((g) => ({ '@odata.type': '#microsoft.graph.group', ...groupJson(g, state) })) : [];
  return { status: 200, json: { '@odata.context': `${request.base}/$metadata#directoryObjects`, value } };
}

function notFound(id: string): GraphReply {
  return graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}

/** A group as Graph returns it: security or Microsoft 365 (Unified), assigned or dynamic. */
export function groupJson(group: SeedGroup, state: TenantState): Item {
  const types = group.groupTypes ?? (group.membershipRule ? ['DynamicMembership'] : []);
  const dynamic = types.includes('DynamicMembership') || Boolean(group.membershipRule);
  const unified = types.includes('Unified');
  const nickname = group.displayName.replace(/[^A-Za-z0-9]/g, '').slice(0, 64) || group.id.slice(0, 8);
  return {
    id: group.id,
    deletedDateTime: group.deletedDateTime ?? null,
    classification: null,
    createdDateTime: DEFAULT_CREATED,
    description: group.description ?? null,
    displayName: group.displayName,
    groupTypes: types,
    mail: unified ? `${nickname}@${state.tenantDomain}` : null,
    mailEnabled: unified,
    mailNickname: nickname,
    membershipRule: group.membershipRule ?? null,
    membershipRuleProcessingState: dynamic ? 'On' : null,
    securityEnabled: !unified,
    visibility: unified ? 'Private' : null,
  };
}
