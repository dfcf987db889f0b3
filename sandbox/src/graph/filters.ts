// Intune's assignment filters in the sandbox's Graph: GET /beta/deviceManagement/assignmentFilters (paged) and
// one by id; beta only, so v1.0 answers as Graph does for a segment it does not know (400). Permission:
// DeviceManagementConfiguration.Read.All or ReadWrite.All (learn.microsoft.com/graph/api/resources/
// intune-policyset-deviceandappmanagementassignmentfilter).
//
// Modelled, not documented: the 404 wording; the page size (1,000, as Intune's other lists).
import { collection, entity, INTUNE_PAGE_SIZE } from './collection';
import type { Item } from './odataFilter';
import { DEFAULT_CREATED, DEFAULT_MODIFIED, granted, graphError, GraphReply, GraphRequest, intuneForbidden, onlyGet, segmentNotFound, TenantState } from './request';
import type { SeedFilter } from '../seed/format';

export const FILTERS_READ = ['DeviceManagementConfiguration.Read.All', 'DeviceManagementConfiguration.ReadWrite.All'];

export function assignmentFilters(state: TenantState, request: GraphRequest, segments: string[]): GraphReply {
  if (request.version !== 'beta') return segmentNotFound(segments[1]);
  if (!granted(request, FILTERS_READ)) return intuneForbidden(FILTERS_READ);
  const refused = onlyGet(request);
  if (refused) return refused;
  if (segments.length === 2) {
    return collection(state.filters.map(filterJson), request, 'deviceManagement/assignmentFilters', { search: ['displayName', 'description'], orderBy: ['displayName', 'platform'], pageSize: INTUNE_PAGE_SIZE, maxTop: INTUNE_PAGE_SIZE });
  }
  if (segments.length === 3) {
    const filter = state.filters.find((f) => f.id.toLowerCase() === segments[2].toLowerCase());
    if (!filter) return graphError(404, 'ResourceNotFound', `No assignment filter with id '${segments[2]}' exists in the tenant.`);
    return entity(filterJson(filter), request, 'deviceManagement/assignmentFilters');
  }
  return segmentNotFound(segments[3]);
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
    assignmentFilterManagementType: filter.managementType ?? 'devices',
    payloads: [],
  };
}
