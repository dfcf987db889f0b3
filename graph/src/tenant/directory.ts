// The tenant directory: the groups and assignment filters a document names, read from Graph only as needed and
// kept in a per-tenant cache that survives restarts (a store the shell provides: the extension's global
// storage, or an owner-only file beside the command line's token cache). Ids are resolved in batches
// (`POST /directoryObjects/getByIds`, up to 1,000 ids a request; refused without Directory.Read.All, then
// `$filter=id in (...)` in JSON batches, 15 ids a request, which GroupMember.Read.All allows), groups searched by
// display name (`$search` with `ConsistencyLevel: eventual`), filters listed whole (a tenant has few).
// Everything answers from the cache at once; reads refresh what is missing or older than the cache's lifetime
// ("no such group" answers sooner: a group created a moment ago may not have reached every replica). No token
// is ever stored.
// Promotion looks groups up by exact display name (`$filter=displayName eq '…'`, 20 names a JSON batch), always
// from Graph: a mapping made from a stale cache could send an assignment to the wrong group.
import { GUID } from '../../../common/src/constants';
import type { UnavailableReason } from '../../../common/src/tenant';
import { type BatchRequest, batchGet, innerError } from '../batch';
import type { GraphClient } from '../graphClient';
import { GraphError, SignInRequiredError } from '../graphClient';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import type { CacheStore } from '../auth/cachePlugin';
import { type DirectoryFilter, type DirectoryGroup, filterFromGraph, groupFromGraph, GROUP_SELECT } from './model';

export type { DirectoryFilter, DirectoryGroup } from './model';

/** Where the cache is kept between runs: one string per tenant, kept as the token cache is. */
export type DirectoryStore = CacheStore;

export type { UnavailableReason } from '../../../common/src/tenant';

export class DirectoryUnavailable extends Error {
  constructor(
    readonly reason: UnavailableReason,
    message: string,
  ) {
    super(message);
  }
}

/** A cached answer: the value (null: the tenant has no such object), when it was read, and whether it is stale. */
export interface Known<T> {
  value: T | null;
  readAt: number;
  stale: boolean;
}

/** The cache in memory. Maps, not records: ids and search texts come from documents and typing. */
interface Snapshot {
  groups: Map<string, { value: DirectoryGroup | null; readAt: number }>;
  filters?: { list: DirectoryFilter[]; readAt: number };
  searches: Map<string, { ids: string[]; readAt: number }>;
}

/** The cache as stored. */
interface Saved {
  format: 1;
  tenant: string;
  groups: [string, { value: DirectoryGroup | null; readAt: number }][];
  filters?: { list: DirectoryFilter[]; readAt: number };
  searches: [string, { ids: string[]; readAt: number }][];
}

export interface DirectoryOptions {
  /** A Graph client on the beta endpoint (assignment filters are beta only). */
  client: GraphClient;
  /** The tenant the cache belongs to (tenantKey: cloud and tenant id): a cache of another tenant is never used. */
  tenant: string;
  store?: DirectoryStore;
  /** How long a read stays fresh (default 15 minutes); older answers are still shown, labelled stale. */
  lifetimeMs?: number;
  log?: Logger;
  now?: () => number;
}

/** The key a directory's cache belongs to: the cloud and the tenant id ("global|0c1b…"). */
export function tenantKey(cloud: string, tenantId: string): string {
  return `${cloud}|${tenantId}`;
}

/** getByIds takes at most this many ids a request. */
export const IDS_PER_REQUEST = 1000;
/** Values of one `in (...)` in a directory `$filter` (Entra ID's limit on the operator). */
export const IDS_PER_FILTER = 15;
/** "No such group" stays fresh this long at most: a new group may take a moment to reach every replica. */
const MISSING_LIFETIME_MS = 2 * 60_000;
/** Searches remembered (the oldest are forgotten first). */
const MAX_SEARCHES = 200;
/** Groups remembered: far more than any workspace names, bounded all the same. */
const MAX_GROUPS = 50_000;

