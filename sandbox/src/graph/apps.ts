// Intune's mobile apps in the sandbox's Graph: GET /deviceAppManagement/mobileApps (paged; $filter with isof()
// knowing which types derive from mobileLobApp; $expand=assignments, which the metadata marks deprecated but
// the service still serves) and GET .../mobileApps/{id}, as Graph returns them.
//
// Modelled, not documented: which properties v1.0's mobileApp lacks; isof() deriving LOB types from
// mobileLobApp; the page size of 1,000 (what tools report Intune pages at in practice) and $top up to 1,000.
import { assignmentJson } from './assignments';
import { collection, entity, INTUNE_PAGE_SIZE } from './collection';
import { Item, ODataError } from './odataFilter';
import { DEFAULT_CREATED, DEFAULT_MODIFIED, GraphReply, GraphRequest } from './request';
import type { SeedApp } from '../seed/format';

/** App types that derive from mobileLobApp (and the catalog app from win32LobApp), for isof(). */
const LOB_TYPES = new Set(['win32LobApp', 'win32CatalogApp', 'windowsUniversalAppX', 'windowsAppX', 'windowsMobileMSI', 'macOSLobApp', 'macOSPkgApp', 'macOSDmgApp', 'iosLobApp', 'androidLobApp']);

export function listApps(apps: SeedApp[], request: GraphRequest): GraphReply {
  const expand = expandsAssignments(request);
  const items = apps.map((app) => (expand ? { ...appJson(app, request), assignments: app.assignments.map((a, i) => assignmentJson(a, i, request.version)) } : appJson(app, request)));
  return collection(items, request, 'deviceAppManagement/mobileApps', {
    search: ['displayName', 'publisher', 'description'],
    orderBy: ['displayName', 'publisher', 'createdDateTime', 'lastModifiedDateTime'],
    pageSize: INTUNE_PAGE_SIZE,
    maxTop: INTUNE_PAGE_SIZE,
    expandable: true,
    isA: appIsA,
  });
}

/** GET one app: $select, then $expand=assignments. */
export function oneApp(app: SeedApp, request: GraphRequest): GraphReply {
  const expanded = expandsAssignments(request) ? { assignments: app.assignments.map((a, i) => assignmentJson(a, i, request.version)) } : {};
  return entity(appJson(app, request), request, 'deviceAppManagement/mobileApps', expanded);
}

function expandsAssignments(request: GraphRequest): boolean {
  const expand = request.query.get('$expand');
  if (!expand) return false;
  if (expand.trim().toLowerCase() !== 'assignments') throw new ODataError(`$expand supports 'assignments' only here, not '${expand}'.`);
  return true;
}

function appIsA(item: Item, type: string): boolean {
  const own = String(item['@odata.type'] ?? '').replace(/^#/, '');
  if (own === type || type === 'microsoft.graph.mobileApp') return true;
  const local = own.replace('microsoft.graph.', '');
  if (type === 'microsoft.graph.mobileLobApp') return LOB_TYPES.has(local);
  return type === 'microsoft.graph.win32LobApp' && local === 'win32CatalogApp';
}

/** An app as Graph returns it (before $select and $expand). */
function appJson(app: SeedApp, request: GraphRequest): Item {
  const beta = request.version === 'beta';
  return {
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
}
