// The linter's fast path: a cheap walk over a JSON.parse'd value that answers "clean" only when every rule is
// certain to find nothing, and "not sure" otherwise. It reports nothing itself: on "not sure" the file goes
// through the rules, which locate and word every problem. So the fast path may be stricter than the rules
// (a file it doubts is merely slower), never looser. Each section below names the rules whose conditions it
// covers; FAST_PATH_RULES lists them all, and unit tests check it against the rule registry and fuzz both paths
// against each other.
import type { GraphTypes } from './graphTypes';
import { ASSIGNMENTS_PROPERTY } from './assignDocument';
import { parseDateTimeOffset } from './rules/dateTime';
import { GUID } from './rules/guidFormat';
import { GLOBAL_LIKE } from './rules/nationalCloudUnsupported';
import type { ValidationOptions } from './rules/ruleTypes';
import { EXCLUSION_TARGET, FILTER_ID, FILTER_TYPE, GROUP_TARGET, ID_TARGETS, ODATA_TYPE } from './walker';

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
  // With tenant facts there is no fast path (provablyClean says "not sure"); without them these find nothing.
  'group-not-found',
  'filter-not-found',
  'filter-platform-mismatch',
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** What the walk counts for the caller: object members (the repeated-key check), and values (the budget: budget.ts counts every value and property name). */
export interface MemberCounts {
  members: number;
  values: number;
}

const ALL_DEVICES = 'microsoft.graph.allDevicesAssignmentTarget';
const START = 'startDateTime';
const DEADLINE = 'deadlineDateTime';

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isSet = (object: JsonObject, key: string) => object[key] !== undefined && object[key] !== null;

/**
 * True only when validating `value` with `options` is certain to report nothing. `counts` (when given) receives
 * the members of a clean document, for the caller's repeated-key check.
 */
export function provablyClean(value: unknown, types: GraphTypes, options: ValidationOptions, counts?: MemberCounts): boolean {
  // settings-app-type depends on the app's type; documents told one are rare enough to take the slow path.
  if (options.appType) return false;
  // group-not-found, filter-not-found, filter-platform-mismatch judge ids against the tenant: the rules do that.
  if (options.tenant) return false;
  const root = value as Json;
  // schema (top level), empty-assignments
  if (!isObject(root)) return false;
  const keys = Object.keys(root);
  if (keys.length !== 1 || keys[0] !== ASSIGNMENTS_PROPERTY) return false;
  const list = root[ASSIGNMENTS_PROPERTY];
  if (!Array.isArray(list) || list.length === 0) return false;

  const walk = compiled(types, options).walk();
  const targets = new Targets();
  for (const assignment of list) {
    if (!isObject(assignment) || !cleanAssignment(assignment, walk)) return false;
    // duplicate-target, include-exclude-conflict
    const target = assignment.target as JsonObject;
    const rawId = target.groupId ?? target.collectionId;
    const id = typeof rawId === 'string' && rawId !== '' ? rawId.toLowerCase() : undefined;
    if (!targets.add((target[ODATA_TYPE] as string).slice(1), id)) return false;
  }
  if (counts) {
    // The root object's one member and its list, each assignment, and what the walk counted inside them.
    counts.members += 1 + walk.members;
    counts.values += 2 + list.length + walk.values;
  }
  return true;
}

function cleanAssignment(assignment: JsonObject, walk: Walk): boolean {
  // schema: intent and a target are required; the intent's case and value are checked with the object below.
  if (!isObject(assignment.target as Json) || assignment.intent === undefined) return false;
  if (!walk.object(assignment, walk.root)) return false;
  const intent = assignment.intent;
  const target = assignment.target as JsonObject;
  const settings = assignment.settings;
  const targetType = (target[ODATA_TYPE] as string).slice(1);
  // available-device-target, available-without-enrollment-target
  if ((intent === 'available' || intent === 'availableWithoutEnrollment') && targetType === ALL_DEVICES) return false;
  if (isObject(settings ?? null)) {
    const s = settings as JsonObject;
    // exclusion-settings
    if (targetType === EXCLUSION_TARGET) return false;
    // is-removable-intent, uninstall-settings, auto-update-intent
    if (intent !== 'required' && isSet(s, 'isRemovable')) return false;
    if (intent === 'uninstall' && (isSet(s, 'preventManagedAppBackup') || isSet(s, 'uninstallOnDeviceRemoval'))) return false;
    if (intent !== 'available' && isSet(s, 'autoUpdateSettings')) return false;
  }
  return true;
}

/** Up to this many targets a document's are compared in place; beyond, they are indexed. */
const FEW_TARGETS = 16;

/**
 * duplicate-target and include-exclude-conflict over one document's targets (a type name and a lowercase id,
 * if any). Payloads have a handful: compared in place, they cost less than a set made for each document. A
 * document with thousands is indexed once it has more than FEW_TARGETS, so it costs linear time, not quadratic.
 */
