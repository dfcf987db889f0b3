// Applying a workspace plan: the apps with changes, one POST each, in order, each body the file's assignments
// as written (as send posts them). Writes are paced below Intune's limit for an app registration (100 writes in
// 20 seconds), and a 429 is waited out (the Graph client honours Retry-After; a change is sent again only where
// Graph says it did not apply it). One app's failure does not stop the others. Cancelling stops between apps,
// never during a request: the app being sent is finished, the rest are "not tried". A send that may or may not
// have been applied is read back, as send does, and said as it is.
import type { GraphVersion } from '../../../common/src/constants';
import { AssignUncertainError, type IntuneApps, needsApprovalJustification } from '../intuneApps';
import { GraphError, sleep as defaultSleep } from '../graphClient';
import { executePlan, readBack, type SendPlan } from '../send';
import type { AppPlan } from './plan';

export type ApplyResult = 'succeeded' | 'pending-approval' | 'failed' | 'not-tried';

export interface AppOutcome {
  file: string;
  appId: string;
  displayName: string;
  result: ApplyResult;
  message?: string;
  requestId?: string;
}

/**
 * Intune allows an app registration 100 writes in 20 seconds (200 per tenant, all apps together): pacing at 80
 * leaves room for the tenant's other tools. Source: learn.microsoft.com/graph/throttling-limits (Intune).
 */
export const WRITES_PER_WINDOW = 80;
export const WRITE_WINDOW_MS = 20_000;

/** A sliding window of writes: `slot()` resolves when one more write keeps within the limit. */
export class WritePacer {
  private readonly times: number[] = [];

  constructor(
    private readonly limit = WRITES_PER_WINDOW,
    private readonly windowMs = WRITE_WINDOW_MS,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = defaultSleep,
  ) {}

  async slot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const at = this.now();
      while (this.times.length && this.times[0] <= at - this.windowMs) this.times.shift();
      if (this.times.length < this.limit) {
        this.times.push(at);
        return;
      }
      await this.sleep(this.times[0] + this.windowMs - at, signal);
    }
  }
}

export interface ApplyOptions {
  /** Stops between apps (never during a request). */
  signal?: AbortSignal;
  /** For apps a Multi Admin Approval policy protects: sent with each change. */
  justification?: string;
  pacer?: WritePacer;
  onStart?: (index: number, total: number, plan: SendPlan) => void;
  onOutcome?: (outcome: AppOutcome) => void;
}

/** POSTs each planned change in order; every app gets an outcome. */
export async function applyChanges(appsFor: (version: GraphVersion) => IntuneApps, changes: Extract<AppPlan, { plan: SendPlan }>[], options: ApplyOptions = {}): Promise<AppOutcome[]> {
  const pacer = options.pacer ?? new WritePacer();
  const outcomes: AppOutcome[] = [];
  for (const [index, { entry, plan }] of changes.entries()) {
    const base = { file: entry.file, appId: plan.appId, displayName: plan.app.displayName };
    let outcome: AppOutcome;
    try {
      options.signal?.throwIfAborted();
      await pacer.slot(options.signal);
    } catch {
      outcome = { ...base, result: 'not-tried', message: 'Cancelled before it was sent.' };
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
      continue;
    }
    options.onStart?.(index, changes.length, plan);
    outcome = { ...base, ...(await post(appsFor(plan.version), plan, options.justification)) };
    outcomes.push(outcome);
    options.onOutcome?.(outcome);
  }
  return outcomes;
}

async function post(apps: IntuneApps, plan: SendPlan, justification?: string): Promise<Pick<AppOutcome, 'result' | 'message' | 'requestId'>> {
  try {
    // No signal: a request under way is never cut off (it could be applied without anyone knowing).
    const outcome = await executePlan(apps, plan, { justification });
    if (outcome.outcome === 'pending-approval') {
      return { result: 'pending-approval', requestId: outcome.requestId, message: `Held for Multi Admin Approval (request ${String(outcome.approval.id ?? outcome.requestId ?? 'unknown')}): nothing changes until another administrator approves it.` };
    }
    return { result: 'succeeded', requestId: outcome.requestId };
  } catch (error) {
    if (error instanceof AssignUncertainError) {
      const after = await readBack(apps, plan);
      if (after.state === 'applied') return { result: 'succeeded', message: `${error.message} Read again: the app has exactly what was sent.` };
      const state =
        after.state === 'unreadable' ? `reading it again failed (${after.error})` : after.state === 'unchanged' ? 'the app is unchanged: not applied' : 'the app has neither what it had nor what was sent';
      return { result: 'failed', message: `${error.message} Read again: ${state}. Plan again before applying again.` };
    }
    if (needsApprovalJustification(error)) {
      return { result: 'failed', message: 'A Multi Admin Approval policy protects this app: apply again with --justification TEXT to submit the change for approval.' };
    }
    if (error instanceof GraphError) return { result: 'failed', message: error.describe(), requestId: error.requestId };
    return { result: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

/** "2 succeeded, 1 failed, 3 not tried". */
export function describeOutcomes(outcomes: AppOutcome[]): string {
  const count = (r: ApplyResult) => outcomes.filter((o) => o.result === r).length;
  const parts = [`${count('succeeded')} succeeded`];
  if (count('pending-approval')) parts.push(`${count('pending-approval')} held for approval`);
  parts.push(`${count('failed')} failed`, `${count('not-tried')} not tried`);
  return parts.join(', ');
}
