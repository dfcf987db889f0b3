// A tenant's apps with their assignments, read at scale for pull --all, plan, apply, copy and who-targets. Apps
// are listed a page at a time ($select: only what the product shows), then each app's assignments are read
// with JSON batching (graph/src/batch.ts), 20 apps a request: N apps cost about ceil(N/20) requests beyond the
// list. Listing with `$expand=assignments` is marked deprecated in Graph's metadata, so it is only a fallback:
// used when reading app by app would pass Intune's per-app limit of 1,000 requests in 20 seconds (and so wait
// for throttling), and given up for the batched reads if Graph stops answering it with the assignments. Every
// answer's shape is checked (an app names itself and its type; assignments are objects with a target) and
// every read is bounded (apps, batches in flight, time) and cancellable.
import { batchGet, type BatchOptions, type BatchResponse, innerError } from '../batch';
import { type GraphClient, GraphError } from '../graphClient';
import { type Assignment, checkAppId, type MobileApp } from '../intuneApps';
import { isObject } from '../json';

export interface AppWithAssignments {
  app: MobileApp;
  assignments: Assignment[];
}

export interface TenantRead {
  /** By lower-case app id, in the order read. */
  apps: Map<string, AppWithAssignments>;
  /** Ids asked for that the tenant has no app with. */
  missing: string[];
  /** How the assignments were read. */
  via: 'batch' | 'list';
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** Reading more apps than this one by one would be throttled: list them with their assignments instead. */
  expandAbove?: number;
  /** At most this many apps are read (a tenant with more is an error, not a silent cut). */
  maxApps?: number;
  /** The whole read gives up after this long. */
  timeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
  batch?: Pick<BatchOptions, 'concurrency' | 'onThrottle' | 'sleep' | 'now'>;
}

/**
 * Intune allows an app (the calling app registration) 1,000 requests in 20 seconds: above this many apps, a
 * read app by app would be throttled, so the list is read with its assignments (see the top of the file).
 */
export const EXPAND_ABOVE = 800;
export const MAX_APPS = 50_000;
const DEFAULT_TIMEOUT_MS = 15 * 60_000;
const SELECT = 'id,displayName,publisher,publishingState';
const APPS = '/deviceAppManagement/mobileApps';

/** The tenant's apps (without assignments), every page. */
export async function listApps(client: GraphClient, options: Pick<ReadOptions, 'signal' | 'maxApps'> = {}): Promise<MobileApp[]> {
  const apps: MobileApp[] = [];
  for await (const page of client.pages<unknown>(`${APPS}?$select=${SELECT}`, options.signal)) {
    for (const raw of page) apps.push(appOf(raw, 'listing the apps'));
    tooMany(apps.length, options.maxApps);
  }
  return apps;
}

/**
 * The apps with these ids (or every app: 'all') and their assignments. Ids the tenant does not have are
 * `missing`, not an error: the caller says which binding names them.
 */
export async function readApps(client: GraphClient, ids: string[] | 'all', options: ReadOptions = {}): Promise<TenantRead> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    return await read(client, ids, { ...options, signal });
  } catch (error) {
    if (timeout.aborted && !options.signal?.aborted) throw new GraphError(0, 'timeout', `Reading the tenant's apps took longer than ${Math.round((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s; it was given up.`);
    throw error;
  }
}

async function read(client: GraphClient, ids: string[] | 'all', options: ReadOptions & { signal: AbortSignal }): Promise<TenantRead> {
  const expandAbove = options.expandAbove ?? EXPAND_ABOVE;
  if (ids === 'all') {
    const apps = await listApps(client, options);
    if (apps.length > expandAbove) {
      const listed = await listWithAssignments(client, options).catch(notServed);
      if (listed) return { apps: listed, missing: [], via: 'list' };
    }
    return { apps: await assignmentsOf(client, apps, options), missing: [], via: 'batch' };
  }
  const wanted = [...new Map(ids.map((id) => [checkAppId(id).toLowerCase(), id])).values()];
  tooMany(wanted.length, options.maxApps);
  if (wanted.length > expandAbove) {
    const listed = await listWithAssignments(client, options).catch(notServed);
    if (listed) {
      const apps = new Map<string, AppWithAssignments>();
      for (const id of wanted) {
        const found = listed.get(id.toLowerCase());
        if (found) apps.set(id.toLowerCase(), found);
      }
      return { apps, missing: wanted.filter((id) => !apps.has(id.toLowerCase())), via: 'list' };
    }
  }
  return appsById(client, wanted, options);
}

/** The fallback's failure to serve what it is asked (a 400 for $expand, or an app without its list): use batches. */
class ExpandNotServed extends Error {}

function notServed(error: unknown): undefined {
  if (error instanceof ExpandNotServed || (error instanceof GraphError && error.status === 400)) return undefined;
  throw error;
}

