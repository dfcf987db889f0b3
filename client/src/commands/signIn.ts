// Sign in: signs in now (rather than at the first send) and says as whom.
import * as vscode from 'vscode';
import type { Account } from '../session';
import type { SendingContext } from './context';

export async function signIn(ctx: SendingContext): Promise<Account> {
  const account = await ctx.session.signInNow();
  void vscode.window.showInformationMessage(`Intune Assign: signed in as ${account.username} (tenant ${account.tenantId}, ${account.cloud}).`);
  return account;
}
