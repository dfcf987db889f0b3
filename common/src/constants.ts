// Names other parts of the product and its users rely on, declared once for the extension, server and CLI.

/** Language id contributed for `*.assign.json`. */
export const LANGUAGE_ID = 'intune-assign';
/** The language server serves every document whose URI ends with this, whatever language id a client sends. */
export const DOCUMENT_SUFFIX = '.assign.json';
/** `source` of every diagnostic the product reports. */
export const DIAGNOSTIC_SOURCE = 'intune-assign';
/** Configuration section of every setting (`intuneAssign.*`). */
export const SETTINGS_SECTION = 'intuneAssign';

/** An id as Graph writes them, in any case: apps, groups, filters, tenants. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const GRAPH_VERSIONS = ['beta', 'v1.0'] as const;
export type GraphVersion = (typeof GRAPH_VERSIONS)[number];

export const CLOUDS = ['global', 'usgov', 'usgovdod', 'china', 'sandbox', 'custom'] as const;
export type Cloud = (typeof CLOUDS)[number];

/** Settings the language server reads (`intuneAssign.<key>`). */
export interface ServerSettings {
  graphVersion: GraphVersion;
  cloud: Cloud;
  /** Report problems of every *.assign.json in the workspace, not only of open files. */
  workspaceDiagnostics: boolean;
  /** Use the signed-in tenant's groups and filters (names, completion, the tenant rules) when there is one. */
  tenantData: boolean;
  /** Show each group and filter id's display name after it. */
  inlayHints: boolean;
}

export const DEFAULT_SETTINGS: ServerSettings = { graphVersion: 'beta', cloud: 'global', workspaceDiagnostics: true, tenantData: true, inlayHints: true };

/** Reads settings from an untrusted object (a client's payload), falling back to the defaults value by value. */
export function readServerSettings(value: unknown): ServerSettings {
  const raw = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const graphVersion = (GRAPH_VERSIONS as readonly unknown[]).includes(raw.graphVersion)
    ? (raw.graphVersion as GraphVersion)
    : DEFAULT_SETTINGS.graphVersion;
  const cloud = (CLOUDS as readonly unknown[]).includes(raw.cloud) ? (raw.cloud as Cloud) : DEFAULT_SETTINGS.cloud;
  const flag = (key: 'workspaceDiagnostics' | 'tenantData' | 'inlayHints') => (typeof raw[key] === 'boolean' ? (raw[key] as boolean) : DEFAULT_SETTINGS[key]);
  return { graphVersion, cloud, workspaceDiagnostics: flag('workspaceDiagnostics'), tenantData: flag('tenantData'), inlayHints: flag('inlayHints') };
}

export function isAssignDocument(uri: string): boolean {
  return uri.toLowerCase().endsWith(DOCUMENT_SUFFIX);
}
