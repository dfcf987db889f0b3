// Graph's assignment types as the sandbox reads them: the generated type map (schemas/graph-types.json, made
// from Microsoft Graph's published CSDL metadata) taken as plain data, per version. The sandbox never asks the
// product's validation core about types: what GET fills in and which types exist come from the metadata.
import typeMapJson from '../../../schemas/graph-types.json';
import type { GraphVersion } from '../../../common/src/constants';

export interface PropertyInfo {
  type: string;
  collection: boolean;
  nullable: boolean;
}

export interface TypeInfo {
  kind: 'complex' | 'entity';
  abstract: boolean;
  /** Every property, inherited ones included (the map is flattened). */
  properties: Record<string, PropertyInfo>;
  baseType?: string;
  /** `target` or `settings`: which slot of an assignment the type fills. */
  slot?: 'target' | 'settings';
  /** Settings types: the app types they are made for. */
  appTypes?: string[];
}

interface VersionMap {
  root: string;
  slots: { target: string; settings: string };
  types: Record<string, TypeInfo>;
  enums: Record<string, { members: { name: string }[] }>;
  appTypesWithoutSettings: string[];
}

const MAP = (typeMapJson as unknown as { versions: Record<GraphVersion, VersionMap> }).versions;

export const NAMESPACE = 'microsoft.graph';

/** `#microsoft.graph.x` or `microsoft.graph.x` → `microsoft.graph.x`. */
export function qualified(name: string): string {
  return name.startsWith('#') ? name.slice(1) : name;
}

export function versionMap(version: GraphVersion): VersionMap {
  return MAP[version];
}

const lowerCaseTypes = new Map<GraphVersion, Map<string, string>>();

/**
 * The type a name resolves to, whatever its case: Graph resolves `#microsoft.graph.Win32LobAppAssignmentSettings`
 * (sent by a widely used tool for years) as win32LobAppAssignmentSettings. Undefined when nothing matches.
 */
export function canonicalType(version: GraphVersion, name: string): string | undefined {
  const plain = qualified(name);
  if (Object.hasOwn(MAP[version].types, plain)) return plain;
  let index = lowerCaseTypes.get(version);
  if (!index) {
    index = new Map(Object.keys(MAP[version].types).map((t) => [t.toLowerCase(), t]));
    lowerCaseTypes.set(version, index);
  }
  return index.get(plain.toLowerCase());
}

/** An enum member whatever its case (the admin portal posts "Required"), as Graph stores and returns it. */
export function canonicalMember(version: GraphVersion, enumName: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return enumMembers(version, enumName)?.find((m) => m.toLowerCase() === value.toLowerCase());
}

export function typeInfo(version: GraphVersion, name: string): TypeInfo | undefined {
  return Object.hasOwn(MAP[version].types, name) ? MAP[version].types[name] : undefined;
}

export function enumMembers(version: GraphVersion, name: string): string[] | undefined {
  return Object.hasOwn(MAP[version].enums, name) ? MAP[version].enums[name].members.map((m) => m.name) : undefined;
}

/**
 * A value as Graph stores and returns it: `#`-prefixed type and every property of its type, those not sent
 * filled with what the service stores for them (null when nullable, [] for collections, an enum's first
 * member, false, 0). Nested complex values are served as they were sent.
 */
export function complete(value: Record<string, unknown>, version: GraphVersion): Record<string, unknown> {
  const name = qualified(String(value['@odata.type'] ?? ''));
  const info = typeInfo(version, name);
  const out: Record<string, unknown> = { '@odata.type': `#${name}` };
  if (!info) return { ...value, ...out };
  for (const [property, p] of Object.entries(info.properties)) {
    if (value[property] !== undefined) out[property] = value[property];
    else if (p.collection) out[property] = [];
    else if (p.nullable) out[property] = null;
    else if (enumMembers(version, p.type)) out[property] = enumMembers(version, p.type)![0] ?? null;
    else if (p.type === 'Edm.Boolean') out[property] = false;
    else if (/^Edm\.(Int|Double|Decimal|Single)/.test(p.type)) out[property] = 0;
    else out[property] = null;
  }
  return out;
}
