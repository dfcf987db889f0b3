// The tenant in the language server: facts for an open document (the ids it names, resolved through the
// TenantSource), the groups or filters completion offers for the id being typed, and whether there is tenant
// data at all. "Signed out" is no tenant data: the server then behaves exactly as without a tenant. The
// setting intuneAssign.tenantData turns it off per resource.
import type { ServerSettings } from '../../../common/src/constants';
import type { AssignLanguageService, TenantCompletion, TenantIds } from '../../../core/src';
import { DocumentStore, type OpenDocument } from '../documents';
import { type Runner, waitAtMost } from '../runner';
import { type ServerFacts, type TenantBackend, TenantSource } from './source';

/** How long completion waits for a search when nothing known matches yet (the editor shows "Loading…"). */
const COMPLETION_WAIT_MS = 3000;

export class TenantData {
  private source: TenantSource | undefined;

  constructor(
    private readonly service: AssignLanguageService,
    private readonly runner: Runner,
    private readonly log: (message: string) => void,
  ) {}

  /** Starts with a backend (none: no tenant data); `onChange` runs whenever what is known changes. */
  start(backend: TenantBackend | undefined, onChange: () => void): void {
    if (!backend) return;
    this.source = new TenantSource(backend, this.runner, this.log);
    this.source.onDidChange(onChange);
  }

  get active(): boolean {
    return this.source !== undefined;
  }

  /** Forget everything learnt of the tenant (the client signed out, refreshed, or signed in anew). */
  reset(): void {
    this.source?.reset();
  }

  dispose(): void {
    this.source?.dispose();
  }

  /** The facts for a document now; what is not known is asked for (listeners hear when it lands). */
  now(open: OpenDocument, settings: ServerSettings): ServerFacts | undefined {
    const source = this.factual(settings);
    return source && this.withData(source.factsFor(this.idsOf(open)));
  }

  /** As now(), after waiting up to `timeoutMs` for what is being read (hover, the check before sending). */
  async resolved(open: OpenDocument, settings: ServerSettings, timeoutMs: number): Promise<ServerFacts | undefined> {
    const source = this.factual(settings);
    return source && this.withData(await source.resolve(this.idsOf(open), timeoutMs));
  }

  /** The groups matching what is typed, or the tenant's filters, for completion; undefined: no tenant data. */
  async completion(query: { kind: 'group' | 'filter'; text: string }, settings: ServerSettings): Promise<TenantCompletion | undefined> {
    const source = this.usable(settings);
    if (!source) return undefined;
    const signedOut = () => source.unavailableReason === 'signed-out';
    const wait = (pending: Promise<void>) => waitAtMost(this.runner.timers, pending, COMPLETION_WAIT_MS);
    if (query.kind === 'group') {
      // What is known matches at once; only with nothing to show does the answer wait for the search.
      const first = source.search(query.text);
      if (!first.groups.length && first.pending) await wait(first.pending);
      return signedOut() ? undefined : { groups: first.groups.length ? first.groups : source.search(query.text).groups };
    }
    const first = source.filterList();
    if (!first.filters.length && first.pending) await wait(first.pending);
    return signedOut() ? undefined : { filters: first.filters.length ? first.filters : source.filterList().filters };
  }

  /** The source, unless the setting turns tenant data off. Signed out, it still asks now and then (see source.ts). */
  private usable(settings: ServerSettings): TenantSource | undefined {
    return settings.tenantData ? this.source : undefined;
  }

  /** The source when a document's facts could come of it: not while it rests signed out (they would be dropped). */
  private factual(settings: ServerSettings): TenantSource | undefined {
    const source = this.usable(settings);
    return source?.restingSignedOut ? undefined : source;
  }

  private withData(facts: ServerFacts): ServerFacts | undefined {
    return facts.unavailable === 'signed-out' ? undefined : facts;
  }

  private idsOf(open: OpenDocument): TenantIds {
    return DocumentStore.memo(open, 'tenantIds', () => this.service.tenantIds(open.parsed));
  }
}
