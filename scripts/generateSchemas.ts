// The schema generator: reads Microsoft Graph CSDL metadata (clean_beta_metadata/cleanMetadata.xml and
// clean_v10_metadata/cleanMetadata.xml from https://github.com/microsoftgraph/msgraph-metadata, or excerpts of
// them holding the assignment types), walks every type reachable from
// mobileAppAssignment (its properties, base types and derived types), merges the facts of graphFacts.ts, and
// writes the JSON Schemas for beta and v1.0 (jsonSchema.ts) plus the type map the validation core reads (schemas/).
//
//   node out/scripts/generateSchemas.js --metadata-dir path/to/msgraph-metadata
//   node out/scripts/generateSchemas.js --beta clean_beta_metadata/cleanMetadata.xml --v1 clean_v10_metadata/cleanMetadata.xml
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import {
  appTypesWithoutSettings,
  enumDescriptions,
  guidPropertyPattern,
  memberDescriptions,
  nationalCloudUnsupported,
  propertyDescriptions,
  readOnlyProperties,
  settingsAppTypes,
  typeDescriptions,
} from './graphFacts';
import type { EnumInfo, PropertyInfo, TypeInfo, TypeMap, VersionTypes } from '../core/src';
import { buildJsonSchema } from './jsonSchema';

const NAMESPACE = 'microsoft.graph';
const ROOT_TYPE = `${NAMESPACE}.mobileAppAssignment`;
const DESCRIPTION_TERMS = ['Org.OData.Core.V1.Description', 'Org.OData.Core.V1.LongDescription'];

export type MetadataInputs = Record<'beta' | 'v1.0', string>;
export interface GeneratedFile {
  /** Path relative to the output folder. */
  path: string;
  content: string;
}

interface CsdlProperty {
  name: string;
  type: string;
  nullable: boolean;
}
interface CsdlStructured {
  name: string;
  kind: 'complex' | 'entity';
  abstract: boolean;
  baseType?: string;
  properties: CsdlProperty[];
}
interface CsdlEnum {
  name: string;
  members: { name: string; value: number }[];
}
interface CsdlModel {
  structured: Map<string, CsdlStructured>;
  enums: Map<string, CsdlEnum>;
  /** Annotation target ("ns.Type" or "ns.Type/prop" or "ns.Enum/member") -> term -> value. */
  annotations: Map<string, Map<string, string>>;
}

const ARRAY_ELEMENTS = new Set([
  'Schema', 'EnumType', 'ComplexType', 'EntityType', 'Property', 'NavigationProperty', 'Member', 'Annotations',
  'Annotation', 'PropertyRef', 'EnumMember',
]);

type XmlNode = Record<string, unknown>;
const list = (value: unknown): XmlNode[] => (Array.isArray(value) ? (value as XmlNode[]) : []);
const attr = (node: XmlNode, name: string): string | undefined =>
  typeof node[name] === 'string' ? (node[name] as string) : undefined;

