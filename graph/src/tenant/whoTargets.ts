// Who targets a group: every app and intent whose assignment includes the group (groupAssignmentTarget) or
// excludes it (exclusionGroupAssignmentTarget), from a tenant read (tenant/apps.ts). A group given by name must
// be the name of exactly one group.
import { GUID } from '../../../common/src/constants';
import { stripHash } from '../../../core/src';
import type { TenantRead } from './apps';
import { type DirectoryGroup, DirectoryUnavailable, type TenantDirectory } from './directory';

export interface Targeting {
  appId: string;
  displayName: string;
  intent: string;
  target: 'include' | 'exclude';
}

/** A group named by id or display name; a name that matches no group or several is an error naming them. */
export class GroupNotFound extends Error {}

export async function findGroup(directory: TenantDirectory, text: string, signal?: AbortSignal): Promise<{ id: string; group?: DirectoryGroup }> {
  const wanted = text.trim();
  if (GUID.test(wanted)) {
    // An id is searched for as it is: a deleted group's assignments still name it. Its name is only shown, so
    // a directory the sign-in may not read does not stop the search.
    const known = await directory.resolveGroups([wanted], signal).then(
      (found) => found.get(wanted.toLowerCase())?.value ?? undefined,
      (error: unknown) => {
        if (error instanceof DirectoryUnavailable) return undefined;
        throw error;
      },
    );
    return { id: wanted.toLowerCase(), group: known };
  }
  const found = (await directory.groupsByName([wanted], signal)).get(wanted.toLowerCase()) ?? [];
  if (found.length === 1) return { id: found[0].id.toLowerCase(), group: found[0] };
  if (found.length === 0) throw new GroupNotFound(`No group is called "${wanted}" in this tenant (names are matched exactly, without regard to case).`);
  throw new GroupNotFound(`${found.length} groups are called "${wanted}": ${found.map((g) => g.id).join(', ')}. Name one by its id.`);
}

export function whoTargets(read: TenantRead, groupId: string): Targeting[] {
  const out: Targeting[] = [];
  for (const { app, assignments } of read.apps.values()) {
    for (const a of assignments) {
      const target = a.target as Record<string, unknown>;
      if (typeof target.groupId !== 'string' || target.groupId.toLowerCase() !== groupId.toLowerCase()) continue;
      const type = typeof target['@odata.type'] === 'string' ? stripHash(target['@odata.type']).toLowerCase() : '';
      const kind = type.endsWith('exclusiongroupassignmenttarget') ? 'exclude' : type.endsWith('groupassignmenttarget') ? 'include' : undefined;
      if (kind) out.push({ appId: app.id, displayName: app.displayName, intent: String(a.intent), target: kind });
    }
  }
  return out.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.intent.localeCompare(b.intent));
}
