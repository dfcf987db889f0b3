// Snippets of whole assignments in their common shapes, offered where a new assignment can go.
// Left empty with the cursor in it: completion there offers the tenant's groups by name and inserts the id.
const GROUP = '$2';
const NS = '#microsoft.graph.';

export interface AssignmentSnippet {
  label: string;
  description: string;
  /** Uses something only Graph beta has (assignment filters, ...). */
  betaOnly?: boolean;
  body: object;
}

export const ASSIGNMENT_SNIPPETS: AssignmentSnippet[] = [
  {
    label: 'Assignment: group',
    description: 'Assign the app to one Microsoft Entra group (give the group\'s object id, not its name).',
    body: {
      '@odata.type': `${NS}mobileAppAssignment`,
      intent: '${1|required,available,uninstall,availableWithoutEnrollment|}',
      target: { '@odata.type': `${NS}groupAssignmentTarget`, groupId: GROUP },
      settings: null,
    },
  },
  {
    label: 'Assignment: all licensed users (available)',
    description: 'Offer the app in Company Portal to every licensed user.',
    body: {
      '@odata.type': `${NS}mobileAppAssignment`,
      intent: 'available',
      target: { '@odata.type': `${NS}allLicensedUsersAssignmentTarget` },
      settings: null,
    },
  },
  {
    label: 'Assignment: all devices (required)',
    description: 'Install the app on every managed device.',
    body: {
      '@odata.type': `${NS}mobileAppAssignment`,
      intent: 'required',
      target: { '@odata.type': `${NS}allDevicesAssignmentTarget` },
      settings: null,
    },
  },
  {
    label: 'Assignment: exclude a group',
    description: 'Exclude a group from the app\'s assignments with the same intent.',
    body: {
      '@odata.type': `${NS}mobileAppAssignment`,
      intent: '${1|required,available,uninstall|}',
      target: { '@odata.type': `${NS}exclusionGroupAssignmentTarget`, groupId: GROUP },
      settings: null,
    },
  },
  {
    label: 'Assignment: group with an assignment filter',
    description: 'Assign to a group, narrowed by an assignment filter in include or exclude mode (Graph beta).',
    betaOnly: true,
    body: {
      '@odata.type': `${NS}mobileAppAssignment`,
      intent: '${1|required,available,uninstall|}',
      target: {
        '@odata.type': `${NS}groupAssignmentTarget`,
        groupId: GROUP,
        deviceAndAppManagementAssignmentFilterId: '$3',
        deviceAndAppManagementAssignmentFilterType: '${4|include,exclude|}',
      },
      settings: null,
    },
  },
  {
    label: 'Assignment: Win32 app, required with a deadline',
    description: 'Install a Win32 app on a group with notifications, an availability date, a deadline and restart settings.',
    body: {
      '@odata.type': `${NS}mobileAppAssignment`,
      intent: 'required',
      target: { '@odata.type': `${NS}groupAssignmentTarget`, groupId: GROUP },
      settings: {
        '@odata.type': `${NS}win32LobAppAssignmentSettings`,
        notifications: '${3|showAll,showReboot,hideAll|}',
        deliveryOptimizationPriority: 'notConfigured',
        installTimeSettings: {
          useLocalTime: true,
          startDateTime: '${4:2026-01-01T08:00:00Z}',
          deadlineDateTime: '${5:2026-01-15T18:00:00Z}',
        },
        restartSettings: {
          gracePeriodInMinutes: 1440,
          countdownDisplayBeforeRestartInMinutes: 15,
          restartNotificationSnoozeDurationInMinutes: 240,
        },
      },
    },
  },
  {
    label: 'Assignment: iOS VPP app with device licensing',
    description: 'Install a volume-purchased iOS/iPadOS app on a group, licensed to the device.',
    body: {
      '@odata.type': `${NS}mobileAppAssignment`,
      intent: 'required',
      target: { '@odata.type': `${NS}groupAssignmentTarget`, groupId: GROUP },
      settings: {
        '@odata.type': `${NS}iosVppAppAssignmentSettings`,
        useDeviceLicensing: true,
        vpnConfigurationId: null,
      },
    },
  },
  {
    label: 'Assignment: available without enrollment',
    description: 'Offer the app to a group of users whose devices are not enrolled (app protection scenarios).',
    body: {
      '@odata.type': `${NS}mobileAppAssignment`,
      intent: 'availableWithoutEnrollment',
      target: { '@odata.type': `${NS}groupAssignmentTarget`, groupId: GROUP },
      settings: null,
    },
  },
];

/** JSON text of a snippet body, tab-indented, continuing lines indented by `level` tabs. */
export function renderSnippet(body: object, level: number): string {
  return JSON.stringify(body, null, '\t').replace(/\n/g, `\n${'\t'.repeat(level)}`);
}

/** A whole document with one assignment. */
export const DOCUMENT_SNIPPET = `{\n\t"mobileAppAssignments": [\n\t\t${renderSnippet(ASSIGNMENT_SNIPPETS[0].body, 2)}\n\t]\n}`;
