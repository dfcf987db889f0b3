// THE validation core's facade: one service object with every language feature, taking documents and options
// as arguments. No vscode, no LSP connection, no file system: the language server, the command line and tests
// all call this.
import { getLanguageService as getJsonLanguageService } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeAction,
  CompletionList,
  Diagnostic,
  DiagnosticSeverity,
  DocumentSymbol,
  FoldingRange,
  FormattingOptions,
  Hover,
  InlayHint,
  Position,
  Range,
  SelectionRange,
  TextEdit,
} from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../../common/src/constants';
import { AssignDocument } from './assignDocument';
import { MAX_PROBLEMS } from './budget';
import { ruleDocsUrl } from './ruleDocs';
import { getCodeActions, toTextEdit } from './codeActions';
import { CompletionSettings, doComplete, tenantQueryAt } from './completion';
import { formatJson } from './format';
import type { TypeRegistry } from './graphTypes';
import { doHover } from './hover';
import type { ValidationOptions } from './rules/ruleTypes';
import { getDocumentSymbols, getSelectionRanges } from './symbols';
import { type TenantIds, tenantIdsOf } from './tenant';
import { tenantHover, tenantInlayHints } from './tenantFeatures';
import { ResolvedFinding, Validation, Validator } from './validate';

export interface FormatResult {
  edits: TextEdit[];
  /** Set when the document was not formatted (over the budget), saying why. */
  refused?: string;
}

export interface AssignLanguageService {
  /** Every finding, severities applied, offsets into the document text. */
  validate(doc: AssignDocument, options: ValidationOptions): ResolvedFinding[];
  /** At most `limit` findings (MAX_PROBLEMS by default), errors first; production stops at the limit. */
  validateWithin(doc: AssignDocument, options: ValidationOptions, limit?: number): Validation;
  /** validateWithin a step at a time (yields every few hundred assignments), for callers that interleave work. */
  validateSteps(doc: AssignDocument, options: ValidationOptions, limit?: number): Generator<void, Validation>;
  /** The diagnostics to publish: at most MAX_PROBLEMS, and a first line saying what was left out. */
  doValidation(textDocument: TextDocument, doc: AssignDocument, options: ValidationOptions): Diagnostic[];
  toDiagnostics(textDocument: TextDocument, validation: Validation): Diagnostic[];
  doComplete(textDocument: TextDocument, doc: AssignDocument, position: Position, options: ValidationOptions, settings?: CompletionSettings): CompletionList;
  /** Hover; on a group or filter id, what `options.tenant` says of it. */
  doHover(textDocument: TextDocument, doc: AssignDocument, position: Position, options: ValidationOptions): Hover | null;
  /** What completion at `position` would search the tenant for (a group or filter id being typed), if anything. */
  tenantQueryAt(textDocument: TextDocument, doc: AssignDocument, position: Position, options: ValidationOptions): { kind: 'group' | 'filter'; text: string } | undefined;
  /** The group and filter ids the document names (lower-case, each once): what a shell resolves for it. */
  tenantIds(doc: AssignDocument): TenantIds;
  /** The display name after each group and filter id in `range` that `options.tenant` knows. */
  getInlayHints(textDocument: TextDocument, doc: AssignDocument, range: Range, options: ValidationOptions): InlayHint[];
  /** Quick fixes under `range` and Fix all; `validation` saves validating again when the caller has it. */
  getCodeActions(textDocument: TextDocument, doc: AssignDocument, range: Range, options: ValidationOptions, only?: string[], validation?: Validation): CodeAction[];
  format(textDocument: TextDocument, doc: AssignDocument, range: Range | undefined, options: FormattingOptions): FormatResult;
  getFoldingRanges(textDocument: TextDocument, doc: AssignDocument, rangeLimit?: number): FoldingRange[];
  getDocumentSymbols(textDocument: TextDocument, doc: AssignDocument): DocumentSymbol[];
  getSelectionRanges(textDocument: TextDocument, doc: AssignDocument, positions: Position[]): SelectionRange[];
}

/**
 * A finding as an LSP diagnostic. With `ruleDocs` (the address of docs/graph-behaviour.md), the rule's code links
 * to its section there: why the rule has its severity, and the public evidence.
 */
