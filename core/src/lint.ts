// Whole-file validation for the command line and for files that are not open. Most files in CI are valid:
// the native JSON.parse and a walk that proves a file clean (fastPath.ts) settle those several times faster
// than parsing with positions. Any doubt (a syntax error, a repeated key, anything a rule might report) sends
// the file through the rules with positions, so both paths report exactly what the editor reports.
import { AssignDocument } from './assignDocument';
import { provablyClean } from './fastPath';
import type { TypeRegistry } from './graphTypes';
import type { ValidationOptions } from './rules/ruleTypes';
import { ResolvedFinding, Validator } from './validate';

export class Linter {
  private readonly validator: Validator;

  constructor(private readonly registry: TypeRegistry) {
    this.validator = new Validator(registry, { cache: false });
  }

  /** The findings of a whole document, as the editor would report them; `fast` when proved clean cheaply. */
  lint(text: string, options: ValidationOptions): { findings: ResolvedFinding[]; fast: boolean } {
    if (this.provablyClean(text, options)) return { findings: [], fast: true };
    return { findings: this.validator.validate(AssignDocument.parse(text), options), fast: false };
  }

  private provablyClean(text: string, options: ValidationOptions): boolean {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return false;
    }
    // JSON.parse keeps the last of repeated keys silently: every member has exactly one ':' outside strings,
    // so fewer members than such colons means a key repeats (escaped colons only make this more cautious). The
    // fast path's walk counts the members and the colons inside strings as it goes.
    const counts = { members: 0, colonsInStrings: 0 };
    if (!provablyClean(value, this.registry.forVersion(options.graphVersion), options, counts)) return false;
    return colonsIn(text) - counts.colonsInStrings === counts.members;
  }
}

function colonsIn(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) n++;
  return n;
}
