// The requests the extension and the language server add to LSP, declared once for both sides: validating a
// document on demand before anything is sent, and telling the server which app a document is aimed at so the
// settings-app-type rule can check the document against that app's type.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Cloud, GraphVersion } from './constants';

export interface ValidateParams {
  /** The document's URI; it is validated as the editor has it when open, as the disk has it otherwise. */
  uri: string;
}

export interface ValidationProblem {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  /** Zero-based, as LSP positions. */
  line: number;
  character: number;
}

export interface ValidateResult {
  errors: number;
  warnings: number;
  /** Every problem, errors first. */
  problems: ValidationProblem[];
  /** What the document was validated with (settings and the configuration file), for the send to use too. */
  options: { graphVersion: GraphVersion; cloud: Cloud; rules?: Partial<Record<string, 'off' | 'warn' | 'error'>> };
}

/** `intuneAssign/validate`: the document's problems now, with the settings and app type it is sent with. */
export const ValidateRequest = new RequestType<ValidateParams, ValidateResult, void>('intuneAssign/validate');

export interface AppTypeParams {
  uri: string;
  /** The target app's `@odata.type` (`#microsoft.graph.win32LobApp`), or null when no app is chosen. */
  appType: string | null;
}

/** `intuneAssign/setAppType`: the document is aimed at an app of this type; its diagnostics follow. */
export const AppTypeNotification = new NotificationType<AppTypeParams>('intuneAssign/setAppType');