class Targets {
  private readonly typeNames: string[] = [];
  private readonly ids: (string | undefined)[] = [];
  /** By id ('' for targets without one): the type names seen with it. */
  private index?: Map<string, string[]>;

  /** False when the target repeats one before it, or a group is both included and excluded. */
  add(typeName: string, id: string | undefined): boolean {
    // Targets that name a group or collection are not compared without its id.
    if (id === undefined && ID_TARGETS.test(typeName)) return true;
    if (this.index) {
      const seen = this.index.get(id ?? '');
      if (seen?.some((other) => clashes(other, typeName, id))) return false;
      if (seen) seen.push(typeName);
      else this.index.set(id ?? '', [typeName]);
      return true;
    }
    for (let i = 0; i < this.ids.length; i++) if (this.ids[i] === id && clashes(this.typeNames[i], typeName, id)) return false;
    this.typeNames.push(typeName);
    this.ids.push(id);
    if (this.ids.length > FEW_TARGETS) {
      this.index = new Map();
      for (let i = 0; i < this.ids.length; i++) {
        const seen = this.index.get(this.ids[i] ?? '');
        if (seen) seen.push(this.typeNames[i]);
        else this.index.set(this.ids[i] ?? '', [this.typeNames[i]]);
      }
    }
    return true;
  }
}

/** Two targets of the same id (or both without one) clash when of the same type, or one includes what the other excludes. */
function clashes(a: string, b: string, id: string | undefined): boolean {
  return a === b || (id !== undefined && ((a === GROUP_TARGET && b === EXCLUSION_TARGET) || (a === EXCLUSION_TARGET && b === GROUP_TARGET)));
}

/** Checks a member's value (not null). */
type Check = (value: Json, walk: Walk) => boolean;

interface Shape {
  /** Each member the type accepts (absent: schema, read-only-property or beta-only would report it). */
  members: Map<string, { check: Check; nullable: boolean }>;
  /** filter-consistency applies (the type has the filter fields). */
  filters: boolean;
  /** date-time's deadline check applies (the type has a start and a deadline). */
  deadline: boolean;
  /** The payload's root type (its `target` must not be null). */
  root: boolean;
}

/**
 * The type map turned into checks, once per Graph version and cloud: what each member of each type accepts
 * (a string, a GUID, a date-time, an exact enum member, an object of a type), so a document is checked with one
 * map lookup per member instead of asking the type map about every property of every file.
 */
class Compiled {
  private readonly shapes = new Map<string, Shape>();
  /** Shapes by declared type, for objects without `@odata.type` (null: the type is abstract). */
  private readonly declaredShapes = new Map<string, Shape | null>();
  /** Shapes by declared type and `@odata.type` as written (null: doubted). */
  private readonly resolvedShapes = new Map<string, Map<string, Shape | null>>();
  private readonly enumChecks = new Map<string, Check>();
  private readonly beta: boolean;

  constructor(
    readonly types: GraphTypes,
    private readonly globalCloud: boolean,
  ) {
    this.beta = types.version === 'beta';
  }

  walk(): Walk {
    return new Walk(this);
  }

  shape(typeName: string): Shape {
    let shape = this.shapes.get(typeName);
    if (shape) return shape;
    const members = new Map<string, { check: Check; nullable: boolean }>();
    for (const { name, info, betaOnly } of this.types.properties(typeName)) {
      if (info.readOnly || (betaOnly && !this.beta)) continue;
      const element = this.check(info.type, info.format, info.globalCloudOnly);
      const check: Check = info.collection ? (value, walk) => Array.isArray(value) && walk.elements(value.length) && value.every((e) => element(e, walk)) : element;
      members.set(name, { check, nullable: info.nullable === true });
    }
    shape = { members, filters: members.has(FILTER_TYPE), deadline: members.has(START) && members.has(DEADLINE), root: typeName === this.types.rootTypeName };
    this.shapes.set(typeName, shape);
    return shape;
  }

  /**
   * The shape of an object declared as `declared` whose `@odata.type` is `raw` (undefined: it has none), or null
   * when the fast path doubts that type (odata-type-*: not a string, no '#', unknown, of another case, abstract,
   * beta-only in v1.0). Documents repeat the same few pairs: each is resolved once.
   */
  shapeFor(raw: Json | undefined, declared: string): Shape | null {
    if (raw === undefined) {
      let shape = this.declaredShapes.get(declared);
      if (shape === undefined) this.declaredShapes.set(declared, (shape = this.types.type(declared)?.abstract ? null : this.shape(declared)));
      return shape;
    }
    if (typeof raw !== 'string') return null;
    let byRaw = this.resolvedShapes.get(declared);
    if (!byRaw) this.resolvedShapes.set(declared, (byRaw = new Map()));
    let shape = byRaw.get(raw);
    if (shape === undefined) {
      const resolution = raw.charCodeAt(0) === 0x23 /* # */ ? this.types.resolve(raw, declared) : undefined;
      shape = resolution?.kind === 'ok' && !resolution.caseDiffers && (this.beta || !resolution.betaOnly) ? this.shape(resolution.name) : null;
      if (byRaw.size < 1_000) byRaw.set(raw, shape);
    }
    return shape;
  }

