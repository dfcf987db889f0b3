// The workbench page, driven the way a person drives it, for the black-box suite: the launcher's UI actions
// (scripts/vscode-launch.mjs, shared with the e2e suite's driver) bound to one Playwright page.
import { UI_ACTIONS } from '../harness/vscode-launch.mjs';

export function workbenchDriver(page) {
  const act = (name, args = {}) => UI_ACTIONS[name](page, args);
  return {
    command: (title) => act('command', { title }),
    /** Opens a workspace file and waits until the editor shows it as Intune Assign (the extension is loaded). */
    async openFile(name) {
      await act('openFile', { name });
      await act('waitForSelector', { selector: '[id="status.editor.mode"]:has-text("Intune Assign")' });
    },
    pickItem: (text) => act('pickItem', { text }),
    click: (name) => act('click', { name }),
    /** Clicks the visible element with this role whose accessible name contains `name` (a tree item, say). */
    clickRole: (role, name) => act('click', { role, name, exact: false }),
    press: (key) => act('press', { key }),
    type: (text) => act('type', { text }),
    waitForText: (text, timeoutMs) => act('waitForText', { text, timeoutMs }),
    waitForSelector: (selector, timeoutMs) => act('waitForSelector', { selector, timeoutMs }),
    dialog: (timeoutMs) => act('dialog', { timeoutMs }),
    hasDiffEditor: () => act('hasDiffEditor'),
  };
}
