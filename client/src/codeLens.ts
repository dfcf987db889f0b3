// The code lens at the top of each *.assign.json: send to the remembered app (or choose one), compare with
// the app's current assignments, and which app the file goes to. Hidden in Restricted Mode.
import * as vscode from 'vscode';
import { COMMAND } from './commands/names';
import type { SigningSession } from './session';
import { readSendingSettings } from './settings';
import type { Targets } from './targets';
import { shortType } from '../../graph/src/intuneApps';

export class SendCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly targets: Targets,
    private readonly session: SigningSession,
  ) {
    const refresh = () => this.changed.fire();
    this.subscriptions = [targets.onDidChange(refresh), session.onDidChangeAccount(refresh), vscode.workspace.onDidGrantWorkspaceTrust(refresh)];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted || document.uri.scheme === 'intune-assign-preview') return [];
    const range = new vscode.Range(0, 0, 0, 0);
    const app = this.targets.get(document.uri, readSendingSettings(document.uri).settings.cloud, this.session.account?.tenantId);
    const args = [document.uri];
    if (!app) {
      return [
        new vscode.CodeLens(range, { title: '$(cloud-upload) Send assign…', command: COMMAND.send, arguments: args, tooltip: 'Choose an Intune app, review the change and send this document' }),
        new vscode.CodeLens(range, { title: 'Select target app…', command: COMMAND.selectApp, arguments: args }),
      ];
    }
    return [
      new vscode.CodeLens(range, { title: `$(cloud-upload) Send assign to ${app.displayName}`, command: COMMAND.send, arguments: args, tooltip: `Review the change and send to ${app.displayName} (${app.id})` }),
      new vscode.CodeLens(range, { title: 'Compare with app', command: COMMAND.compare, arguments: args }),
      new vscode.CodeLens(range, { title: app.type ? `${app.displayName} (${shortType(app.type)})` : app.displayName, command: COMMAND.selectApp, arguments: args, tooltip: 'Choose another app' }),
    ];
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
