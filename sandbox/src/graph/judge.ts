// How the sandbox judges an assign body, on its own and never with the product's validation core (so a core
// bug can fail a sandbox test): first the Graph facts below, each with the public source or the service's
// error text it models, then the generated JSON Schema of the body (schemas/assign.<version>.schema.json,
// compiled with ajv at run time) against the concrete type each target and settings object names.
//
// Facts (status and wording as reported where a source gives them; otherwise modelled, marked so):
// - Settings on an exclusion target: 400 "Exclusion assignment does not support MobileAppAssignment Settings."
//   (the service's text, quoted in KelvinTegelaar/CIPP-API, Set-CIPPAssignedApplication.ps1).
// - isRemovable (not null) with an intent other than required: 400 (reported by Intune tool authors, e.g.
//   MG-Cloudflow/Intune-Toolkit sets it only for required; wording modelled).
// - An intent that is no install intent at all: 500 (reported in ugurkocde/IntuneGet#340, where the intent
//   "updateOnly" failed "deterministically" with 500 Internal Server Error). One that differs only in case is
//   accepted: the Intune admin portal itself posts "Required", and tools send PascalCase. Type names are
//   likewise resolved whatever their case (#microsoft.graph.Win32LobAppAssignmentSettings has been sent by a
//   widely used tool for years).
// - An unknown @odata.type: 400 with OData's text "A type named '...' could not be resolved by the model.";
//   a property the type lacks: 400 with OData's text "The property '...' does not exist on type '...'.";
//   an unknown parameter of the action: OData's "The parameter '...' in the request payload is not a valid
//   parameter for the operation 'assign'." (Microsoft.OData.Core's messages).
// - An abstract type, or none where the declared type is abstract; a type in the wrong slot: 400, wording
//   modelled. Settings of a type not made for the app's type are accepted: no source shows Graph refusing them
//   (the product warns about them), and the emulator does not invent refusals.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { randomUUID } from 'node:crypto';
import betaSchema from '../../../schemas/assign.beta.schema.json';
import v1Schema from '../../../schemas/assign.v1.0.schema.json';
import type { GraphVersion } from '../../../common/src/constants';
import { canonicalMember, canonicalType, enumMembers, qualified, typeInfo, versionMap } from './typeMap';

export interface Refusal {
  status: 400 | 500;
  code: string;
  message: string;
  /** For a 500, what the service failed on (its own message says nothing): for seeds and logs. */
  reason?: string;
}

const EXCLUSION_TARGET = 'microsoft.graph.exclusionGroupAssignmentTarget';
const MAX_ASSIGNMENTS = 10_000;
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function bad(message: string): Refusal {
  return { status: 400, code: 'BadRequest', message };
}

/** The schema of one definition, compiled once (lazily: the sandbox starts fast). */
function validator(version: GraphVersion, definition: string): ValidateFunction | undefined {
  const key = `${version}#/definitions/${definition}`;
  let fn = validators.get(key);
  if (fn) return fn;
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(ajv, ['date-time']);
    ajv.addSchema(betaSchema, 'beta');
    ajv.addSchema(v1Schema, 'v1.0');
  }
  fn = ajv.getSchema(key);
  if (fn) validators.set(key, fn);
  return fn;
}

/** Judges a parsed assign body; undefined when Graph would accept it. */
export function judgeAssignBody(body: unknown, version: GraphVersion): Refusal | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return bad("The request body must be a JSON object with 'mobileAppAssignments', an array.");
  for (const key of Object.keys(body)) {
    if (key !== 'mobileAppAssignments') return bad(`The parameter '${key}' in the request payload is not a valid parameter for the operation 'assign'.`);
  }
  const list = (body as Record<string, unknown>).mobileAppAssignments;
  if (!Array.isArray(list)) return bad("The parameter 'mobileAppAssignments' must be an array of mobileAppAssignment.");
  return judgeAssignments(list, version);
}

/** Judges a list of assignments (an assign body's, or a seed's). */
export function judgeAssignments(list: unknown[], version: GraphVersion): Refusal | undefined {
  if (list.length > MAX_ASSIGNMENTS) return bad(`The request has ${list.length} assignments; the sandbox takes at most ${MAX_ASSIGNMENTS}.`);
  for (const [i, item] of list.entries()) {
    const refusal = judgeAssignment(item, version);
    if (refusal) return { ...refusal, message: refusal.message.replace('{at}', `mobileAppAssignments[${i}]`), reason: refusal.reason?.replace('{at}', `mobileAppAssignments[${i}]`) };
  }
  return undefined;
}

