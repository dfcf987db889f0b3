// What the language server knows of the tenant: the groups and filters documents name, and groups found by
// name, asked of a backend (the extension over LSP, or `intune-assign lsp`'s own directory) and kept here so
// every answer is at once. Unknown ids of every document are gathered and asked in one question a turn (a
// 5,000-assignment document: one question, which the directory answers with getByIds batches of 1,000). When an
// answer changes what is known, `revision` grows and listeners revalidate; a failed read is not asked again for
// a while, and says why names are missing. reset() forgets everything (sign-out, refresh, another session).
import type { Disposable } from 'vscode-languageserver';
import type { TenantResolveParams, TenantResolveResult, TenantSearchParams, TenantSearchResult } from '../../../common/src/protocol';
import type { DirectoryFilter, DirectoryGroup, TenantFacts, TenantIds, UnavailableReason } from '../../../core/src';
import { describe, type Runner, waitAtMost } from '../runner';

/** Where the tenant's answers come from. */
export interface TenantBackend {
  resolve(params: TenantResolveParams): Promise<TenantResolveResult>;
  search(params: TenantSearchParams): Promise<TenantSearchResult>;
  /** The backend's session changed (sign-out, another sign-in): what was learnt from it is outdated. */
  onDidChange?(listener: () => void): Disposable;
  dispose?(): void;
}

/** Facts for the core, with the revision they were taken at (validations are kept per revision). */
export interface ServerFacts extends TenantFacts {
  revision: number;
}

/** A failed read is asked again after this long (or at once after a reset). */
const RETRY_MS = 30_000;
/** A search is asked again after this long. */
const SEARCH_FRESH_MS = 5 * 60_000;
/** Searches remembered. */
const MAX_SEARCHES = 200;
/** Groups offered from what is known while a search is under way, and kept of one search. */
const LOCAL_MATCHES = 50;
/** Groups (and filters) kept at most: far more than open documents name, bounded all the same. */
const MAX_KNOWN = 100_000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Something with an id and a display name: a group or filter as the backend gives it. */
const isNamed = (value: unknown): value is { id: string; displayName: string } => isObject(value) && typeof value.id === 'string' && typeof value.displayName === 'string';

export class TenantSource {
  private readonly groups = new Map<string, DirectoryGroup | null>();
  private readonly staleGroups = new Set<string>();
  /** The tenant's filters by id, once listed. */
  private filters: Map<string, DirectoryFilter> | undefined;
  private filtersStale = false;
  private readonly searches = new Map<string, { groups: DirectoryGroup[]; at: number }>();
  private readonly searching = new Map<string, Promise<void>>();
  /** Ids asked and not answered yet, and those waiting for the next question. */
  private readonly asked = new Set<string>();
  private readonly queued = new Set<string>();
  private filtersAsked = false;
  private filtersQueued = false;
  private scheduled = false;
  private flushing: Promise<void> | undefined;
  private idleWaiters: (() => void)[] = [];
  private unavailable: UnavailableReason | undefined;
  private failedAt = -Infinity;
  /** Grows whenever what is known changes. */
  revision = 0;
  /** Grows on reset: answers to questions of an earlier generation are dropped. */
  private generation = 0;
  private readonly listeners = new Set<() => void>();
  private readonly subscription: Disposable | undefined;

  constructor(
    private readonly backend: TenantBackend,
    private readonly runner: Runner,
    private readonly log: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.subscription = backend.onDidChange?.(() => this.reset());
  }

  /** Called when what is known changed (after the revision grew). */
  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** What is known now of these ids; what is not known is asked for, and listeners hear when it lands. */
  factsFor(ids: TenantIds): ServerFacts {
    this.ask(ids);
    return this.facts(ids);
  }

  /** As factsFor, after waiting up to `timeoutMs` for what is being asked (hover, the check before sending). */
  async resolve(ids: TenantIds, timeoutMs: number): Promise<ServerFacts> {
    this.ask(ids);
    if (this.busy()) await waitAtMost(this.runner.timers, new Promise<void>((resolve) => this.idleWaiters.push(resolve)), timeoutMs);
    return this.facts(ids);
  }

