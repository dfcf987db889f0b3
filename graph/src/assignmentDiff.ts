// What a send changes: assignments keyed by their target (kind and group or collection), compared with what
// the app has, as added, removed, changed (intent, filter, settings) or unchanged; the merge that adds or
// updates assignments without removing any; and the two forms assignments take here. The normalized form is
// what pull writes and the editor shows (stable key order, '#'-prefixed types, computed fields left out). The
// comparable form is for comparing only, never sent: every property the metadata gives the object's type is
// spelled out with the value Graph stores when a body leaves it out (null where nullable, an empty list for a
// collection, the enum's default member, false, 0), nested objects likewise, enum values in their declared
// case and GUIDs in lower case. So a document that leaves out what Graph fills in compares equal to Graph's
// answer, and re-sending an unchanged document shows 0 changed. What is posted is never rewritten: replace
// posts the document's assignments as parsed; merge posts the app's as Graph returned them (computed fields
// dropped) with the document's as written in place of those with the same target, and the new ones after.
import { type GraphTypes, stripHash } from '../../core/src';
import { TYPES } from './typeRegistry';
import type { GraphVersion } from '../../common/src/constants';
import type { Assignment } from './intuneApps';
import { isObject } from './json';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'unchanged';

export interface AssignmentChange {
  kind: ChangeKind;
  /** "required · group 4d2a8e1c-…" */
  label: string;
  /** The app's assignment as Graph returned it. */
  before?: Assignment;
  /** The assignment as it will be posted. */
  after?: Assignment;
  /** What changed, one line each: "intent: available -> required". */
  details: string[];
}

