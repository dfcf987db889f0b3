// The tenant objects every part of the product shows and checks, declared once: a group (name, description, what
// kind of group it is and whom it holds when that is known) and an assignment filter (name, platform, rule), as
// graph/ reads them, the extension and the language server pass them (protocol.ts) and the core judges with them.
// Data and wording only: nothing here reads a tenant.

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

/** Why names could not be read: the shells say "names unavailable (…)". */
export type UnavailableReason = 'permission' | 'signed-out' | 'offline' | 'error';

/** "Security group, dynamic device membership": how a group's kind reads in completion, hover and pickers. */
export function describeGroup(group: DirectoryGroup): string {
  const kind = { security: 'Security group', microsoft365: 'Microsoft 365 group', mailSecurity: 'Mail-enabled security group', distribution: 'Distribution list' }[group.kind];
  const who = group.members ? ` ${group.members === 'devices' ? 'device' : 'user'}` : '';
  return `${kind}, ${group.membership}${who} membership`;
}

/** Graph's devicePlatformType values as people read them. */
const PLATFORM_NAMES: Record<string, string> = {
  android: 'Android device administrator',
  androidForWork: 'Android Enterprise',
  androidWorkProfile: 'Android Enterprise work profile',
  androidAOSP: 'Android (AOSP)',
  androidMobileApplicationManagement: 'Android (managed apps)',
  iOS: 'iOS/iPadOS',
  iOSMobileApplicationManagement: 'iOS/iPadOS (managed apps)',
  macOS: 'macOS',
  windows10AndLater: 'Windows 10 and later',
  windows81AndLater: 'Windows 8.1 and later',
  windowsPhone81: 'Windows Phone 8.1',
  windowsMobileApplicationManagement: 'Windows (managed apps)',
};

/** "iOS/iPadOS": a filter's platform as the admin center names it (Graph's value when it is not known). */
export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/** Why names are missing, in the words the editor and the command line use. */
export function unavailableText(reason: UnavailableReason): string {
  switch (reason) {
    case 'permission':
      return 'names unavailable (permission): the sign-in may not read groups or assignment filters';
    case 'signed-out':
      return 'names unavailable (signed out)';
    case 'offline':
      return 'names unavailable (offline)';
    default:
      return 'names unavailable (Graph failed)';
  }
}