/** Parses CSDL XML into the few parts the generator needs. Aliases (graph.) become the namespace. */
export function parseCsdl(xml: string): CsdlModel {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    isArray: (name) => ARRAY_ELEMENTS.has(name),
  });
  const doc = parser.parse(xml) as XmlNode;
  const edmx = (doc['edmx:Edmx'] ?? {}) as XmlNode;
  const services = (edmx['edmx:DataServices'] ?? {}) as XmlNode;
  const schemas = list(services.Schema);
  if (schemas.length === 0) throw new Error('No CSDL <Schema> element found: is this Graph $metadata XML?');

  const aliases = new Map<string, string>();
  for (const schema of schemas) {
    const ns = attr(schema, 'Namespace');
    const alias = attr(schema, 'Alias');
    if (ns && alias) aliases.set(alias, ns);
  }
  const qualify = (name: string): string => {
    const collection = /^Collection\((.*)\)$/.exec(name);
    if (collection) return `Collection(${qualify(collection[1])})`;
    const dot = name.lastIndexOf('.');
    if (dot < 0) return name;
    const prefix = name.slice(0, dot);
    return `${aliases.get(prefix) ?? prefix}.${name.slice(dot + 1)}`;
  };
  const qualifyTarget = (target: string): string => {
    const [type, ...rest] = target.split('/');
    return [qualify(type), ...rest].join('/');
  };

  const model: CsdlModel = { structured: new Map(), enums: new Map(), annotations: new Map() };
  const annotate = (target: string, annotations: XmlNode[]) => {
    for (const annotation of annotations) {
      const term = attr(annotation, 'Term');
      if (!term) continue;
      const value =
        attr(annotation, 'String') ??
        attr(annotation, 'Bool') ??
        attr(annotation, 'EnumMember') ??
        list(annotation.EnumMember)
          .map((m) => String((m as unknown as XmlNode)['#text'] ?? m))
          .join(' ');
      const key = qualifyTarget(target);
      if (!model.annotations.has(key)) model.annotations.set(key, new Map());
      model.annotations.get(key)!.set(term, value);
    }
  };

  for (const schema of schemas) {
    const ns = attr(schema, 'Namespace') ?? '';
    for (const e of list(schema.EnumType)) {
      const name = `${ns}.${attr(e, 'Name')}`;
      model.enums.set(name, {
        name,
        members: list(e.Member).map((m) => ({ name: attr(m, 'Name')!, value: Number(attr(m, 'Value') ?? 0) })),
      });
      annotate(name, list(e.Annotation));
      for (const m of list(e.Member)) annotate(`${name}/${attr(m, 'Name')}`, list(m.Annotation));
    }
    for (const [element, kind] of [['ComplexType', 'complex'], ['EntityType', 'entity']] as const) {
      for (const t of list(schema[element])) {
        const name = `${ns}.${attr(t, 'Name')}`;
        const base = attr(t, 'BaseType');
        model.structured.set(name, {
          name,
          kind,
          abstract: attr(t, 'Abstract') === 'true',
          baseType: base ? qualify(base) : undefined,
          properties: list(t.Property).map((p) => ({
            name: attr(p, 'Name')!,
            type: qualify(attr(p, 'Type')!),
            nullable: attr(p, 'Nullable') !== 'false',
          })),
        });
        annotate(name, list(t.Annotation));
        for (const p of list(t.Property)) annotate(`${name}/${attr(p, 'Name')}`, list(p.Annotation));
      }
    }
    for (const a of list(schema.Annotations)) annotate(attr(a, 'Target') ?? '', list(a.Annotation));
  }
  return model;
}

const short = (qualified: string): string => qualified.slice(qualified.lastIndexOf('.') + 1);

function describe(model: CsdlModel, target: string, fallback: string | undefined): string {
  const terms = model.annotations.get(target);
  for (const term of DESCRIPTION_TERMS) {
    const text = terms?.get(term)?.trim();
    if (text) return text;
  }
  if (!fallback) throw new Error(`No description for ${target}: add one to scripts/graphFacts.ts`);
  return fallback;
}

function isReadOnly(model: CsdlModel, typeName: string, property: string): boolean {
  const terms = model.annotations.get(`${typeName}/${property}`);
  if (terms?.get('Org.OData.Core.V1.Computed') === 'true') return true;
  if (/Permission\/Read$/.test(terms?.get('Org.OData.Core.V1.Permissions') ?? '')) return true;
  return readOnlyProperties.includes(`${short(typeName)}.${property}`);
}

