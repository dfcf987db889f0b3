// Promotion by name (`--map-by-name`): a workspace read from one tenant, applied to another whose apps, groups
// and filters have the same display names under other ids. The names recorded in the configuration ("names")
// say what each id was called; the signed-in tenant is asked for the objects with those names (apps from its
// app list, groups by exact name in JSON batches, filters from its filter list). Every id must map to exactly
// one object: a name that is missing or ambiguous is a problem that names it, and nothing is sent. The only
// rewrite of what is posted is the mapping of group and filter ids in each assignment's target; ids that cannot
// be mapped by name (settings that name a VPN or other configuration) are problems too.
import type { RecordedNames } from '../../../core/src';
import { type Assignment, type MobileApp, shortType } from '../intuneApps';
import { isObject } from '../json';
import type { DirectoryFilter, TenantDirectory } from '../tenant/directory';

export interface IdMapping {
  from: string;
  /** The recorded display name. */
  name?: string;
  /** The signed-in tenant's id; undefined when it cannot be mapped (see problems). */
  to?: string;
}

export interface NameMapping {
  /** The tenant the names were recorded in (names.tenant). */
  fromTenant?: string;
  toTenant: string;
  /** Source and target are the same tenant: every id maps to itself. */
  sameTenant: boolean;
  apps: IdMapping[];
  groups: IdMapping[];
  filters: IdMapping[];
  /** One line per id that cannot be mapped, naming it; any problem means nothing is sent. */
  problems: string[];
}

/** The group and filter ids assignments name, and the ids by-name promotion cannot translate. */
export interface IdsInUse {
  groups: string[];
  filters: string[];
  /** "settings.vpnConfigurationId 0b6a…" */
  unmappable: string[];
}

const FILTER_ID = 'deviceAndAppManagementAssignmentFilterId';

export function idsInUse(assignments: Assignment[]): IdsInUse {
  const groups = new Set<string>();
  const filters = new Set<string>();
  const unmappable = new Set<string>();
  for (const a of assignments) {
    const target = isObject(a.target) ? a.target : {};
    if (typeof target.groupId === 'string') groups.add(target.groupId.toLowerCase());
    if (typeof target[FILTER_ID] === 'string' && target[FILTER_ID]) filters.add(target[FILTER_ID].toLowerCase());
    if (isObject(a.settings)) {
      for (const [key, value] of Object.entries(a.settings)) {
        if (/ConfigurationId$/i.test(key) && typeof value === 'string' && value) unmappable.add(`settings.${key} ${value}`);
      }
    }
  }
  return { groups: [...groups], filters: [...filters], unmappable: [...unmappable] };
}

/**
 * What the tenant calls the groups and (with `withFilters`) the filters `assignments` name, for the
 * configuration's "names" (promotion by name needs them), and the group ids it has no group for. Throws
 * DirectoryUnavailable when the tenant's directory cannot be read.
 */
export async function namesInUse(directory: TenantDirectory, assignments: Assignment[], withFilters: boolean): Promise<{ names: Pick<RecordedNames, 'groups' | 'filters'>; missingGroups: string[] }> {
  const ids = idsInUse(assignments);
  const names: Pick<RecordedNames, 'groups' | 'filters'> = {};
  let missingGroups: string[] = [];
  if (ids.groups.length) {
    const found = await directory.resolveGroups(ids.groups);
    names.groups = Object.fromEntries([...found].filter(([, known]) => known.value).map(([id, known]) => [id, known.value!.displayName]));
    missingGroups = ids.groups.filter((id) => !found.get(id)?.value);
  }
  if (ids.filters.length && withFilters) {
    const list = (await directory.filters()).list;
    names.filters = Object.fromEntries(list.filter((f) => ids.filters.includes(f.id.toLowerCase())).map((f) => [f.id, f.displayName]));
  }
  return { names, missingGroups };
}

export interface MapRequest {
  names: RecordedNames;
  /** The signed-in tenant. */
  tenantId: string;
  appIds: string[];
  ids: IdsInUse;
  /** The signed-in tenant's apps (their names). */
  listApps: () => Promise<MobileApp[]>;
  directory: TenantDirectory;
  signal?: AbortSignal;
}

