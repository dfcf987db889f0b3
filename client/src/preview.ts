// The change a send makes, in VS Code's diff editor: on the right the body exactly as it will be posted, on
// the left the app's current assignments in the same order and shape (graph/src/send.ts previewDocuments), so
// the diff shows what the comparison found; both served from memory (read-only), never written to disk.
import * as vscode from 'vscode';
import type { GraphVersion } from '../../common/src/constants';
import { previewDocuments, SendPlan } from '../../graph/src/send';

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
  async show(plan: SendPlan, _version?: GraphVersion): Promise<{ left: vscode.Uri; right: vscode.Uri }> {
    const run = ++this.counter;
    const name = plan.app.displayName.replace(/[^\w.-]+/g, '-').slice(0, 60) || plan.app.id;
    const left = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${run}/current/${name}.assign.json` });
    const right = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${run}/after-${plan.mode}/${name}.assign.json` });
    const { current, posted } = previewDocuments(plan);
    this.documents.set(left.toString(), current);
    this.documents.set(right.toString(), posted);
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