  /**
   * Groups whose name matches `text`: the tenant's answer when it has been searched for, else at once what is
   * known that matches (earlier searches, resolved groups), with the search under way as `pending`.
   */
  search(text: string): { groups: DirectoryGroup[]; pending?: Promise<void> } {
    const key = text.trim().toLowerCase();
    const found = this.searches.get(key);
    if (found && this.now() - found.at < SEARCH_FRESH_MS) return { groups: found.groups };
    let pending = this.searching.get(key);
    if (!pending && this.now() - this.failedAt >= RETRY_MS) {
      const generation = this.generation;
      pending = this.backend
        .search({ text: key })
        .then(
          (answer) => {
            if (generation !== this.generation) return;
            const found = (Array.isArray(answer?.groups) ? answer.groups : []).filter(isNamed).slice(0, LOCAL_MATCHES) as DirectoryGroup[];
            if (typeof answer?.unavailable === 'string') this.failed(answer.unavailable);
            if (answer?.unavailable && !found.length) return;
            this.searches.delete(key);
            // What a failed search had cached is kept only until a read may be tried again.
            this.searches.set(key, { groups: found, at: answer.unavailable ? this.now() - SEARCH_FRESH_MS + RETRY_MS : this.now() });
            for (const k of this.searches.keys()) if (this.searches.size > MAX_SEARCHES) this.searches.delete(k);
          },
          (error: unknown) => {
            this.log(`Searching the tenant's groups failed: ${describe(error)}`);
            this.failed('error');
          },
        )
        .finally(() => this.searching.delete(key));
      this.searching.set(key, pending);
    }
    return { groups: found?.groups ?? this.localMatches(key), pending };
  }

  /** The tenant's filters (listed once), and the read under way when they are not known yet. */
  filterList(): { filters: DirectoryFilter[]; pending?: Promise<void> } {
    if (this.filters) return { filters: [...this.filters.values()] };
    if (!this.filtersAsked && this.now() - this.failedAt >= RETRY_MS) {
      this.filtersQueued = true;
      this.schedule();
    }
    return { filters: [], pending: this.busy() ? new Promise<void>((resolve) => this.idleWaiters.push(resolve)) : undefined };
  }

  /** Why names are missing, when the last read failed. */
  get unavailableReason(): UnavailableReason | undefined {
    return this.unavailable;
  }

  /**
   * Signed out, and not yet due to ask again: no question goes out and there are no facts, so a caller need not
   * even gather a document's ids (the server does that after every edit).
   */
  get restingSignedOut(): boolean {
    return this.unavailable === 'signed-out' && this.now() - this.failedAt < RETRY_MS;
  }

  /** Forgets everything learnt (sign-out, refresh, another session), and says so. */
  reset(): void {
    this.generation++;
    this.groups.clear();
    this.staleGroups.clear();
    this.filters = undefined;
    this.filtersStale = false;
    this.searches.clear();
    this.searching.clear();
    this.asked.clear();
    this.queued.clear();
    this.filtersAsked = this.filtersQueued = false;
    this.unavailable = undefined;
    this.failedAt = -Infinity;
    this.changed();
  }

  dispose(): void {
    this.subscription?.dispose();
    this.backend.dispose?.();
    this.listeners.clear();
  }

  private facts(ids: TenantIds): ServerFacts {
    let stale = this.filtersStale && ids.filters.length > 0;
    for (const id of ids.groups) if (this.staleGroups.has(id)) stale = true;
    // Listed filters answer for every id: one not among them names no filter.
    const filters = new Map<string, DirectoryFilter | null>();
    if (this.filters) for (const id of ids.filters) filters.set(id, this.filters.get(id) ?? null);
    return { groups: this.groups, filters, stale, unavailable: this.unavailable, revision: this.revision };
  }

