// "Select target app…": a QuickPick over the tenant's apps, read a page at a time while the picker is open
// (Graph documents no server-side search for mobileApps, so typing filters the apps read so far by name,
// type, publisher and id), recently used apps first, and a pasted app id accepted as it is.
import * as vscode from 'vscode';
import { GUID, IntuneApps, MobileApp, shortType } from '../../graph/src/intuneApps';

export interface AppChoice {
  id: string;
  displayName: string;
  /** `#microsoft.graph.win32LobApp` */
  type: string;
}

interface AppItem extends vscode.QuickPickItem {
  app?: AppChoice;
  /** A pasted id, looked up when chosen. */
  pastedId?: string;
}

export function toChoice(app: MobileApp): AppChoice {
  return { id: app.id, displayName: app.displayName, type: app['@odata.type'] };
}

function item(app: MobileApp | AppChoice, recent: boolean): AppItem {
  const choice = 'type' in app ? app : toChoice(app);
  const details = [shortType(choice.type), 'publisher' in app && app.publisher, 'publishingState' in app && app.publishingState !== 'published' && app.publishingState, choice.id].filter(Boolean);
  return { label: choice.displayName || choice.id, description: recent ? 'recently used' : undefined, detail: details.join(' · '), app: choice };
}

/** Shows the picker; resolves with the chosen app, or undefined when dismissed. */
export async function pickApp(apps: IntuneApps, recent: AppChoice[], title = 'Intune Assign: select the target app'): Promise<AppChoice | undefined> {
  const picker = vscode.window.createQuickPick<AppItem>();
  picker.title = title;
  picker.placeholder = 'Type to search by name, type, publisher or id, or paste an app id';
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.ignoreFocusOut = true;
  picker.busy = true;
  const abort = new AbortController();
  const fromRecent = recent.map((app) => item(app, true));
  const recentIds = new Set(recent.map((r) => r.id));
  const loaded: AppItem[] = [];
  const render = () => {
    const typed = picker.value.trim();
    const pasted: AppItem[] = GUID.test(typed) && ![...fromRecent, ...loaded].some((i) => i.app?.id.toLowerCase() === typed.toLowerCase())
      ? [{ label: `$(search) Use the app with id ${typed}`, pastedId: typed, alwaysShow: true }]
      : [];
    const separator: AppItem[] = fromRecent.length ? [{ label: 'All apps', kind: vscode.QuickPickItemKind.Separator }] : [];
    picker.items = [...pasted, ...fromRecent, ...separator, ...loaded];
  };
  render();
  const loading = (async () => {
    try {
      for await (const page of apps.appPages(abort.signal)) {
        loaded.push(...page.filter((app) => !recentIds.has(app.id)).map((app) => item(app, false)));
        render();
      }
      if (!loaded.length && !fromRecent.length) picker.placeholder = 'This tenant has no apps you can see; paste an app id';
    } catch (error) {
      if (!abort.signal.aborted) picker.placeholder = `Could not list the apps (${(error as Error).message}); paste an app id`;
    } finally {
      picker.busy = false;
    }
  })();
  try {
    const chosen = await new Promise<AppItem | undefined>((resolve) => {
      picker.onDidChangeValue(render);
      picker.onDidAccept(() => resolve(picker.selectedItems[0]));
      picker.onDidHide(() => resolve(undefined));
      picker.show();
    });
    if (!chosen) return undefined;
    if (chosen.pastedId) {
      picker.busy = true;
      return toChoice(await apps.getApp(chosen.pastedId, abort.signal));
    }
    return chosen.app;
  } finally {
    abort.abort();
    picker.dispose();
    await loading;
  }
}
