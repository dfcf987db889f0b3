// Sign out: forgets the account, removes the saved sign-in (MSAL's cache) from the secret storage and the tenant's
// cached names from the global storage. Allowed in Restricted Mode too: removing a secret never needs trust.
import * as vscode from 'vscode';
import type { SendingContext } from './context';

export async function signOut(ctx: SendingContext): Promise<void> {
  await ctx.session.signOut();
  await ctx.tenant.clear();
  void vscode.window.showInformationMessage('Intune Assign: signed out. The saved sign-in was removed from the secret storage, and the tenant\'s cached names with it.');
}
