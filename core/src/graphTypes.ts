// Queries over the generated type map (schemas/graph-types.json) for one Graph version: type resolution by
// @odata.type, inheritance, which concrete types fit a slot, enum members, and what only beta has.
import type { GraphVersion } from '../../common/src/constants';
import type { EnumInfo, PropertyInfo, TypeInfo, TypeMap, VersionTypes } from './typeMapFormat';

export const NAMESPACE = 'microsoft.graph';


function withoutPrototypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPrototypes);
  if (value === null || typeof value !== 'object') return value;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, member] of Object.entries(value)) copy[key] = withoutPrototypes(member);
  return copy;
}

function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record?.[key];
}

/** How an `@odata.type` value resolves against the object's declared type. */
export type TypeResolution =
  | { kind: 'ok'; name: string; type: TypeInfo; betaOnly: boolean; caseDiffers: boolean }
  | { kind: 'abstract'; name: string; type: TypeInfo; caseDiffers: boolean }
  | { kind: 'wrong-slot'; name: string; type: TypeInfo; caseDiffers: boolean }
  | { kind: 'unknown'; suggestion?: string };

interface PropertyLookup {
  info: PropertyInfo;
  betaOnly: boolean;
}

export class GraphTypes {
  readonly version: GraphVersion;
  private readonly root: string;
  private readonly own: VersionTypes;
  private readonly beta: VersionTypes;
  private readonly concreteCache = new Map<string, string[]>();
  private readonly lowerCaseNames = new Map<string, string>();
  /** Lookups every node of every document makes, indexed once: type, its properties, enums. */
  private readonly typeIndex = new Map<string, TypeInfo>();
  private readonly propertyIndex = new Map<string, Map<string, PropertyLookup>>();
  private readonly enumIndex = new Map<string, EnumInfo>();
  private readonly betaOnlyTypes = new Set<string>();
  private readonly memberIndex = new Map<string, Map<string, string>>();
  private readonly resolutions = new Map<string, Map<string, TypeResolution>>();
  /** Each type's base types, all the way up. */
  private readonly ancestors = new Map<string, Set<string>>();

  constructor(
    private readonly typeMap: TypeMap,
    version: GraphVersion,
  ) {
    this.version = version;
    this.own = typeMap.versions[version];
    this.beta = typeMap.versions.beta;
    this.root = this.own.root;
    for (const name of Object.keys(this.beta.types)) this.lowerCaseNames.set(name.toLowerCase(), name);
    for (const types of [this.beta.types, this.own.types]) for (const [name, info] of Object.entries(types)) this.typeIndex.set(name, info);
    for (const enums of [this.beta.enums, this.own.enums]) for (const [name, info] of Object.entries(enums)) this.enumIndex.set(name, info);
    for (const name of this.typeIndex.keys()) {
      if (!own(this.own.types, name)) this.betaOnlyTypes.add(name);
      const bases = new Set<string>();
      for (let t = this.typeIndex.get(name)?.baseType; t; t = this.typeIndex.get(t)?.baseType) bases.add(t);
      this.ancestors.set(name, bases);
      const properties = new Map<string, PropertyLookup>();
      for (const [p, info] of Object.entries(own(this.beta.types, name)?.properties ?? {})) properties.set(p, { info, betaOnly: true });
      for (const [p, info] of Object.entries(own(this.own.types, name)?.properties ?? {})) properties.set(p, { info, betaOnly: false });
      this.propertyIndex.set(name, properties);
    }
  }

  get rootTypeName(): string {
    return this.root;
  }

  get slots(): Record<string, string> {
    return this.own.slots;
  }

  /**
   * A structured type by qualified name. Types only beta has are returned too (flagged by isBetaOnlyType), so
   * a v1.0 document that uses one gets a beta-only diagnostic rather than an unknown-type one.
   */
  type(name: string): TypeInfo | undefined {
    return this.typeIndex.get(name);
  }

  isBetaOnlyType(name: string): boolean {
    return this.betaOnlyTypes.has(name);
  }

  /** A property of a type, looked up in this version and then in beta. */
  property(typeName: string, property: string): PropertyLookup | undefined {
    return this.propertyIndex.get(typeName)?.get(property);
  }

  /** Every property a type has in this version, then those only beta adds. */
  properties(typeName: string): { name: string; info: PropertyInfo; betaOnly: boolean }[] {
    const mine = own(this.own.types, typeName)?.properties ?? {};
    const beta = own(this.beta.types, typeName)?.properties ?? {};
    return [
      ...Object.entries(mine).map(([name, info]) => ({ name, info, betaOnly: false })),
      ...Object.entries(beta)
        .filter(([name]) => !Object.hasOwn(mine, name))
        .map(([name, info]) => ({ name, info, betaOnly: true })),
    ];
  }

  enum(name: string): EnumInfo | undefined {
    return this.enumIndex.get(name);
  }

  isEnum(name: string): boolean {
    return this.enumIndex.has(name);
  }

  isBetaOnlyEnumMember(enumName: string, member: string): boolean {
    const has = (e: EnumInfo | undefined) => Boolean(e?.members.some((m) => m.name === member));
    return !has(own(this.own.enums, enumName)) && has(own(this.beta.enums, enumName));
  }

  isA(name: string, base: string): boolean {
    return name === base || Boolean(this.ancestors.get(name)?.has(base));
  }

