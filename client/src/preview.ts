// The change a send makes, in VS Code's diff editor: the app's current assignments on the left and what the
// app will have on the right, both as normalized documents served from memory (read-only) by a content
// provider, never written to disk.
import * as vscode from 'vscode';
import type { GraphVersion } from '../../common/src/constants';
import { toDocument, SendPlan } from '../../graph/src/send';

export const PREVIEW_SCHEME = 'intune-assign-preview';

export class PreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly documents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.documents.get(uri.toString()) ?? '';
  }

  /** Opens the diff of a plan; resolves once the diff editor is shown. */
  async show(plan: SendPlan, version: GraphVersion): Promise<{ left: vscode.Uri; right: vscode.Uri }> {
    const run = ++this.counter;
    const name = plan.app.displayName.replace(/[^\w.-]+/g, '-').slice(0, 60) || plan.app.id;
    const left = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${run}/current/${name}.assign.json` });
    const right = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${run}/after-${plan.mode}/${name}.assign.json` });
    this.documents.set(left.toString(), toDocument(plan.current, version));
    this.documents.set(right.toString(), toDocument(plan.body.mobileAppAssignments, version));
    // Earlier previews are no longer needed once a newer one exists.
    for (const key of [...this.documents.keys()]) if (!key.includes(`/${run}/`)) this.documents.delete(key);
    const verb = plan.mode === 'merge' ? 'after merge' : 'after replace';
    await vscode.commands.executeCommand('vscode.diff', left, right, `${plan.app.displayName}: current ↔ ${verb}`, { preview: true });
    return { left, right };
  }

  dispose(): void {
    this.changed.dispose();
    this.documents.clear();
  }
}
