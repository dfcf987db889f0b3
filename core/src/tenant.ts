// What the core knows of a tenant: facts a shell read (the groups and filters a document names) handed in as
// data, never read here. Also where a document names tenant objects (the ids to resolve, the id under the
// cursor) and which platform an assignment's app runs on (the bound app's type, else its settings' type), for
// filter-platform-mismatch and for ordering filters in completion.
import { findNodeAtOffset, type Node } from 'jsonc-parser';
import type { DirectoryFilter, DirectoryGroup, UnavailableReason } from '../../common/src/tenant';
import type { AssignDocument } from './assignDocument';
import type { GraphTypes } from './graphTypes';
import { localName, stripHash, withArticle } from './graphTypes';
import { GUID } from './rules/guidFormat';
import type { TypeInfo } from './typeMapFormat';
import { FILTER_ID, GROUP_ID, memberValue, membersOf, ODATA_TYPE } from './walker';

export type { DirectoryFilter, DirectoryGroup, UnavailableReason } from '../../common/src/tenant';

export interface TenantFacts {
  /**
   * Groups by lower-case id: the group, or null when the tenant has no group with that id (never created, or
   * deleted). An id absent from the map is unknown: nothing is said of it.
   */
  groups: ReadonlyMap<string, DirectoryGroup | null>;
  /** Assignment filters by lower-case id, as groups. */
  filters: ReadonlyMap<string, DirectoryFilter | null>;
  /** Some of the facts were read longer ago than the cache keeps them fresh (offline, say). */
  stale?: boolean;
  /** The tenant could not be read (all or part of it): names missing from the maps are unavailable, and why. */
  unavailable?: UnavailableReason;
}

/** Said after a tenant rule's finding made from facts read longer ago than they stay fresh. */
export function staleNote(facts: TenantFacts): string {
  return facts.stale ? ' (From tenant data read earlier, now stale: "Refresh tenant data" checks again.)' : '';
}

/** The tenant objects a document names: group ids (of group and exclusion targets) and filter ids, lower-case. */
export interface TenantIds {
  groups: string[];
  filters: string[];
}

/** Whether a target type names a group by its groupId (include or exclude), not a collection or everyone. */
export function isGroupTarget(typeName: string): boolean {
  return /(^|\.)(groupAssignmentTarget|exclusionGroupAssignmentTarget)$/i.test(typeName);
}

/**
 * The group and filter ids a document names, each once (in the order they first appear). Only GUIDs: anything
 * else is guid-format's to report, and no tenant object can have it.
 */
export function tenantIdsOf(doc: AssignDocument): TenantIds {
  const groups = new Set<string>();
  const filters = new Set<string>();
  if (doc.refused) return { groups: [], filters: [] };
  // The server asks this after every edit: member by member, without a map per object (5,000 assignments
  // once took 20 ms of each edit here).
  for (const element of doc.assignments) {
    const target = element.type === 'object' ? memberValue(element, 'target') : undefined;
    if (target?.type !== 'object') continue;
    const group = memberValue(target, GROUP_ID);
    if (group?.type === 'string' && GUID.test(group.value as string)) {
      const type = memberValue(target, ODATA_TYPE);
      if (type?.type === 'string' && isGroupTarget(stripHash(type.value as string))) groups.add((group.value as string).toLowerCase());
    }
    const filter = memberValue(target, FILTER_ID);
    if (filter?.type === 'string' && GUID.test(filter.value as string)) filters.add((filter.value as string).toLowerCase());
  }
  return { groups: [...groups], filters: [...filters] };
}

/** A tenant id in the document: what it names, its value node (the string, quotes included). */
export interface TenantIdAt {
  kind: 'group' | 'filter';
  /** Lower-case. */
  id: string;
  node: Node;
}

/** The group or filter id under `offset`, if the cursor is on one. */
export function tenantIdAt(doc: AssignDocument, offset: number): TenantIdAt | undefined {
  const index = doc.assignmentIndexAt(offset);
  const element = index >= 0 ? doc.assignments[index] : undefined;
  if (!element) return undefined;
  const node = findNodeAtOffset(element, offset, false);
  const property = node?.parent;
  if (node?.type !== 'string' || property?.type !== 'property' || property.children?.[1] !== node) return undefined;
  const key = property.children?.[0]?.value;
  const owner = property.parent;
  const ownerProperty = owner?.parent;
  if (ownerProperty?.type !== 'property' || ownerProperty.children?.[0]?.value !== 'target' || ownerProperty.parent !== element) return undefined;
  if (key === FILTER_ID) return { kind: 'filter', id: (node.value as string).toLowerCase(), node };
  const type = membersOf(owner!).get(ODATA_TYPE)?.children?.[1];
  if (key === GROUP_ID && type?.type === 'string' && isGroupTarget(stripHash(type.value as string))) return { kind: 'group', id: (node.value as string).toLowerCase(), node };
  return undefined;
}

/** The kinds of device an app runs on, as far as assignment filters go. */
export type PlatformFamily = 'windows' | 'ios' | 'macos' | 'android';

export const FAMILY_NAMES: Record<PlatformFamily, string> = { windows: 'Windows', ios: 'iOS/iPadOS', macos: 'macOS', android: 'Android' };

/** The family of an app type (`#microsoft.graph.win32LobApp`, `iosVppApp`, ...); undefined for web links and unknowns. */
export function appFamily(appType: string): PlatformFamily | undefined {
  const name = localName(stripHash(appType));
  if (/^(win32|winGet|windows|microsoftStoreForBusiness|officeSuite)/i.test(name)) return 'windows';
  if (/^(ios|managedIOS)/i.test(name)) return 'ios';
  if (/^macOS/i.test(name)) return 'macos';
  if (/^(android|managedAndroid)/i.test(name)) return 'android';
  return undefined;
}

/** The family of an assignment filter's platform (Graph's devicePlatformType); undefined when unknown. */
export function filterFamily(platform: string): PlatformFamily | undefined {
  const p = platform.toLowerCase();
  if (p.startsWith('windows')) return 'windows';
  if (p.startsWith('ios')) return 'ios';
  if (p.startsWith('macos')) return 'macos';
  if (p.startsWith('android')) return 'android';
  return undefined;
}

/**
 * The app types an assignment is for: the app's own type (the app the document is bound to or sent to, without
 * its `#`; `bound`), else the app types its settings type is made for (none when it has no known settings type).
 */
export function assignmentAppTypes(appType: string | undefined, settings: TypeInfo | undefined): { appTypes: readonly string[]; bound: boolean } {
  if (appType) return { appTypes: [stripHash(appType)], bound: true };
  return { appTypes: settings?.appTypes ?? [], bound: false };
}

/**
 * The platform an assignment's app runs on and how that is known: the app's own type, else the app types its
 * settings type is made for, when they agree on one family (assignmentAppTypes).
 */
export function assignmentFamily(types: GraphTypes, appType: string | undefined, settingsType: string | undefined): { family: PlatformFamily; from: string } | undefined {
  const { appTypes, bound } = assignmentAppTypes(appType, settingsType ? types.type(settingsType) : undefined);
  const families = new Set(appTypes.map(appFamily));
  const [family] = families;
  if (families.size !== 1 || !family) return undefined;
  return { family, from: bound ? `the app is ${withArticle(localName(appTypes[0]))}` : `its settings are ${localName(settingsType!)}` };
}
