// The JSON Schemas (draft-07) of the assign body, built from the type map of one Graph version. They accept
// what Graph accepts (enum members and type names in any case, @odata.type with or without '#' and on any
// complex value, date-times as OData writes them) and refuse what the linter calls a schema-level error; a test
// (test/core/schemaAgreement.test.ts) holds the two to each other. Standard keywords only: ajv --strict accepts them.
import type { VersionTypes } from '../core/src';

const GUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/**
 * An Edm.DateTimeOffset literal as Graph reads it (OData's ABNF: seconds and fractions optional, a zone
 * required). Not `format: date-time`, which demands seconds that Graph does not.
 */
const DATE_TIME_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})$';

/** A regular expression source matching any of `words` whatever the case of their letters (JSON Schema patterns have no flags). */
function anyCase(words: string[]): string {
  const one = (word: string) =>
    [...word].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return `^(${words.map(one).join('|')})$`;
}

/**
 * What Graph accepts where the metadata has an enum: a member in any case (the admin portal posts "Required").
 * The members themselves come first, for completion and for messages.
 */
function enumSchema(members: string[]): Schema {
  return { type: 'string', anyOf: [{ enum: members }, { pattern: anyCase(members) }] };
}

/** The @odata.type a value of `name` may carry: the name, with or without '#', in any case, as Graph resolves it. */
function odataTypeSchema(name: string): Schema {
  return { description: `The type of this object: #${name}.`, type: 'string', anyOf: [{ enum: [`#${name}`, name] }, { pattern: anyCase([`#${name}`, name]) }] };
}
type Schema = Record<string, unknown>;

function primitiveSchema(edm: string): Schema {
  switch (edm) {
    case 'Edm.String':
      return { type: 'string' };
    case 'Edm.Boolean':
      return { type: 'boolean' };
    case 'Edm.Int32':
      return { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
    case 'Edm.Int64':
      return { type: 'integer' };
    case 'Edm.Double':
    case 'Edm.Single':
      return { type: 'number' };
    case 'Edm.DateTimeOffset':
      return { type: 'string', pattern: DATE_TIME_PATTERN };
    default:
      throw new Error(`No JSON Schema mapping for ${edm}`);
  }
}

function nullableOf(schema: Schema): Schema {
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

/** The JSON Schema (draft-07) of the assign body for one Graph version, from its type map. */
export function buildJsonSchema(version: string, types: VersionTypes): Schema {
  const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
  const definitions: Record<string, Schema> = {};
  const concreteIn = (base: string) =>
    Object.keys(types.types).filter((n) => !types.types[n].abstract && isA(types, n, base));

  for (const [name, type] of Object.entries(types.types)) {
    if (type.abstract) {
      definitions[name] = { description: type.description, oneOf: concreteIn(name).map(ref) };
      continue;
    }
    // Graph accepts @odata.type on any complex value (its own docs write it on install-time and restart
    // settings); where the declared type is abstract it is what tells the concrete type.
    const properties: Record<string, Schema> = { '@odata.type': odataTypeSchema(name) };
    const discriminated = Boolean(type.slot) || name === types.root;
    for (const [propName, p] of Object.entries(type.properties)) {
      let schema: Schema;
      if (p.type.startsWith('Edm.')) schema = primitiveSchema(p.type);
      else schema = ref(p.type);
      if (p.format === 'guid') schema = { ...schema, pattern: GUID_PATTERN };
      if (p.collection) schema = { type: 'array', items: schema };
      // target is nullable in the metadata, but an assignment without a target assigns to nobody.
      const nullable = p.nullable && !(name === types.root && propName === 'target');
      if (nullable) schema = nullableOf(schema);
      properties[propName] = { description: p.description, ...schema, ...(p.readOnly ? { readOnly: true } : {}) };
    }
    const required = discriminated && name !== types.root ? ['@odata.type'] : [];
    if (name === types.root) required.push('intent', 'target');
    definitions[name] = {
      description: type.description,
      type: 'object',
      properties,
      ...(required.length ? { required } : {}),
      additionalProperties: false,
    };
  }
  for (const [name, e] of Object.entries(types.enums)) {
    definitions[name] = { description: e.description, ...enumSchema(e.members.map((m) => m.name)) };
  }

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Microsoft Graph ${version}: body of POST /deviceAppManagement/mobileApps/{id}/assign`,
    description:
      'The assignments to give an Intune app. The assign action REPLACES every assignment the app has with this list.',
    type: 'object',
    properties: {
      mobileAppAssignments: {
        description: 'The complete list of the app\'s assignments after the call: any assignment not listed is removed.',
        type: 'array',
        items: ref(types.root),
      },
    },
    required: ['mobileAppAssignments'],
    additionalProperties: false,
    definitions: Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]])),
  };
}

function isA(types: VersionTypes, name: string, base: string): boolean {
  for (let t: string | undefined = name; t; t = types.types[t]?.baseType) if (t === base) return true;
  return false;
}
