// The plan of a whole workspace: every bound file against its app, in one read of the tenant. Each file is
// validated as send validates it (a configuration never relaxes what is sent), the apps and their current
// assignments are read in JSON batches (tenant/apps.ts), and each app's change is computed by the same diff as
// send (Graph's defaults, enum values in any case). Promotion by name maps the app each file is applied to and
// the group and filter ids it names (promote.ts). What is posted is the file's assignments as written.
import type { GraphVersion } from '../../../common/src/constants';
import type { ResolvedFinding, ValidationOptions } from '../../../core/src';
import type { GraphClient } from '../graphClient';
import type { Assignment } from '../intuneApps';
import { AppNotAssignableError, checkDocument, InvalidDocumentError, planFromRead, type SendPlan } from '../send';
import { readApps, type ReadOptions } from '../tenant/apps';
import { mapAssignments, mapped, type NameMapping } from './promote';

/** One bound file, as the shell read it. */
export interface PlanEntry {
  /** How the file is shown (relative to where the command runs, or to the workspace). */
  file: string;
  /** The app the binding names. */
  appId: string;
  /** The file's text, or why it could not be read. */
  text: string | { error: string };
  /** Its validation options (its configuration and overrides). */
  options: ValidationOptions;
}

export type AppState = 'in-sync' | 'changes' | 'not-sent' | 'invalid' | 'error';

export type AppPlan =
  /** Planned: `not-sent` is an app with no assignments yet that the file gives some. */
  | { state: 'in-sync' | 'changes' | 'not-sent'; entry: PlanEntry; plan: SendPlan }
  /** The file cannot be sent as it is: its errors, or why it could not be read. */
  | { state: 'invalid'; entry: PlanEntry; message: string; findings?: ResolvedFinding[] }
  /** The tenant has no such app (`missing`), or it cannot be assigned. */
  | { state: 'error'; entry: PlanEntry; message: string; missing?: boolean };

export interface WorkspacePlan {
  apps: AppPlan[];
  mapping?: NameMapping;
}

export interface PlanRequest {
  entries: PlanEntry[];
  /** A Graph client for each Graph version the files are written for (assignments are compared in their version). */
  client: (version: GraphVersion) => GraphClient;
  tenantId: string;
  /** Promotion by name (already resolved: a mapping with problems is refused before this). */
  mapping?: NameMapping;
  read?: Omit<ReadOptions, 'signal'>;
  signal?: AbortSignal;
}

/** The apps with changes. */
export function changedApps(plan: WorkspacePlan): Extract<AppPlan, { plan: SendPlan }>[] {
  return plan.apps.filter((a): a is Extract<AppPlan, { plan: SendPlan }> => a.state === 'changes' || a.state === 'not-sent');
}

/** Validates every entry (as send does); those that pass, with their assignments as parsed. */
export function validateEntries(entries: PlanEntry[]): { valid: { entry: PlanEntry; text: string; assignments: Assignment[] }[]; invalid: AppPlan[] } {
  const valid: { entry: PlanEntry; text: string; assignments: Assignment[] }[] = [];
  const invalid: AppPlan[] = [];
  for (const entry of entries) {
    if (typeof entry.text !== 'string') {
      invalid.push({ state: 'invalid', entry, message: entry.text.error });
      continue;
    }
    try {
      valid.push({ entry, text: entry.text, assignments: checkDocument(entry.text, entry.options).assignments });
    } catch (error) {
      if (!(error instanceof InvalidDocumentError)) throw error;
      invalid.push({ state: 'invalid', entry, message: `${error.findings.length} error(s): ${error.findings[0]?.message ?? ''}`, findings: error.findings });
    }
  }
  return { valid, invalid };
}

export async function planWorkspace(request: PlanRequest): Promise<WorkspacePlan> {
  const { valid, invalid } = validateEntries(request.entries);
  const mapping = request.mapping;
  const target = (appId: string) => (mapping ? mapped(mapping.apps, appId) : appId);
  const byVersion = new Map<GraphVersion, typeof valid>();
  for (const v of valid) byVersion.set(v.entry.options.graphVersion, [...(byVersion.get(v.entry.options.graphVersion) ?? []), v]);
  const planned: AppPlan[] = [];
  for (const [version, list] of byVersion) {
    const read = await readApps(request.client(version), list.map((v) => target(v.entry.appId)), { ...request.read, signal: request.signal });
    for (const { entry, text, assignments } of list) {
      const appId = target(entry.appId);
      const found = read.apps.get(appId.toLowerCase());
      if (!found) {
        const moved = appId.toLowerCase() !== entry.appId.toLowerCase() ? ` (mapped by name from ${entry.appId})` : '';
        planned.push({ state: 'error', entry, missing: true, message: `App ${appId}${moved} does not exist in tenant ${request.tenantId}: the binding names an app that was deleted, or one of another tenant.` });
        continue;
      }
      try {
        const plan = planFromRead({
          appId: found.app.id,
          app: found.app,
          current: found.assignments,
          text,
          options: entry.options,
          mode: 'replace',
          ...(mapping ? { assignments: mapAssignments(assignments, mapping) } : {}),
        });
        planned.push({ state: stateOf(plan), entry, plan });
      } catch (error) {
        if (error instanceof AppNotAssignableError) planned.push({ state: 'error', entry, message: error.message });
        else if (error instanceof InvalidDocumentError) planned.push({ state: 'invalid', entry, message: `${error.findings.length} error(s) for "${found.app.displayName}": ${error.findings[0]?.message ?? ''}`, findings: error.findings });
        else throw error;
      }
    }
  }
  // In the order of the entries.
  const order = new Map(request.entries.map((e, i) => [e, i]));
  const apps = [...invalid, ...planned].sort((a, b) => order.get(a.entry)! - order.get(b.entry)!);
  return { apps, mapping };
}

function stateOf(plan: SendPlan): 'in-sync' | 'changes' | 'not-sent' {
  const { added, changed, removed } = plan.diff;
  if (added + changed + removed === 0) return 'in-sync';
  return plan.current.length === 0 ? 'not-sent' : 'changes';
}