/** Every app with `$expand=assignments` (deprecated in the metadata: the fallback, see the top of the file). */
async function listWithAssignments(client: GraphClient, options: ReadOptions & { signal: AbortSignal }): Promise<Map<string, AppWithAssignments>> {
  const apps = new Map<string, AppWithAssignments>();
  for await (const page of client.pages<unknown>(`${APPS}?$select=${SELECT}&$expand=assignments`, options.signal)) {
    for (const raw of page) {
      const app = appOf(raw, 'listing the apps');
      const list = (raw as Record<string, unknown>).assignments;
      // Never "no assignments" for an app whose list is missing or cut: that would plan to add them all.
      if (!Array.isArray(list) || (raw as Record<string, unknown>)['assignments@odata.nextLink'] !== undefined) throw new ExpandNotServed();
      apps.set(app.id.toLowerCase(), { app, assignments: assignmentsIn(list, app.id) });
    }
    tooMany(apps.size, options.maxApps);
    options.onProgress?.(apps.size, apps.size);
  }
  return apps;
}

/** The assignments of apps already listed: one batched GET of `.../assignments` per app. */
async function assignmentsOf(client: GraphClient, apps: MobileApp[], options: ReadOptions & { signal: AbortSignal }): Promise<Map<string, AppWithAssignments>> {
  const answers = await batchGet(
    client,
    apps.map((app) => ({ url: `${APPS}/${app.id}/assignments` })),
    { ...options.batch, signal: options.signal, onProgress: options.onProgress },
  );
  const out = new Map<string, AppWithAssignments>();
  for (const [i, app] of apps.entries()) {
    const answer = answers[i];
    // An app deleted since it was listed is no longer the tenant's.
    if (answer.status === 404) continue;
    const assignments = await collection(client, answer, `reading the assignments of ${app.id}`, options.signal);
    out.set(app.id.toLowerCase(), { app, assignments: assignmentsIn(assignments, app.id) });
  }
  return out;
}

/** Apps by id, each with its assignments in one batched GET (`$expand=assignments` on one app). */
async function appsById(client: GraphClient, ids: string[], options: ReadOptions & { signal: AbortSignal }): Promise<TenantRead> {
  const answers = await batchGet(
    client,
    ids.map((id) => ({ url: `${APPS}/${id}?$expand=assignments` })),
    { ...options.batch, signal: options.signal, onProgress: options.onProgress },
  );
  const apps = new Map<string, AppWithAssignments>();
  const missing: string[] = [];
  for (const [i, id] of ids.entries()) {
    const answer = answers[i];
    if (answer.status === 404) {
      missing.push(id);
      continue;
    }
    if (answer.status < 200 || answer.status >= 300) throw innerError(answer, `Reading app ${id}`);
    const app = appOf(answer.body, `reading app ${id}`);
    // The app asked for, and no other: a change goes to the id the binding names.
    if (app.id.toLowerCase() !== id.toLowerCase()) throw unexpected(`for app ${id} names another app (${app.id})`);
    const body = answer.body as Record<string, unknown>;
    if (!Array.isArray(body.assignments)) throw unexpected(`for app ${id} has no "assignments" list`);
    let list: unknown[] = body.assignments;
    const next = body['assignments@odata.nextLink'];
    if (typeof next === 'string') list = [...list, ...(await client.collect<unknown>(next, options.signal))];
    apps.set(id.toLowerCase(), { app, assignments: assignmentsIn(list, app.id) });
  }
  return { apps, missing, via: 'batch' };
}

/** A collection answered inside a batch, with the pages after it when it has more. */
async function collection(client: GraphClient, answer: BatchResponse, what: string, signal: AbortSignal): Promise<unknown[]> {
  if (answer.status < 200 || answer.status >= 300) throw innerError(answer, what.replace(/^./, (c) => c.toUpperCase()));
  const body = answer.body as { value?: unknown; '@odata.nextLink'?: unknown } | undefined;
  if (!isObject(body) || !Array.isArray(body.value)) throw unexpected(`${what} has no "value" list`);
  const next = body['@odata.nextLink'];
  return typeof next === 'string' ? [...body.value, ...(await client.collect<unknown>(next, signal))] : body.value;
}

function appOf(raw: unknown, what: string): MobileApp {
  if (!isObject(raw) || typeof raw.id !== 'string' || typeof raw['@odata.type'] !== 'string') throw unexpected(`${what} holds something that is not an app (no id or @odata.type)`);
  return {
    id: raw.id,
    '@odata.type': raw['@odata.type'],
    displayName: typeof raw.displayName === 'string' ? raw.displayName : raw.id,
    ...(typeof raw.publisher === 'string' ? { publisher: raw.publisher } : {}),
    ...(typeof raw.publishingState === 'string' ? { publishingState: raw.publishingState } : {}),
  };
}

function assignmentsIn(list: unknown[], appId: string): Assignment[] {
  if (!list.every((a) => isObject(a) && isObject(a.target))) throw unexpected(`listing the assignments of ${appId} holds something that is not an assignment`);
  return list as Assignment[];
}

function tooMany(count: number, max = MAX_APPS): void {
  if (count > max) throw new GraphError(0, 'tooManyApps', `The tenant has more than ${max} apps: more than intune-assign reads in one go.`);
}

function unexpected(what: string): GraphError {
  return new GraphError(200, 'unexpectedAnswer', `Graph's answer ${what}; nothing was taken from it.`);
}
