// What a send changes: assignments keyed by their target (kind and group or collection), compared with what
// the app has, as added, removed, changed (intent, filter, settings) or unchanged; the merge that adds or
// updates assignments without removing any; and the normalized form in which assignments are compared,
// pulled and shown (stable key order, '#'-prefixed types, computed fields left out).
import { stripHash } from '../../core/src';
import { TYPES } from './typeRegistry';
import type { GraphVersion } from '../../common/src/constants';
import type { Assignment } from './intuneApps';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'unchanged';

export interface AssignmentChange {
  kind: ChangeKind;
  /** "required · group 4d2a8e1c-…" */
  label: string;
  before?: Assignment;
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

/** Properties the service computes: never compared, dropped from pulled documents unless asked for. */
export const COMPUTED = ['id', 'source', 'sourceId'];
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
  const t = a.target;
  return t && typeof t === 'object' && !Array.isArray(t) ? (t as Record<string, unknown>) : {};
}

/** "group 4d2a8e1c-…", "all licensed users", "excluded group …", "collection SMS00001". */
export function targetLabel(a: Assignment): string {
  const t = target(a);
  const type = typeof t['@odata.type'] === 'string' ? stripHash(t['@odata.type']).replace(/^microsoft\.graph\./, '') : 'unknown target';
  const id = String(t.groupId ?? t.collectionId ?? '');
  switch (type) {
    case 'allDevicesAssignmentTarget':
      return 'all devices';
    case 'allLicensedUsersAssignmentTarget':
      return 'all licensed users';
    case 'groupAssignmentTarget':
      return `group ${id}`;
    case 'exclusionGroupAssignmentTarget':
      return `excluded group ${id}`;
    case 'configurationManagerCollectionAssignmentTarget':
      return `collection ${id}`;
    default:
      return id ? `${type} ${id}` : type;
  }
}

function targetKey(a: Assignment): string {
  const t = target(a);
  const type = typeof t['@odata.type'] === 'string' ? stripHash(t['@odata.type']).toLowerCase() : '';
  return `${type}|${String(t.groupId ?? t.collectionId ?? '').toLowerCase()}`;
}

/**
 * Keys that pair an assignment with its counterpart: the target, and the intent too where a target appears
 * more than once in either list (the same group with two intents is two assignments).
 */
function keysFor(current: Assignment[], desired: Assignment[]): { current: string[]; desired: string[] } {
  const count = new Map<string, number>();
  for (const list of [current, desired]) {
    const seen = new Map<string, number>();
    for (const a of list) seen.set(targetKey(a), (seen.get(targetKey(a)) ?? 0) + 1);
    for (const [k, n] of seen) count.set(k, Math.max(count.get(k) ?? 0, n));
  }
  const key = (a: Assignment) => (count.get(targetKey(a))! > 1 ? `${targetKey(a)}|${String(a.intent)}` : targetKey(a));
  return { current: current.map(key), desired: desired.map(key) };
}

/** What posting `desired` does to an app whose assignments are `current`. */
export function diffAssignments(current: Assignment[], desired: Assignment[], version: GraphVersion = 'beta'): AssignmentDiff {
  const before = current.map((a) => normalizeAssignment(a, version));
  const after = desired.map((a) => normalizeAssignment(a, version));
  const keys = keysFor(before, after);
  const byKey = new Map(before.map((a, i) => [keys.current[i], a]));
  const changes: AssignmentChange[] = [];
  const matched = new Set<string>();
  after.forEach((a, i) => {
    const key = keys.desired[i];
    const old = byKey.get(key);
    const label = `${String(a.intent)} · ${targetLabel(a)}`;
    if (!old || matched.has(key)) {
      changes.push({ kind: 'added', label, after: a, details: [] });
      return;
    }
    matched.add(key);
    const details = compare(old, a);
    changes.push({ kind: details.length ? 'changed' : 'unchanged', label, before: old, after: a, details });
  });
  before.forEach((a, i) => {
    if (!matched.has(keys.current[i])) changes.push({ kind: 'removed', label: `${String(a.intent)} · ${targetLabel(a)}`, before: a, details: [] });
  });
  const count = (kind: ChangeKind) => changes.filter((c) => c.kind === kind).length;
  return { changes, added: count('added'), removed: count('removed'), changed: count('changed'), unchanged: count('unchanged') };
}

/** The list to post in merge mode: the app's assignments, updated where the document names the same target, plus the new ones. */
export function mergeAssignments(current: Assignment[], incoming: Assignment[], version: GraphVersion = 'beta'): Assignment[] {
  const before = current.map((a) => normalizeAssignment(a, version));
  const after = incoming.map((a) => normalizeAssignment(a, version));
  const keys = keysFor(before, after);
  const replacement = new Map(after.map((a, i) => [keys.desired[i], a]));
  const merged = before.map((a, i) => {
    const update = replacement.get(keys.current[i]);
    if (update) replacement.delete(keys.current[i]);
    return update ?? a;
  });
  return [...merged, ...after.filter((_, i) => replacement.get(keys.desired[i]) === after[i])];
}

/** Differences between two normalized assignments of the same target, one line each. */
function compare(before: Assignment, after: Assignment): string[] {
  const lines: string[] = [];
  if (before.intent !== after.intent) lines.push(`intent: ${String(before.intent)} -> ${String(after.intent)}`);
  const t0 = target(before);
  const t1 = target(after);
  const filter = (t: Record<string, unknown>) => `${String(t.deviceAndAppManagementAssignmentFilterType ?? 'none')}${t.deviceAndAppManagementAssignmentFilterId ? ` ${String(t.deviceAndAppManagementAssignmentFilterId)}` : ''}`;
  if (filter(t0) !== filter(t1)) lines.push(`filter: ${filter(t0)} -> ${filter(t1)}`);
  for (const line of flatDiff('settings', before.settings, after.settings)) lines.push(line);
  return lines;
}

function flatDiff(path: string, a: unknown, b: unknown): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => flatDiff(`${path}.${k}`, a[k] ?? null, b[k] ?? null));
  }
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null) ? [] : [`${path}: ${short(a)} -> ${short(b)}`];
}

function short(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
