// The Intune operations the product needs, over the Graph client: an app (its type and publishing state), the
// tenant's apps, an app's assignments, and assign, which REPLACES every assignment of the app.
import { GraphClient, GraphError } from './graphClient';

export interface MobileApp {
  id: string;
  '@odata.type': string;
  displayName: string;
  publisher?: string;
  publishingState?: string;
}

export type Assignment = Record<string, unknown>;

export type AssignOutcome =
  | { outcome: 'assigned'; requestId?: string }
  /** Multi Admin Approval: the change waits for another administrator's approval. */
  | { outcome: 'pending-approval'; requestId?: string; approval: Record<string, unknown> };

export const APPROVAL_JUSTIFICATION_HEADER = 'x-msft-approval-justification';
const APP_LIST = '/deviceAppManagement/mobileApps?$select=id,displayName,publisher,publishingState';
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    const response = await this.client.request<MobileApp>('GET', `/deviceAppManagement/mobileApps/${checkAppId(id)}`, { signal });
    return response.body!;
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
    return this.client.collect<Assignment>(`/deviceAppManagement/mobileApps/${checkAppId(appId)}/assignments`, signal);
  }

  /** POST assign: the body becomes the app's complete list of assignments. */
  async assign(appId: string, body: { mobileAppAssignments: Assignment[] }, options: { justification?: string; signal?: AbortSignal } = {}): Promise<AssignOutcome> {
    const headers = options.justification ? { [APPROVAL_JUSTIFICATION_HEADER]: options.justification } : undefined;
    const response = await this.client.request<Record<string, unknown>>('POST', `/deviceAppManagement/mobileApps/${checkAppId(appId)}/assign`, { body, headers, signal: options.signal });
    // 204 is the documented success; an accepted request waiting for approval comes back as 202.
    if (response.status === 202) return { outcome: 'pending-approval', requestId: response.requestId, approval: response.body ?? {} };
    return { outcome: 'assigned', requestId: response.requestId };
  }
}
