// The sandbox's Microsoft Graph (beta and v1.0) behind authentication: routes a request to its room (apps,
// assignments, groups, deleted groups, getByIds, assignment filters) over the live tenant state, checks the
// Intune permissions, and turns a refused query option into Graph's 400. Throttling, failures on demand,
// tokens and $batch are the HTTP side's (http/graphGate.ts).
import { listApps, oneApp } from './apps';
import { assign, readAssignments } from './assignments';
import { assignmentFilters } from './filters';
import { deletedGroups, getByIds, groups } from './groups';
import { ODataError } from './odataFilter';
import { granted, graphError, GraphReply, GraphRequest, intuneForbidden, onlyGet, segmentNotFound, TenantState } from './request';

const APPS_READ = ['DeviceManagementApps.Read.All', 'DeviceManagementApps.ReadWrite.All', 'DeviceManagementConfiguration.Read.All', 'DeviceManagementConfiguration.ReadWrite.All'];
const APPS_WRITE = ['DeviceManagementApps.ReadWrite.All', 'DeviceManagementConfiguration.ReadWrite.All'];

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
  if (lower[0] === 'deviceappmanagement' && lower[1] === 'mobileapps') return mobileApps(state, request, segments, lower);
  if (lower[0] === 'groups') return groups(state, request, segments);
  if (lower[0] === 'directory' && lower[1] === 'deleteditems') return deletedGroups(state, request, segments);
  if (lower[0] === 'directoryobjects' && lower[1] === 'getbyids' && lower.length === 2) return getByIds(state, request);
  if (lower[0] === 'devicemanagement' && lower[1] === 'assignmentfilters') return assignmentFilters(state, request, segments);
  return segmentNotFound(segments[0] ?? '');
}

function mobileApps(state: TenantState, request: GraphRequest, segments: string[], lower: string[]): GraphReply {
  const write = lower.length === 4 && (lower[3] === 'assign' || lower[3] === 'microsoft.graph.assign');
  const needed = write ? APPS_WRITE : APPS_READ;
  if (!granted(request, needed)) return intuneForbidden(needed);
  if (lower.length === 2) return onlyGet(request) ?? listApps(state.apps, request);
  const app = state.apps.find((a) => a.id.toLowerCase() === lower[2]);
  if (!app) return graphError(404, 'ResourceNotFound', `No mobileApp with id '${segments[2]}' exists in the tenant.`);
  if (lower.length === 3) return onlyGet(request) ?? oneApp(app, request);
  if (write) return assign(state, app, request);
  if (lower[3] === 'assignments' && lower.length <= 5) return readAssignments(app, request, segments[4]);
  return segmentNotFound(segments[3]);
}
