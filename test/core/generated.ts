// Documents generated from the type map, shaped like real traffic: every concrete settings type with every
// property filled, on every kind of target, with intents, enum values and type names in the cases tools send
// (camelCase, PascalCase) and @odata.type with or without '#', on nested settings too. Repeatable (seeded).
import typeMap from '../../schemas/graph-types.json';
import type { TypeMap } from '../../core/src';
import { random, type Json } from './mutations';

const map = typeMap as unknown as TypeMap;
const GUIDS = ['4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10', '9f1b3c5d-2e4a-4b6c-8d0e-1f2a3b4c5d6e', 'E8B1A2C3-D4E5-4F60-8172-93A4B5C6D7E8'];
const DATES = ['2026-03-01T08:00:00Z', '2026-03-15T18:00Z', '2026-06-30T23:00:00.1234567+02:00'];

type Version = 'beta' | 'v1.0';

/** "required" as tools write it: camelCase, PascalCase or shouted. */
function someCase(word: string, next: () => number): string {
  const roll = next();
  if (roll < 0.5) return word;
  if (roll < 0.85) return word.charAt(0).toUpperCase() + word.slice(1);
  return word.toUpperCase();
}

/** A type name as tools write it: mostly exact, with or without '#', sometimes in another case. */
function typeName(name: string, next: () => number): string {
  const written = next() < 0.2 ? name.replace(/\.(\w)/g, (_, c: string) => `.${c.toUpperCase()}`) : name;
  return next() < 0.85 ? `#${written}` : written;
}

function enumValue(version: Version, enumName: string, next: () => number): string {
  const members = map.versions[version].enums[enumName].members.map((m) => m.name).filter((m) => m !== 'unknownFutureValue');
  return someCase(members[Math.floor(next() * members.length)], next);
}

/** A valid value of every property of a type (the @odata.type of nested objects only sometimes). */
function fill(version: Version, name: string, next: () => number, withType: boolean): Record<string, Json> {
  const type = map.versions[version].types[name];
  const object: Record<string, Json> = withType ? { '@odata.type': typeName(name, next) } : {};
  for (const [property, info] of Object.entries(type.properties)) {
    if (info.readOnly || property === 'id') continue;
    if (info.nullable && next() < 0.25) {
      object[property] = null;
      continue;
    }
    let value: Json;
    if (info.type === 'Edm.String') value = info.format === 'guid' ? GUIDS[Math.floor(next() * GUIDS.length)] : 'example';
    else if (info.type === 'Edm.Boolean') value = next() < 0.5;
    else if (info.type === 'Edm.Int32' || info.type === 'Edm.Int64') value = Math.floor(next() * 1440);
    else if (info.type === 'Edm.DateTimeOffset') value = DATES[Math.floor(next() * DATES.length)];
    else if (map.versions[version].enums[info.type]) value = enumValue(version, info.type, next);
    else value = fill(version, info.type, next, next() < 0.5);
    object[property] = info.collection ? [value] : value;
  }
  // A deadline never before the start: that is the date-time rule's to find, not what these documents are for.
  if (typeof object.startDateTime === 'string' && typeof object.deadlineDateTime === 'string') {
    object.startDateTime = DATES[0];
    object.deadlineDateTime = DATES[2];
  }
  return object;
}

function targets(version: Version, next: () => number): Record<string, Json>[] {
  const filter = version === 'beta';
  const filtered = (target: Record<string, Json>) =>
    filter && next() < 0.5
      ? { ...target, deviceAndAppManagementAssignmentFilterId: GUIDS[2], deviceAndAppManagementAssignmentFilterType: someCase(next() < 0.5 ? 'include' : 'exclude', next) }
      : target;
  return [
    filtered({ '@odata.type': typeName('microsoft.graph.allLicensedUsersAssignmentTarget', next) }),
    filtered({ '@odata.type': typeName('microsoft.graph.groupAssignmentTarget', next), groupId: GUIDS[0] }),
    filtered({ '@odata.type': typeName('microsoft.graph.allDevicesAssignmentTarget', next) }),
    { '@odata.type': typeName('microsoft.graph.configurationManagerCollectionAssignmentTarget', next), collectionId: 'SMS00001' },
  ];
}

/**
 * For each concrete settings type of the version, a document assigning it to every kind of target, plus an
 * exclusion (whose settings are null or absent, as Graph requires).
 */
export function generatedDocuments(version: Version, seed = 11): { name: string; value: Json }[] {
  const next = random(seed);
  const types = map.versions[version].types;
  const settingsTypes = Object.keys(types).filter((n) => types[n].slot === 'settings' && !types[n].abstract);
  return settingsTypes.map((settingsType) => {
    const assignments: Json[] = targets(version, next).map((target, i) => {
      const intent = ['required', 'available', 'uninstall', 'availableWithoutEnrollment'][i];
      const settings = fill(version, settingsType, next, true);
      if (intent !== 'available') delete settings.autoUpdateSettings; // auto-update-intent's to find, not these documents'
      if (intent !== 'required') delete settings.isRemovable;
      if (intent === 'uninstall') for (const p of ['preventManagedAppBackup', 'uninstallOnDeviceRemoval']) delete settings[p];
      const assignment: Record<string, Json> = { intent: someCase(intent, next), target, settings };
      if (next() < 0.5) assignment['@odata.type'] = typeName('microsoft.graph.mobileAppAssignment', next);
      return assignment;
    });
    const exclusion: Record<string, Json> = { intent: someCase('required', next), target: { '@odata.type': typeName('microsoft.graph.exclusionGroupAssignmentTarget', next), groupId: GUIDS[1] } };
    if (next() < 0.5) exclusion.settings = null;
    assignments.push(exclusion);
    return { name: `generated ${version} ${settingsType}`, value: { mobileAppAssignments: assignments } };
  });
}
