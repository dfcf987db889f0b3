// The editor's plan of the whole workspace, shared by the Intune Apps view and the Plan, Apply and Refresh
// commands: every bound file as the editor has it (an open document's text, else the file on disk), with the
// options its configuration gives it, planned against the signed-in tenant in one batched read
// (graph/src/workspace/plan.ts). Files of a workspace recorded in another tenant are not read against this one
// (their ids are the other tenant's: intune-assign plan --map-by-name promotes them). The last plan is kept per
// file, with what applying did since.
import * as vscode from 'vscode';
import { type Cloud, DEFAULT_SETTINGS, type GraphVersion, readServerSettings, SETTINGS_SECTION } from '../../common/src/constants';
import type { GraphClient } from '../../graph/src/graphClient';
import type { AppOutcome } from '../../graph/src/workspace/apply';
import { type AppPlan, type PlanEntry, planWorkspace, type WorkspacePlan } from '../../graph/src/workspace/plan';
import type { BindingProblem, BoundFile } from '../../workspace/src/bindings';
import { readText } from '../../workspace/src/files';
import { type Bindings, isOtherTenant } from './bindings';
import { graphVersionOf } from './commands/context';
import type { SigningSession } from './session';

/** A bound file's state in the view: planned, or not checked since the workspace was opened or changed. */
export type ViewState = AppPlan['state'] | 'unchecked';

export interface BindingStatus {
  binding: BoundFile;
  state: ViewState;
  plan?: AppPlan;
  /** What applying did to it since the plan. */
  outcome?: AppOutcome;
  /** The binding's own problem (no tenant needed). */
  problem?: BindingProblem;
}

export interface EditorPlan {
  plan: WorkspacePlan;
  tenantId: string;
  /** The entries planned, by file path. */
  bindings: Map<string, BoundFile>;
}

export class WorkspaceStatus implements vscode.Disposable {
  private last: EditorPlan | undefined;
  private readonly outcomes = new Map<string, AppOutcome>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly bindings: Bindings) {
    this.subscription = bindings.onDidChange(() => this.changed.fire());
  }

  get lastPlan(): EditorPlan | undefined {
    return this.last;
  }

  /** Every binding of the workspace with its state: problems first, then changes, then the rest, by file. */
  statuses(): BindingStatus[] {
    const order: ViewState[] = ['invalid', 'error', 'changes', 'not-sent', 'unchecked', 'in-sync'];
    return this.unsorted().sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state) || a.binding.path.localeCompare(b.binding.path));
  }

  private unsorted(): BindingStatus[] {
    const { bindings, problems } = this.bindings.current;
    const planned = new Map<string, AppPlan>();
    for (const a of this.last?.plan.apps ?? []) planned.set(a.entry.file, a);
    const out: BindingStatus[] = problems.filter((p) => p.path).map((problem) => ({ binding: { config: problem.config, file: problem.path!, path: problem.path!, appId: '', line: problem.line, column: problem.column }, state: 'invalid', problem }));
    for (const binding of bindings) {
      const plan = planned.get(binding.path);
      // A plan made before the binding changed is not this binding's.
      const current = plan && this.last?.bindings.get(binding.path)?.appId === binding.appId ? plan : undefined;
      out.push({ binding, state: current?.state ?? 'unchecked', plan: current, outcome: this.outcomes.get(binding.path) });
    }
    return out;
  }

  set(plan: EditorPlan): void {
    this.last = plan;
    this.outcomes.clear();
    this.bindings.setTenantProblems(
      plan.plan.apps.flatMap((a) => {
        const binding = plan.bindings.get(a.entry.file);
        return a.state === 'error' && a.missing && binding ? [{ config: binding.config, line: binding.line, column: binding.column, message: a.message, path: binding.path }] : [];
      }),
    );
    this.changed.fire();
  }

  applied(outcomes: AppOutcome[]): void {
    for (const o of outcomes) this.outcomes.set(o.file, o);
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The validation cloud the editor uses (the language server's setting, read as the server reads it). */
function cloudOf(resource: vscode.Uri): Cloud {
  return readServerSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION, resource)).cloud;
}

export interface PlanRun {
  session: SigningSession;
  bindings: Bindings;
  signal: AbortSignal;
  onProgress?: (message: string) => void;
}

/** Plans every valid binding (`only`: these files) against the signed-in tenant. */
export async function planEditorWorkspace(run: PlanRun, only?: string[]): Promise<EditorPlan> {
  const { bindings: model } = run;
  const all = model.current.bindings.filter((b) => !only || only.includes(b.path));
  const entries: PlanEntry[] = all.map((b) => {
    const uri = vscode.Uri.file(b.path);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === b.path);
    const read = open ? { text: open.getText() } : readText(b.path);
    const options = model.optionsFor(b.path, { graphVersion: graphVersionOf(uri), cloud: cloudOf(uri) });
    return { file: b.path, appId: b.appId, text: 'error' in read ? { error: read.error } : read.text, options };
  });
  const versions = [...new Set(entries.map((e) => e.options.graphVersion))];
  const clients = new Map<GraphVersion, GraphClient>();
  let tenantId = '';
  for (const version of versions.length ? versions : [DEFAULT_SETTINGS.graphVersion]) {
    const connected = await run.session.connect(version);
    clients.set(version, connected.apps.client);
    tenantId = connected.account.tenantId;
  }
  // Files whose workspace was recorded in another tenant: not planned against this one.
  const foreign = (b: BoundFile) => {
    const recorded = model.namesOf(b)?.tenant;
    return isOtherTenant(recorded, tenantId) ? recorded : undefined;
  };
  const here = entries.filter((_, i) => !foreign(all[i]));
  run.onProgress?.(`reading ${here.length} app(s)`);
  const plan = here.length ? await planWorkspace({ entries: here, client: (v) => clients.get(v)!, tenantId, signal: run.signal }) : { apps: [] };
  for (const [i, entry] of entries.entries()) {
    const recorded = foreign(all[i]);
    if (recorded) {
      plan.apps.push({ state: 'error', entry, message: `This workspace was read from tenant ${recorded}; you are signed in to ${tenantId}. Its ids are the other tenant's: promote it with intune-assign apply --map-by-name.` });
    }
  }
  return { plan, tenantId, bindings: new Map(all.map((b) => [b.path, b])) };
}
