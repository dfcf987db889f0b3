// Large seeded tenants for paging, batching and pickers at scale (`intune-assign sandbox --seed-apps 2000`):
// a seed's apps plus N generated ones of a realistic mix of types (Win32, Microsoft Store (WinGet), iOS store
// and VPP, Android Managed Google Play, macOS, web links, Microsoft 365 Apps), each with settings of its own
// type, spread over the seed's live groups. Ids, names and assignments are derived from the index only, so the
// same N gives the same tenant every time.
import { createHash } from 'node:crypto';
import type { SandboxSeed, SeedApp } from './format';

export const MAX_SEEDED_APPS = 20_000;
export const MAX_SEEDED_ASSIGNMENTS = 100_000;

const NS = '#microsoft.graph.';
const PUBLISHERS = ['Contoso', 'Fabrikam', 'Northwind Traders', 'Adventure Works', 'Tailspin Toys', 'Wide World Importers', 'Litware', 'Proseware', 'Woodgrove Bank', 'Alpine Ski House'];
const PRODUCTS = ['Expenses', 'Timesheets', 'Field Service', 'Inventory', 'Helpdesk', 'Travel', 'CRM', 'Payroll', 'Dashboards', 'Notes', 'Scanner', 'Maps', 'Learning', 'Badge', 'Print'];

interface Kind {
  type: string;
  suffix: string;
  /** Settings for an assignment with this intent, or null for types that take none. */
  settings: (intent: string) => Record<string, unknown> | null;
  properties: (slug: string, n: number) => Record<string, unknown>;
}

/** The mix, by weight: Windows apps most, as in most tenants. */
const KINDS: [Kind, number][] = [
  [{ type: 'win32LobApp', suffix: '', settings: () => ({ '@odata.type': `${NS}win32LobAppAssignmentSettings`, notifications: 'showAll', deliveryOptimizationPriority: 'notConfigured', installTimeSettings: null, restartSettings: null, autoUpdateSettings: null }), properties: (slug, n) => ({ fileName: `${slug}.intunewin`, setupFilePath: 'setup.exe', displayVersion: `${1 + (n % 9)}.${n % 100}` }) }, 30],
  [{ type: 'winGetApp', suffix: ' (Store)', settings: () => ({ '@odata.type': `${NS}winGetAppAssignmentSettings`, notifications: 'showReboot', installTimeSettings: null, restartSettings: null }), properties: (_slug, n) => ({ packageIdentifier: `9N${String(n).padStart(8, '0')}` }) }, 15],
  [{ type: 'iosStoreApp', suffix: ' for iOS', settings: (intent) => ({ '@odata.type': `${NS}iosStoreAppAssignmentSettings`, isRemovable: intent === 'required' ? false : null, uninstallOnDeviceRemoval: true, preventManagedAppBackup: null, vpnConfigurationId: null }), properties: (slug) => ({ bundleId: `com.contoso.${slug}` }) }, 15],
  [{ type: 'iosVppApp', suffix: ' (VPP)', settings: () => ({ '@odata.type': `${NS}iosVppAppAssignmentSettings`, useDeviceLicensing: true, isRemovable: null, preventAutoAppUpdate: false, preventManagedAppBackup: null, uninstallOnDeviceRemoval: null, vpnConfigurationId: null }), properties: (slug) => ({ bundleId: `com.contoso.vpp.${slug}` }) }, 5],
  [{ type: 'androidManagedStoreApp', suffix: ' for Android', settings: () => ({ '@odata.type': `${NS}androidManagedStoreAppAssignmentSettings`, androidManagedStoreAppTrackIds: [], autoUpdateMode: 'default' }), properties: (slug) => ({ packageId: `com.contoso.${slug}`, appIdentifier: `com.contoso.${slug}` }) }, 15],
  [{ type: 'macOSLobApp', suffix: ' for Mac', settings: () => ({ '@odata.type': `${NS}macOsLobAppAssignmentSettings`, uninstallOnDeviceRemoval: null }), properties: (slug) => ({ fileName: `${slug}.pkg`, bundleId: `com.contoso.mac.${slug}` }) }, 8],
  [{ type: 'webApp', suffix: ' (web)', settings: () => null, properties: (slug) => ({ appUrl: `https://${slug}.contoso.example`, useManagedBrowser: false }) }, 10],
  [{ type: 'officeSuiteApp', suffix: ' (Microsoft 365 Apps)', settings: () => null, properties: () => ({}) }, 2],
];
const WEIGHTS = KINDS.reduce((sum, [, w]) => sum + w, 0);

/** A GUID derived from a name (version 4 layout), the same every time. */
export function stableGuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The seed with `apps` generated apps added, holding `assignments` assignments in all (default: 2.5 per app,
 * at most as many per app as the seed has live groups and the two "all" targets).
 */
export function largeTenant(seed: SandboxSeed, options: { apps: number; assignments?: number }): SandboxSeed {
  const count = options.apps;
  if (!Number.isInteger(count) || count < 0 || count > MAX_SEEDED_APPS) throw new RangeError(`The number of seeded apps must be a whole number from 0 to ${MAX_SEEDED_APPS}, not ${count}.`);
  const groups = seed.groups.filter((g) => !g.deletedDateTime);
  const perAppMax = groups.length + 2;
  const total = options.assignments ?? Math.floor(count * 2.5);
  if (!Number.isInteger(total) || total < 0 || total > Math.min(MAX_SEEDED_ASSIGNMENTS, count * perAppMax)) {
    throw new RangeError(`The number of seeded assignments must be a whole number from 0 to ${Math.min(MAX_SEEDED_ASSIGNMENTS, count * perAppMax)} for ${count} app(s), not ${total}.`);
  }
  const apps: SeedApp[] = [];
  for (let i = 0; i < count; i++) {
    const kind = kindAt(i);
    const product = `${PRODUCTS[i % PRODUCTS.length]}${i >= PRODUCTS.length ? ` ${Math.floor(i / PRODUCTS.length) + 1}` : ''}`;
    const publisher = PUBLISHERS[Math.floor(i / PRODUCTS.length) % PUBLISHERS.length];
    const slug = `${product}-${i}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const assignments: Record<string, unknown>[] = [];
    const mine = Math.floor(total / count) + (i < total % count ? 1 : 0);
    for (let j = 0; j < mine; j++) {
      // Each target once per app: walk the targets from an offset of the app's own.
      const slot = (i + j) % perAppMax;
      const g = groups[slot];
      const intent = g ? (g.kind === 'device' ? 'required' : 'available') : slot === groups.length ? 'available' : 'required';
      const target = g
        ? { '@odata.type': `${NS}groupAssignmentTarget`, groupId: g.id, deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' }
        : { '@odata.type': `${NS}${slot === groups.length ? 'allLicensedUsers' : 'allDevices'}AssignmentTarget`, deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' };
      assignments.push({ intent, target, settings: kind.settings(intent) });
    }
    apps.push({
      id: stableGuid(`${seed.tenant.id}|app|${i}`),
      '@odata.type': `${NS}${kind.type}`,
      displayName: `${publisher} ${product}${kind.suffix}`,
      publisher,
      publishingState: 'published',
      properties: kind.properties(slug, i),
      createdDateTime: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString().replace('.000', ''),
      assignments,
    });
  }
  return { ...seed, apps: [...seed.apps, ...apps] };
}

function kindAt(i: number): Kind {
  // Spread the kinds evenly along the index (a multiplicative walk), not in blocks.
  let at = (i * 37) % WEIGHTS;
  for (const [kind, weight] of KINDS) {
    if (at < weight) return kind;
    at -= weight;
  }
  return KINDS[0][0];
}
