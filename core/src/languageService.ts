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
  Position,
  Range,
  SelectionRange,
  TextEdit,
} from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../../common/src/constants';
import { AssignDocument } from './assignDocument';
import { ruleDocsUrl } from './ruleDocs';
import { getCodeActions } from './codeActions';
import { CompletionSettings, doComplete } from './completion';
import type { TypeRegistry } from './graphTypes';
import { doHover } from './hover';
import type { ValidationOptions } from './rules/ruleTypes';
import { getDocumentSymbols, getSelectionRanges } from './symbols';
import { ResolvedFinding, Validator } from './validate';

export interface AssignLanguageService {
  /** Findings with severities applied, offsets into the document text. */
  validate(doc: AssignDocument, options: ValidationOptions): ResolvedFinding[];
  doValidation(textDocument: TextDocument, doc: AssignDocument, options: ValidationOptions): Diagnostic[];
  doComplete(textDocument: TextDocument, doc: AssignDocument, position: Position, options: ValidationOptions, settings?: CompletionSettings): CompletionList;
  doHover(textDocument: TextDocument, doc: AssignDocument, position: Position, options: ValidationOptions): Hover | null;
  getCodeActions(textDocument: TextDocument, doc: AssignDocument, range: Range, options: ValidationOptions, only?: string[]): CodeAction[];
  format(textDocument: TextDocument, range: Range | undefined, options: FormattingOptions): TextEdit[];
  getFoldingRanges(textDocument: TextDocument, rangeLimit?: number): FoldingRange[];
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

export interface LanguageServiceOptions {
  /** Where docs/graph-behaviour.md is (a URL the client can open): diagnostics then link to each rule's section. */
  ruleDocs?: string;
}

export function getLanguageService(registry: TypeRegistry, serviceOptions: LanguageServiceOptions = {}): AssignLanguageService {
  const validator = new Validator(registry);
  const json = getJsonLanguageService({});
  return {
    validate: (doc, options) => validator.validate(doc, options),
    doValidation: (textDocument, doc, options) =>
      validator.validate(doc, options).map((f) => toDiagnostic(textDocument, f, serviceOptions.ruleDocs)),
    doComplete: (textDocument, doc, position, options, settings = { snippets: true }) =>
      doComplete(doc, textDocument, position, registry.forVersion(options.graphVersion), settings),
    doHover: (textDocument, doc, position, options) => doHover(doc, textDocument, position, registry.forVersion(options.graphVersion)),
    getCodeActions: (textDocument, doc, range, options, only) =>
      getCodeActions(textDocument, validator.validate(doc, options), range, only, (f) => toDiagnostic(textDocument, f, serviceOptions.ruleDocs), (text) =>
        validator.validate(AssignDocument.parse(text), options),
      ),
    format: (textDocument, range, options) => json.format(textDocument, range, options),
    getFoldingRanges: (textDocument, rangeLimit) => json.getFoldingRanges(textDocument, { rangeLimit }),
    getDocumentSymbols: (textDocument, doc) => getDocumentSymbols(doc, textDocument),
    getSelectionRanges: (textDocument, doc, positions) => getSelectionRanges(doc, textDocument, positions),
  };
}
