// The shape of a sandbox seed: the tenant, its people, app registrations, groups (security or Microsoft 365,
// assigned or dynamic, of users or devices, live or deleted), assignment filters and apps with their
// assignments. `intune-assign sandbox --seed FILE` reads a JSON file of this shape through parseSeed
// (seed/parse.ts).

export interface SeedUser {
  /** Object id: `oid` in tokens. */
  oid: string;
  /** User principal name: `preferred_username` in tokens, and what a login hint names. */
  upn: string;
  name: string;
}

export interface SeedClient {
  clientId: string;
  name: string;
  /** public: people sign in through it (browser, device code); others sign in as the app. */
  kind: 'public' | 'secret' | 'certificate' | 'federated';
  secret?: string;
  /** PEM of the certificate whose key signs the client's assertions. */
  certificate?: string;
  /**
   * A federated credential: client assertions with this issuer, subject and audience are accepted. Their
   * signature is not checked: the sandbox has no keys of the identity provider that issues them (a CI's OIDC
   * issuer), so this proves the flow, not the assertion.
   */
  federated?: { issuer: string; subject: string; audience: string };
  /**
   * Permissions consented: delegated scopes for a public client, application permissions (app roles) for the
   * others. E.g. DeviceManagementApps.ReadWrite.All, GroupMember.Read.All, Directory.Read.All.
   */
  permissions: string[];
  /** Public clients: loopback redirect URIs; `http://localhost` (the default) takes any port, on localhost or 127.0.0.1. */
  redirectUris?: string[];
  /** Public clients: "Allow public client flows" (device code); default true. */
  allowPublicClientFlows?: boolean;
}

export interface SeedGroup {
  id: string;
  displayName: string;
  /** What the members are: users or devices (a hint for pickers and demos; Graph has no such property). */
  kind: 'user' | 'device';
  description?: string;
  /** Graph's groupTypes: `DynamicMembership` for a dynamic group, `Unified` for a Microsoft 365 group. */
  groupTypes?: string[];
  /** A dynamic group's rule; its `user.` or `device.` terms say what the members are. */
  membershipRule?: string | null;
  /** How many members (served as a hint in the description of demos; Graph counts them with /members/$count). */
  memberCount?: number;
  /** Set for a deleted group: it is served only under /directory/deletedItems (restorable for 30 days). */
  deletedDateTime?: string;
}

export interface SeedFilter {
  id: string;
  displayName: string;
  /** Graph's devicePlatformType: windows10AndLater, iOS, macOS, androidForWork, androidAOSP, ... */
  platform: string;
  rule: string;
  description?: string;
  /** Graph's assignmentFilterManagementType: devices (the default) or apps. */
  managementType?: 'devices' | 'apps';
}

export interface SeedApp {
  id: string;
  /** `#microsoft.graph.win32LobApp` and the like. */
  '@odata.type': string;
  displayName: string;
  publisher: string;
  /** Only published apps can be assigned. */
  publishingState: 'published' | 'processing' | 'notPublished';
  /** Multi Admin Approval protects changes to this app. */
  requiresApproval?: boolean;
  /** Assignments as an assign body carries them; ids and `source` are computed when served. */
  assignments: Record<string, unknown>[];
  description?: string;
  /** Further properties of the app's type, served as they are (fileName, bundleId, appUrl, ...). */
  properties?: Record<string, unknown>;
  createdDateTime?: string;
  lastModifiedDateTime?: string;
}

export interface SandboxSeed {
  tenant: { id: string; domain: string; displayName?: string };
  /** The first user signs in unless a login hint or the device login page picks another. */
  users: SeedUser[];
  clients: SeedClient[];
  groups: SeedGroup[];
  filters: SeedFilter[];
  apps: SeedApp[];
}

export class SeedError extends Error {
  constructor(readonly problems: string[]) {
    super(`the seed is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
