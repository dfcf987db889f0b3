// Facts about the assign payload that Graph's CSDL metadata does not carry, in this project's own words: the
// descriptions used where the metadata has none, which properties the service computes, which hold GUIDs, and
// which app types each settings type belongs to. Sources: Graph's metadata (clean_beta_metadata/cleanMetadata.xml
// and clean_v10_metadata/cleanMetadata.xml in https://github.com/microsoftgraph/msgraph-metadata, types and their
// Annotations), Graph's Intune resource pages
// (https://learn.microsoft.com/graph/api/resources/intune-apps-mobileappassignment?view=graph-rest-beta and the
// settings types linked from it) and docs/graph-behaviour.md for what the service does.
// The schema generator merges these with the metadata; nothing reads this file at run time.

export interface AppTypeFact {
  /** Settings type (unqualified name) -> app entity types (unqualified) it is made for. */
  appTypes: string[];
  /** True where the pairing is inferred from names rather than stated by a source. */
  inferred?: boolean;
}

/** Type descriptions, by unqualified type name. */
export const typeDescriptions: Record<string, string> = {
  mobileAppAssignment:
    'One assignment of an app: who it targets, with which intent (available, required, uninstall or available without enrollment), and optional settings specific to the app type.',
  entity: 'Base of every Graph entity: carries the id.',
  deviceAndAppManagementAssignmentTarget:
    'Abstract base of every assignment target. Never send it as @odata.type: pick one of the concrete targets (all devices, all licensed users, a group, an excluded group or a Configuration Manager collection).',
  allDevicesAssignmentTarget: 'Targets every device that Intune manages in the tenant.',
  allLicensedUsersAssignmentTarget: 'Targets every user in the tenant who holds an Intune licence.',
  groupAssignmentTarget: 'Targets the members of one Microsoft Entra group, named by its object id (a GUID).',
  exclusionGroupAssignmentTarget:
    'Excludes the members of one Microsoft Entra group from the app\'s other assignments. Exclusion wins only over an inclusion of the same kind (user group vs user group, device group vs device group).',
  configurationManagerCollectionAssignmentTarget:
    'Targets a Configuration Manager collection (co-managed devices), named by its collection id.',
  mobileAppAssignmentSettings:
    'Abstract base of the per-app-type assignment settings. Never send it as @odata.type: pick the settings type made for the app\'s type, or send "settings": null.',
  androidManagedStoreAppAssignmentSettings:
    'Assignment settings for a Managed Google Play (Android Enterprise) app: release tracks and update priority.',
  iosDdmLobAppAssignmentSettings:
    'Assignment settings for an iOS/iPadOS line-of-business app deployed through Declarative Device Management.',
  iosDdmStoreAppAssignmentSettings:
    'Assignment settings for an iOS/iPadOS App Store app deployed through Declarative Device Management.',
  iosDdmVppAppAssignmentSettings:
    'Assignment settings for an iOS/iPadOS volume-purchased (VPP) app deployed through Declarative Device Management.',
  iosLobAppAssignmentSettings: 'Assignment settings for an iOS/iPadOS line-of-business app.',
  iosStoreAppAssignmentSettings: 'Assignment settings for an iOS/iPadOS App Store app.',
  iosVppAppAssignmentSettings: 'Assignment settings for an iOS/iPadOS volume-purchased (VPP) app.',
  macOsDdmVppAppAssignmentSettings:
    'Assignment settings for a macOS volume-purchased (VPP) app deployed through Declarative Device Management.',
  macOsLobAppAssignmentSettings: 'Assignment settings for a macOS line-of-business app.',
  macOsVppAppAssignmentSettings: 'Assignment settings for a macOS volume-purchased (VPP) app.',
  microsoftStoreForBusinessAppAssignmentSettings: 'Assignment settings for a Microsoft Store for Business app.',
  win32LobAppAssignmentSettings:
    'Assignment settings for a Win32 app (.intunewin): notifications, Delivery Optimization priority, availability and deadline times, restart behaviour and superseded-app updates.',
  win32CatalogAppAssignmentSettings:
    'Assignment settings for a Win32 app from the Enterprise App Catalog; the same settings as a Win32 app.',
  windowsAppXAppAssignmentSettings: 'Assignment settings for a Windows AppX / MSIX app.',
  windowsUniversalAppXAppAssignmentSettings: 'Assignment settings for a Windows Universal AppX app.',
  windowsAutoUpdateCatalogAppAssignmentSettings:
    'Assignment settings for a Windows auto-update catalog app: notifications, Delivery Optimization priority, install times and restarts.',
  winGetAppAssignmentSettings:
    'Assignment settings for a WinGet (Microsoft Store, new) app: notifications, install deadline and restarts.',
  mobileAppInstallTimeSettings:
    'When the app becomes available (startDateTime) and when its installation is enforced (deadlineDateTime), in UTC or in the device\'s local time.',
  win32LobAppRestartSettings: 'How the device restarts after installing the app: grace period, countdown and snooze.',
  win32LobAppAutoUpdateSettings: 'Whether installed apps that this app supersedes are updated to it automatically.',
  winGetAppInstallTimeSettings: 'The installation deadline, in UTC or in the device\'s local time.',
  winGetAppRestartSettings: 'How the device restarts after installing the app: grace period, countdown and snooze.',
  windowsAutoUpdateCatalogAppInstallTimeSettings:
    'When the app becomes available and when its installation is enforced, in UTC or in the device\'s local time.',
  windowsAutoUpdateCatalogAppRestartSettings:
    'How the device restarts after installing the app: grace period, countdown and snooze.',
};

