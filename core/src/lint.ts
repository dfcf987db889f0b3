// Whole-file validation for the command line and for files that are not open. Most files in CI are valid:
// the native JSON.parse and a walk that proves a file clean (fastPath.ts) settle those several times faster
// than parsing with positions. Any doubt (a syntax error, a repeated key, anything a rule might report) sends
// the file through the rules with positions, so both paths report exactly what the editor reports.
import { AssignDocument } from './assignDocument';
import { MAX_DOCUMENT_LENGTH, MAX_VALUES } from './budget';
import { provablyClean } from './fastPath';
import type { TypeRegistry } from './graphTypes';
import type { ValidationOptions } from './rules/ruleTypes';
import { JSON_SYNTAX } from './rules/jsonSyntax';
import { ResolvedFinding, Validator } from './validate';

export interface LintOutcome {
  /** Every finding, or with a limit the first ones kept (errors first). */
  findings: ResolvedFinding[];
  /** How many there are in all; undefined when checking stopped at the limit. */
  total: number | undefined;
  /** Proved clean without the rules. */
  fast: boolean;
}

export class Linter {
  private readonly validator: Validator;

  constructor(private readonly registry: TypeRegistry) {
    this.validator = new Validator(registry, { cache: false });
  }

  /**
   * The findings of a whole document, as the editor would report them; `fast` when proved clean cheaply. Never
   * throws: a document over the budget gets the editor's one problem, and a failure of the checking itself
   * becomes a finding, so one file cannot stop a run over many.
   */
  lint(text: string, options: ValidationOptions): { findings: ResolvedFinding[]; fast: boolean } {
    const { findings, fast } = this.lintWithin(text, options, Infinity);
    return { findings, fast };
  }

  /** As lint, keeping at most `limit` findings (errors first) and stopping when nothing more could be kept. */
  lintWithin(text: string, options: ValidationOptions, limit: number): LintOutcome {
    try {
      if (this.provablyClean(text, options)) return { findings: [], total: 0, fast: true };
      const { findings, total } = this.validator.validateWithin(AssignDocument.parse(text), options, limit);
      return { findings, total, fast: false };
    } catch (error) {
      const message = `The document could not be checked: ${error instanceof Error ? error.message : String(error)}. Please report this.`;
      return { findings: [{ rule: JSON_SYNTAX, severity: 'error', offset: 0, length: 0, message }], total: 1, fast: false };
    }
  }

  /** Also within the budget, so the fast path never calls clean what the editor refuses to check. */
  private provablyClean(text: string, options: ValidationOptions): boolean {
    // A clean payload nests as the type map does, far within the depth limit; its size and values are checked.
    if (text.length > MAX_DOCUMENT_LENGTH) return false;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return false;
    }
    // JSON.parse keeps the last of repeated keys silently. The fast path's walk counts the members (and the
    // values); keyColons the members written: fewer members than that means a key repeats.
    const counts = { members: 0, values: 0 };
    if (!provablyClean(value, this.registry.forVersion(options.graphVersion), options, counts)) return false;
    return counts.values + counts.members <= MAX_VALUES && keyColons(text) === counts.members;
  }
}

/**
 * At least the members written in a JSON text: the colons that follow a quote (and whitespace). Every member's
 * colon does, after its key; a colon inside a string does only after an escaped quote (`\":`), which counts
 * one too many and only makes the fast path doubt. The other colons of strings (times, URLs) are passed over.
 */
function keyColons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    let before = i - 1;
    while (before >= 0 && isJsonSpace(text.charCodeAt(before))) before--;
    if (text.charCodeAt(before) === 0x22 /* " */) n++;
  }
  return n;
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
