// The sandbox's demo tenant (Contoso): two people, the app registrations people and pipelines sign in with
// (a public client with the permissions a person consents to, one without directory permissions to show a
// refusal, and app-only clients with a secret, a certificate or a federated credential), groups of every kind
// (security and Microsoft 365, assigned and dynamic, of users and of devices, and one deleted group an
// assignment still names), assignment filters for each platform, and apps of several types with assignments.
// secondTenant() gives the same tenant under other ids, to try promotion from one tenant to another.
import { DEMO_CLIENT_CERTIFICATE_PEM } from './demoCredentials';
import type { SandboxSeed, SeedGroup } from './format';

export const SANDBOX_SECRET_CLIENT = '6f0d6a83-2f5e-4d47-9d3a-5c1b1d1f0a01';
export const SANDBOX_READONLY_CLIENT = '6f0d6a83-2f5e-4d47-9d3a-5c1b1d1f0a02';
export const SANDBOX_CERTIFICATE_CLIENT = '6f0d6a83-2f5e-4d47-9d3a-5c1b1d1f0a03';
export const SANDBOX_FEDERATED_CLIENT = '6f0d6a83-2f5e-4d47-9d3a-5c1b1d1f0a04';
/** Microsoft Graph Command Line Tools: the product's default public client. */
export const SANDBOX_PUBLIC_CLIENT = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
/** A public client consented for apps only: reading groups or filters with it is refused (permission missing). */
export const SANDBOX_APPS_ONLY_CLIENT = '6f0d6a83-2f5e-4d47-9d3a-5c1b1d1f0a05';
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
const FIELD_SALES_DEVICES = '3b8e5f21-6c4d-4e7a-9f10-2a3b4c5d6e71';
const FIELD_SALES_USERS = '3b8e5f21-6c4d-4e7a-9f10-2a3b4c5d6e72';
const MARKETING = '3b8e5f21-6c4d-4e7a-9f10-2a3b4c5d6e73';
const PILOT_RING_2 = '3b8e5f21-6c4d-4e7a-9f10-2a3b4c5d6e74';
/** A deleted group one seeded assignment still names (Graph keeps such an assignment; it reaches nobody). */
export const DELETED_GROUP = '3b8e5f21-6c4d-4e7a-9f10-2a3b4c5d6e7f';
const IPHONE_FILTER = 'a7c3e1f0-5b2d-4c8e-9a6f-1d2e3f4a5b61';
const MAC_FILTER = 'a7c3e1f0-5b2d-4c8e-9a6f-1d2e3f4a5b62';
const AOSP_FILTER = 'a7c3e1f0-5b2d-4c8e-9a6f-1d2e3f4a5b63';

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
/** What a person consents to for the whole product: apps, filters, groups and resolving ids to names. */
const DELEGATED = ['DeviceManagementApps.ReadWrite.All', 'DeviceManagementApps.Read.All', 'DeviceManagementConfiguration.Read.All', 'GroupMember.Read.All', 'Directory.Read.All', 'User.Read'];
const APP_WRITE = ['DeviceManagementApps.ReadWrite.All', 'DeviceManagementConfiguration.Read.All', 'Group.Read.All', 'Directory.Read.All'];

