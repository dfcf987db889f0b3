// The "Intune Apps" view: the workspace's bindings of files to apps, each with its state since the last plan
// (in sync, changes, not sent, invalid, error, or not checked), grouped by configuration file when there are
// several. Clicking a file with a plan shows its diff (the app's assignments now and after); any other opens the
// file. Refreshed on demand (Refresh, Plan workspace), never behind the user's back: reading a tenant costs
// requests. The view's message says which tenant was read, and when. The list is made when the view shows it
// (not at activation), once per change.
import { basename, dirname, relative } from 'node:path';
import * as vscode from 'vscode';
import { summarizeDiff } from '../../graph/src/send';
import type { BoundFile } from '../../workspace/src/bindings';
import { toSlash } from '../../workspace/src/files';
import { COMMAND } from './commands/names';
import type { BindingStatus, ViewState, WorkspaceStatus } from './workspacePlan';

const LOOK: Record<ViewState, { icon: string; color?: string; words: string }> = {
  'in-sync': { icon: 'pass', color: 'testing.iconPassed', words: 'in sync' },
  changes: { icon: 'diff', color: 'charts.yellow', words: 'changes' },
  'not-sent': { icon: 'cloud-upload', color: 'charts.blue', words: 'not sent' },
  invalid: { icon: 'error', color: 'errorForeground', words: 'invalid' },
  error: { icon: 'warning', color: 'list.warningForeground', words: 'error' },
  unchecked: { icon: 'circle-outline', words: 'not checked' },
};

type Node = { kind: 'config'; config: string; children: BindingStatus[] } | { kind: 'binding'; status: BindingStatus };

export class AppsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;
  private readonly subscriptions: vscode.Disposable[];
  /** The statuses shown, made when the view asks for them. */
  private list: BindingStatus[] | undefined;

  constructor(private readonly status: WorkspaceStatus) {
    this.view = vscode.window.createTreeView('intuneAssign.apps', { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions = [
      status.onDidChange(() => this.refresh()),
      this.view.onDidChangeVisibility(({ visible }) => {
        if (visible && !this.list) this.refresh();
      }),
    ];
  }

  refresh(): void {
    this.list = undefined;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'config') return node.children.map((status) => ({ kind: 'binding', status }));
    if (node) return [];
    const statuses = this.statuses();
    const configs = [...new Set(statuses.map((s) => s.binding.config))];
    if (configs.length <= 1) return statuses.map((status) => ({ kind: 'binding', status }));
    return configs.map((config) => ({ kind: 'config', config, children: statuses.filter((s) => s.binding.config === config) }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'config') {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(node.config));
      const item = new vscode.TreeItem(folder ? toSlash(relative(folder.uri.fsPath, dirname(node.config))) || folder.name : dirname(node.config), vscode.TreeItemCollapsibleState.Expanded);
      item.resourceUri = vscode.Uri.file(node.config);
      item.iconPath = new vscode.ThemeIcon('settings-gear');
      item.description = `${node.children.length} bound file(s)`;
      return item;
    }
    const { binding, state, plan, outcome, problem } = node.status;
    const look = LOOK[state];
    const item = new vscode.TreeItem(fileLabel(binding));
    const app = plan && 'plan' in plan ? plan.plan.app.displayName : (plan?.entry.appId ?? binding.appId);
    const counts = plan && 'plan' in plan && state !== 'in-sync' ? ` ${summarizeDiff(plan.plan.diff)}` : '';
    const applied = outcome ? ` · ${outcome.result === 'succeeded' ? 'applied' : outcome.result}` : '';
    item.description = `${app ? `${app} · ` : ''}${look.words}${counts}${applied}`;
    item.iconPath = new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
    item.contextValue = `intuneAssign.binding.${state}`;
    item.accessibilityInformation = { label: `${fileLabel(binding)}: ${item.description}` };
    item.id = binding.path;
    const message = problem?.message ?? (plan && 'message' in plan ? plan.message : undefined) ?? outcome?.message;
    // Names come from Graph and files: written as text, never as Markdown (no links or images of theirs).
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(fileLabel(binding));
    if (app) tooltip.appendText(`\nApp: ${app}${binding.appId ? ` (${binding.appId})` : ''}`);
    tooltip.appendText(`\nState: ${look.words}${counts}${applied}`);
    if (message) tooltip.appendText(`\n\n${message}`);
    item.tooltip = tooltip;
    const uri = vscode.Uri.file(binding.path);
    item.command =
      plan && 'plan' in plan
        ? { command: COMMAND.showAppDiff, title: 'Show the change', arguments: [binding.path] }
        : { command: 'vscode.open', title: 'Open', arguments: [problem ? vscode.Uri.file(binding.config) : uri] };
    return item;
  }

  /** The statuses, sorted, and the view's message: made once per change. */
  private statuses(): BindingStatus[] {
    if (this.list) return this.list;
    const last = this.status.lastPlan;
    const statuses = (this.list = this.status.statuses());
    this.view.message = !statuses.length
      ? undefined
      : last
        ? `Tenant ${last.tenantId}: ${count(statuses, 'changes') + count(statuses, 'not-sent')} of ${statuses.length} app(s) change.`
        : 'Not checked against the tenant yet: Refresh or Plan workspace.';
    return statuses;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.view.dispose();
  }
}

function count(statuses: BindingStatus[], state: ViewState): number {
  return statuses.filter((s) => s.state === state).length;
}

function fileLabel(binding: BoundFile): string {
  const rel = toSlash(relative(dirname(binding.config), binding.path));
  return rel && !rel.startsWith('..') ? rel : basename(binding.path);
}