/** Property descriptions: `type.property` wins over a bare `property`. */
export const propertyDescriptions: Record<string, string> = {
  id: 'Key of the assignment, set by the service. Not needed when assigning.',
  intent:
    'What the assignment does: available (offered in Company Portal), required (installed), uninstall (removed), or availableWithoutEnrollment (offered to users whose devices are not enrolled).',
  target: 'Who gets the assignment. An object whose @odata.type names a concrete target type.',
  settings:
    'Options specific to the app type, or null. An object whose @odata.type names the settings type made for the app\'s type.',
  source: 'Where the assignment comes from (direct or a policy set). Computed by the service: do not send it.',
  sourceId: 'Id of the policy set the assignment comes from. Computed by the service: do not send it.',
  deviceAndAppManagementAssignmentFilterId:
    'Id (a GUID) of the assignment filter that narrows this target, or null for no filter.',
  deviceAndAppManagementAssignmentFilterType:
    'How the filter applies: include (only matching devices), exclude (all but matching devices), or none (no filter).',
  groupId: 'Object id (a GUID) of the Microsoft Entra group, not its display name.',
  collectionId: 'Id of the Configuration Manager collection (for example "SMS00001").',
  androidManagedStoreAppTrackIds: 'Managed Google Play release tracks to make available (track ids).',
  autoUpdateMode: 'How Google Play prioritises updates of this app: default, postponed or priority.',
  associatedDomains: 'Domains associated with the app (Apple associated domains).',
  associatedDomainsDirectDownloadAllowed:
    'Whether the associated domains may be downloaded directly instead of through Apple\'s CDN.',
  cellularSliceConfigurationId: 'Id (a GUID) of the cellular slice configuration to apply to the app.',
  contentFilterConfigurationId: 'Id (a GUID) of the content filter configuration to apply to the app.',
  dnsProxyConfigurationId: 'Id (a GUID) of the DNS proxy configuration to apply to the app.',
  relayConfigurationId: 'Id (a GUID) of the relay configuration to apply to the app.',
  vpnConfigurationId: 'Id (a GUID) of the VPN configuration to apply to the app, or null.',
  preventManagedAppBackup:
    'True blocks backup of the app\'s data to iCloud. Null is treated as false. Not allowed with the uninstall intent.',
  tapToPayScreenLockEnabled: 'Whether the screen locks after a Tap to Pay transaction in the app.',
  allowDownloadsOverCellular: 'Whether the app may download over cellular data.',
  automaticAppUpdates: 'Whether the app updates automatically.',
  version: 'The app version to deploy.',
  useDeviceLicensing: 'True assigns the VPP licence to the device; false to the user.',
  isRemovable:
    'Whether the user may remove the app. Only for the required intent (Graph answers 400 otherwise). Null is treated as true.',
  uninstallOnDeviceRemoval:
    'Whether the app is removed when the device is removed from management. Null is treated as true. Not allowed with the uninstall intent.',
  preventAutoAppUpdate: 'True stops the App Store from updating the app automatically. Null is treated as false.',
  isIosApp: 'Whether the volume-purchased app is an iOS/iPadOS app installed on a Mac.',
  useDeviceContext: 'True installs the app in the device context (for all users); false in the user context.',
  autoUpdateSettings: 'Whether installed apps that this app supersedes are updated to it automatically.',
  deliveryOptimizationPriority:
    'Delivery Optimization priority of the download: notConfigured (background) or foreground. Not supported in national clouds.',
  installTimeSettings: 'When the app becomes available and when its installation is enforced.',
  notifications: 'Which end-user notifications are shown: showAll, showReboot (only restart prompts) or hideAll.',
  notificationType: 'Which end-user notifications are shown: showAll, showReboot (only restart prompts) or hideAll.',
  restartSettings: 'How the device restarts after the installation, or null for the app\'s default behaviour.',
  deadlineDateTime: 'When the installation is enforced (ISO 8601 date-time). Must not be before startDateTime.',
  startDateTime: 'When the app becomes available (ISO 8601 date-time).',
  useLocalTime: 'True reads the times as the device\'s local time; false as UTC.',
  countdownDisplayBeforeRestartInMinutes: 'Minutes before the restart at which the countdown dialog appears.',
  gracePeriodInMinutes: 'Minutes the user has after the installation before the device restarts.',
  restartNotificationSnoozeDurationInMinutes: 'Minutes the user may snooze the restart notification, or null to forbid snoozing.',
  autoUpdateSupersededAppsState:
    'notConfigured (default) leaves superseded apps alone; enabled updates installed superseded apps to this app.',
};

