// Diagnostics of the open documents: validated once a burst of edits settles, results for a superseded version
// dropped, held to the budget's problem limit (the core stops producing at it), published with the version they
// are for. The validation of the current version is kept (code actions read it instead of validating again).
// A document whose validation fails gets one diagnostic saying so, never the problems of an older version.
import { Connection, Diagnostic, DiagnosticSeverity, Disposable } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../../common/src/constants';
import type { AssignLanguageService, Validation, ValidationOptions } from '../../core/src';
import { DocumentStore, OpenDocument } from './documents';
import { describe, Runner } from './runner';
import { Settings } from './settings';

/** Long enough to let a burst of keystrokes settle, short enough that problems feel immediate. */
export const VALIDATION_DELAY_MS = 60;

export class DocumentDiagnostics {
  private readonly timers = new Map<string, Disposable>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: DocumentStore,
    private readonly settings: Settings,
    private readonly service: AssignLanguageService,
    private readonly runner: Runner,
  ) {}

  /** Validates the document after `delay` ms, unless it changes again before. */
  schedule(uri: string, delay = VALIDATION_DELAY_MS): void {
    this.cancel(uri);
    if (!this.documents.has(uri)) return;
    this.timers.set(uri, this.runner.timers.setTimeout(() => this.runner.background(`validating ${uri}`, () => this.validate(uri)), delay));
  }

  cancel(uri: string): void {
    this.timers.get(uri)?.dispose();
    this.timers.delete(uri);
  }

  /** Every open document again (settings or the configuration changed). */
  scheduleAll(): void {
    for (const uri of this.documents.uris()) this.schedule(uri, 0);
  }

  /** The validation of the document's current version with `options`, worked out once per version. */
  current(open: OpenDocument, options: ValidationOptions): Validation {
    const key = `validation|${JSON.stringify(options)}`;
    return DocumentStore.memo(open, key, () => this.service.validateWithin(open.parsed, options));
  }

  private async validate(uri: string): Promise<void> {
    this.timers.delete(uri);
    const open = this.documents.get(uri);
    if (!open) return;
    const version = open.textDocument.version;
    let diagnostics: Diagnostic[];
    try {
      const options = await this.settings.optionsFor(uri);
      // Changed or closed while the settings were fetched: a newer validation is on its way.
      const current = this.documents.get(uri);
      if (current !== open || open.textDocument.version !== version) return;
      diagnostics = this.service.toDiagnostics(open.textDocument, this.current(open, options));
    } catch (error) {
      this.connection.console.error(`Validating ${uri} failed: ${describe(error)}`);
      diagnostics = [failure(error)];
    }
    if (this.documents.get(uri) !== open || open.textDocument.version !== version) return;
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
  }
}

/** Published in place of the problems when checking failed: the old ones would be stale. */
export function failure(error: unknown): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    severity: DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    message: `The document could not be checked: ${error instanceof Error ? error.message : String(error)}. Please report this.`,
  };
}