/** Maps the workspace's ids to the signed-in tenant's objects of the same names. */
export async function mapByName(request: MapRequest): Promise<NameMapping> {
  const { names, tenantId, ids } = request;
  const sameTenant = names.tenant !== undefined && names.tenant.toLowerCase() === tenantId.toLowerCase();
  const mapping: NameMapping = { fromTenant: names.tenant, toTenant: tenantId, sameTenant, apps: [], groups: [], filters: [], problems: [] };
  for (const id of ids.unmappable) mapping.problems.push(`${id}: an id of another kind of object, which cannot be mapped by name; set it to null or to the target tenant's id.`);
  const recorded = (kind: 'apps' | 'groups' | 'filters', id: string) => Object.entries(names[kind] ?? {}).find(([k]) => k.toLowerCase() === id.toLowerCase())?.[1];
  const entries = (kind: 'apps' | 'groups' | 'filters', list: string[], what: string): IdMapping[] =>
    list.map((from) => {
      const name = recorded(kind, from);
      if (sameTenant) return { from, name, to: from };
      if (name === undefined) mapping.problems.push(`${what} ${from} has no recorded name (names.${kind} in the configuration): pull the workspace again, or add its name.`);
      return { from, name };
    });
  mapping.apps = entries('apps', request.appIds, 'App');
  mapping.groups = entries('groups', ids.groups, 'Group');
  mapping.filters = entries('filters', ids.filters, 'Assignment filter');
  if (sameTenant) return mapping;
  const named = (list: IdMapping[]) => list.filter((m) => m.name !== undefined);
  const [apps, groups, filters] = await Promise.all([
    named(mapping.apps).length ? request.listApps() : Promise.resolve([]),
    named(mapping.groups).length ? request.directory.groupsByName(named(mapping.groups).map((m) => m.name!), request.signal) : Promise.resolve(new Map()),
    named(mapping.filters).length ? request.directory.filters(request.signal).then((f) => f.list) : Promise.resolve([] as DirectoryFilter[]),
  ]);
  const byName = <T extends { id: string; displayName: string }>(list: T[]) => {
    const map = new Map<string, T[]>();
    for (const item of list) map.set(item.displayName.trim().toLowerCase(), [...(map.get(item.displayName.trim().toLowerCase()) ?? []), item]);
    return map;
  };
  const resolve = <T extends { id: string; displayName: string }>(list: IdMapping[], found: Map<string, T[]>, what: string, describe: (item: T) => string) => {
    for (const m of named(list)) {
      const candidates = found.get(m.name!.trim().toLowerCase()) ?? [];
      if (candidates.length === 1) m.to = candidates[0].id;
      else if (candidates.length === 0) mapping.problems.push(`${what} "${m.name}" (${m.from}) has no ${what.toLowerCase()} of that name in tenant ${tenantId}: it was renamed or is missing there.`);
      else mapping.problems.push(`${what} "${m.name}" (${m.from}) is ambiguous in tenant ${tenantId}: ${candidates.length} have that name (${candidates.map(describe).join(', ')}). Rename them so that one has it.`);
    }
  };
  resolve(mapping.apps, byName(apps), 'App', (a) => `${a.id} ${shortType(a['@odata.type'])}`);
  resolve(mapping.groups, groups as Map<string, { id: string; displayName: string }[]>, 'Group', (g) => g.id);
  resolve(mapping.filters, byName(filters), 'Assignment filter', (f) => `${f.id} ${f.platform}`);
  return mapping;
}

/** The id an id maps to (itself when the mapping does not name it). */
export function mapped(list: IdMapping[], id: string): string {
  return list.find((m) => m.from.toLowerCase() === id.toLowerCase())?.to ?? id;
}

/** Assignments as they are posted to the other tenant: the file's, with group and filter ids mapped, and nothing else changed. */
export function mapAssignments(assignments: Assignment[], mapping: NameMapping): Assignment[] {
  return assignments.map((a) => {
    if (!isObject(a.target)) return a;
    const target: Record<string, unknown> = { ...a.target };
    if (typeof target.groupId === 'string') target.groupId = mapped(mapping.groups, target.groupId);
    if (typeof target[FILTER_ID] === 'string' && target[FILTER_ID]) target[FILTER_ID] = mapped(mapping.filters, target[FILTER_ID] as string);
    return { ...a, target };
  });
}

/** The mapping as people read it: one line per id that changes, with its name. */
export function describeMapping(mapping: NameMapping): string[] {
  if (mapping.sameTenant) return [`Mapping by name: the workspace was read from this tenant (${mapping.toTenant}); every id stays.`];
  const lines = [`Mapping by name from tenant ${mapping.fromTenant ?? '(not recorded)'} to ${mapping.toTenant}:`];
  for (const [what, list] of [['app', mapping.apps], ['group', mapping.groups], ['filter', mapping.filters]] as const) {
    for (const m of list) lines.push(`  ${what} "${m.name ?? '?'}": ${m.from} -> ${m.to ?? 'NOT FOUND'}`);
  }
  return lines;
}