/** Enum descriptions, by unqualified enum name. */
export const enumDescriptions: Record<string, string> = {
  installIntent: 'What an assignment does to the app on the targeted users or devices.',
  deviceAndAppManagementAssignmentSource: 'Where an assignment comes from.',
  deviceAndAppManagementAssignmentFilterType: 'How an assignment filter applies to a target.',
  win32LobAppNotification: 'Which end-user notifications a Win32 app installation shows.',
  win32LobAppDeliveryOptimizationPriority: 'Delivery Optimization priority of a Win32 app download.',
  win32LobAutoUpdateSupersededAppsState: 'Whether superseded apps are updated automatically.',
  winGetAppNotification: 'Which end-user notifications a WinGet app installation shows.',
  androidManagedStoreAutoUpdateMode: 'How Google Play prioritises updates of an app.',
  ddmAppAllowDownloadsOverCellular: 'Whether an app may download over cellular data.',
  ddmAppAutomaticAppUpdates: 'Whether an app updates automatically.',
  windowsAutoUpdateCatalogAppDeliveryOptimizationPriority: 'Delivery Optimization priority of the download.',
  windowsAutoUpdateCatalogAppNotificationType: 'Which end-user notifications the installation shows.',
};

/** Enum member descriptions: `enum.member` wins over a bare `member`. */
export const memberDescriptions: Record<string, string> = {
  'installIntent.available': 'Offered in Company Portal to the targeted users; they choose to install it.',
  'installIntent.required': 'Installed automatically on the targeted users\' or devices\' enrolled devices.',
  'installIntent.uninstall': 'Removed from the targeted devices, if Intune installed it.',
  'installIntent.availableWithoutEnrollment':
    'Offered to users whose devices are not enrolled (app protection scenarios). Users need an Intune licence.',
  'deviceAndAppManagementAssignmentSource.direct': 'Assigned directly to the app.',
  'deviceAndAppManagementAssignmentSource.policySets': 'Assigned through a policy set.',
  'deviceAndAppManagementAssignmentFilterType.none': 'No filter: leave deviceAndAppManagementAssignmentFilterId null.',
  'deviceAndAppManagementAssignmentFilterType.include': 'Only devices that match the filter get the assignment.',
  'deviceAndAppManagementAssignmentFilterType.exclude': 'Devices that match the filter are left out.',
  'win32LobAutoUpdateSupersededAppsState.notConfigured': 'Superseded apps are not updated automatically (default).',
  'win32LobAutoUpdateSupersededAppsState.enabled': 'Installed superseded apps are updated to this app.',
  'win32LobAppDeliveryOptimizationPriority.notConfigured': 'Normal background download.',
  'win32LobAppDeliveryOptimizationPriority.foreground': 'Foreground download. Not supported in national clouds.',
  'windowsAutoUpdateCatalogAppDeliveryOptimizationPriority.notConfigured': 'Normal background download.',
  'windowsAutoUpdateCatalogAppDeliveryOptimizationPriority.foreground': 'Foreground download.',
  'androidManagedStoreAutoUpdateMode.default': 'Google Play\'s default update behaviour.',
  'androidManagedStoreAutoUpdateMode.postponed': 'Updates are postponed up to 90 days.',
  'androidManagedStoreAutoUpdateMode.priority': 'Updates are installed as soon as the developer publishes them.',
  alwaysOn: 'Always on.',
  alwaysOff: 'Always off.',
  storeSettings: 'Follows the device\'s App Store settings.',
  showAll: 'Show every notification.',
  showReboot: 'Show only the restart notifications.',
  hideAll: 'Hide every notification.',
  unknownFutureValue: 'Graph\'s sentinel for values added later. Not a value to send.',
};

