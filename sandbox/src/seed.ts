// The sandbox's demo tenant and the shape of any seed: users, app registrations (a public client and app-only
// clients with a secret, a certificate or a federated credential), user and device groups, assignment filters,
// and apps of several types with existing assignments. `intune-assign sandbox --seed FILE` loads a JSON file of
// this shape through parseSeed, which lists every problem with its path; seeded assignments must pass the
// product's own validation core, so whatever the sandbox serves is a payload Graph would have accepted.
import { Linter } from '../../core/src';
import { TYPES } from '../../graph/src/typeRegistry';
import { DEMO_CLIENT_CERTIFICATE_PEM } from './demoCredentials';

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
   * others. E.g. DeviceManagementApps.Read.All, DeviceManagementApps.ReadWrite.All, Group.Read.All.
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
}

export interface SeedFilter {
  id: string;
  displayName: string;
  /** Graph's devicePlatformType: windows10AndLater, iOS, macOS, androidForWork, ... */
  platform: string;
  rule: string;
  description?: string;
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

export const SANDBOX_SECRET_CLIENT = '6f0d6a83-2f5e-4d47-9d3a-5c1b1d1f0a01';
export const SANDBOX_READONLY_CLIENT = '6f0d6a83-2f5e-4d47-9d3a-5c1b1d1f0a02';
export const SANDBOX_CERTIFICATE_CLIENT = '6f0d6a83-2f5e-4d47-9d3a-5c1b1d1f0a03';
export const SANDBOX_FEDERATED_CLIENT = '6f0d6a83-2f5e-4d47-9d3a-5c1b1d1f0a04';
/** Microsoft Graph Command Line Tools: the product's default public client. */
export const SANDBOX_PUBLIC_CLIENT = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
/** The demo secret of the sandbox's app-only clients; it opens nothing but this emulator. */
export const SANDBOX_DEMO_SECRET = 'sandbox-demo-secret';

const NS = '#microsoft.graph.';
const USERS_GROUP = '4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10';
const FINANCE_GROUP = '9f1b3c5d-2e4a-4b6c-8d0e-1f2a3b4c5d6e';
const KIOSK_DEVICES = 'c0ffee00-1234-4abc-9def-0123456789ab';
const PILOT_DEVICES = '51b7e2d4-88a0-4f3e-b1c2-6d5e4f3a2b19';
const CONTRACTORS = '2a4def05-1740-4a06-bad7-c2416603d3fd';
const CORPORATE_IPADS = '500e2684-0873-4993-a7aa-4873f170dc26';
const ANDROID_USERS = '9c9d598a-83dd-47c1-96d6-66a8ce573402';
const WINDOWS_FILTER = 'e8b1a2c3-d4e5-4f60-8172-93a4b5c6d7e8';
const IPAD_FILTER = 'd5b5647e-1a6d-46f9-a621-0ee1969102c2';
const VM_FILTER = '68bc2a32-fcec-4f1e-b952-98b1ef7de1ca';
const ANDROID_FILTER = '855de2bd-6165-40bd-ba50-e74a23845611';

const group = (groupId: string, kind = 'groupAssignmentTarget', filter?: [string, 'include' | 'exclude']) => ({
  '@odata.type': `${NS}${kind}`,
  groupId,
  deviceAndAppManagementAssignmentFilterId: filter?.[0] ?? null,
  deviceAndAppManagementAssignmentFilterType: filter?.[1] ?? 'none',
});
const win32Settings = (notifications: string) => ({
  '@odata.type': `${NS}win32LobAppAssignmentSettings`,
  notifications,
  deliveryOptimizationPriority: 'notConfigured',
  installTimeSettings: null,
  restartSettings: null,
  autoUpdateSettings: null,
});
const DELEGATED = ['DeviceManagementApps.ReadWrite.All', 'DeviceManagementApps.Read.All', 'DeviceManagementConfiguration.Read.All', 'Group.Read.All', 'User.Read'];
const APP_WRITE = ['DeviceManagementApps.ReadWrite.All', 'DeviceManagementConfiguration.Read.All', 'Group.Read.All'];

export const DEFAULT_SEED: SandboxSeed = {
  tenant: { id: '0c1b2a39-4e5f-4a6b-8c7d-9e0f1a2b3c4d', domain: 'contoso-sandbox.onmicrosoft.com', displayName: 'Contoso (sandbox)' },
  users: [
    { oid: 'a1b2c3d4-0000-4000-8000-000000000001', upn: 'admin@contoso-sandbox.onmicrosoft.com', name: 'Sandbox Admin' },
    { oid: 'a1b2c3d4-0000-4000-8000-000000000002', upn: 'helpdesk@contoso-sandbox.onmicrosoft.com', name: 'Sandbox Helpdesk' },
  ],
  clients: [
    { clientId: SANDBOX_PUBLIC_CLIENT, name: 'Microsoft Graph Command Line Tools', kind: 'public', permissions: DELEGATED, redirectUris: ['http://localhost'], allowPublicClientFlows: true },
    { clientId: SANDBOX_SECRET_CLIENT, name: 'Pipeline (secret)', kind: 'secret', secret: SANDBOX_DEMO_SECRET, permissions: APP_WRITE },
    { clientId: SANDBOX_READONLY_CLIENT, name: 'Reporting (read only)', kind: 'secret', secret: SANDBOX_DEMO_SECRET, permissions: ['DeviceManagementApps.Read.All', 'Group.Read.All'] },
    { clientId: SANDBOX_CERTIFICATE_CLIENT, name: 'Pipeline (certificate)', kind: 'certificate', certificate: DEMO_CLIENT_CERTIFICATE_PEM, permissions: APP_WRITE },
    {
      clientId: SANDBOX_FEDERATED_CLIENT,
      name: 'Pipeline (federated)',
      kind: 'federated',
      federated: { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/intune:ref:refs/heads/main', audience: 'api://AzureADTokenExchange' },
      permissions: APP_WRITE,
    },
  ],
  groups: [
    { id: USERS_GROUP, displayName: 'All Employees', kind: 'user', description: 'Every employee (assigned membership)', groupTypes: [], membershipRule: null },
    { id: FINANCE_GROUP, displayName: 'Finance', kind: 'user', description: 'Finance department', groupTypes: ['DynamicMembership'], membershipRule: '(user.department -eq "Finance")' },
    { id: KIOSK_DEVICES, displayName: 'Kiosk Devices', kind: 'device', description: 'Shared kiosk PCs (assigned membership)', groupTypes: [], membershipRule: null },
    { id: PILOT_DEVICES, displayName: 'Pilot Devices', kind: 'device', description: 'Devices that get changes first', groupTypes: ['DynamicMembership'], membershipRule: '(device.extensionAttribute1 -eq "pilot")' },
    { id: CONTRACTORS, displayName: 'Contractors', kind: 'user', description: 'External staff', groupTypes: ['DynamicMembership'], membershipRule: '(user.employeeType -eq "Contractor")' },
    { id: CORPORATE_IPADS, displayName: 'Corporate iPads', kind: 'device', groupTypes: ['DynamicMembership'], membershipRule: '(device.deviceOSType -eq "iPad") and (device.deviceOwnership -eq "Company")' },
    { id: ANDROID_USERS, displayName: 'Android Enterprise Users', kind: 'user', groupTypes: [], membershipRule: null },
  ],
  filters: [
    { id: WINDOWS_FILTER, displayName: 'Windows 11 corporate', platform: 'windows10AndLater', rule: '(device.osVersion -startsWith "10.0.22") and (device.deviceOwnership -eq "Corporate")' },
    { id: IPAD_FILTER, displayName: 'iPads only', platform: 'iOS', rule: '(device.model -startsWith "iPad")' },
    { id: VM_FILTER, displayName: 'Virtual machines', platform: 'windows10AndLater', rule: '(device.model -contains "Virtual")', description: 'Use in exclude mode to skip virtual machines' },
    { id: ANDROID_FILTER, displayName: 'Android fully managed', platform: 'androidForWork', rule: '(device.enrollmentProfileName -eq "Fully managed")' },
  ],
  apps: [
    {
      id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e01',
      '@odata.type': `${NS}win32LobApp`,
      displayName: '7-Zip',
      publisher: 'Igor Pavlov',
      publishingState: 'published',
      properties: { fileName: '7z2409-x64.intunewin', setupFilePath: '7z2409-x64.msi', installCommandLine: 'msiexec /i 7z2409-x64.msi /qn', displayVersion: '24.09' },
      assignments: [
        { intent: 'required', target: group(USERS_GROUP, 'groupAssignmentTarget', [WINDOWS_FILTER, 'include']), settings: win32Settings('showReboot') },
        { intent: 'available', target: { '@odata.type': `${NS}allLicensedUsersAssignmentTarget`, deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' }, settings: win32Settings('showAll') },
        { intent: 'required', target: group(KIOSK_DEVICES, 'exclusionGroupAssignmentTarget'), settings: null },
      ],
    },
    {
      id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e02',
      '@odata.type': `${NS}iosVppApp`,
      displayName: 'Microsoft Outlook',
      publisher: 'Microsoft Corporation',
      publishingState: 'published',
      properties: { bundleId: 'com.microsoft.Office.Outlook', totalLicenseCount: 250, usedLicenseCount: 112 },
      assignments: [
        { intent: 'required', target: group(FINANCE_GROUP), settings: { '@odata.type': `${NS}iosVppAppAssignmentSettings`, useDeviceLicensing: true, isRemovable: false, preventAutoAppUpdate: false, preventManagedAppBackup: true, uninstallOnDeviceRemoval: true, vpnConfigurationId: null } },
      ],
    },
    {
      id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e03',
      '@odata.type': `${NS}webApp`,
      displayName: 'Contoso Intranet',
      publisher: 'Contoso',
      publishingState: 'published',
      properties: { appUrl: 'https://intranet.contoso.example', useManagedBrowser: true },
      assignments: [{ intent: 'available', target: { '@odata.type': `${NS}allLicensedUsersAssignmentTarget`, deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' }, settings: null }],
    },
    {
      id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e04',
      '@odata.type': `${NS}androidManagedStoreApp`,
      displayName: 'Microsoft Teams (Android)',
      publisher: 'Microsoft Corporation',
      publishingState: 'published',
      properties: { packageId: 'com.microsoft.teams', appIdentifier: 'com.microsoft.teams', isPrivate: false },
      assignments: [
        { intent: 'available', target: group(USERS_GROUP), settings: { '@odata.type': `${NS}androidManagedStoreAppAssignmentSettings`, androidManagedStoreAppTrackIds: [], autoUpdateMode: 'default' } },
        { intent: 'required', target: group(ANDROID_USERS, 'groupAssignmentTarget', [ANDROID_FILTER, 'include']), settings: { '@odata.type': `${NS}androidManagedStoreAppAssignmentSettings`, androidManagedStoreAppTrackIds: [], autoUpdateMode: 'priority' } },
      ],
    },
    {
      id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e05',
      '@odata.type': `${NS}winGetApp`,
      displayName: 'Company Portal',
      publisher: 'Microsoft Corporation',
      description: 'A Multi Admin Approval access policy protects this app: assignment changes wait for a second administrator.',
      publishingState: 'published',
      requiresApproval: true,
      properties: { packageIdentifier: '9WZDNCRFJ3PZ' },
      assignments: [],
    },
    {
      id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e06',
      '@odata.type': `${NS}win32LobApp`,
      displayName: 'Line-of-business tool (uploading)',
      publisher: 'Contoso',
      publishingState: 'processing',
      properties: { fileName: 'LobTool.intunewin', setupFilePath: 'setup.exe' },
      assignments: [],
    },
    {
      id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e07',
      '@odata.type': `${NS}iosStoreApp`,
      displayName: 'Microsoft Authenticator',
      publisher: 'Microsoft Corporation',
      publishingState: 'published',
      properties: { bundleId: 'com.microsoft.azureauthenticator', appStoreUrl: 'https://apps.apple.com/app/id983156458' },
      assignments: [
        {
          intent: 'required',
          target: group(CORPORATE_IPADS, 'groupAssignmentTarget', [IPAD_FILTER, 'include']),
          settings: { '@odata.type': `${NS}iosStoreAppAssignmentSettings`, isRemovable: false, uninstallOnDeviceRemoval: false, preventManagedAppBackup: null, vpnConfigurationId: null },
        },
        { intent: 'available', target: group(CONTRACTORS), settings: { '@odata.type': `${NS}iosStoreAppAssignmentSettings`, isRemovable: null, uninstallOnDeviceRemoval: true, preventManagedAppBackup: null, vpnConfigurationId: null } },
      ],
    },
    {
      id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e08',
      '@odata.type': `${NS}windowsUniversalAppX`,
      displayName: 'Contoso Kiosk Shell',
      publisher: 'Contoso',
      publishingState: 'published',
      properties: { identityName: 'Contoso.KioskShell', applicableArchitectures: 'x64' },
      assignments: [
        { intent: 'required', target: group(KIOSK_DEVICES, 'groupAssignmentTarget', [VM_FILTER, 'exclude']), settings: { '@odata.type': `${NS}windowsUniversalAppXAppAssignmentSettings`, useDeviceContext: true } },
        { intent: 'required', target: group(PILOT_DEVICES), settings: { '@odata.type': `${NS}windowsUniversalAppXAppAssignmentSettings`, useDeviceContext: true } },
      ],
    },
    {
      id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e09',
      '@odata.type': `${NS}macOSLobApp`,
      displayName: 'Contoso Notes for Mac',
      publisher: 'Contoso',
      publishingState: 'notPublished',
      properties: { fileName: 'ContosoNotes.pkg', bundleId: 'com.contoso.notes' },
      assignments: [],
    },
  ],
};

export class SeedError extends Error {
  constructor(readonly problems: string[]) {
    super(`the seed is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PROBLEMS = 40;

/**
 * Checks a seed read from a file and returns it typed. Throws SeedError listing every problem with its path
 * (`apps[2].assignments[0]: ...`): unknown or missing properties, ids that are not GUIDs or repeat, a public
 * client with a secret, and assignments the validation core reports as errors for the app's type.
 */
export function parseSeed(value: unknown): SandboxSeed {
  const problems: string[] = [];
  const c = new Checker(problems);
  const root = c.object(value, 'seed', { tenant: true, users: true, clients: true, groups: true, filters: true, apps: true });
  if (!root) throw new SeedError(problems);

  const tenant = c.object(root.tenant, 'tenant', { id: true, domain: true, displayName: false });
  if (tenant) {
    c.guid(tenant.id, 'tenant.id');
    if (c.string(tenant.domain, 'tenant.domain') && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenant.domain as string)) problems.push('tenant.domain: expected a domain name such as contoso.onmicrosoft.com');
    c.optionalString(tenant.displayName, 'tenant.displayName');
  }

  const userIds = new Set<string>();
  c.array(root.users, 'users', 1)?.forEach((item, i) => {
    const p = `users[${i}]`;
    const user = c.object(item, p, { oid: true, upn: true, name: true });
    if (!user) return;
    if (c.guid(user.oid, `${p}.oid`)) c.unique(userIds, user.oid as string, `${p}.oid`);
    if (c.string(user.upn, `${p}.upn`) && !/^[^@\s]+@[^@\s]+$/.test(user.upn as string)) problems.push(`${p}.upn: expected name@domain`);
    c.string(user.name, `${p}.name`);
  });

  const clientIds = new Set<string>();
  const clients = c.array(root.clients, 'clients', 1);
  clients?.forEach((item, i) => {
    const p = `clients[${i}]`;
    const client = c.object(item, p, { clientId: true, name: true, kind: true, secret: false, certificate: false, federated: false, permissions: true, redirectUris: false, allowPublicClientFlows: false });
    if (!client) return;
    if (c.guid(client.clientId, `${p}.clientId`)) c.unique(clientIds, client.clientId as string, `${p}.clientId`);
    c.string(client.name, `${p}.name`);
    const kind = client.kind;
    if (!['public', 'secret', 'certificate', 'federated'].includes(kind as string)) problems.push(`${p}.kind: expected "public", "secret", "certificate" or "federated", got ${JSON.stringify(kind)}`);
    c.stringArray(client.permissions, `${p}.permissions`);
    if (kind === 'secret' && c.string(client.secret, `${p}.secret`, true) && (client.secret as string).length < 8) problems.push(`${p}.secret: use at least 8 characters`);
    if (kind === 'certificate' && c.string(client.certificate, `${p}.certificate`, true) && !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(client.certificate as string)) {
      problems.push(`${p}.certificate: expected a PEM certificate (-----BEGIN CERTIFICATE-----)`);
    }
    if (kind === 'federated') {
      const f = c.object(client.federated, `${p}.federated`, { issuer: true, subject: true, audience: true });
      if (f) for (const key of ['issuer', 'subject', 'audience']) c.string(f[key], `${p}.federated.${key}`);
    }
    for (const key of ['secret', 'certificate', 'federated'] as const) {
      if (client[key] !== undefined && kind !== key) problems.push(`${p}.${key}: only a client of kind "${key}" has one`);
    }
    if (kind !== 'public' && (client.redirectUris !== undefined || client.allowPublicClientFlows !== undefined)) problems.push(`${p}: redirectUris and allowPublicClientFlows are for public clients`);
    c.stringArray(client.redirectUris, `${p}.redirectUris`, (uri, q) => {
      let url: URL | undefined;
      try {
        url = new URL(uri);
      } catch {
        // reported below
      }
      if (url?.protocol !== 'http:' || !['localhost', '127.0.0.1'].includes(url.hostname)) problems.push(`${q}: expected a loopback redirect URI such as http://localhost`);
    });
    if (client.allowPublicClientFlows !== undefined && typeof client.allowPublicClientFlows !== 'boolean') problems.push(`${p}.allowPublicClientFlows: expected true or false`);
  });
  if (clients && !clients.some((x) => (x as SeedClient)?.kind === 'public')) problems.push('clients: people need a public client to sign in with');

  const groupIds = new Set<string>();
  c.array(root.groups, 'groups')?.forEach((item, i) => {
    const p = `groups[${i}]`;
    const g = c.object(item, p, { id: true, displayName: true, kind: true, description: false, groupTypes: false, membershipRule: false });
    if (!g) return;
    if (c.guid(g.id, `${p}.id`)) c.unique(groupIds, g.id as string, `${p}.id`);
    c.string(g.displayName, `${p}.displayName`);
    if (g.kind !== 'user' && g.kind !== 'device') problems.push(`${p}.kind: expected "user" or "device"`);
    c.optionalString(g.description, `${p}.description`);
    c.stringArray(g.groupTypes, `${p}.groupTypes`);
    if (g.membershipRule !== null) c.optionalString(g.membershipRule, `${p}.membershipRule`);
  });

  const filterIds = new Set<string>();
  c.array(root.filters, 'filters')?.forEach((item, i) => {
    const p = `filters[${i}]`;
    const f = c.object(item, p, { id: true, displayName: true, platform: true, rule: true, description: false });
    if (!f) return;
    if (c.guid(f.id, `${p}.id`)) c.unique(filterIds, f.id as string, `${p}.id`);
    c.string(f.displayName, `${p}.displayName`);
    c.string(f.platform, `${p}.platform`);
    c.string(f.rule, `${p}.rule`);
    c.optionalString(f.description, `${p}.description`);
  });

  const appIds = new Set<string>();
  const linter = new Linter(TYPES);
  const appKeys = { id: true, '@odata.type': true, displayName: true, publisher: true, publishingState: true, requiresApproval: false, assignments: true, description: false, properties: false, createdDateTime: false, lastModifiedDateTime: false };
  c.array(root.apps, 'apps')?.forEach((item, i) => {
    const p = `apps[${i}]`;
    const app = c.object(item, p, appKeys);
    if (!app) return;
    if (c.guid(app.id, `${p}.id`)) c.unique(appIds, app.id as string, `${p}.id`);
    const type = app['@odata.type'];
    const typeOk = typeof type === 'string' && /^#microsoft\.graph\.[A-Za-z][A-Za-z0-9]*$/.test(type);
    if (!typeOk) problems.push(`${p}.@odata.type: expected an app type such as "#microsoft.graph.win32LobApp"`);
    c.string(app.displayName, `${p}.displayName`);
    c.string(app.publisher, `${p}.publisher`);
    if (!['published', 'processing', 'notPublished'].includes(app.publishingState as string)) problems.push(`${p}.publishingState: expected "published", "processing" or "notPublished"`);
    if (app.requiresApproval !== undefined && typeof app.requiresApproval !== 'boolean') problems.push(`${p}.requiresApproval: expected true or false`);
    c.optionalString(app.description, `${p}.description`);
    for (const key of ['createdDateTime', 'lastModifiedDateTime']) {
      if (app[key] !== undefined && (typeof app[key] !== 'string' || Number.isNaN(Date.parse(app[key] as string)))) problems.push(`${p}.${key}: expected an ISO 8601 date-time`);
    }
    if (app.properties !== undefined) {
      const properties = c.object(app.properties, `${p}.properties`);
      for (const key of Object.keys(properties ?? {})) if (key in appKeys || key.startsWith('@odata')) problems.push(`${p}.properties.${key}: set it on the app itself`);
    }
    const assignments = c.array(app.assignments, `${p}.assignments`);
    if (!assignments || !typeOk) return;
    const before = problems.length;
    assignments.forEach((a, j) => c.object(a, `${p}.assignments[${j}]`));
    if (problems.length > before) return;
    // The product's own rules: an assignment Graph would refuse could never have been made.
    const { findings } = linter.lint(JSON.stringify({ mobileAppAssignments: assignments }), { graphVersion: 'beta', cloud: 'global', appType: type as string });
    for (const f of findings) if (f.severity === 'error') problems.push(`${p}.assignments: ${f.message} (${f.rule})`);
  });

  if (problems.length) throw new SeedError(problems.length > MAX_PROBLEMS ? [...problems.slice(0, MAX_PROBLEMS), `... and ${problems.length - MAX_PROBLEMS} more`] : problems);
  return value as SandboxSeed;
}

class Checker {
  constructor(private readonly problems: string[]) {}

  /** An object; with `keys`, unknown ones are reported, and those marked true must be present. */
  object(value: unknown, path: string, keys?: Record<string, boolean>): Record<string, unknown> | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problems.push(`${path}: expected an object`);
      return undefined;
    }
    const record = value as Record<string, unknown>;
    if (keys) {
      for (const [key, required] of Object.entries(keys)) if (required && record[key] === undefined) this.problems.push(`${path}.${key}: missing`);
      for (const key of Object.keys(record)) if (!Object.hasOwn(keys, key)) this.problems.push(`${path}.${key}: unknown property (known: ${Object.keys(keys).join(', ')})`);
    }
    return record;
  }

  array(value: unknown, path: string, min = 0): unknown[] | undefined {
    if (!Array.isArray(value)) {
      if (value !== undefined) this.problems.push(`${path}: expected an array`);
      return undefined;
    }
    if (value.length < min) this.problems.push(`${path}: expected at least ${min} item(s)`);
    return value;
  }

  string(value: unknown, path: string, required = false): boolean {
    if (typeof value === 'string' && value.length > 0) return true;
    // A missing required property of an object is reported by object(); `required` covers conditional ones.
    if (value !== undefined || required) this.problems.push(`${path}: ${value === undefined ? 'missing' : 'expected a non-empty string'}`);
    return false;
  }

  optionalString(value: unknown, path: string): void {
    if (value !== undefined && typeof value !== 'string') this.problems.push(`${path}: expected a string`);
  }

  stringArray(value: unknown, path: string, each?: (item: string, path: string) => void): void {
    if (value === undefined) return;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return void this.problems.push(`${path}: expected an array of strings`);
    value.forEach((v, i) => each?.(v as string, `${path}[${i}]`));
  }

  guid(value: unknown, path: string): boolean {
    if (typeof value === 'string' && GUID.test(value)) return true;
    // A missing one is reported by object().
    if (value !== undefined) this.problems.push(`${path}: expected a GUID (00000000-0000-0000-0000-000000000000), got ${JSON.stringify(value)}`);
    return false;
  }

  unique(seen: Set<string>, value: string, path: string): void {
    const key = value.toLowerCase();
    if (seen.has(key)) this.problems.push(`${path}: ${value} is used twice`);
    seen.add(key);
  }
}
