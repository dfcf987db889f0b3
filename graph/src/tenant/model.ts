// The tenant objects the product shows and checks, as read from Graph: a group (name, description, what kind
// of group it is and whom it holds when that is known) and an assignment filter (name, platform, rule). Built
// from Graph's JSON defensively: an object without an id or a name is left out, never half-trusted.

export interface DirectoryGroup {
  id: string;
  displayName: string;
  description?: string;
  /** Security, Microsoft 365 (Unified), mail-enabled security, or distribution list. */
  kind: 'security' | 'microsoft365' | 'mailSecurity' | 'distribution';
  /** Members added by hand, or by a rule (dynamic). */
  membership: 'assigned' | 'dynamic';
  /** Whom it holds, when known: a dynamic rule names user or device properties; assigned groups do not say. */
  members?: 'users' | 'devices';
}

export interface DirectoryFilter {
  id: string;
  displayName: string;
  description?: string;
  /** Graph's devicePlatformType: windows10AndLater, iOS, macOS, androidForWork, androidAOSP, ... */
  platform: string;
  rule: string;
  /** devices or apps (filters on managed apps). */
  managementType?: string;
}

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

/** "Security group, dynamic device membership" — how the kind reads in completion and hover. */
export function describeGroup(group: DirectoryGroup): string {
  const kind = { security: 'Security group', microsoft365: 'Microsoft 365 group', mailSecurity: 'Mail-enabled security group', distribution: 'Distribution list' }[group.kind];
  const who = group.members ? ` ${group.members === 'devices' ? 'device' : 'user'}` : '';
  return `${kind}, ${group.membership}${who} membership`;
}
