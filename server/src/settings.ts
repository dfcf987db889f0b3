// Settings per resource: pulled from the client (workspace/configuration) when it can answer, else what it
// pushed (initializationOptions, didChangeConfiguration); then merged with the configuration file that applies
// to the document through workspace/'s one lookup (server/src/workspace.ts), so the editor and
// `intune-assign lint` check a file alike. With the settings comes the editor's indentation (`editor.tabSize`,
// `editor.insertSpaces`, language-specific values first), which completion uses in documents that have none of
// their own yet. One request per resource, kept until the settings change.
import { Connection, InitializeParams } from 'vscode-languageserver';
import { readServerSettings, ServerSettings, SETTINGS_SECTION, LANGUAGE_ID } from '../../common/src/constants';
import { indentUnit, ValidationOptions } from '../../core/src';
import { Workspace } from './workspace';

export interface ResourceSettings {
  server: ServerSettings;
  /** The editor's indentation unit, when the client said. */
  indent: string | undefined;
}

/** What a client that cannot answer workspace/configuration may push: `{ intuneAssign: {...}, editor: {...} }`. */
interface Pushed {
  settings?: unknown;
  editor?: unknown;
}

export class Settings {
  private readonly cache = new Map<string, Promise<ResourceSettings>>();
  /** The type of the app each document is aimed at (told by the extension once an app is chosen). */
  private readonly appTypes = new Map<string, string>();
  private canPull = false;
  private pushed: Pushed = {};
  /** Counts settings changes: work done with the settings of an earlier generation is outdated. */
  generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
  ) {}

  initialize(params: InitializeParams): void {
    this.canPull = Boolean(params.capabilities.workspace?.configuration);
    const options = (params.initializationOptions ?? {}) as Pushed;
    this.pushed = { settings: options.settings, editor: options.editor };
  }

  /** didChangeConfiguration: the pushed values change, and everything pulled is asked again. */
  changed(settings: unknown): void {
    const all = (settings ?? {}) as Record<string, unknown>;
    if (all[SETTINGS_SECTION] !== undefined) this.pushed.settings = all[SETTINGS_SECTION];
    if (all.editor !== undefined) this.pushed.editor = all.editor;
    this.cache.clear();
    this.generation++;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  setAppType(uri: string, appType: string | null | undefined): void {
    if (typeof appType === 'string' && appType) this.appTypes.set(uri, appType);
    else this.appTypes.delete(uri);
  }

  forResource(uri: string): Promise<ResourceSettings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      const pushed = (): ResourceSettings => ({ server: readServerSettings(this.pushed.settings), indent: editorIndent(this.pushed.editor, undefined) });
      settings = this.canPull
        ? this.connection.workspace
            .getConfiguration([
              { scopeUri: uri, section: SETTINGS_SECTION },
              { scopeUri: uri, section: 'editor' },
              { scopeUri: uri, section: `[${LANGUAGE_ID}]` },
            ])
            .then(
              ([server, editor, language]: unknown[]) => ({ server: readServerSettings(server), indent: editorIndent(editor, language) }),
              pushed,
            )
        : Promise.resolve(pushed());
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** The options a document is validated with: settings, then its configuration file, then its app's type. */
  async optionsFor(uri: string): Promise<ValidationOptions> {
    const options = this.workspace.optionsFor(uri, (await this.forResource(uri)).server);
    const appType = this.appTypes.get(uri);
    return appType ? { ...options, appType } : options;
  }
}

/**
 * The indentation unit from the editor's settings: the language's own values (`[intune-assign]`, whose keys are
 * dotted) before the general ones; undefined when neither says.
 */
function editorIndent(editor: unknown, language: unknown): string | undefined {
  const general = (editor && typeof editor === 'object' ? editor : {}) as Record<string, unknown>;
  const specific = (language && typeof language === 'object' ? language : {}) as Record<string, unknown>;
  const nested = (specific.editor && typeof specific.editor === 'object' ? specific.editor : {}) as Record<string, unknown>;
  const tabSize = specific['editor.tabSize'] ?? nested.tabSize ?? general.tabSize;
  const insertSpaces = specific['editor.insertSpaces'] ?? nested.insertSpaces ?? general.insertSpaces;
  if (typeof tabSize !== 'number' && typeof insertSpaces !== 'boolean') return undefined;
  return indentUnit({ tabSize: typeof tabSize === 'number' ? tabSize : 2, insertSpaces: insertSpaces !== false });
}
