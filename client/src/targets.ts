// Which app each document is sent to. A file on disk in a workspace folder is bound in the workspace's
// intune-assign.config.json ("apps"), where the command line, CI and the editor all read it (bindings.ts); the
// app's name and type are remembered to show it before the tenant is read. A document that cannot be bound (an
// untitled one, a file outside the workspace, or one whose workspace belongs to another tenant) is remembered
// in the workspace's state, per cloud, as before. Apps used recently are offered first by the picker. Ids and
// names only: nothing here is secret.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { RecordedNames } from '../../core/src';
import { ConfigNotEditable } from '../../workspace/src/bindings';
import type { AppChoice } from './appPicker';
import { type Bindings, isOtherTenant } from './bindings';

const TARGETS_KEY = 'intuneAssign.targets';
const RECENT_KEY = 'intuneAssign.recentApps';
const DETAILS_KEY = 'intuneAssign.appDetails';
const MAX_RECENT = 10;
const MAX_DETAILS = 5000;

interface Target {
  cloud: string;
  app: AppChoice;
}

/** A document's key: its path, so an untitled document keeps its app once saved under the same name. */
function keyOf(uri: vscode.Uri): string {
  return `${uri.authority}${uri.path}`;
}

export class Targets {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly workspaceState: vscode.Memento,
    private readonly globalState: vscode.Memento,
    private readonly bindings: Bindings,
  ) {
    this.subscription = bindings.onDidChange(() => this.changed.fire(undefined));
  }

  /**
   * The app this document goes to: its binding, unless the binding's workspace was recorded in another tenant
   * than `tenantId` (the signed-in one); else the app remembered for it in this cloud.
   */
  get(uri: vscode.Uri, cloud: string, tenantId?: string): AppChoice | undefined {
    const binding = this.bindings.bindingOf(uri);
    if (binding) {
      const names = this.bindings.namesOf(binding);
      if (!isOtherTenant(names?.tenant, tenantId)) {
        const known = this.details()[binding.appId.toLowerCase()];
        return { id: binding.appId, displayName: known?.displayName ?? names?.apps?.[binding.appId] ?? binding.appId, type: known?.type ?? '' };
      }
    }
    const target = this.workspaceState.get<Record<string, Target>>(TARGETS_KEY, {})[keyOf(uri)];
    return target?.cloud === cloud ? target.app : undefined;
  }

  /**
   * Binds the document to `app` in its workspace's configuration, or, where it cannot be bound there, remembers
   * it in the workspace's state. Says which.
   */
  async set(uri: vscode.Uri, cloud: string, app: AppChoice, tenantId?: string, names: RecordedNames = {}): Promise<{ bound: true } | { bound: false; why: string }> {
    await this.remember(app, cloud);
    const config = vscode.workspace.isTrusted ? this.bindings.configFor(uri) : undefined;
    const recorded = config ? this.bindings.current.configs.find((c) => c.path === config)?.config.names?.tenant : undefined;
    let why = config ? `the workspace's bindings are tenant ${recorded}'s (names.tenant in ${basename(config)}), not ${tenantId}'s` : 'the file is not in a workspace folder on disk';
    if (config && !isOtherTenant(recorded, tenantId)) {
      try {
        const current = this.bindings.bindingOf(uri);
        const more = Object.keys(names.groups ?? {}).length + Object.keys(names.filters ?? {}).length > 0;
        if (current?.appId.toLowerCase() !== app.id.toLowerCase() || more) await this.bindings.bind(uri, app, { ...names, ...(tenantId && !recorded ? { tenant: tenantId } : {}) });
        this.changed.fire(uri);
        return { bound: true };
      } catch (error) {
        if (!(error instanceof ConfigNotEditable)) throw error;
        why = `${basename(config)} cannot be edited: ${error.message}`;
      }
    }
    const targets = { ...this.workspaceState.get<Record<string, Target>>(TARGETS_KEY, {}), [keyOf(uri)]: { cloud, app } };
    await this.workspaceState.update(TARGETS_KEY, targets);
    this.changed.fire(uri);
    return { bound: false, why };
  }

  /** An app's name and type, to show it before the tenant is read; and the picker's recently used apps. */
  async remember(app: AppChoice, cloud?: string): Promise<void> {
    const details = { ...this.details() };
    delete details[app.id.toLowerCase()];
    details[app.id.toLowerCase()] = { displayName: app.displayName, type: app.type };
    const keys = Object.keys(details);
    for (const key of keys.slice(0, Math.max(0, keys.length - MAX_DETAILS))) delete details[key];
    await this.workspaceState.update(DETAILS_KEY, details);
    if (cloud) {
      const recent = [app, ...this.recent(cloud).filter((r) => r.id !== app.id)].slice(0, MAX_RECENT);
      await this.globalState.update(`${RECENT_KEY}.${cloud}`, recent);
    }
  }

  recent(cloud: string): AppChoice[] {
    return this.globalState.get<AppChoice[]>(`${RECENT_KEY}.${cloud}`, []);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private details(): Record<string, { displayName: string; type: string }> {
    return this.workspaceState.get<Record<string, { displayName: string; type: string }>>(DETAILS_KEY, {});
  }
}
