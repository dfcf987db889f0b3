// The Intune operations the product needs, over the Graph client: an app (its type and publishing state), the
// tenant's apps, an app's assignments, and assign, which REPLACES every assignment of the app. Every answer's
// shape is checked before it is used: an app must name itself, assignments must be objects, and assign must
// answer 204 (applied) or 202 (held for approval). An assign that may have reached Graph before it failed or
// was cancelled is an AssignUncertainError: the caller reads the app again to say what is there.
import { GUID } from '../../common/src/constants';
import { GraphClient, GraphError } from './graphClient';
import { isObject } from './json';

/** Also here for the shells that already import the app operations (the app picker). */
export { GUID };

export interface MobileApp {
  id: string;
  '@odata.type': string;
  displayName: string;
  publisher?: string;
  publishingState?: string;
}

/** An app's type without its namespace, as people read it: "#microsoft.graph.win32LobApp" -> "win32LobApp". */
export function shortType(type: string): string {
  return type.replace(/^#?microsoft\.graph\./, '');
}

export type Assignment = Record<string, unknown>;

export type AssignOutcome =
  | { outcome: 'assigned'; requestId?: string }
  /** Multi Admin Approval: the change waits for another administrator's approval. */
  | { outcome: 'pending-approval'; requestId?: string; approval: Record<string, unknown> };

export const APPROVAL_JUSTIFICATION_HEADER = 'x-msft-approval-justification';
const APP_LIST = '/deviceAppManagement/mobileApps?$select=id,displayName,publisher,publishingState';

/** An assign that failed or was cancelled after its request may have reached Graph: it may have been applied. */
export class AssignUncertainError extends Error {
  constructor(
    readonly reason: 'interrupted' | 'connection' | 'unexpected-answer',
    message: string,
  ) {
    super(message);
  }
}

function unexpected(status: number, what: string, requestId?: string): GraphError {
  return new GraphError(status, 'unexpectedAnswer', `Graph's answer ${what}; nothing was taken from it.`, requestId);
}

export function checkAppId(id: string): string {
  if (!GUID.test(id)) throw new GraphError(0, 'invalidAppId', `"${id}" is not an app id: Intune app ids are GUIDs (see the app's URL in the Intune admin center, or intune-assign's app search).`);
  return id;
}

/** Graph refused an assign because Multi Admin Approval protects the app and no justification was given. */
export function needsApprovalJustification(error: unknown): boolean {
  return error instanceof GraphError && error.status === 400 && error.message.toLowerCase().includes(APPROVAL_JUSTIFICATION_HEADER);
}

export class IntuneApps {
  constructor(readonly client: GraphClient) {}

  async getApp(id: string, signal?: AbortSignal): Promise<MobileApp> {
    const response = await this.client.request<unknown>('GET', `/deviceAppManagement/mobileApps/${checkAppId(id)}`, { signal });
    const app = response.body;
    if (!isObject(app) || typeof app.id !== 'string' || typeof app['@odata.type'] !== 'string') {
      throw unexpected(response.status, 'for the app is not an app (no id or @odata.type)', response.requestId);
    }
    // The app the user named, and no other: a change goes to the id they chose, so the answer must be about it.
    if (app.id.toLowerCase() !== id.toLowerCase()) {
      throw unexpected(response.status, `for app ${id} names another app (${app.id})`, response.requestId);
    }
    return { ...app, displayName: typeof app.displayName === 'string' ? app.displayName : app.id } as MobileApp;
  }

  /**
   * The tenant's apps, a page at a time, for pickers that filter as the user types. Graph documents no $filter
   * or $search for mobileApps, so the list is read whole and filtered locally.
   */
  appPages(signal?: AbortSignal): AsyncGenerator<MobileApp[]> {
    return this.client.pages<MobileApp>(APP_LIST, signal);
  }

  /** The tenant's apps (every page, at most `limit`). */
  async listApps(signal?: AbortSignal, limit = 5000): Promise<MobileApp[]> {
    return this.client.collect<MobileApp>(APP_LIST, signal, limit);
  }

  async listAssignments(appId: string, signal?: AbortSignal): Promise<Assignment[]> {
    const list = await this.client.collect<unknown>(`/deviceAppManagement/mobileApps/${checkAppId(appId)}/assignments`, signal);
    if (!list.every((a) => isObject(a) && isObject(a.target))) throw unexpected(200, `listing the assignments of ${appId} holds something that is not an assignment`);
    return list as Assignment[];
  }

  /**
   * POST assign: the body becomes the app's complete list of assignments. Sent once, to `appId`; a failure
   * or a cancellation after the request may have reached Graph is an AssignUncertainError.
   */
  async assign(appId: string, body: { mobileAppAssignments: Assignment[] }, options: { justification?: string; signal?: AbortSignal } = {}): Promise<AssignOutcome> {
    const headers = options.justification ? { [APPROVAL_JUSTIFICATION_HEADER]: options.justification } : undefined;
    let response;
    try {
      response = await this.client.request<unknown>('POST', `/deviceAppManagement/mobileApps/${checkAppId(appId)}/assign`, { body, headers, signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) throw new AssignUncertainError('interrupted', 'The send was interrupted while its request was on its way: Graph may have applied it.');
      if (error instanceof GraphError && error.mayHaveApplied) throw new AssignUncertainError('connection', `${error.message}: Graph may have applied it.`);
      throw error;
    }
    // 204 is the documented success; a change held by Multi Admin Approval comes back as 202.
    if (response.status === 204) return { outcome: 'assigned', requestId: response.requestId };
    if (response.status === 202) return { outcome: 'pending-approval', requestId: response.requestId, approval: isObject(response.body) ? response.body : {} };
    throw new AssignUncertainError('unexpected-answer', `Graph answered ${response.status} to the assign, not 204 (done) or 202 (held for approval): what it did is not known.`);
  }
}