export interface AssignmentDiff {
  changes: AssignmentChange[];
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

/** computedProperties by version: the metadata does not change, and every assignment compared or merged asks. */
const computedByVersion = new Map<GraphVersion, readonly string[]>();

/** Properties the service computes (the key and the read-only ones): never compared, never posted back. */
export function computedProperties(version: GraphVersion = 'beta'): readonly string[] {
  let computed = computedByVersion.get(version);
  if (!computed) {
    const types = TYPES.forVersion(version);
    computed = Object.freeze(
      types
        .properties(types.rootTypeName)
        .filter((p) => p.info.readOnly || p.info.declaredBy === 'microsoft.graph.entity')
        .map((p) => p.name),
    );
    computedByVersion.set(version, computed);
  }
  return computed;
}

/** The computed properties of beta's mobileAppAssignment: id, source, sourceId. */
export const COMPUTED = computedProperties('beta');
const ASSIGNMENT_TYPE = '#microsoft.graph.mobileAppAssignment';

/**
 * An assignment in the product's canonical form: keys in the metadata's order (@odata.type first), types with
 * '#', filter fields spelled out ("none" and null when absent), settings null when absent; properties the map
 * does not know are kept, after the known ones. Computed fields only with keepComputed.
 */
export function normalizeAssignment(raw: Assignment, version: GraphVersion = 'beta', keepComputed = false): Assignment {
  const types = TYPES.forVersion(version);
  const out: Assignment = { '@odata.type': ASSIGNMENT_TYPE };
  if (keepComputed) for (const key of COMPUTED) if (key in raw) out[key] = raw[key];
  out.intent = raw.intent;
  out.target = normalizeObject(raw.target, types.slots.target, version, true);
  out.settings = raw.settings === undefined ? null : normalizeObject(raw.settings, types.slots.settings, version, false);
  for (const key of Object.keys(raw).sort()) {
    if (!(key in out) && key !== '@odata.type' && !COMPUTED.includes(key)) out[key] = raw[key];
  }
  return out;
}

/** An assignment as Graph returned it, less what the service computes: what merge posts back. */
export function withoutComputed(raw: Assignment, version: GraphVersion = 'beta'): Assignment {
  const computed = computedProperties(version);
  const out: Assignment = {};
  for (const [key, value] of Object.entries(raw)) if (!computed.includes(key) && key !== '@odata.context') out[key] = value;
  return out;
}

/** Bounds the comparable form's walk: assignment objects are a few levels deep. */
const MAX_DEPTH = 32;

/** The comparable form of an assignment (see the top of the file): for comparing only. */
export function comparableAssignment(raw: Assignment, version: GraphVersion = 'beta'): Assignment {
  const types = TYPES.forVersion(version);
  const computed = computedProperties(version);
  const out = comparable(raw, types.rootTypeName, types, 0) as Assignment;
  if (out && typeof out === 'object') for (const key of [...computed, '@odata.type']) delete out[key];
  return out;
}

function comparable(value: unknown, declared: string, types: GraphTypes, depth: number): unknown {
  if (!isObject(value) || depth > MAX_DEPTH) return value ?? null;
  const rawType = value['@odata.type'];
  const typeName = typeof rawType === 'string' ? knownTypeName(rawType, declared, types) : declared;
  const out: Record<string, unknown> = {};
  // The type matters where it can differ from the declared one (targets, settings); a nested object's
  // @odata.type that only repeats its declared type is noise Graph may or may not echo.
  if (typeName !== declared || types.type(declared)?.abstract) out['@odata.type'] = typeName.toLowerCase();
  const known = types.type(typeName) ? types.properties(typeName).filter((p) => !p.betaOnly || types.version === 'beta') : [];
  for (const { name, info } of known) {
    const member = value[name];
    if (member === undefined || member === null) {
      // A missing list and an empty one are stored alike.
      out[name] = info.collection ? [] : member === null && info.nullable ? null : defaultValue(info, types);
    } else if (info.collection) {
      out[name] = Array.isArray(member) ? member.map((m) => comparableValue(m, info, types, depth)) : member;
    } else out[name] = comparableValue(member, info, types, depth);
  }
  for (const key of Object.keys(value).sort()) if (!(key in out) && key !== '@odata.type') out[key] = value[key];
  return out;
}

/**
 * The app's assignment shown beside the one that will be posted, for a text diff that shows what is compared:
 * the properties the posted one has, in its order, and those it leaves out only where the app's value is not
 * what Graph would store for a property left out (so leaving one out shows as the change it is). Computed
 * fields are left out.
 */
export function projectForDisplay(current: Assignment, posted: Assignment | undefined, version: GraphVersion = 'beta'): Assignment {
  const types = TYPES.forVersion(version);
  return project(withoutComputed(current, version), posted, types.rootTypeName, types, 0) as Assignment;
}

function project(current: unknown, posted: unknown, declared: string, types: GraphTypes, depth: number): unknown {
  if (!isObject(current) || depth > MAX_DEPTH) return current;
  const other = isObject(posted) ? posted : {};
  const rawType = current['@odata.type'];
  const typeName = typeof rawType === 'string' ? knownTypeName(rawType, declared, types) : declared;
  const out: Record<string, unknown> = {};
  const keys = [...Object.keys(other).filter((k) => k in current), ...Object.keys(current).filter((k) => !(k in other))];
  for (const key of keys) {
    const info = key === '@odata.type' ? undefined : types.property(typeName, key)?.info;
    const value = current[key];
    if (!(key in other)) {
      // Left out of what is posted: shown only where that changes something.
      if (key === '@odata.type' && (typeName === declared && !types.type(declared)?.abstract)) continue;
      if (info && JSON.stringify(comparableValue(value, info, types, depth) ?? null) === JSON.stringify(info.collection && value === null ? [] : defaultValue(info, types))) continue;
      if (info?.collection && Array.isArray(value) && value.length === 0) continue;
    }
    out[key] = info && !info.collection && !info.type.startsWith('Edm.') && !types.isEnum(info.type) ? project(value, other[key], info.type, types, depth + 1) : value;
  }
  return out;
}

function comparableValue(value: unknown, info: { type: string; format?: string }, types: GraphTypes, depth: number): unknown {
  if (typeof value === 'string') {
    if (types.isEnum(info.type)) return types.enumMember(info.type, value) ?? value;
    return info.format === 'guid' ? value.toLowerCase() : value;
  }
  return info.type.startsWith('Edm.') || types.isEnum(info.type) ? value : comparable(value, info.type, types, depth + 1);
}

/** The metadata's name of a type written in any case (Graph resolves type names whatever their case). */
function knownTypeName(raw: string, declared: string, types: GraphTypes): string {
  const written = stripHash(raw);
  if (types.type(written)) return written;
  const resolution = types.resolve(raw, declared);
  if (resolution.kind !== 'unknown') return resolution.name;
  return resolution.suggestion?.toLowerCase() === written.toLowerCase() ? resolution.suggestion : written;
}

/** What Graph stores for a property a body leaves out, from the metadata. */
function defaultValue(info: { type: string; collection: boolean; nullable: boolean }, types: GraphTypes): unknown {
  if (info.collection) return [];
  if (info.nullable) return null;
  const enumInfo = types.enum(info.type);
  if (enumInfo) return (enumInfo.members.find((m) => m.value === 0) ?? enumInfo.members[0])?.name ?? null;
  if (info.type === 'Edm.Boolean') return false;
  if (/^Edm\.(Int|Double|Decimal|Single|Byte)/.test(info.type)) return 0;
  return null;
}

function normalizeObject(value: unknown, declared: string, version: GraphVersion, isTarget: boolean): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value ?? null;
  const types = TYPES.forVersion(version);
  const raw = value as Record<string, unknown>;
  const typeName = typeof raw['@odata.type'] === 'string' ? stripHash(raw['@odata.type']) : declared;
  const out: Record<string, unknown> = {};
  if (typeof raw['@odata.type'] === 'string') out['@odata.type'] = `#${typeName}`;
  // This version's properties only: v1.0 has no filter fields to fill in.
  const known = types.properties(typeName).filter((p) => !p.betaOnly);
  // The type's own properties first (groupId), then inherited ones (the filter fields), each in order.
  const own = known.filter((p) => p.info.declaredBy === typeName);
  const inherited = known.filter((p) => p.info.declaredBy !== typeName);
  for (const { name, info } of [...own, ...inherited]) {
    if (name in raw) {
      const member = raw[name];
      out[name] = !info.type.startsWith('Edm.') && !types.isEnum(info.type) ? normalizeObject(member, info.type, version, false) : member;
    } else if (isTarget && name === 'deviceAndAppManagementAssignmentFilterType') {
      out[name] = 'none';
    } else if (isTarget && name === 'deviceAndAppManagementAssignmentFilterId') {
      out[name] = null;
    }
  }
  for (const key of Object.keys(raw).sort()) if (!(key in out) && key !== '@odata.type') out[key] = raw[key];
  return out;
}