export class TenantDirectory {
  private snapshot: Snapshot;
  private readonly lifetimeMs: number;
  private readonly now: () => number;
  private readonly log: Logger;
  /** Reads in flight, so a burst of identical asks makes one request. */
  private readonly pending = new Map<string, Promise<unknown>>();
  private loaded: Promise<void> | undefined;
  private saveQueued = false;
  /** Closed (signed out): reads still under way save nothing. */
  private closed = false;
  /** The writes of the cache, in order. */
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: DirectoryOptions) {
    this.lifetimeMs = options.lifetimeMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLogger;
    this.snapshot = empty();
  }

  get tenant(): string {
    return this.options.tenant;
  }

  /** Restores the cache a previous run kept (once); a cache of another tenant or format is ignored. */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      const text = await this.options.store?.read().catch(() => undefined);
      if (!text) return;
      try {
        const saved = JSON.parse(text) as Saved;
        if (saved.format === 1 && saved.tenant === this.options.tenant && Array.isArray(saved.groups) && Array.isArray(saved.searches)) {
          this.snapshot = { groups: new Map(saved.groups), searches: new Map(saved.searches), filters: saved.filters };
        }
      } catch {
        this.log.warn('graph', 'The saved tenant directory could not be read; it is read again from Graph.');
      }
    })();
    return this.loaded;
  }

  /** What the cache knows of these groups now (ids it knows nothing of are absent). */
  groupsNow(ids: Iterable<string>): Map<string, Known<DirectoryGroup>> {
    const known = new Map<string, Known<DirectoryGroup>>();
    for (const id of ids) {
      const entry = this.snapshot.groups.get(id.toLowerCase());
      if (entry) known.set(id, { ...entry, stale: this.isStale(entry.readAt, entry.value === null) });
    }
    return known;
  }

  /**
   * The groups with these ids, from the cache when fresh, else read in batches of 1,000. A group the tenant does
   * not have (never created, or deleted) comes back as null. Throws DirectoryUnavailable.
   */
  async resolveGroups(ids: Iterable<string>, signal?: AbortSignal): Promise<Map<string, Known<DirectoryGroup>>> {
    await this.load();
    const wanted = [...new Set([...ids].map((id) => id.toLowerCase()))];
    // Not a GUID: no directory object can have it, and Graph would refuse the whole batch.
    for (const id of wanted) if (!GUID.test(id)) this.remember(id, null);
    const missing = wanted.filter((id) => {
      const entry = this.snapshot.groups.get(id);
      return GUID.test(id) && (!entry || this.isStale(entry.readAt, entry.value === null));
    });
    const reads: Promise<unknown>[] = [];
    for (let i = 0; i < missing.length; i += IDS_PER_REQUEST) {
      const chunk = missing.slice(i, i + IDS_PER_REQUEST);
      reads.push(this.once(`ids:${chunk.join(',')}`, () => this.readGroups(chunk, signal)));
    }
    await Promise.all(reads);
    this.queueSave();
    return this.groupsNow(wanted);
  }

  /** Groups whose display name matches `text`, from earlier searches and known groups, at once. */
  searchNow(text: string, limit = 50): DirectoryGroup[] {
    const needle = text.trim().toLowerCase();
    const found = new Map<string, DirectoryGroup>();
    for (const id of this.snapshot.searches.get(needle)?.ids ?? []) {
      const group = this.snapshot.groups.get(id)?.value;
      if (group) found.set(group.id, group);
    }
    for (const { value } of this.snapshot.groups.values()) {
      if (found.size >= limit) break;
      if (value && value.displayName.toLowerCase().includes(needle)) found.set(value.id, value);
    }
    return [...found.values()].sort(byName).slice(0, limit);
  }

  /** Searches the tenant's groups by display name (Graph's tokenized $search: words that start with `text`). */
  async searchGroups(text: string, signal?: AbortSignal, top = 25): Promise<DirectoryGroup[]> {
    await this.load();
    const needle = text.trim().toLowerCase();
    const cached = this.snapshot.searches.get(needle);
    if (cached && !this.isStale(cached.readAt)) return this.searchNow(needle, top);
    await this.once(`search:${needle}`, async () => {
      const query = needle ? `&$search=${encodeURIComponent(`"displayName:${needle.replace(/["\\]/g, '\\$&')}"`)}` : '';
      const path = `/groups?$select=${GROUP_SELECT}&$top=${top}${query}`;
      const response = await this.read<{ value?: unknown[] }>(() =>
        this.options.client.request('GET', path, { headers: { ConsistencyLevel: 'eventual' }, signal }),
      );
      const groups = listOf(response, 'groups').map(groupFromGraph).filter((g): g is DirectoryGroup => g !== undefined);
      for (const group of groups) this.remember(group.id, group);
      this.snapshot.searches.delete(needle);
      this.snapshot.searches.set(needle, { ids: groups.map((g) => g.id.toLowerCase()), readAt: this.now() });
      trim(this.snapshot.searches, MAX_SEARCHES);
      this.queueSave();
    });
    return this.searchNow(needle, top);
  }

  /**
   * The groups whose display name is exactly each of `names` (compared without regard to case, as Entra ID
   * does), read from Graph now: none, one, or several (the name is ambiguous). Throws DirectoryUnavailable.
   */
  async groupsByName(names: Iterable<string>, signal?: AbortSignal): Promise<Map<string, DirectoryGroup[]>> {
    const wanted = [...new Set([...names].map((n) => n.trim()).filter(Boolean))];
    const filter = (name: string) => `displayName eq '${name.replace(/'/g, "''")}'`;
    const answers = await this.read(async () => ({
      body: await batchGet(this.options.client, wanted.map((name) => ({ url: `/groups?$filter=${encodeURIComponent(filter(name))}&$select=${GROUP_SELECT}&$top=999` })), { signal }),
    }));
    const found = new Map<string, DirectoryGroup[]>();
    (answers?.body ?? []).forEach((answer, i) => {
      if (answer.status === 401 || answer.status === 403) {
        throw new DirectoryUnavailable('permission', `Looking groups up by name was refused (${answer.status}): the sign-in lacks the permission to read groups.`);
      }
      if (answer.status < 200 || answer.status >= 300) throw innerError(answer, `Looking up the group "${wanted[i]}"`);
      const groups = listOf({ body: answer.body as { value?: unknown[] } }, 'groups')
        .map(groupFromGraph)
        .filter((g): g is DirectoryGroup => g !== undefined && g.displayName.trim().toLowerCase() === wanted[i].toLowerCase());
      for (const group of groups) this.remember(group.id, group);
      found.set(wanted[i].toLowerCase(), groups);
    });
    this.queueSave();
    return found;
  }

  /** The tenant's assignment filters as the cache has them (undefined: never read). */
  filtersNow(): { list: DirectoryFilter[]; stale: boolean } | undefined {
    const filters = this.snapshot.filters;
    return filters ? { list: filters.list, stale: this.isStale(filters.readAt) } : undefined;
  }

  /** Every assignment filter of the tenant (a few hundred at most), read when the cache has none fresh. */
  async filters(signal?: AbortSignal): Promise<{ list: DirectoryFilter[]; stale: boolean }> {
    await this.load();
    const cached = this.snapshot.filters;
    if (cached && !this.isStale(cached.readAt)) return { list: cached.list, stale: false };
    await this.once('filters', async () => {
      const list: DirectoryFilter[] = [];
      const path = '/deviceManagement/assignmentFilters?$select=id,displayName,description,platform,rule,assignmentFilterManagementType';
      await this.read(async () => {
        for await (const page of this.options.client.pages<unknown>(path, signal)) {
          for (const raw of page) {
            const filter = filterFromGraph(raw);
            if (filter) list.push(filter);
          }
        }
      });
      this.snapshot.filters = { list: list.sort(byName), readAt: this.now() };
      this.queueSave();
    });
    return { list: this.snapshot.filters!.list, stale: false };
  }

  /** Forgets everything (memory and store): "Refresh tenant data", sign-out. */
  async clear(): Promise<void> {
    this.snapshot = empty();
    this.pending.clear();
    await this.options.store?.clear();
  }

  /** Stops saving for good (sign-out): a read that lands later cannot write the cache back. */
  close(): void {
    this.closed = true;
  }

  /** Marks everything stale, so the next asks read Graph again (the cache still answers meanwhile). */
  expire(): void {
    for (const entry of this.snapshot.groups.values()) entry.readAt = 0;
    for (const entry of this.snapshot.searches.values()) entry.readAt = 0;
    if (this.snapshot.filters) this.snapshot.filters.readAt = 0;
  }

  private async readGroups(ids: string[], signal?: AbortSignal): Promise<void> {
    let listed: unknown[];
    try {
      const response = await this.read<{ value?: unknown[] }>(() =>
        this.options.client.request('POST', '/directoryObjects/getByIds', { body: { ids, types: ['group'] }, signal, idempotent: true }),
      );
      listed = listOf(response, 'directory objects');
    } catch (error) {
      // Refused without Directory.Read.All: groups can still be read by id with GroupMember.Read.All.
      if (!(error instanceof DirectoryUnavailable && error.reason === 'permission')) throw error;
      this.log.info('graph', 'getByIds was refused; reading the groups by id in JSON batches instead.');
      listed = await this.readGroupsFiltered(ids, signal);
    }
    const found = new Set<string>();
    for (const raw of listed) {
      const group = groupFromGraph(raw);
      if (!group) continue;
      found.add(group.id.toLowerCase());
      this.remember(group.id, group);
    }
    // getByIds (and a filter on ids) leaves out what does not exist, and what was deleted: known missing.
    for (const id of ids) if (!found.has(id)) this.remember(id, null);
  }

  /** The groups among `ids`, read with `$filter=id in (...)`, 15 ids a request, 20 requests a JSON batch. */
  private async readGroupsFiltered(ids: string[], signal?: AbortSignal): Promise<unknown[]> {
    const requests: BatchRequest[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_FILTER) {
      const filter = `id in (${ids.slice(i, i + IDS_PER_FILTER).map((id) => `'${id}'`).join(',')})`;
      requests.push({ url: `/groups?$filter=${encodeURIComponent(filter)}&$select=${GROUP_SELECT}` });
    }
    const answers = await this.read(async () => ({ body: await batchGet(this.options.client, requests, { signal }) }));
    return (answers?.body ?? []).flatMap((answer) => {
      if (answer.status === 401 || answer.status === 403) {
        throw new DirectoryUnavailable('permission', `Reading groups was refused (${answer.status}): the sign-in lacks the permission to read groups.`);
      }
      if (answer.status < 200 || answer.status >= 300) throw innerError(answer, 'Reading groups by id');
      return listOf({ body: answer.body as { value?: unknown[] } }, 'groups');
    });
  }

  private remember(id: string, value: DirectoryGroup | null): void {
    const key = id.toLowerCase();
    this.snapshot.groups.delete(key);
    this.snapshot.groups.set(key, { value, readAt: this.now() });
    trim(this.snapshot.groups, MAX_GROUPS);
  }

  /** Runs a Graph read, turning refusals into the reason the names are unavailable. */
  private async read<T>(call: () => Promise<{ body: T | undefined } | void>): Promise<{ body: T | undefined } | void> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof GraphError && (error.status === 403 || error.status === 401)) {
        throw new DirectoryUnavailable('permission', `Reading the tenant's groups and filters was refused (${error.status} ${error.code}): the sign-in lacks the permission.`);
      }
      if (error instanceof GraphError && error.status === 0) throw new DirectoryUnavailable('offline', `Graph could not be reached: ${error.message}`);
      if (error instanceof SignInRequiredError) throw new DirectoryUnavailable('signed-out', error.message);
      throw error;
    }
  }

  /** One read per key at a time: later asks wait for the one in flight. */
  private once(key: string, run: () => Promise<unknown>): Promise<unknown> {
    let running = this.pending.get(key);
    if (!running) {
      running = run().finally(() => this.pending.delete(key));
      this.pending.set(key, running);
    }
    return running;
  }

  private isStale(readAt: number, missing = false): boolean {
    return this.now() - readAt > (missing ? Math.min(this.lifetimeMs, MISSING_LIFETIME_MS) : this.lifetimeMs);
  }

  /** Resolves once the saves asked for so far are written (or failed, which is logged). */
  saved(): Promise<void> {
    return new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => this.saving);
  }

  /** Saves once after a burst of reads, one write after another. */
  private queueSave(): void {
    if (!this.options.store || this.saveQueued || this.closed) return;
    this.saveQueued = true;
    queueMicrotask(() => {
      this.saveQueued = false;
      if (this.closed) return;
      const saved: Saved = { format: 1, tenant: this.options.tenant, groups: [...this.snapshot.groups], searches: [...this.snapshot.searches], filters: this.snapshot.filters };
      const data = JSON.stringify(saved);
      this.saving = this.saving
        .then(() => this.options.store!.write(data))
        .catch((error: unknown) => this.log.warn('graph', `Saving the tenant directory failed: ${(error as Error).message}`));
    });
  }
}

function empty(): Snapshot {
  return { groups: new Map(), searches: new Map() };
}

/** A list answer's `value`, or an error: an answer without one is never taken for "none". */
function listOf(response: { body?: { value?: unknown[] } } | void, what: string): unknown[] {
  const value = response?.body?.value;
  if (!Array.isArray(value)) throw new GraphError(0, 'invalidResponse', `Graph's answer listing ${what} has no "value" list.`);
  return value;
}

function byName(a: { displayName: string }, b: { displayName: string }): number {
  return a.displayName.localeCompare(b.displayName);
}

/** Drops the oldest entries (a Map keeps insertion order; entries are re-inserted when read again), past `max`. */
function trim(map: Map<string, unknown>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) break;
    map.delete(key);
  }
}
