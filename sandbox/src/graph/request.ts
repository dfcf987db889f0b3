// What every room of the sandbox's Graph shares: the request as the router hands it over, the reply, Graph's
// error shape, the live tenant state, and the permission check.
import { randomUUID } from 'node:crypto';
import type { GraphVersion } from '../../../common/src/constants';
import type { TokenClaims } from '../entra/tokens';
import type { SandboxSeed, SeedApp, SeedFilter, SeedGroup } from '../seed/format';

export interface GraphReply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface GraphRequest {
  method: string;
  version: GraphVersion;
  /** Path after the version: /deviceAppManagement/mobileApps. */
  path: string;
  query: URLSearchParams;
  /** The request body as text ('' when none). */
  rawBody: string;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  claims: TokenClaims;
  /** Origin and version, for nextLinks and contexts: http://127.0.0.1:8765/beta */
  base: string;
  /** Milliseconds since the epoch (the sandbox's clock). */
  now: number;
}

/** A change Multi Admin Approval holds until another administrator approves it (the sandbox never applies it). */
export interface ApprovalRequest {
  '@odata.type': '#microsoft.graph.operationApprovalRequest';
  id: string;
  status: 'needsApproval';
  requestJustification: string;
  requestDateTime: string;
  expirationDateTime: string;
  requestor: { user?: { id: string; displayName?: string }; application?: { id: string } };
  /** What would have been posted (the sandbox's own record; not part of the modelled response). */
  appId: string;
  mobileAppAssignments: Record<string, unknown>[];
}

export interface TenantState {
  /** The tenant's domain, for Microsoft 365 groups' mail addresses. */
  tenantDomain: string;
  apps: SeedApp[];
  /** Live and deleted groups (a deleted one has deletedDateTime). */
  groups: SeedGroup[];
  filters: SeedFilter[];
  approvalRequests: ApprovalRequest[];
}

export const DEFAULT_CREATED = '2026-01-05T09:00:00Z';
export const DEFAULT_MODIFIED = '2026-11-01T12:00:00Z';
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function tenantState(seed: SandboxSeed): TenantState {
  const copy = structuredClone(seed);
  return { tenantDomain: copy.tenant.domain, apps: copy.apps, groups: copy.groups, filters: copy.filters, approvalRequests: [] };
}

export function graphError(status: number, code: string, message: string): GraphReply {
  // request-id, client-request-id and date are filled in when the reply is sent.
  return { status, json: { error: { code, message, innerError: {} } } };
}

/** Whether the token carries one of these permissions (delegated scopes or application roles). */
export function granted(request: GraphRequest, needed: readonly string[]): boolean {
  const held = new Set([...(request.claims.scp?.split(' ') ?? []), ...(request.claims.roles ?? [])].map((p) => p.toLowerCase()));
  return needed.some((p) => held.has(p.toLowerCase()));
}

/** Intune's 403 for a token without the permission (the operation id varies per call). */
export function intuneForbidden(needed: readonly string[]): GraphReply {
  return graphError(403, 'Forbidden', `Application is not authorized to perform this operation. Application must have one of the following scopes: ${needed.join(', ')} - Operation ID (for customer support): ${randomUUID()}`);
}

/** The directory's 403 for a token without the permission. */
export function directoryForbidden(): GraphReply {
  return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

export function onlyGet(request: GraphRequest): GraphReply | undefined {
  return request.method === 'GET' ? undefined : graphError(405, 'BadRequest', `The sandbox serves ${request.method} nowhere here: only GET (and POST .../assign, /$batch, /directoryObjects/getByIds).`);
}

export function segmentNotFound(segment: string): GraphReply {
  return graphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}