function target(a: Assignment): Record<string, unknown> {
  return isObject(a.target) ? a.target : {};
}

/** "group 4d2a8e1c-…", "all licensed users", "excluded group …", "collection SMS00001". */
export function targetLabel(a: Assignment): string {
  const t = target(a);
  const type = typeof t['@odata.type'] === 'string' ? stripHash(t['@odata.type']).replace(/^microsoft\.graph\./i, '') : 'unknown target';
  const id = String(t.groupId ?? t.collectionId ?? '');
  switch (type.toLowerCase()) {
    case 'alldevicesassignmenttarget':
      return 'all devices';
    case 'alllicensedusersassignmenttarget':
      return 'all licensed users';
    case 'groupassignmenttarget':
      return `group ${id}`;
    case 'exclusiongroupassignmenttarget':
      return `excluded group ${id}`;
    case 'configurationmanagercollectionassignmenttarget':
      return `collection ${id}`;
    default:
      return id ? `${type} ${id}` : type;
  }
}

/** The pairing key of a comparable assignment: its target's kind and group or collection. */
function targetKey(a: Assignment): string {
  const t = target(a);
  const type = typeof t['@odata.type'] === 'string' ? stripHash(t['@odata.type']).toLowerCase() : '';
  return `${type}|${String(t.groupId ?? t.collectionId ?? '').toLowerCase()}`;
}

/**
 * Keys that pair comparable assignments with their counterparts: the target, and the intent too where a
 * target appears more than once in either list (the same group with two intents is two assignments).
 */
