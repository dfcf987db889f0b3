// Sign out: forgets the account and removes the saved sign-in (MSAL's cache) from the secret storage. Allowed in
// Restricted Mode too: removing a secret never needs trust.
import * as vscode from 'vscode';
import type { SendingContext } from './context';

export async function signOut(ctx: SendingContext): Promise<void> {
  await ctx.session.signOut();
  void vscode.window.showInformationMessage('Intune Assign: signed out. The saved sign-in was removed from the secret storage.');
}