export function toDiagnostic(textDocument: TextDocument, finding: ResolvedFinding, ruleDocs?: string): Diagnostic {
  const range = (offset: number, length: number) => ({
    start: textDocument.positionAt(offset),
    end: textDocument.positionAt(offset + length),
  });
  const diagnostic: Diagnostic = {
    range: range(finding.offset, finding.length),
    severity: finding.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: finding.rule,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
  if (ruleDocs) diagnostic.codeDescription = { href: ruleDocsUrl(ruleDocs, finding.rule) };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: textDocument.uri, range: range(r.offset, r.length) },
      message: r.message,
    }));
  }
  return diagnostic;
}

/**
 * The diagnostics of a validation: the findings kept and, when some were left out, a first line saying how many
 * (or that production stopped at the limit) and where to see them all.
 */
export function toDiagnostics(textDocument: TextDocument, validation: Validation, ruleDocs?: string): Diagnostic[] {
  const diagnostics = validation.findings.map((f) => toDiagnostic(textDocument, f, ruleDocs));
  const { total } = validation;
  if (total !== undefined && total <= diagnostics.length) return diagnostics;
  const shown = diagnostics.length;
  const message =
    total === undefined
      ? `More than ${shown} problems: the first ${shown} found are shown (errors first) and checking stopped there. \`intune-assign lint\` lists them all.`
      : `${total} problems: the first ${shown} are shown, ${total - shown} more are not. \`intune-assign lint\` lists them all.`;
  return [
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, message },
    ...diagnostics,
  ];
}

export interface LanguageServiceOptions {
  /** Where docs/graph-behaviour.md is (a URL the client can open): diagnostics then link to each rule's section. */
  ruleDocs?: string;
}

export function getLanguageService(registry: TypeRegistry, serviceOptions: LanguageServiceOptions = {}): AssignLanguageService {
  const validator = new Validator(registry);
  const json = getJsonLanguageService({});
  return {
    validate: (doc, options) => validator.validate(doc, options),
    validateWithin: (doc, options, limit = MAX_PROBLEMS) => validator.validateWithin(doc, options, limit),
    validateSteps: (doc, options, limit = MAX_PROBLEMS) => validator.validateSteps(doc, options, limit),
    doValidation: (textDocument, doc, options) => toDiagnostics(textDocument, validator.validateWithin(doc, options, MAX_PROBLEMS), serviceOptions.ruleDocs),
    toDiagnostics: (textDocument, validation) => toDiagnostics(textDocument, validation, serviceOptions.ruleDocs),
    doComplete: (textDocument, doc, position, options, settings = { snippets: true }) =>
      doComplete(doc, textDocument, position, registry.forVersion(options.graphVersion), { ...settings, appType: options.appType }),
    doHover: (textDocument, doc, position, options) =>
      tenantHover(doc, textDocument, textDocument.offsetAt(position), options.tenant) ?? doHover(doc, textDocument, position, registry.forVersion(options.graphVersion)),
    tenantQueryAt: (textDocument, doc, position, options) => tenantQueryAt(doc, textDocument, position, registry.forVersion(options.graphVersion)),
    tenantIds: (doc) => tenantIdsOf(doc),
    getInlayHints: (textDocument, doc, range, options) => tenantInlayHints(doc, textDocument, range, options.tenant),
    getCodeActions: (textDocument, doc, range, options, only, validation) =>
      getCodeActions(
        textDocument,
        (validation ?? validator.validateWithin(doc, options, MAX_PROBLEMS)).findings,
        range,
        only,
        (f) => toDiagnostic(textDocument, f, serviceOptions.ruleDocs),
        (text) => validator.validateWithin(AssignDocument.parse(text), options, MAX_PROBLEMS).findings,
      ),
    format: (textDocument, doc, range, options) => {
      if (doc.refused) return { edits: [], refused: 'the document is over the limits (see its problem)' };
      const offsets = range && { start: textDocument.offsetAt(range.start), end: textDocument.offsetAt(range.end) };
      const { edits, refused } = formatJson(doc.text, options, offsets);
      return {
        edits: edits.map((e) => toTextEdit(textDocument, e)),
        refused,
      };
    },
    // jsonc-parser's folding is one linear pass with its own stack; a refused document is not even scanned.
    getFoldingRanges: (textDocument, doc, rangeLimit) => (doc.refused ? [] : json.getFoldingRanges(textDocument, { rangeLimit })),
    getDocumentSymbols: (textDocument, doc) => getDocumentSymbols(doc, textDocument),
    getSelectionRanges: (textDocument, doc, positions) => getSelectionRanges(doc, textDocument, positions),
  };
}
