// Diagnostics of the open documents: validated once a burst of edits settles, a slice at a time (requests are
// answered between slices, and a validation the document outdated is dropped), held to the budget's problem
// limit (the core stops producing at it), published with the version they are for. The validation of the
// current version is kept (code actions read it instead of validating again). A document whose validation fails
// gets one diagnostic saying so, never the problems of an older version.
import { Connection, Diagnostic, DiagnosticSeverity, Disposable } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../../common/src/constants';
import type { AssignLanguageService, Validation, ValidationOptions } from '../../core/src';
import { DocumentStore, OpenDocument } from './documents';
import { describe, Runner } from './runner';
import { Settings } from './settings';

/** Long enough to let a burst of keystrokes settle, short enough that problems feel immediate. */
export const VALIDATION_DELAY_MS = 60;
/** Validation runs this long between two looks at the message queue. */
const SLICE_MS = 20;

export class DocumentDiagnostics {
  private readonly timers = new Map<string, Disposable>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: DocumentStore,
    private readonly settings: Settings,
    private readonly service: AssignLanguageService,
    private readonly runner: Runner,
    /** A document's options: its settings, and the tenant's facts when there are any (server.ts). */
    private readonly optionsFor: (uri: string) => Promise<ValidationOptions> = (uri) => settings.optionsFor(uri),
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
    return DocumentStore.memo(open, memoKey(options), () => this.service.validateWithin(open.parsed, options));
  }

  /** As current, a slice at a time; undefined when the document changed or closed meanwhile. */
  private async sliced(open: OpenDocument, options: ValidationOptions): Promise<Validation | undefined> {
    const key = memoKey(options);
    if (open.memo.has(key)) return open.memo.get(key) as Validation;
    const version = open.textDocument.version;
    const steps = this.service.validateSteps(open.parsed, options);
    for (let since = Date.now(); ; ) {
      const step = steps.next();
      if (step.done) {
        open.memo.set(key, step.value);
        return step.value;
      }
      if (Date.now() - since >= SLICE_MS) {
        await this.runner.pause();
        if (this.documents.get(open.uri) !== open || open.textDocument.version !== version) return undefined;
        since = Date.now();
      }
    }
  }

  private async validate(uri: string): Promise<void> {
    this.timers.delete(uri);
    const open = this.documents.get(uri);
    if (!open) return;
    const version = open.textDocument.version;
    const generation = this.settings.generation;
    let diagnostics: Diagnostic[];
    try {
      const options = await this.optionsFor(uri);
      // Changed or closed while the settings were fetched: a newer validation is on its way.
      const current = this.documents.get(uri);
      if (current !== open || open.textDocument.version !== version) return;
      const validation = await this.sliced(open, options);
      if (!validation) return;
      diagnostics = this.service.toDiagnostics(open.textDocument, validation);
    } catch (error) {
      this.connection.console.error(`Validating ${uri} failed: ${describe(error)}`);
      diagnostics = [failure(error)];
    }
    // Outdated meanwhile (an edit, or new settings): a newer validation is on its way; these would flash.
    if (this.documents.get(uri) !== open || open.textDocument.version !== version || this.settings.generation !== generation) return;
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
  }
}

/** Validations are kept per options; tenant facts count by their revision (their maps grow in place). */
function memoKey(options: ValidationOptions): string {
  return `validation|${JSON.stringify(options, (key, value: unknown) => (key === 'tenant' ? (value as { revision?: number }).revision ?? 'facts' : value))}`;
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