/** Builds the type map of one Graph version: every type reachable from mobileAppAssignment. */
export function buildVersionTypes(model: CsdlModel): VersionTypes {
  const root = model.structured.get(ROOT_TYPE);
  if (!root) throw new Error(`${ROOT_TYPE} is not in the metadata`);

  const derived = new Map<string, string[]>();
  for (const t of model.structured.values()) {
    if (t.baseType) derived.set(t.baseType, [...(derived.get(t.baseType) ?? []), t.name]);
  }

  // Every structured type reachable through properties, base types and derived types; and the enums used.
  const reached = new Set<string>();
  const enums = new Set<string>();
  const queue = [ROOT_TYPE];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (reached.has(name)) continue;
    const type = model.structured.get(name);
    if (!type) throw new Error(`Type ${name} is referenced but not defined in the metadata`);
    reached.add(name);
    if (type.baseType) queue.push(type.baseType);
    queue.push(...(derived.get(name) ?? []));
    for (const p of type.properties) {
      const element = p.type.replace(/^Collection\((.*)\)$/, '$1');
      if (element.startsWith('Edm.')) continue;
      if (model.enums.has(element)) enums.add(element);
      else queue.push(element);
    }
  }

  const chain = (name: string): CsdlStructured[] => {
    const type = model.structured.get(name)!;
    return type.baseType ? [...chain(type.baseType), type] : [type];
  };
  const slots: Record<string, string> = {};
  for (const p of root.properties) {
    const type = model.structured.get(p.type);
    if (type?.abstract) slots[p.name] = p.type;
  }
  const slotOf = (name: string): string | undefined => {
    const ancestors = chain(name).map((t) => t.name);
    return Object.keys(slots).find((slot) => ancestors.includes(slots[slot]));
  };

  // Graph resolves type names whatever their case, and so does the core: no two may differ by case alone.
  const folded = new Map<string, string>();
  for (const name of reached) {
    const other = folded.get(name.toLowerCase());
    if (other) throw new Error(`${name} and ${other} differ only by case: type names could not be resolved case-insensitively`);
    folded.set(name.toLowerCase(), name);
  }

  const types: Record<string, TypeInfo> = {};
  for (const name of [...reached].sort()) {
    const type = model.structured.get(name)!;
    const properties: Record<string, PropertyInfo> = {};
    for (const owner of chain(name)) {
      for (const p of owner.properties) {
        const collection = p.type.startsWith('Collection(');
        const element = collection ? p.type.slice('Collection('.length, -1) : p.type;
        const info: PropertyInfo = {
          type: element,
          collection,
          nullable: p.nullable,
          declaredBy: owner.name,
          description: describe(
            model,
            `${owner.name}/${p.name}`,
            propertyDescriptions[`${short(owner.name)}.${p.name}`] ?? propertyDescriptions[p.name],
          ),
        };
        if (isReadOnly(model, owner.name, p.name)) info.readOnly = true;
        if (guidPropertyPattern.test(p.name) && element === 'Edm.String') info.format = 'guid';
        if (nationalCloudUnsupported.includes(`${short(owner.name)}.${p.name}`)) info.globalCloudOnly = true;
        properties[p.name] = info;
      }
    }
    const info: TypeInfo = {
      kind: type.kind,
      abstract: type.abstract,
      description: describe(model, name, typeDescriptions[short(name)]),
      properties,
    };
    if (type.baseType) info.baseType = type.baseType;
    const slot = slotOf(name);
    if (slot) info.slot = slot;
    const fact = settingsAppTypes[short(name)];
    if (slot === 'settings' && !type.abstract) {
      if (!fact) throw new Error(`No app types for settings type ${name}: add it to scripts/graphFacts.ts`);
      info.appTypes = fact.appTypes.map((t) => `${NAMESPACE}.${t}`);
      if (fact.inferred) info.appTypesInferred = true;
    }
    types[name] = info;
  }

  const enumInfos: Record<string, EnumInfo> = {};
  for (const name of [...enums].sort()) {
    const e = model.enums.get(name)!;
    enumInfos[name] = {
      description: describe(model, name, enumDescriptions[short(name)]),
      members: e.members.map((m) => ({
        name: m.name,
        value: m.value,
        description: describe(
          model,
          `${name}/${m.name}`,
          memberDescriptions[`${short(name)}.${m.name}`] ?? memberDescriptions[m.name],
        ),
      })),
    };
  }

  return {
    root: ROOT_TYPE,
    slots,
    types,
    enums: enumInfos,
    appTypesWithoutSettings: appTypesWithoutSettings.map((t) => `${NAMESPACE}.${t}`),
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Everything the generator writes, from the metadata texts of both versions. */
export function generateSchemas(inputs: MetadataInputs): GeneratedFile[] {
  const versions = {} as TypeMap['versions'];
  const files: GeneratedFile[] = [];
  for (const version of ['beta', 'v1.0'] as const) {
    versions[version] = buildVersionTypes(parseCsdl(inputs[version]));
    files.push({ path: `assign.${version}.schema.json`, content: json(buildJsonSchema(version, versions[version])) });
  }
  const typeMap: TypeMap = {
    $comment:
      'Generated by scripts/generateSchemas.ts from Microsoft Graph CSDL metadata and scripts/graphFacts.ts. Do not edit: run `npm run schemas`.',
    metadataSha256: { beta: digest(inputs.beta), 'v1.0': digest(inputs['v1.0']) },
    versions,
  };
  files.push({ path: 'graph-types.json', content: json(typeMap) });
  return files;
}

/** Finds the metadata files in a folder: excerpts (beta-assignment-types.xml, v1.0-assignment-types.xml), or a msgraph-metadata checkout. */
export function findMetadata(dir: string): Record<'beta' | 'v1.0', string> {
  const candidates = {
    beta: ['beta-assignment-types.xml', 'clean_beta_metadata/cleanMetadata.xml', 'beta.xml'],
    'v1.0': ['v1.0-assignment-types.xml', 'clean_v10_metadata/cleanMetadata.xml', 'v1.0.xml'],
  };
  const found = {} as Record<'beta' | 'v1.0', string>;
  for (const version of ['beta', 'v1.0'] as const) {
    const file = candidates[version].map((c) => join(dir, c)).find((p) => existsSync(p));
    if (!file) throw new Error(`No ${version} metadata in ${dir} (looked for ${candidates[version].join(', ')})`);
    found[version] = file;
  }
  return found;
}

const USAGE = `Usage: node out/scripts/generateSchemas.js (--metadata-dir DIR | --beta FILE --v1 FILE) [--out DIR] [--check]

Reads Microsoft Graph CSDL metadata and writes assign.beta.schema.json, assign.v1.0.schema.json and
graph-types.json. DIR holds excerpts of the metadata (beta-assignment-types.xml, v1.0-assignment-types.xml)
or is a checkout of microsoftgraph/msgraph-metadata; FILE is a cleanMetadata.xml. --check writes nothing
and exits 1 when the output folder differs.`;

function main(argv: string[]): number {
  const args = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check' || a === '--help' || a === '-h') flags.add(a);
    else if (a.startsWith('--') && i + 1 < argv.length) args.set(a, argv[++i]);
    else {
      console.error(`Unknown argument ${a}\n\n${USAGE}`);
      return 2;
    }
  }
  if (flags.has('--help') || flags.has('-h')) {
    console.log(USAGE);
    return 0;
  }
  const projectRoot = resolve(__dirname, '..', '..');
  let files: Record<'beta' | 'v1.0', string>;
  if (args.has('--metadata-dir')) files = findMetadata(resolve(args.get('--metadata-dir')!));
  else if (args.has('--beta') && args.has('--v1')) files = { beta: resolve(args.get('--beta')!), 'v1.0': resolve(args.get('--v1')!) };
  else {
    const shared = resolve(projectRoot, '..', 'shared', 'graph');
    if (!existsSync(shared)) {
      console.error(USAGE);
      return 2;
    }
    files = findMetadata(shared);
  }
  const out = resolve(args.get('--out') ?? join(projectRoot, 'schemas'));
  const generated = generateSchemas({ beta: readFileSync(files.beta, 'utf8'), 'v1.0': readFileSync(files['v1.0'], 'utf8') });
  if (flags.has('--check')) {
    const stale = generated.filter((f) => !existsSync(join(out, f.path)) || readFileSync(join(out, f.path), 'utf8') !== f.content);
    for (const f of stale) console.error(`${join(out, f.path)} differs from what the metadata generates`);
    return stale.length ? 1 : 0;
  }
  mkdirSync(out, { recursive: true });
  for (const f of generated) writeFileSync(join(out, f.path), f.content);
  console.log(`Wrote ${generated.map((f) => f.path).join(', ')} to ${out} from ${files.beta} and ${files['v1.0']}`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`generateSchemas: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