  private check(type: string, format: string | undefined, globalCloudOnly: boolean | undefined): Check {
    switch (type) {
      case 'Edm.String':
        return format === 'guid' ? (value) => typeof value === 'string' && GUID.test(value) : (value) => typeof value === 'string';
      case 'Edm.DateTimeOffset':
        return (value) => typeof value === 'string' && parseDateTimeOffset(value) !== undefined;
      case 'Edm.Boolean':
        return (value) => typeof value === 'boolean';
      case 'Edm.Int32':
        return (value) => typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
      case 'Edm.Int64':
        return (value) => typeof value === 'number' && Number.isInteger(value);
    }
    if (this.types.enum(type)) return this.enumCheck(type, globalCloudOnly);
    return (value, walk) => isObject(value) && walk.object(value, type);
  }

  /** enum-casing and schema: an exact member; unknown-future-value; beta-only members; national clouds. */
  private enumCheck(type: string, globalCloudOnly: boolean | undefined): Check {
    const key = `${type}|${Boolean(globalCloudOnly)}`;
    let check = this.enumChecks.get(key);
    if (!check) {
      const allowed = new Set(
        (this.types.enum(type)?.members ?? [])
          .map((m) => m.name)
          .filter((m) => m !== 'unknownFutureValue')
          .filter((m) => this.beta || !this.types.isBetaOnlyEnumMember(type, m))
          .filter((m) => !globalCloudOnly || this.globalCloud || m.toLowerCase() !== 'foreground'),
      );
      check = (value) => typeof value === 'string' && allowed.has(value);
      this.enumChecks.set(key, check);
    }
    return check;
  }
}

/** One document's walk: the compiled checks, and what it counted. */
class Walk {
  members = 0;
  values = 0;
  readonly root: string;

  constructor(private readonly compiled: Compiled) {
    this.root = compiled.types.rootTypeName;
  }

  /** Counts a collection's elements as values; always true. */
  elements(count: number): boolean {
    this.values += count;
    return true;
  }

  /**
   * An object standing where `declared` is declared: its @odata.type (odata-type-*), every member against the
   * compiled type (schema, enum-casing, unknown-future-value, read-only-property, beta-only, guid-format,
   * date-time, national-cloud-unsupported), and the object-level rules (filter-consistency, date-time's deadline).
   */
  object(object: JsonObject, declared: string): boolean {
    const shape = this.compiled.shapeFor(object[ODATA_TYPE], declared);
    if (!shape) return false;
    for (const key in object) {
      this.members++;
      this.values++;
      if (key === ODATA_TYPE) continue;
      const member = shape.members.get(key);
      if (!member) return false;
      const value = object[key];
      if (value === null) {
        if (!member.nullable || (shape.root && key === 'target')) return false;
      } else if (!member.check(value, this)) return false;
    }
    // filter-consistency: only where the type has filters (not in v1.0).
    if (shape.filters) {
      const id = object[FILTER_ID];
      const mode = object[FILTER_TYPE];
      const hasId = typeof id === 'string' && id !== '';
      if (hasId && (mode === undefined || mode === 'none')) return false;
      if ((mode === 'include' || mode === 'exclude') && !hasId) return false;
    }
    // date-time: a deadline before the start.
    const start = shape.deadline ? object[START] : undefined;
    const deadline = shape.deadline ? object[DEADLINE] : undefined;
    if (typeof start === 'string' && typeof deadline === 'string') {
      const s = parseDateTimeOffset(start);
      const d = parseDateTimeOffset(deadline);
      if (s !== undefined && d !== undefined && d < s) return false;
    }
    return true;
  }
}

/** Compiled checks per type map and cloud kind (global-like or national), built on first use. */
const cache = new WeakMap<GraphTypes, Map<boolean, Compiled>>();

let last: { types: GraphTypes; globalCloud: boolean; compiled: Compiled } | undefined;

function compiled(types: GraphTypes, options: ValidationOptions): Compiled {
  const globalCloud = GLOBAL_LIKE.includes(options.cloud);
  // A lint run asks for the same one thousands of times in a row.
  if (last && last.types === types && last.globalCloud === globalCloud) return last.compiled;
  let byCloud = cache.get(types);
  if (!byCloud) cache.set(types, (byCloud = new Map()));
  let result = byCloud.get(globalCloud);
  if (!result) byCloud.set(globalCloud, (result = new Compiled(types, globalCloud)));
  last = { types, globalCloud, compiled: result };
  return result;
}
