// The sandbox's demo tenant: users, app registrations (a public client and app-only clients with a secret, a
// certificate or a federated credential), user and device groups, assignment filters, and apps of several types
// with existing assignments. `intune-assign sandbox --seed FILE` loads a JSON file of this shape.

export interface SeedUser {
  oid: string;
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
  /** A federated credential: assertions with this issuer, subject and audience are accepted. */
  federated?: { issuer: string; subject: string; audience: string };
  /** Permissions granted: DeviceManagementApps.Read.All and/or DeviceManagementApps.ReadWrite.All. */
  permissions: string[];
}

export interface SeedApp {
  id: string;
  '@odata.type': string;
  displayName: string;
  publisher: string;
  publishingState: 'published' | 'processing' | 'notPublished';
  /** Multi Admin Approval protects changes to this app. */
  requiresApproval?: boolean;
  assignments: Record<string, unknown>[];
}

export interface SandboxSeed {
  tenant: { id: string; domain: string };
  users: SeedUser[];
  clients: SeedClient[];
  groups: { id: string; displayName: string; kind: 'user' | 'device' }[];
  filters: { id: string; displayName: string; platform: string; rule: string }[];
  apps: SeedApp[];
}

export const SANDBOX_SECRET_CLIENT = '6f0d6a83-2f5e-4d47-9d3a-5c1b1d1f0a01';
export const SANDBOX_READONLY_CLIENT = '6f0d6a83-2f5e-4d47-9d3a-5c1b1d1f0a02';
export const SANDBOX_CERTIFICATE_CLIENT = '6f0d6a83-2f5e-4d47-9d3a-5c1b1d1f0a03';
export const SANDBOX_FEDERATED_CLIENT = '6f0d6a83-2f5e-4d47-9d3a-5c1b1d1f0a04';
/** The demo secret of the sandbox's app-only clients; it opens nothing but this emulator. */
export const SANDBOX_DEMO_SECRET = 'sandbox-demo-secret';

const NS = '#microsoft.graph.';
const USERS_GROUP = '4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10';
const FINANCE_GROUP = '9f1b3c5d-2e4a-4b6c-8d0e-1f2a3b4c5d6e';
const KIOSK_DEVICES = 'c0ffee00-1234-4abc-9def-0123456789ab';
const PILOT_DEVICES = '51b7e2d4-88a0-4f3e-b1c2-6d5e4f3a2b19';
const WINDOWS_FILTER = 'e8b1a2c3-d4e5-4f60-8172-93a4b5c6d7e8';

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

