// Helpers for the e2e tests that run inside VS Code's extension host: activating the extension, opening
// workspace fixtures, and waiting on VS Code events (never on sleeps or polling loops).
import * as vscode from 'vscode';
import type { IntuneAssignApi } from '../../client/src/extension';

export const EXTENSION_ID = 'intune-assign.intune-assign';

/** Activates the extension under test and waits until its language client is ready. */
export async function activateExtension(): Promise<{ extension: vscode.Extension<IntuneAssignApi>; api: IntuneAssignApi }> {
  const extension = vscode.extensions.getExtension<IntuneAssignApi>(EXTENSION_ID);
  if (!extension) {
    throw new Error(
      `extension ${EXTENSION_ID} is not loaded: check extensionDevelopmentPath and that engines.vscode accepts VS Code ${vscode.version}`,
    );
  }
  const api = await extension.activate();
  await api.ready;
  return { extension, api };
}

/** The folder the test window was opened on (test/fixtures/e2e-workspace). */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e tests need a workspace folder open');
  return folder;
}

/** Opens a file of the workspace folder (path relative to it, with `/`) and shows it in an editor. */
export async function openFixture(relativePath: string): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, ...relativePath.split('/'));
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  return { document, editor };
}

/**
 * Resolves with the first value of `event` that satisfies `predicate`; rejects after `timeoutMs`.
 * Subscribe before triggering the action that fires the event.
 */
export function waitFor<T>(
  event: vscode.Event<T>,
  predicate: (value: T) => boolean = () => true,
  timeoutMs = 10_000,
  description = 'event',
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}`));
    }, timeoutMs);
    const subscription = event((value) => {
      let matches: boolean;
      try {
        matches = predicate(value);
      } catch (error) {
        clearTimeout(timer);
        subscription.dispose();
        reject(error);
        return;
      }
      if (matches) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(value);
      }
    });
  });
}

/**
 * Resolves with the diagnostics of `uri` as soon as they satisfy `predicate`: right away if the current ones
 * already do, otherwise on the `onDidChangeDiagnostics` event that makes them do. The timeout error lists the
 * diagnostics last seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 10_000,
): Promise<vscode.Diagnostic[]> {
  const key = uri.toString();
  return new Promise<vscode.Diagnostic[]>((resolve, reject) => {
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      subscription.dispose();
      settle();
    };
    const check = () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      try {
        if (predicate(diagnostics)) finish(() => resolve(diagnostics));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    // Subscribe first, then look at the current state, so a change in between cannot be missed.
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      const seen = vscode.languages.getDiagnostics(uri).map((d) => {
        const code = typeof d.code === 'object' ? d.code.value : (d.code ?? '');
        return `${d.range.start.line + 1}:${d.range.start.character + 1} ${code} ${d.message}`;
      });
      finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for the diagnostics of ${uri.path} to match; last seen:\n  ${seen.join('\n  ') || '(none)'}`)));
    }, timeoutMs);
    check();
  });
}
