// The requests the extension and the language server add to LSP, declared once for both sides: validating a
// document on demand before anything is sent, telling the server which app a document is aimed at so the
// settings-app-type rule can check the document against that app's type, and the tenant's names: the server
// asks the extension (which holds the sign-in and the directory) for the groups and filters documents name and
// for groups matching what is typed; the extension says when what it knows changed (sign-in, sign-out, refresh).
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Cloud, GraphVersion } from './constants';
import type { DirectoryFilter, DirectoryGroup, UnavailableReason } from './tenant';

export interface ValidateParams {
  /** The document's URI; it is validated as the editor has it when open, as the disk has it otherwise. */
  uri: string;
}

export interface ValidationProblem {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  /** Zero-based, as LSP positions. */
  line: number;
  character: number;
}

export interface ValidateResult {
  errors: number;
  warnings: number;
  /** Every problem, errors first. */
  problems: ValidationProblem[];
  /** What the document was validated with (settings and the configuration file), for the send to use too. */
  options: { graphVersion: GraphVersion; cloud: Cloud; rules?: Partial<Record<string, 'off' | 'warn' | 'error'>> };
}

/** `intuneAssign/validate`: the document's problems now, with the settings and app type it is sent with. */
export const ValidateRequest = new RequestType<ValidateParams, ValidateResult, void>('intuneAssign/validate');

export interface AppTypeParams {
  uri: string;
  /** The target app's `@odata.type` (`#microsoft.graph.win32LobApp`), or null when no app is chosen. */
  appType: string | null;
}

/** `intuneAssign/setAppType`: the document is aimed at an app of this type; its diagnostics follow. */
export const AppTypeNotification = new NotificationType<AppTypeParams>('intuneAssign/setAppType');

export interface TenantResolveParams {
  /** Group ids (lower-case) to resolve. */
  groups: string[];
  /** Also the tenant's assignment filters (all of them: a tenant has few). */
  filters: boolean;
}

export interface TenantResolveResult {
  /** Each group asked for that the tenant's data answers: the group, or null when the tenant has none. */
  groups: { id: string; group: DirectoryGroup | null; stale?: boolean }[];
  /** The tenant's filters, when asked for and known. */
  filters?: { list: DirectoryFilter[]; stale?: boolean };
  /** Why some or all of it could not be read now (what was read before is still given, marked stale). */
  unavailable?: UnavailableReason;
}

/** `intuneAssign/tenant/resolve`: the groups with these ids and the tenant's filters (server -> client). */
export const TenantResolveRequest = new RequestType<TenantResolveParams, TenantResolveResult, void>('intuneAssign/tenant/resolve');

export interface TenantSearchParams {
  /** What was typed: groups whose display name has a word starting with it. */
  text: string;
}

export interface TenantSearchResult {
  groups: DirectoryGroup[];
  stale?: boolean;
  unavailable?: UnavailableReason;
}

/** `intuneAssign/tenant/searchGroups`: the tenant's groups matching a text, by display name (server -> client). */
export const TenantSearchRequest = new RequestType<TenantSearchParams, TenantSearchResult, void>('intuneAssign/tenant/searchGroups');

export interface TenantChangedParams {
  /** signed-in, signed-out (the cache was cleared), refreshed (read again from Graph), or settings. */
  reason: 'signed-in' | 'signed-out' | 'refreshed' | 'settings';
}

/** `intuneAssign/tenant/changed`: forget what was learnt of the tenant and ask again (client -> server). */
export const TenantChangedNotification = new NotificationType<TenantChangedParams>('intuneAssign/tenant/changed');
