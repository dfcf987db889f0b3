// The settings of sending, read so that a workspace cannot set what decides where a token goes or which app
// asks for consent: cloud, custom URLs, tenant, client id and sign-in are taken from the user's settings only
// (they are `application`-scoped in the manifest too; a workspace value is ignored and said to be).
import * as vscode from 'vscode';
import { Cloud, CLOUDS, SETTINGS_SECTION } from '../../common/src/constants';
import type { SendMode } from '../../graph/src/send';

export type SignInChoice = 'auto' | 'browser' | 'deviceCode';

export interface SendingSettings {
  cloud: Cloud;
  graphUrl?: string;
  authorityUrl?: string;
  /** Empty: the user's home tenant. */
  tenant?: string;
  /** Empty: the default public client. */
  clientId?: string;
  signInMethod: SignInChoice;
  signInTimeoutSeconds: number;
  /** cloud sandbox: a sandbox the user runs (loopback); empty: the extension runs its own. */
  sandboxUrl?: string;
  /** The mode the confirmation offers first. */
  sendMode: SendMode;
}

/** Settings only the user (not a workspace) may set. */
export const USER_ONLY_SETTINGS = ['cloud', 'graphUrl', 'authorityUrl', 'tenant', 'clientId', 'signInMethod', 'signInTimeoutSeconds', 'sandboxUrl'] as const;

/** The user's value (or the default) of a user-only setting, and whether a workspace tried to set it. */
function userValue<T>(config: vscode.WorkspaceConfiguration, key: string): { value: T | undefined; ignored: boolean } {
  const inspected = config.inspect<T>(key);
  const ignored = inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
  return { value: inspected?.globalValue ?? inspected?.defaultValue, ignored };
}

export function readSendingSettings(resource?: vscode.Uri): { settings: SendingSettings; ignored: string[] } {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, resource);
  const ignored: string[] = [];
  const read = <T>(key: (typeof USER_ONLY_SETTINGS)[number]): T | undefined => {
    const { value, ignored: byWorkspace } = userValue<T>(config, key);
    if (byWorkspace) ignored.push(`${SETTINGS_SECTION}.${key}`);
    return value;
  };
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
  const cloud = read<string>('cloud');
  const method = read<string>('signInMethod');
  const timeout = read<number>('signInTimeoutSeconds');
  const mode = config.get<string>('sendMode');
  return {
    settings: {
      cloud: (CLOUDS as readonly string[]).includes(cloud ?? '') ? (cloud as Cloud) : 'global',
      graphUrl: text(read('graphUrl')),
      authorityUrl: text(read('authorityUrl')),
      tenant: text(read('tenant')),
      clientId: text(read('clientId')),
      signInMethod: method === 'browser' || method === 'deviceCode' ? method : 'auto',
      signInTimeoutSeconds: typeof timeout === 'number' && timeout >= 30 ? timeout : 300,
      sandboxUrl: text(read('sandboxUrl')),
      sendMode: mode === 'merge' ? 'merge' : 'replace',
    },
    ignored,
  };
}

/** Whether a configuration change touches what sign-in depends on. */
export function affectsSignIn(event: vscode.ConfigurationChangeEvent): boolean {
  return USER_ONLY_SETTINGS.some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
}