  private ask(ids: TenantIds): void {
    if (this.now() - this.failedAt < RETRY_MS) return;
    for (const id of ids.groups) if (!this.groups.has(id) && !this.asked.has(id)) this.queued.add(id);
    if (ids.filters.length && !this.filters && !this.filtersAsked) this.filtersQueued = true;
    if (this.queued.size || this.filtersQueued) this.schedule();
  }

  private busy(): boolean {
    return this.scheduled || this.flushing !== undefined;
  }

  /** One question a turn, for everything asked meanwhile; one at a time. */
  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    this.runner.timers.setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flush()
        .catch((error: unknown) => this.log(`Taking the tenant's answer failed: ${describe(error)}`))
        .finally(() => {
          this.flushing = undefined;
          if (this.queued.size || this.filtersQueued) this.schedule();
          else for (const wake of this.idleWaiters.splice(0)) wake();
        });
    });
  }

  private async flush(): Promise<void> {
    const groups = [...this.queued];
    const filters = this.filtersQueued;
    this.queued.clear();
    this.filtersQueued = false;
    if (!groups.length && !filters) return;
    for (const id of groups) this.asked.add(id);
    this.filtersAsked ||= filters;
    const generation = this.generation;
    let answer: TenantResolveResult;
    try {
      answer = await this.backend.resolve({ groups, filters });
    } catch (error) {
      this.log(`Reading the tenant's groups and filters failed: ${describe(error)}`);
      answer = { groups: [], unavailable: 'error' };
    }
    if (generation !== this.generation) return;
    for (const id of groups) this.asked.delete(id);
    if (filters) this.filtersAsked = false;
    let changed = false;
    // The answer comes from another process: only what has the shape of an answer is taken.
    for (const entry of Array.isArray(answer?.groups) ? answer.groups : []) {
      if (!isObject(entry) || typeof entry.id !== 'string' || (entry.group !== null && !isNamed(entry.group))) continue;
      const key = entry.id.toLowerCase();
      this.groups.delete(key);
      this.groups.set(key, entry.group as DirectoryGroup | null);
      if (entry.stale) this.staleGroups.add(key);
      else this.staleGroups.delete(key);
      changed = true;
    }
    for (const key of this.groups.keys()) {
      if (this.groups.size <= MAX_KNOWN) break;
      this.groups.delete(key);
      this.staleGroups.delete(key);
    }
    if (isObject(answer?.filters) && Array.isArray(answer.filters.list)) {
      this.filters = new Map(answer.filters.list.filter(isNamed).slice(0, MAX_KNOWN).map((f) => [f.id.toLowerCase(), f as DirectoryFilter]));
      this.filtersStale = Boolean(answer.filters.stale);
      changed = true;
    }
    if (typeof answer?.unavailable === 'string') changed = this.failed(answer.unavailable) || changed;
    else if (this.unavailable) {
      this.unavailable = undefined;
      changed = true;
    }
    if (changed) this.changed();
  }

  /** Remembers a failure (not asked again for a while); true when the reason is new. */
  private failed(reason: UnavailableReason): boolean {
    this.failedAt = this.now();
    if (this.unavailable === reason) return false;
    this.unavailable = reason;
    return true;
  }

  private changed(): void {
    this.revision++;
    for (const listener of [...this.listeners]) listener();
  }

  private localMatches(key: string): DirectoryGroup[] {
    const found = new Map<string, DirectoryGroup>();
    const matches = (g: DirectoryGroup) => g.displayName.toLowerCase().includes(key) || g.id.startsWith(key);
    // The longest earlier search this text continues, then every group known by id.
    let best: { groups: DirectoryGroup[] } | undefined;
    let bestLength = -1;
    for (const [k, v] of this.searches) if (key.startsWith(k) && k.length > bestLength) [best, bestLength] = [v, k.length];
    for (const g of best?.groups ?? []) if (matches(g)) found.set(g.id, g);
    for (const g of this.groups.values()) {
      if (found.size >= LOCAL_MATCHES) break;
      if (g && matches(g)) found.set(g.id, g);
    }
    return [...found.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)).slice(0, LOCAL_MATCHES);
  }
}
