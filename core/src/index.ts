// The validation core's front door: the only module imported from outside core/. Everything is injected —
// the type map (schemas/graph-types.json, which the shells load), documents, options — so the core has no
// editor, no LSP connection and no file system, and a test can hand it any of them.
//
//   const types = new TypeRegistry(typeMapJson);
//   const service = getLanguageService(types);   // the editor's features: validation, completion, hover, ...
//   const linter = new Linter(types);            // whole files at a time, for the command line and CI
export { AssignDocument } from './assignDocument';
export { MAX_DEPTH, MAX_DOCUMENT_LENGTH, MAX_PROBLEMS, MAX_VALUES, measure } from './budget';
export type { BudgetProblem } from './budget';
export { FIX_ALL_KIND } from './codeActions';
export { bindingPath, CONFIG_FILE_NAME, parseConfig, resolveOptions, RULE_LEVELS } from './config';
export type { AppBinding, BaseOptions, Config, ConfigOverride, ConfigProblem, ParsedConfig, RecordedNames } from './config';
export { GraphTypes, NAMESPACE, stripHash, TypeRegistry } from './graphTypes';
export { detectIndentation, formatJson, indentUnit, lineBreakOf } from './format';
export { getLanguageService, toDiagnostic, toDiagnostics } from './languageService';
export type { AssignLanguageService, FormatResult, LanguageServiceOptions } from './languageService';
export { Linter } from './lint';
export type { LintOutcome } from './lint';
export { RULE_DOCS_FILE, ruleDocsUrl } from './ruleDocs';
export { RULES } from './rules';
export type { Finding, Fix, Rule, RuleLevel, Severity, ValidationOptions } from './rules/ruleTypes';
export type { EnumInfo, PropertyInfo, TypeInfo, TypeMap, VersionTypes } from './typeMapFormat';
export type { ResolvedFinding, Validation } from './validate';
export { tenantIdsOf } from './tenant';
export type { DirectoryFilter, DirectoryGroup, TenantFacts, TenantIds, UnavailableReason } from './tenant';
export type { TenantCompletion } from './tenantFeatures';
