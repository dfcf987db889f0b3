// The workbench page, driven the way a person drives it, for the black-box suite: the launcher's UI actions
// (scripts/vscode-launch.mjs, shared with the e2e suite's driver) bound to one Playwright page.
import { UI_ACTIONS } from '../../scripts/vscode-launch.mjs';

export function workbenchDriver(page) {
  const act = (name, args = {}) => UI_ACTIONS[name](page, args);
  return {
    command: (title) => act('command', { title }),
    openFile: (name) => act('openFile', { name }),
    pickItem: (text) => act('pickItem', { text }),
    click: (name) => act('click', { name }),
    waitForText: (text, timeoutMs) => act('waitForText', { text, timeoutMs }),
    waitForSelector: (selector, timeoutMs) => act('waitForSelector', { selector, timeoutMs }),
    dialog: (timeoutMs) => act('dialog', { timeoutMs }),
    hasDiffEditor: () => act('hasDiffEditor'),
    screenshot: (path) => act('screenshot', { path }),
  };
}