export const DEFAULT_SEED: SandboxSeed = {
  tenant: { id: '0c1b2a39-4e5f-4a6b-8c7d-9e0f1a2b3c4d', domain: 'contoso-sandbox.onmicrosoft.com', displayName: 'Contoso (sandbox)' },
  users: [
    { oid: 'a1b2c3d4-0000-4000-8000-000000000001', upn: 'admin@contoso-sandbox.onmicrosoft.com', name: 'Sandbox Admin' },
    { oid: 'a1b2c3d4-0000-4000-8000-000000000002', upn: 'helpdesk@contoso-sandbox.onmicrosoft.com', name: 'Sandbox Helpdesk' },
  ],
  clients: [
    { clientId: SANDBOX_PUBLIC_CLIENT, name: 'Microsoft Graph Command Line Tools', kind: 'public', permissions: DELEGATED, redirectUris: ['http://localhost'], allowPublicClientFlows: true },
    { clientId: SANDBOX_APPS_ONLY_CLIENT, name: 'Assign tool (apps only)', kind: 'public', permissions: ['DeviceManagementApps.ReadWrite.All', 'User.Read'], redirectUris: ['http://localhost'], allowPublicClientFlows: true },
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
    { id: USERS_GROUP, displayName: 'All Employees', kind: 'user', description: 'Every employee (assigned membership)', groupTypes: [], membershipRule: null, memberCount: 1240 },
    { id: FINANCE_GROUP, displayName: 'All Finance Staff', kind: 'user', description: 'Finance department', groupTypes: ['DynamicMembership'], membershipRule: '(user.department -eq "Finance")', memberCount: 86 },
    { id: KIOSK_DEVICES, displayName: 'Kiosk Devices', kind: 'device', description: 'Shared kiosk PCs (assigned membership)', groupTypes: [], membershipRule: null, memberCount: 42 },
    { id: PILOT_DEVICES, displayName: 'Pilot Ring 1', kind: 'device', description: 'Devices that get changes first', groupTypes: ['DynamicMembership'], membershipRule: '(device.extensionAttribute1 -eq "pilot1")', memberCount: 25 },
    { id: CONTRACTORS, displayName: 'Contractors', kind: 'user', description: 'External staff', groupTypes: ['DynamicMembership'], membershipRule: '(user.employeeType -eq "Contractor")', memberCount: 57 },
    { id: CORPORATE_IPADS, displayName: 'Corporate iPads', kind: 'device', groupTypes: ['DynamicMembership'], membershipRule: '(device.deviceOSType -eq "iPad") and (device.deviceOwnership -eq "Company")', memberCount: 310 },
    { id: ANDROID_USERS, displayName: 'Android Enterprise Users', kind: 'user', groupTypes: [], membershipRule: null, memberCount: 148 },
    { id: FIELD_SALES_DEVICES, displayName: 'Field Sales - Devices', kind: 'device', description: 'Laptops and phones of the field sales team', groupTypes: ['DynamicMembership'], membershipRule: '(device.enrollmentProfileName -eq "Field Sales")', memberCount: 212 },
    { id: FIELD_SALES_USERS, displayName: 'Field Sales - Users', kind: 'user', description: 'The field sales team (a Microsoft 365 group with a mailbox)', groupTypes: ['Unified'], membershipRule: null, memberCount: 96 },
    { id: MARKETING, displayName: 'Marketing', kind: 'user', description: 'Marketing department (Microsoft 365, dynamic)', groupTypes: ['Unified', 'DynamicMembership'], membershipRule: '(user.department -eq "Marketing")', memberCount: 64 },
    { id: PILOT_RING_2, displayName: 'Pilot Ring 2', kind: 'device', description: 'The second wave of a rollout', groupTypes: [], membershipRule: null, memberCount: 140 },
    { id: DELETED_GROUP, displayName: 'Legacy VPN Users', kind: 'user', description: 'Deleted: restorable for 30 days. An assignment of Microsoft Authenticator still names it.', groupTypes: [], membershipRule: null, memberCount: 0, deletedDateTime: '2026-11-20T10:15:00Z' },
  ],
  filters: [
    { id: WINDOWS_FILTER, displayName: 'Windows 11 corporate', platform: 'windows10AndLater', rule: '(device.osVersion -startsWith "10.0.22") and (device.deviceOwnership -eq "Corporate")' },
    { id: IPAD_FILTER, displayName: 'iPads only', platform: 'iOS', rule: '(device.model -startsWith "iPad")' },
    { id: VM_FILTER, displayName: 'Virtual machines', platform: 'windows10AndLater', rule: '(device.model -contains "Virtual")', description: 'Use in exclude mode to skip virtual machines' },
    { id: ANDROID_FILTER, displayName: 'Android fully managed', platform: 'androidForWork', rule: '(device.enrollmentProfileName -eq "Fully managed")' },
    { id: IPHONE_FILTER, displayName: 'Corporate iPhones', platform: 'iOS', rule: '(device.deviceOwnership -eq "Corporate") and (device.model -startsWith "iPhone")' },
    { id: MAC_FILTER, displayName: 'Apple silicon Macs', platform: 'macOS', rule: '(device.operatingSystemVersion -startsWith "14")', description: 'macOS 14 and later' },
    { id: AOSP_FILTER, displayName: 'AOSP headsets', platform: 'androidAOSP', rule: '(device.manufacturer -eq "Contoso Devices")' },
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
        { intent: 'available', target: group(DELETED_GROUP), settings: { '@odata.type': `${NS}iosStoreAppAssignmentSettings`, isRemovable: null, uninstallOnDeviceRemoval: null, preventManagedAppBackup: null, vpnConfigurationId: null } },
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

/**
 * The demo tenant as a second tenant (say production, beside the first as test): groups and filters with the
 * same display names under other ids, the same apps under other ids with no assignments, another tenant id and
 * domain. Promotion from one tenant to the other maps ids by display name.
 */
export function secondTenant(seed: SandboxSeed = DEFAULT_SEED): SandboxSeed {
  // The last twelve hex digits each turned by 8: another GUID, the same every time, never the same as the first.
  const other = (id: string) => `${id.slice(0, 24)}${[...id.slice(24)].map((d) => ((parseInt(d, 16) + 8) % 16).toString(16)).join('')}`;
  const groups: SeedGroup[] = seed.groups.map((g) => ({ ...g, id: other(g.id) }));
  return {
    ...structuredClone(seed),
    tenant: { id: other(seed.tenant.id), domain: seed.tenant.domain.replace(/^[^.]+/, (name) => `${name}-prod`), displayName: `${seed.tenant.displayName ?? seed.tenant.domain} production` },
    users: seed.users.map((u) => ({ ...u, oid: other(u.oid), upn: u.upn.replace(/@([^.]+)/, '@$1-prod') })),
    groups,
    filters: seed.filters.map((f) => ({ ...f, id: other(f.id) })),
    apps: seed.apps.map((a) => ({ ...structuredClone(a), id: other(a.id), assignments: [] })),
  };
}