function keysFor(current: Assignment[], desired: Assignment[]): { current: string[]; desired: string[] } {
  const count = new Map<string, number>();
  for (const list of [current, desired]) {
    const seen = new Map<string, number>();
    for (const a of list) seen.set(targetKey(a), (seen.get(targetKey(a)) ?? 0) + 1);
    for (const [k, n] of seen) count.set(k, Math.max(count.get(k) ?? 0, n));
  }
  const key = (a: Assignment) => (count.get(targetKey(a))! > 1 ? `${targetKey(a)}|${String(a.intent).toLowerCase()}` : targetKey(a));
  return { current: current.map(key), desired: desired.map(key) };
}

/** What posting `desired` (as it will be posted) does to an app whose assignments are `current` (as Graph returned them). */
export function diffAssignments(current: Assignment[], desired: Assignment[], version: GraphVersion = 'beta'): AssignmentDiff {
  const before = current.map((a) => comparableAssignment(a, version));
  const after = desired.map((a) => comparableAssignment(a, version));
  const keys = keysFor(before, after);
  const byKey = new Map(before.map((_, i) => [keys.current[i], i]));
  const changes: AssignmentChange[] = [];
  const matched = new Set<string>();
  after.forEach((a, i) => {
    const key = keys.desired[i];
    const old = byKey.get(key);
    const label = `${String(a.intent)} · ${targetLabel(desired[i])}`;
    if (old === undefined || matched.has(key)) {
      changes.push({ kind: 'added', label, after: desired[i], details: [] });
      return;
    }
    matched.add(key);
    const details = compare(before[old], a);
    changes.push({ kind: details.length ? 'changed' : 'unchanged', label, before: current[old], after: desired[i], details });
  });
  before.forEach((a, i) => {
    if (!matched.has(keys.current[i])) changes.push({ kind: 'removed', label: `${String(a.intent)} · ${targetLabel(current[i])}`, before: current[i], details: [] });
  });
  const count = (kind: ChangeKind) => changes.filter((c) => c.kind === kind).length;
  return { changes, added: count('added'), removed: count('removed'), changed: count('changed'), unchanged: count('unchanged') };
}

/**
 * The list merge posts: the app's assignments as Graph returned them (computed fields dropped), the document's
 * as written in place of those with the same target, then the document's new ones.
 */
export function mergeAssignments(current: Assignment[], incoming: Assignment[], version: GraphVersion = 'beta'): Assignment[] {
  const keys = keysFor(current.map((a) => comparableAssignment(a, version)), incoming.map((a) => comparableAssignment(a, version)));
  const replacement = new Map(incoming.map((a, i) => [keys.desired[i], a]));
  const merged = current.map((a, i) => {
    const update = replacement.get(keys.current[i]);
    if (update) replacement.delete(keys.current[i]);
    return update ?? withoutComputed(a, version);
  });
  return [...merged, ...incoming.filter((a, i) => replacement.get(keys.desired[i]) === a)];
}

/** Differences between two comparable assignments of the same target, one line each. */
function compare(before: Assignment, after: Assignment): string[] {
  const lines: string[] = [];
  if (before.intent !== after.intent) lines.push(`intent: ${String(before.intent)} -> ${String(after.intent)}`);
  const t0 = target(before);
  const t1 = target(after);
  const filter = (t: Record<string, unknown>) => `${String(t.deviceAndAppManagementAssignmentFilterType ?? 'none')}${t.deviceAndAppManagementAssignmentFilterId ? ` ${String(t.deviceAndAppManagementAssignmentFilterId)}` : ''}`;
  if (filter(t0) !== filter(t1)) lines.push(`filter: ${filter(t0)} -> ${filter(t1)}`);
  for (const line of flatDiff('settings', before.settings, after.settings)) lines.push(line);
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (['intent', 'target', 'settings'].includes(key)) continue;
    for (const line of flatDiff(key, before[key], after[key])) lines.push(line);
  }
  return lines;
}

function flatDiff(path: string, a: unknown, b: unknown, depth = 0): string[] {
  if (isObject(a) && isObject(b) && depth < MAX_DEPTH) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => flatDiff(`${path}.${k}`, a[k] ?? null, b[k] ?? null, depth + 1));
  }
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null) ? [] : [`${path}: ${short(a)} -> ${short(b)}`];
}

function short(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