  /** The concrete types (this version's first, then beta-only ones) that may stand where `declared` is declared. */
  concreteTypes(declared: string, includeBetaOnly = true): string[] {
    const key = `${declared}|${includeBetaOnly}`;
    let result = this.concreteCache.get(key);
    if (!result) {
      const names = new Set(Object.keys(this.own.types));
      if (includeBetaOnly) for (const name of Object.keys(this.beta.types)) names.add(name);
      result = [...names].filter((n) => !this.type(n)!.abstract && this.isA(n, declared));
      this.concreteCache.set(key, result);
    }
    return result;
  }

  /** The slot (`target`, `settings`) a type belongs in, if any. */
  slotOf(name: string): string | undefined {
    return this.type(name)?.slot;
  }

  /** The member an enum value names, exactly or but for its case. */
  enumMember(enumName: string, value: string): string | undefined {
    let index = this.memberIndex.get(enumName);
    if (!index) {
      index = new Map();
      const members = this.enum(enumName)?.members ?? [];
      for (const m of members) if (!index.has(m.name.toLowerCase())) index.set(m.name.toLowerCase(), m.name);
      for (const m of members) index.set(m.name, m.name);
      this.memberIndex.set(enumName, index);
    }
    return index.get(value) ?? index.get(value.toLowerCase());
  }

  /** Resolves an `@odata.type` value (with or without `#`) in an object declared as `declared`. */
  resolve(rawValue: string, declared: string): TypeResolution {
    // Documents repeat the same few type names: resolve each pair once.
    let byValue = this.resolutions.get(declared);
    if (!byValue) this.resolutions.set(declared, (byValue = new Map()));
    let resolution = byValue.get(rawValue);
    if (!resolution) {
      resolution = this.resolveUncached(rawValue, declared);
      if (byValue.size < 1_000) byValue.set(rawValue, resolution);
    }
    return resolution;
  }

  private resolveUncached(rawValue: string, declared: string): TypeResolution {
    const written = stripHash(rawValue);
    // Graph resolves type names whatever their case (#microsoft.graph.Win32LobAppAssignmentSettings has been
    // sent by tools for years): such a name is the known type, and odata-type-casing says how Graph spells it.
    const name = this.type(written) ? written : this.lowerCaseNames.get(written.toLowerCase());
    const type = name ? this.type(name) : undefined;
    if (!name || !type) return { kind: 'unknown', suggestion: this.suggest(written, declared) };
    const caseDiffers = name !== written;
    if (type.abstract) return { kind: 'abstract', name, type, caseDiffers };
    if (!this.isA(name, declared)) return { kind: 'wrong-slot', name, type, caseDiffers };
    return { kind: 'ok', name, type, betaOnly: this.isBetaOnlyType(name), caseDiffers };
  }

  /** The known type nearest to an unknown name, preferring those valid where it stands. */
  suggest(name: string, declared: string): string | undefined {
    const local = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    const qualifiedByLocal = this.lowerCaseNames.get(`${NAMESPACE}.${local}`);
    if (qualifiedByLocal && this.isA(qualifiedByLocal, declared)) return qualifiedByLocal;
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of this.concreteTypes(declared)) {
      const candidateLocal = candidate.slice(NAMESPACE.length + 1).toLowerCase();
      const distance = editDistance(local, candidateLocal);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    // Beyond a third of the name the "nearest" type is a guess, not a correction.
    return best && bestDistance <= Math.max(3, Math.ceil(local.length / 3)) ? best : undefined;
  }

  /** Which Graph versions define a type. */
  versionsOfType(name: string): GraphVersion[] {
    return (['beta', 'v1.0'] as const).filter((v) => Boolean(own(this.typeMap.versions[v].types, name)));
  }

  /** Which Graph versions define a property of a type. */
  versionsOfProperty(typeName: string, property: string): GraphVersion[] {
    return (['beta', 'v1.0'] as const).filter((v) => Boolean(own(own(this.typeMap.versions[v].types, typeName)?.properties, property)));
  }

  /** App types known to take no settings type. */
  get appTypesWithoutSettings(): string[] {
    return this.own.appTypesWithoutSettings;
  }
}

/** The type map (schemas/graph-types.json) and the GraphTypes of each version, built on first use. */
export class TypeRegistry {
  /**
   * The map with every record rebuilt without a prototype: names come from documents, and "constructor" or
   * "__proto__" must find nothing rather than Object's members, without a hasOwn check on every lookup.
   */
  private readonly typeMap: TypeMap;
  private readonly byVersion = new Map<GraphVersion, GraphTypes>();

  constructor(typeMap: unknown) {
    this.typeMap = withoutPrototypes(typeMap) as TypeMap;
  }

  forVersion(version: GraphVersion): GraphTypes {
    let types = this.byVersion.get(version);
    if (!types) this.byVersion.set(version, (types = new GraphTypes(this.typeMap, version)));
    return types;
  }
}

export function stripHash(value: string): string {
  return value.startsWith('#') ? value.slice(1) : value;
}

/** Local name of a qualified type: `microsoft.graph.groupAssignmentTarget` -> `groupAssignmentTarget`. */
export function localName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

/** "a win32LobApp", "an iosVppApp": the article a type name takes in a message. */
export function withArticle(name: string): string {
  return `${/^[aeio]/i.test(name) ? 'an' : 'a'} ${name}`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