function judgeAssignment(item: unknown, version: GraphVersion): Refusal | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return bad('Each item of mobileAppAssignments must be a mobileAppAssignment object ({at}).');
  const a = item as Record<string, unknown>;
  const map = versionMap(version);
  const own = a['@odata.type'];
  if (own !== undefined && qualified(String(own)) !== map.root) return unknownType(String(own));
  const rootInfo = typeInfo(version, map.root)!;
  for (const key of Object.keys(a)) {
    if (key !== '@odata.type' && !Object.hasOwn(rootInfo.properties, key)) return noSuchProperty(key, map.root);
  }

  // The intent, before the rest: the service fails on it first.
  const intents = enumMembers(version, rootInfo.properties.intent.type)!;
  if (a.intent === undefined || a.intent === null) return bad("The property 'intent' of a mobileAppAssignment must not be null ({at}).");
  const intent = canonicalMember(version, rootInfo.properties.intent.type, a.intent);
  if (!intent) {
    const known = intents.filter((m) => m !== 'unknownFutureValue');
    return {
      status: 500,
      code: 'InternalServerError',
      message: `An internal server error has occurred - Operation ID (for customer support): ${randomUUID()}`,
      reason: `the intent ${JSON.stringify(a.intent)} is not one of ${known.join(', ')} ({at})`,
    };
  }

  const target = a.target;
  if (target === undefined || target === null) return bad("The property 'target' of a mobileAppAssignment must not be null ({at}).");
  const targetType = concreteType(target, 'target', version);
  if (typeof targetType !== 'string') return targetType;
  const settings = a.settings;
  let settingsType: string | undefined;
  if (settings !== undefined && settings !== null) {
    if (targetType === EXCLUSION_TARGET) return bad('Exclusion assignment does not support MobileAppAssignment Settings.');
    const resolved = concreteType(settings, 'settings', version);
    if (typeof resolved !== 'string') return resolved;
    settingsType = resolved;
    const record = settings as Record<string, unknown>;
    if (record.isRemovable !== undefined && record.isRemovable !== null && intent !== 'required') {
      return bad(`isRemovable can only be set with the intent required; this assignment's intent is ${intent} ({at}).`);
    }
  }
  return schemaCheck(target, targetType, version) ?? (settingsType ? schemaCheck(settings, settingsType, version) : undefined);
}

/** The concrete type an object names in a slot, or why it names none. */
function concreteType(value: unknown, slot: 'target' | 'settings', version: GraphVersion): string | Refusal {
  const declared = versionMap(version).slots[slot];
  if (typeof value !== 'object' || Array.isArray(value)) return bad(`The property '${slot}' must be an object of type '${declared}' ({at}).`);
  const named = (value as Record<string, unknown>)['@odata.type'];
  if (named === undefined) return bad(`The property '${slot}' has no @odata.type, and its declared type '${declared}' is abstract: name a concrete type ({at}).`);
  if (typeof named !== 'string') return unknownType(JSON.stringify(named));
  const name = canonicalType(version, named);
  const info = name ? typeInfo(version, name) : undefined;
  if (!name || !info) return unknownType(named);
  if (info.abstract) return bad(`The type '${name}' is abstract and cannot be created: name a concrete type derived from it ({at}).`);
  if (info.slot !== slot) return bad(`The type '${name}' is not a '${declared}' and cannot be used as '${slot}' ({at}).`);
  return name;
}

function unknownType(name: string): Refusal {
  return bad(`A type named '${qualified(name)}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
}

function noSuchProperty(property: string, type: string): Refusal {
  return bad(`The property '${property}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
}

/** The generated schema's definition of the named type, on the value; the first problem as Graph words it. */
function schemaCheck(value: unknown, type: string, version: GraphVersion): Refusal | undefined {
  const validate = validator(version, type);
  if (!validate || validate(value)) return undefined;
  const error = validate.errors![0];
  return describe(error, value, type, version);
}

function describe(error: ErrorObject, root: unknown, type: string, version: GraphVersion): Refusal {
  const path = error.instancePath.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const property = path.at(-1) ?? type;
  let value: unknown = root;
  for (const segment of path) value = (value as Record<string, unknown>)?.[segment];
  const owner = path.length > 1 ? `${type}/${path.slice(0, -1).join('/')}` : type;
  switch (error.keyword) {
    case 'additionalProperties':
      return noSuchProperty(String((error.params as { additionalProperty: string }).additionalProperty), path.length ? `${type}/${path.join('/')}` : type);
    case 'enum': {
      const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      if (property === '@odata.type') return unknownType(String(value));
      const hint = allowed.some((m) => typeof value === 'string' && m.toLowerCase() === value.toLowerCase()) ? ' (enum values are case-sensitive)' : '';
      return bad(`Requested value '${String(value)}' was not found for the property '${property}' of '${owner}'${hint}. Expected one of ${allowed.join(', ')} ({at}).`);
    }
    case 'type':
      return bad(`The property '${property}' of '${owner}' cannot take ${JSON.stringify(value)}: expected ${(error.params as { type: string | string[] }).type} ({at}).`);
    case 'pattern':
      return bad(`The property '${property}' of '${owner}' is not a valid GUID: '${String(value)}' ({at}).`);
    case 'format':
      return bad(`The property '${property}' of '${owner}' is not a valid Edm.DateTimeOffset: '${String(value)}' ({at}).`);
    case 'required':
      return bad(`The property '${(error.params as { missingProperty: string }).missingProperty}' of '${path.length ? owner : type}' must not be null ({at}).`);
    default:
      return bad(`The value of '${property}' of '${owner}' is not valid in Graph ${version}: ${error.message ?? error.keyword} ({at}).`);
  }
}
