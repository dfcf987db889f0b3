// The tenant objects the product shows and checks (declared once in common/src/tenant.ts), built from Graph's
// JSON defensively: an object without an id or a name is left out, never half-trusted.

import type { DirectoryFilter, DirectoryGroup } from '../../../common/src/tenant';

export type { DirectoryFilter, DirectoryGroup } from '../../../common/src/tenant';

/** What a group read asks Graph for. */
export const GROUP_SELECT = 'id,displayName,description,groupTypes,securityEnabled,mailEnabled,membershipRule';

export function groupFromGraph(raw: unknown): DirectoryGroup | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const g = raw as Record<string, unknown>;
  const type = typeof g['@odata.type'] === 'string' ? g['@odata.type'] : '#microsoft.graph.group';
  if (type !== '#microsoft.graph.group' || typeof g.id !== 'string' || typeof g.displayName !== 'string') return undefined;
  const types = Array.isArray(g.groupTypes) ? g.groupTypes.filter((t): t is string => typeof t === 'string') : [];
  const kind = types.includes('Unified') ? 'microsoft365' : g.mailEnabled === true ? (g.securityEnabled === true ? 'mailSecurity' : 'distribution') : 'security';
  const rule = typeof g.membershipRule === 'string' ? g.membershipRule : '';
  const dynamic = types.includes('DynamicMembership') || rule !== '';
  const members = /\(\s*device\./i.test(rule) || /^\s*device\./i.test(rule) ? 'devices' : /\(\s*user\./i.test(rule) || /^\s*user\./i.test(rule) ? 'users' : undefined;
  return {
    id: g.id,
    displayName: g.displayName,
    ...(typeof g.description === 'string' && g.description ? { description: g.description } : {}),
    kind,
    membership: dynamic ? 'dynamic' : 'assigned',
    ...(members ? { members } : {}),
  };
}

export function filterFromGraph(raw: unknown): DirectoryFilter | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const f = raw as Record<string, unknown>;
  if (typeof f.id !== 'string' || typeof f.displayName !== 'string') return undefined;
  return {
    id: f.id,
    displayName: f.displayName,
    ...(typeof f.description === 'string' && f.description ? { description: f.description } : {}),
    platform: typeof f.platform === 'string' ? f.platform : 'unknown',
    rule: typeof f.rule === 'string' ? f.rule : '',
    ...(typeof f.assignmentFilterManagementType === 'string' ? { managementType: f.assignmentFilterManagementType } : {}),
  };
}
