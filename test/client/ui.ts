// Drives the real workbench UI from tests in the extension host: the launcher runs Playwright on the
// workbench page and serves these actions on a loopback endpoint ($INTUNE_ASSIGN_UI_DRIVER). Each waits
// (Playwright's own waiting, up to a timeout) for what it acts on, so tests never sleep.

async function act<T>(action: string, body: Record<string, unknown> = {}): Promise<T> {
  const base = process.env.INTUNE_ASSIGN_UI_DRIVER;
  if (!base) throw new Error('INTUNE_ASSIGN_UI_DRIVER is not set: run the e2e suite through scripts/vscode-launch.mjs, which drives the workbench.');
  const response = await fetch(`${base}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as { result?: T; error?: string };
  if (!response.ok) throw new Error(`UI ${action} ${JSON.stringify(body)} failed: ${answer.error ?? response.status}`);
  return answer.result as T;
}

export const ui = {
  /** A key or chord, in Playwright's names: 'Enter', 'Escape', 'Control+Shift+P'. */
  press: (key: string) => act<void>('press', { key }),
  /** Types into whatever has focus (a QuickPick's input, an input box). */
  type: (text: string) => act<void>('type', { text }),
  /** Clicks the visible element with this role (default button) and accessible name. */
  click: (target: { name: string; role?: string; exact?: boolean; timeoutMs?: number }) => act<void>('click', target),
  /** Resolves once the text is visible anywhere in the workbench (notifications, lists, dialogs). */
  waitForText: (text: string, timeoutMs?: number) => act<void>('waitForText', { text, timeoutMs }),
  /** Types into the QuickPick (waits for it) and clicks the row that holds the text, once it shows. */
  pick: (text: string, timeoutMs?: number) => act<void>('pick', { text, timeoutMs }),
  /** The rows of the visible QuickPick (waits for it to be shown). */
  quickPickItems: (timeoutMs?: number) => act<string[]>('quickPickItems', { timeoutMs }),
  /** Opens an address in a new browser tab, as the system browser would; resolves with the address it ended on. */
  open: (url: string, timeoutMs?: number) => act<string>('open', { url, timeoutMs }),
};
