// Random, repeatable mutations of JSON values, for tests that compare two checkers on thousands of documents
// near the valid ones: a value replaced, a key added or removed, an element repeated or dropped.

export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every container in a value with the keys it holds, so a mutation can pick any place. */
function places(value: Json, found: { holder: Json[] | Record<string, Json>; key: string | number }[] = []): typeof found {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      found.push({ holder: value, key: i });
      places(v, found);
    });
  } else if (value && typeof value === 'object') {
    for (const k of Object.keys(value)) {
      found.push({ holder: value, key: k });
      places(value[k], found);
    }
  }
  return found;
}

const STRINGS = ['Required', 'required', 'available', 'uninstall', 'availableWithoutEnrollment', 'unknownFutureValue', 'none', 'include', 'exclude', 'foreground', 'notConfigured', 'showAll', 'Sales', '', 'microsoft.graph.groupAssignmentTarget', '#microsoft.graph.groupAssignmentTarget', '#microsoft.graph.allDevicesAssignmentTarget', '#microsoft.graph.exclusionGroupAssignmentTarget', '#microsoft.graph.allLicensedUsersAssignmentTarget', '#microsoft.graph.winGetAppAssignmentSettings', '#microsoft.graph.iosLobAppAssignmentSettings', '#microsoft.graph.deviceAndAppManagementAssignmentTarget', '#microsoft.graph.GroupAssignmentTarget', '#microsoft.graph.Win32LobAppAssignmentSettings', 'Include', 'Available', '4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10', '{4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10}', '2026-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00', '2026-13-01T00:00:00Z', 'direct'];
const KEYS = ['source', 'sourceId', 'isRemovable', 'preventManagedAppBackup', 'uninstallOnDeviceRemoval', 'deviceAndAppManagementAssignmentFilterId', 'deviceAndAppManagementAssignmentFilterType', 'groupId', 'collectionId', 'bogus', '@odata.type', '@odata.context', 'startDateTime', 'deadlineDateTime', 'useDeviceContext', 'value', 'autoUpdateSettings', 'settings'];

export function mutate(value: Json, next: () => number): void {
  const all = places(value);
  if (!all.length) return;
  const { holder, key } = all[Math.floor(next() * all.length)];
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const roll = next();
  const h = holder as Record<string | number, Json>;
  if (roll < 0.35) h[key] = pick(STRINGS);
  else if (roll < 0.45) h[key] = pick<Json>([null, true, false, 0, 1.5, 4294967296, [], {}]);
  else if (roll < 0.55 && !Array.isArray(holder)) delete h[key];
  else if (roll < 0.7 && !Array.isArray(holder)) h[pick(KEYS)] = pick<Json>([...STRINGS, null, true, false]);
  else if (roll < 0.8 && Array.isArray(holder)) holder.push(JSON.parse(JSON.stringify(holder[key as number])));
  else if (roll < 0.9 && Array.isArray(holder)) holder.splice(key as number, 1);
  else h[key] = JSON.parse(JSON.stringify(pick(all).holder)) as Json;
}

