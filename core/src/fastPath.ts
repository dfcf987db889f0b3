// The linter's fast path: a cheap walk over a JSON.parse'd value that answers "clean" only when every rule is
// certain to find nothing, and "not sure" otherwise. It reports nothing itself: on "not sure" the file goes
// through the rules, which locate and word every problem. So the fast path may be stricter than the rules
// (a file it doubts is merely slower), never looser. Each section below names the rules whose conditions it
// covers; FAST_PATH_RULES lists them all, and unit tests check it against the rule registry and fuzz both paths
// against each other.
import type { GraphTypes } from './graphTypes';
import { ASSIGNMENTS_PROPERTY } from './assignDocument';
import { parseDateTimeOffset } from './rules/dateTime';
import { ID_TARGETS } from './rules/duplicateTarget';
import { FILTER_ID, FILTER_TYPE } from './rules/filterConsistency';
import { GUID } from './rules/guidFormat';
import { GLOBAL_LIKE } from './rules/nationalCloudUnsupported';
import type { ValidationOptions } from './rules/ruleTypes';
import { ODATA_TYPE } from './walker';

/** Every rule whose findings the fast path rules out before it answers "clean". */
export const FAST_PATH_RULES = [
  'json-syntax', // JSON.parse succeeded (the caller), repeated keys are ruled out by the caller
  'schema',
  'odata-type-required',
  'odata-type-abstract',
  'odata-type-unknown',
  'odata-type-casing',
  'odata-type-slot',
  'odata-type-prefix',
  'enum-casing',
  'unknown-future-value',
  'read-only-property',
  'beta-only',
  'empty-assignments',
  'duplicate-target',
  'include-exclude-conflict',
  'available-device-target',
  'available-without-enrollment-target',
  'is-removable-intent',
  'uninstall-settings',
  'exclusion-settings',
  'auto-update-intent',
  'filter-consistency',
  'guid-format',
  'date-time',
  'national-cloud-unsupported',
  'settings-app-type',
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ALL_DEVICES = 'microsoft.graph.allDevicesAssignmentTarget';
const GROUP = 'microsoft.graph.groupAssignmentTarget';
const EXCLUSION = 'microsoft.graph.exclusionGroupAssignmentTarget';

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isSet = (object: JsonObject, key: string) => object[key] !== undefined && object[key] !== null;

/** True only when validating `value` with `options` is certain to report nothing. */
export function provablyClean(value: unknown, types: GraphTypes, options: ValidationOptions): boolean {
  // settings-app-type depends on the app's type; documents told one are rare enough to take the slow path.
  if (options.appType) return false;
  const root = value as Json;
  // schema (top level), empty-assignments
  if (!isObject(root)) return false;
  const keys = Object.keys(root);
  if (keys.length !== 1 || keys[0] !== ASSIGNMENTS_PROPERTY) return false;
  const list = root[ASSIGNMENTS_PROPERTY];
  if (!Array.isArray(list) || list.length === 0) return false;

  const targets = new Set<string>();
  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const assignment of list) {
    if (!isObject(assignment) || !cleanAssignment(assignment, types, options)) return false;
    // duplicate-target, include-exclude-conflict
    const target = assignment.target as JsonObject;
    const typeName = (target[ODATA_TYPE] as string).slice(1);
    const rawId = target.groupId ?? target.collectionId;
    const id = typeof rawId === 'string' ? rawId.toLowerCase() : undefined;
    if (!(ID_TARGETS.test(typeName) && !id)) {
      const key = `${typeName}|${id ?? ''}`;
      if (targets.has(key)) return false;
      targets.add(key);
    }
    if (id && typeName === GROUP) included.add(id);
    if (id && typeName === EXCLUSION) excluded.add(id);
  }
  for (const id of excluded) if (included.has(id)) return false;
  return true;
}

