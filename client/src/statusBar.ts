// Two status bar items while an *.assign.json is active: who is signed in (account, tenant, cloud; click to
// sign in) and the app the file goes to (click to choose another).
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../common/src/constants';
import { shortType } from '../../graph/src/intuneApps';
import { COMMAND } from './commands/names';
import type { SigningSession } from './session';
import { readSendingSettings } from './settings';
import type { Targets } from './targets';

export class SendingStatus implements vscode.Disposable {
  private readonly account = vscode.window.createStatusBarItem('intuneAssign.account', vscode.StatusBarAlignment.Right, 100);
  private readonly app = vscode.window.createStatusBarItem('intuneAssign.app', vscode.StatusBarAlignment.Right, 99);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly session: SigningSession, private readonly targets: Targets) {
    this.account.name = 'Intune Assign: account';
    this.app.name = 'Intune Assign: target app';
    const update = () => this.update();
    this.subscriptions = [
      session.onDidChangeAccount(update),
      targets.onDidChange(update),
      vscode.window.onDidChangeActiveTextEditor(update),
      vscode.workspace.onDidGrantWorkspaceTrust(update),
    ];
    update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== LANGUAGE_ID || !vscode.workspace.isTrusted) {
      this.account.hide();
      this.app.hide();
      return;
    }
    const { cloud } = readSendingSettings(document.uri).settings;
    const account = this.session.account;
    if (account) {
      this.account.text = `$(account) ${account.username}`;
      this.account.tooltip = `Intune Assign: signed in as ${account.username}\nTenant: ${account.tenantId}\nCloud: ${account.cloud}`;
      this.account.command = COMMAND.signIn;
    } else {
      this.account.text = `$(account) Intune: sign in (${cloud})`;
      this.account.tooltip = `Intune Assign: not signed in. Cloud: ${cloud}`;
      this.account.command = COMMAND.signIn;
    }
    this.account.show();
    const app = this.targets.get(document.uri, cloud, account?.tenantId);
    this.app.text = app ? `$(package) ${app.displayName}` : '$(package) No target app';
    this.app.tooltip = app ? `Sends go to ${app.displayName} (${[app.type && shortType(app.type), app.id].filter(Boolean).join(', ')}). Click to choose another app.` : 'Click to choose the Intune app this file is sent to.';
    this.app.command = { command: COMMAND.selectApp, title: 'Select target app', arguments: [document.uri] };
    this.app.show();
  }

  dispose(): void {
    this.account.dispose();
    this.app.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