export const DEFAULT_SEED: SandboxSeed = {
  tenant: { id: '0c1b2a39-4e5f-4a6b-8c7d-9e0f1a2b3c4d', domain: 'contoso-sandbox.onmicrosoft.com' },
  users: [
    { oid: 'a1b2c3d4-0000-4000-8000-000000000001', upn: 'admin@contoso-sandbox.onmicrosoft.com', name: 'Sandbox Admin' },
    { oid: 'a1b2c3d4-0000-4000-8000-000000000002', upn: 'helpdesk@contoso-sandbox.onmicrosoft.com', name: 'Sandbox Helpdesk' },
  ],
  clients: [
    { clientId: '14d82eec-204b-4c2f-b7e8-296a70dab67e', name: 'Microsoft Graph Command Line Tools', kind: 'public', permissions: ['DeviceManagementApps.ReadWrite.All', 'DeviceManagementApps.Read.All'] },
    { clientId: SANDBOX_SECRET_CLIENT, name: 'Pipeline (secret)', kind: 'secret', secret: SANDBOX_DEMO_SECRET, permissions: ['DeviceManagementApps.ReadWrite.All'] },
    { clientId: SANDBOX_READONLY_CLIENT, name: 'Reporting (read only)', kind: 'secret', secret: SANDBOX_DEMO_SECRET, permissions: ['DeviceManagementApps.Read.All'] },
    { clientId: SANDBOX_CERTIFICATE_CLIENT, name: 'Pipeline (certificate)', kind: 'certificate', permissions: ['DeviceManagementApps.ReadWrite.All'] },
    {
      clientId: SANDBOX_FEDERATED_CLIENT,
      name: 'Pipeline (federated)',
      kind: 'federated',
      federated: { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/intune:ref:refs/heads/main', audience: 'api://AzureADTokenExchange' },
      permissions: ['DeviceManagementApps.ReadWrite.All'],
    },
  ],
  groups: [
    { id: USERS_GROUP, displayName: 'All Employees', kind: 'user' },
    { id: FINANCE_GROUP, displayName: 'Finance', kind: 'user' },
    { id: KIOSK_DEVICES, displayName: 'Kiosk Devices', kind: 'device' },
    { id: PILOT_DEVICES, displayName: 'Pilot Devices', kind: 'device' },
  ],
  filters: [{ id: WINDOWS_FILTER, displayName: 'Windows 11 corporate', platform: 'windows10AndLater', rule: '(device.osVersion -startsWith "10.0.22") and (device.deviceOwnership -eq "Corporate")' }],
  apps: [
    {
      id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e01',
      '@odata.type': `${NS}win32LobApp`,
      displayName: '7-Zip',
      publisher: 'Igor Pavlov',
      publishingState: 'published',
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
      assignments: [
        { intent: 'required', target: group(FINANCE_GROUP), settings: { '@odata.type': `${NS}iosVppAppAssignmentSettings`, useDeviceLicensing: true, isRemovable: false, preventAutoAppUpdate: false, preventManagedAppBackup: true, uninstallOnDeviceRemoval: true, vpnConfigurationId: null } },
      ],
    },
    { id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e03', '@odata.type': `${NS}webApp`, displayName: 'Contoso Intranet', publisher: 'Contoso', publishingState: 'published', assignments: [] },
    {
      id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e04',
      '@odata.type': `${NS}androidManagedStoreApp`,
      displayName: 'Microsoft Teams (Android)',
      publisher: 'Microsoft Corporation',
      publishingState: 'published',
      assignments: [{ intent: 'available', target: group(USERS_GROUP), settings: { '@odata.type': `${NS}androidManagedStoreAppAssignmentSettings`, androidManagedStoreAppTrackIds: [], autoUpdateMode: 'default' } }],
    },
    { id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e05', '@odata.type': `${NS}winGetApp`, displayName: 'Company Portal', publisher: 'Microsoft Corporation', publishingState: 'published', requiresApproval: true, assignments: [] },
    { id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e06', '@odata.type': `${NS}win32LobApp`, displayName: 'Line-of-business tool (uploading)', publisher: 'Contoso', publishingState: 'processing', assignments: [] },
    { id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e07', '@odata.type': `${NS}iosStoreApp`, displayName: 'Microsoft Authenticator', publisher: 'Microsoft Corporation', publishingState: 'published', assignments: [] },
    { id: '5f2a9c1e-7d3b-4e8a-9b6c-1a2b3c4d5e08', '@odata.type': `${NS}windowsUniversalAppX`, displayName: 'Contoso Kiosk Shell', publisher: 'Contoso', publishingState: 'published', assignments: [] },
  ],
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks a seed read from a file, saying what is wrong and where. */
export function parseSeed(value: unknown): SandboxSeed {
  const fail = (where: string, what: string): never => {
    throw new Error(`The seed's ${where} ${what}.`);
  };
  const seed = value as SandboxSeed;
  if (!seed || typeof seed !== 'object') fail('root', 'must be a JSON object');
  if (!seed.tenant || !GUID.test(seed.tenant.id ?? '')) fail('tenant.id', 'must be a GUID');
  for (const [key, list] of Object.entries({ users: seed.users, clients: seed.clients, groups: seed.groups, filters: seed.filters, apps: seed.apps })) {
    if (!Array.isArray(list)) fail(key, 'must be an array');
  }
  seed.clients.forEach((c, i) => {
    if (!GUID.test(c.clientId ?? '')) fail(`clients[${i}].clientId`, 'must be a GUID');
    if (!['public', 'secret', 'certificate', 'federated'].includes(c.kind)) fail(`clients[${i}].kind`, 'must be public, secret, certificate or federated');
    if (!Array.isArray(c.permissions)) fail(`clients[${i}].permissions`, 'must be an array');
  });
  seed.apps.forEach((a, i) => {
    if (!GUID.test(a.id ?? '')) fail(`apps[${i}].id`, 'must be a GUID');
    if (typeof a['@odata.type'] !== 'string' || !a['@odata.type'].startsWith('#microsoft.graph.')) fail(`apps[${i}].@odata.type`, 'must be like #microsoft.graph.win32LobApp');
    if (!Array.isArray(a.assignments)) fail(`apps[${i}].assignments`, 'must be an array');
  });
  if (!seed.clients.some((c) => c.kind === 'public')) fail('clients', 'need a public client for people to sign in with');
  return seed;
}
