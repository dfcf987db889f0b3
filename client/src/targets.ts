// Which app each document is sent to, remembered per file (in the workspace's state, so sending again goes to
// the same app without asking), and the apps used recently (offered first by the picker). Ids and names
// only: nothing here is secret.
import * as vscode from 'vscode';
import type { AppChoice } from './appPicker';

const TARGETS_KEY = 'intuneAssign.targets';
const RECENT_KEY = 'intuneAssign.recentApps';
const MAX_RECENT = 10;

interface Target {
  cloud: string;
  app: AppChoice;
}

/** A document's key: its path, so an untitled document keeps its app once saved under the same name. */
function keyOf(uri: vscode.Uri): string {
  return `${uri.authority}${uri.path}`;
}

export class Targets {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly workspaceState: vscode.Memento,
    private readonly globalState: vscode.Memento,
  ) {}

  /** The app chosen for this document in this cloud (an app of another cloud is not this one's). */
  get(uri: vscode.Uri, cloud: string): AppChoice | undefined {
    const target = this.workspaceState.get<Record<string, Target>>(TARGETS_KEY, {})[keyOf(uri)];
    return target?.cloud === cloud ? target.app : undefined;
  }

  async set(uri: vscode.Uri, cloud: string, app: AppChoice): Promise<void> {
    const targets = { ...this.workspaceState.get<Record<string, Target>>(TARGETS_KEY, {}), [keyOf(uri)]: { cloud, app } };
    await this.workspaceState.update(TARGETS_KEY, targets);
    const recent = [app, ...this.recent(cloud).filter((r) => r.id !== app.id)].slice(0, MAX_RECENT);
    await this.globalState.update(`${RECENT_KEY}.${cloud}`, recent);
    this.changed.fire(uri);
  }

  recent(cloud: string): AppChoice[] {
    return this.globalState.get<AppChoice[]>(`${RECENT_KEY}.${cloud}`, []);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