/**
 * Properties the service computes; sending them has no effect (the beta metadata marks source and sourceId Computed and
 * Permission=Read). Used when the metadata has no Core.Computed annotation, as the excerpts do not.
 */
export const readOnlyProperties: string[] = ['mobileAppAssignment.source', 'mobileAppAssignment.sourceId'];

/** Properties that hold a GUID: group ids, filter ids and the *ConfigurationId properties (their descriptions in the metadata and resource pages). */
export const guidPropertyPattern = /^(groupId|deviceAndAppManagementAssignmentFilterId|[a-zA-Z]*ConfigurationId)$/;

/**
 * Properties the service does not support outside the global cloud: the metadata's description of
 * win32LobAppAssignmentSettings.deliveryOptimizationPriority, and
 * https://learn.microsoft.com/graph/api/resources/intune-shared-win32lobappassignmentsettings?view=graph-rest-beta
 */
export const nationalCloudUnsupported: string[] = ['win32LobAppAssignmentSettings.deliveryOptimizationPriority'];

/** Which app types each settings type is made for: each settings type's description names its kind of app. */
export const settingsAppTypes: Record<string, AppTypeFact> = {
  win32LobAppAssignmentSettings: { appTypes: ['win32LobApp'] },
  win32CatalogAppAssignmentSettings: { appTypes: ['win32CatalogApp'] },
  winGetAppAssignmentSettings: { appTypes: ['winGetApp'] },
  windowsAppXAppAssignmentSettings: { appTypes: ['windowsAppX'] },
  windowsUniversalAppXAppAssignmentSettings: { appTypes: ['windowsUniversalAppX'] },
  microsoftStoreForBusinessAppAssignmentSettings: { appTypes: ['microsoftStoreForBusinessApp'] },
  windowsAutoUpdateCatalogAppAssignmentSettings: { appTypes: ['windowsAutoUpdateCatalogApp'], inferred: true },
  androidManagedStoreAppAssignmentSettings: {
    appTypes: ['androidManagedStoreApp', 'androidManagedStoreWebApp'],
  },
  iosLobAppAssignmentSettings: { appTypes: ['iosLobApp'] },
  iosStoreAppAssignmentSettings: { appTypes: ['iosStoreApp'] },
  iosVppAppAssignmentSettings: { appTypes: ['iosVppApp'] },
  iosDdmLobAppAssignmentSettings: { appTypes: ['iosLobApp'], inferred: true },
  iosDdmStoreAppAssignmentSettings: { appTypes: ['iosStoreApp'], inferred: true },
  iosDdmVppAppAssignmentSettings: { appTypes: ['iosVppApp'], inferred: true },
  macOsLobAppAssignmentSettings: { appTypes: ['macOSLobApp'] },
  macOsVppAppAssignmentSettings: { appTypes: ['macOsVppApp'] },
  macOsDdmVppAppAssignmentSettings: { appTypes: ['macOsVppApp'], inferred: true },
};

/**
 * App types that take no settings type (web links, Office suite, Edge, Android store apps, macOS PKG/DMG:
 * inferred, as no settings type's description names them): for these the only valid `settings` is null or
 * absent. App types in neither list are not judged.
 */
export const appTypesWithoutSettings: string[] = [
  'webApp',
  'windowsWebApp',
  'iosiPadOSWebClip',
  'officeSuiteApp',
  'macOSOfficeSuiteApp',
  'windowsMicrosoftEdgeApp',
  'macOSMicrosoftEdgeApp',
  'macOSPkgApp',
  'macOSDmgApp',
  'androidStoreApp',
];
