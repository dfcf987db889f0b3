// The commands of the extension, registered in one place: each runs only in a trusted workspace, and any
// failure becomes a message (report.ts). One file per command beside this one.
import * as vscode from 'vscode';
import { applyWorkspace } from './applyWorkspace';
import { bindToApp } from './bindToApp';
import { compare } from './compare';
import { requireTrust, type SendingContext } from './context';
import { COMMAND } from './names';
import { planWorkspace, refreshApps, showAppDiff, showPlan } from './planWorkspace';
import { pull } from './pull';
import { report } from './report';
import { selectApp } from './selectApp';
import { send } from './send';
import { signIn } from './signIn';
import { signOut } from './signOut';

export { COMMAND } from './names';
export type { SendingContext } from './context';

export function registerCommands(ctx: SendingContext): vscode.Disposable[] {
  const run = <A extends unknown[]>(name: string, handler: (...args: A) => Promise<unknown>) =>
    vscode.commands.registerCommand(name, async (...args: A) => {
      if (!(await requireTrust())) return undefined;
      try {
        return await handler(...args);
      } catch (error) {
        await report(ctx, error);
        return undefined;
      }
    });
  return [
    run(COMMAND.send, (uri?: vscode.Uri) => send(ctx, uri)),
    run(COMMAND.compare, (uri?: vscode.Uri) => compare(ctx, uri)),
    run(COMMAND.selectApp, (uri?: vscode.Uri) => selectApp(ctx, uri)),
    run(COMMAND.pull, () => pull(ctx)),
    run(COMMAND.signIn, () => signIn(ctx)),
    run(COMMAND.refreshApps, () => refreshApps(ctx)),
    run(COMMAND.planWorkspace, () => planWorkspace(ctx)),
    run(COMMAND.applyWorkspace, () => applyWorkspace(ctx)),
    run(COMMAND.bindToApp, (uri?: vscode.Uri) => bindToApp(ctx, uri)),
    run(COMMAND.showAppDiff, (path?: string) => showAppDiff(ctx, path)),
    run(COMMAND.showPlan, () => showPlan(ctx)),
    run(COMMAND.refreshTenantData, async () => {
      await ctx.tenant.refresh();
      void vscode.window.showInformationMessage('Intune Assign: the tenant\'s group and filter names are read again.');
    }),
    vscode.commands.registerCommand(COMMAND.signOut, () => signOut(ctx)),
  ];
}