function cleanAssignment(assignment: JsonObject, types: GraphTypes, options: ValidationOptions): boolean {
  // schema: intent and a target are required; the intent's case and value are checked with the object below.
  if (!isObject(assignment.target as Json) || assignment.intent === undefined) return false;
  if (!cleanObject(assignment, types.rootTypeName, types, options)) return false;
  const intent = assignment.intent;
  const target = assignment.target as JsonObject;
  const settings = assignment.settings;
  const targetType = (target[ODATA_TYPE] as string).slice(1);
  // available-device-target, available-without-enrollment-target
  if ((intent === 'available' || intent === 'availableWithoutEnrollment') && targetType === ALL_DEVICES) return false;
  if (isObject(settings ?? null)) {
    const s = settings as JsonObject;
    // exclusion-settings
    if (targetType === EXCLUSION) return false;
    // is-removable-intent, uninstall-settings, auto-update-intent
    if (intent !== 'required' && isSet(s, 'isRemovable')) return false;
    if (intent === 'uninstall' && (isSet(s, 'preventManagedAppBackup') || isSet(s, 'uninstallOnDeviceRemoval'))) return false;
    if (intent !== 'available' && isSet(s, 'autoUpdateSettings')) return false;
  }
  return true;
}

/**
 * An object standing where `declared` is declared: its @odata.type (odata-type-*), every member against the
 * type map (schema, enum-casing, unknown-future-value, read-only-property, beta-only, guid-format, date-time,
 * national-cloud-unsupported), and the object-level rules (filter-consistency, date-time's deadline).
 */
function cleanObject(object: JsonObject, declared: string, types: GraphTypes, options: ValidationOptions): boolean {
  let typeName = declared;
  const raw = object[ODATA_TYPE];
  if (raw !== undefined) {
    if (typeof raw !== 'string' || raw[0] !== '#') return false;
    const resolution = types.resolve(raw, declared);
    if (resolution.kind !== 'ok' || resolution.caseDiffers || (resolution.betaOnly && types.version !== 'beta')) return false;
    typeName = resolution.name;
  } else if (types.type(declared)?.abstract) {
    return false;
  }
  const betaVersion = types.version === 'beta';
  for (const key in object) {
    if (key === ODATA_TYPE) continue;
    const found = types.property(typeName, key);
    if (!found || found.info.readOnly || (found.betaOnly && !betaVersion)) return false;
    const info = found.info;
    const value = object[key];
    if (value === null) {
      if (!info.nullable || (typeName === types.rootTypeName && key === 'target')) return false;
      continue;
    }
    if (info.collection) {
      if (!Array.isArray(value)) return false;
      for (const element of value) if (!cleanValue(element, info.type, info.format, types, options, info.globalCloudOnly)) return false;
    } else if (!cleanValue(value, info.type, info.format, types, options, info.globalCloudOnly)) return false;
  }
  // filter-consistency: only where the type has filters (not in v1.0).
  if (types.type(typeName)?.properties[FILTER_TYPE]) {
    const id = object[FILTER_ID];
    const mode = object[FILTER_TYPE];
    const hasId = typeof id === 'string' && id !== '';
    if (hasId && (mode === undefined || mode === 'none')) return false;
    if ((mode === 'include' || mode === 'exclude') && !hasId) return false;
  }
  // date-time: a deadline before the start.
  const start = object.startDateTime;
  const deadline = object.deadlineDateTime;
  if (typeof start === 'string' && typeof deadline === 'string') {
    const s = parseDateTimeOffset(start);
    const d = parseDateTimeOffset(deadline);
    if (s !== undefined && d !== undefined && d < s) return false;
  }
  return true;
}

function cleanValue(
  value: Json,
  type: string,
  format: string | undefined,
  types: GraphTypes,
  options: ValidationOptions,
  globalCloudOnly: boolean | undefined,
): boolean {
  switch (type) {
    case 'Edm.String':
      return typeof value === 'string' && (format !== 'guid' || GUID.test(value));
    case 'Edm.DateTimeOffset':
      return typeof value === 'string' && parseDateTimeOffset(value) !== undefined;
    case 'Edm.Boolean':
      return typeof value === 'boolean';
    case 'Edm.Int32':
      return typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
    case 'Edm.Int64':
      return typeof value === 'number' && Number.isInteger(value);
  }
  const enumInfo = types.enum(type);
  if (enumInfo) {
    // enum-casing and schema: an exact member; unknown-future-value; beta-only members; national clouds.
    if (typeof value !== 'string' || value === 'unknownFutureValue' || types.enumMember(type, value) !== value) return false;
    if (types.version !== 'beta' && types.isBetaOnlyEnumMember(type, value)) return false;
    if (globalCloudOnly && value.toLowerCase() === 'foreground' && !GLOBAL_LIKE.includes(options.cloud)) return false;
    return true;
  }
  return isObject(value) && cleanObject(value, type, types, options);
}
