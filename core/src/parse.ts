// Strict JSON parsing with positions: the tree every feature reads, and the `json-syntax` problems (comments,
// trailing commas, single quotes, ...) with messages that say what to do. Text over the budget (budget.ts) is
// not parsed at all, and a parser failure becomes a problem: parsing never throws.
import { createScanner, Node, ParseError, ParseErrorCode, parseTree, SyntaxKind } from 'jsonc-parser';
import { BudgetProblem, MAX_DEPTH, measure, parseFailure } from './budget';

export interface SyntaxProblem {
  offset: number;
  length: number;
  message: string;
}

export interface ParsedJson {
  root: Node | undefined;
  problems: SyntaxProblem[];
  /** Values and property names in the text (budget.ts counts them). */
  values: number;
  /** Set when the text is over the budget or could not be parsed: there is no tree, and one problem says why. */
  refused?: BudgetProblem;
}

/** Junk input yields an error per token; past this many the rest adds nothing. */
export const MAX_SYNTAX_PROBLEMS = 50;

const PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/**
 * Parses `text` as strict JSON (RFC 8259). A leading byte order mark is ignored, as RFC 8259 allows.
 * `regions` names nodes (the assignments) whose inside is reported on its own, exactly as parseObjectSlice
 * would report it, so re-parsing one of them alone gives the same problems as parsing the whole text.
 */
export function parseStrictJson(text: string, regions: (root: Node) => readonly Node[] = () => []): ParsedJson {
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const measured = measure(source);
  if (measured.over) return refuse(measured.over, measured.values);
  if (isBlank(source)) {
    return {
      root: undefined,
      values: 0,
      problems: [{ offset: 0, length: 0, message: 'The document is empty. An assign body is {"mobileAppAssignments": [ ... ]}.' }],
    };
  }
  try {
    const errors: ParseError[] = [];
    const root = parseTree(source, errors, PARSE_OPTIONS);
    const inside = root && errors.length ? regions(root) : [];
    return { root, problems: describeErrors(source, errors, inside), values: measured.values };
  } catch (error) {
    // The budget keeps the recursive parser far from the stack's end; should anything still fail, the
    // document gets a problem, not the server an exception.
    return refuse(parseFailure(error), measured.values);
  }
}

function refuse(problem: BudgetProblem, values: number): ParsedJson {
  return { root: undefined, values, refused: problem, problems: [{ offset: problem.offset, length: 1, message: problem.message }] };
}

/** Only whitespace; stops at the first other character (String.prototype.trim would copy a large text). */
export function isBlank(text: string): boolean {
  return !/\S/.test(text);
}

/**
 * Parses one element of an array on its own (for incremental re-parsing): succeeds only when the slice is a
 * single object whose brackets nest properly, so the rest of the document would tokenize exactly as before.
 * Offsets in the result are relative to the slice.
 */
export function parseObjectSlice(slice: string): ParsedJson | undefined {
  if (slice.charCodeAt(0) !== 0x7b /* { */ || slice.charCodeAt(slice.length - 1) !== 0x7d /* } */) return undefined;
  const scanner = createScanner(slice, false);
  const stack: SyntaxKind[] = [];
  let kind = scanner.scan();
  while (kind !== SyntaxKind.EOF) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (stack.length >= MAX_DEPTH) return undefined;
      stack.push(kind);
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      const open = stack.pop();
      const matches =
        (kind === SyntaxKind.CloseBraceToken && open === SyntaxKind.OpenBraceToken) ||
        (kind === SyntaxKind.CloseBracketToken && open === SyntaxKind.OpenBracketToken);
      if (!matches) return undefined;
      // The element's own closing brace must be the slice's last character.
      if (stack.length === 0 && scanner.getTokenOffset() + scanner.getTokenLength() !== slice.length) return undefined;
    } else if (stack.length === 0) {
      return undefined;
    }
    // An unterminated string or comment swallows the closing brace, which leaves the stack unbalanced.
    kind = scanner.scan();
  }
  if (stack.length !== 0) return undefined;
  const measured = measure(slice);
  if (measured.over) return undefined;
  try {
    const errors: ParseError[] = [];
    const root = parseTree(slice, errors, PARSE_OPTIONS);
    if (!root || root.type !== 'object' || root.offset !== 0 || root.length !== slice.length) return undefined;
    return { root, problems: describeErrors(slice, errors), values: measured.values };
  } catch {
    return undefined; // the caller parses the whole text, which reports the failure
  }
}

/** The last character before `offset` that is not whitespace, looking back a bounded way (-1: none found). */
function previousNonSpace(text: string, offset: number): number {
  const stop = Math.max(0, offset - 10_000) - 1;
  let i = offset - 1;
  while (i > stop && /\s/.test(text[i])) i--;
  return i;
}

function describeErrors(text: string, errors: ParseError[], regions: readonly Node[] = []): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  let lastReported = -1;
  /** The first line break at or after lastReported (-1: none): errors before it are on the same line. */
  let lineEnd = -1;
  let region = -1;
  let r = 0;
  for (const error of errors) {
    while (r < regions.length && regions[r].offset + regions[r].length <= error.offset) r++;
    const now = r < regions.length && regions[r].offset < error.offset ? r : -1;
    if (now !== region) lastReported = -1;
    region = now;
    // One mistake makes the parser report several errors after it; the first on a line says what is wrong.
    // (Found by looking ahead once per reported error: looking back from every error was quadratic on a long
    // line of junk.)
    if (lastReported >= 0 && (lineEnd < 0 || lineEnd >= error.offset)) continue;
    lastReported = error.offset;
    lineEnd = text.indexOf('\n', lastReported);
    problems.push(describeError(text, error));
    if (problems.length === MAX_SYNTAX_PROBLEMS) {
      problems.push({ offset: error.offset, length: 0, message: 'Too many syntax errors; the rest are not reported.' });
      break;
    }
  }
  return problems;
}

function describeError(text: string, error: ParseError): SyntaxProblem {
  const at = (message: string, offset = error.offset, length = error.length): SyntaxProblem => ({
    offset,
    length: Math.max(length, 1),
    message,
  });
  const char = text[error.offset];
  switch (error.error) {
    case ParseErrorCode.InvalidCommentToken:
    case ParseErrorCode.UnexpectedEndOfComment:
      return at('Comments are not allowed: Graph accepts strict JSON only. Remove the comment.');
    case ParseErrorCode.PropertyNameExpected:
    case ParseErrorCode.ValueExpected: {
      const before = previousNonSpace(text, error.offset);
      if ((char === '}' || char === ']') && text[before] === ',') {
        return at(`Trailing comma before '${char}': strict JSON (and Graph) rejects it. Remove the comma.`, before, 1);
      }
      if (char === "'") return at('Use double quotes (") for strings and property names, not single quotes.');
      return error.error === ParseErrorCode.PropertyNameExpected
        ? at('A property name in double quotes is expected here.')
        : at('A value is expected here: a string, number, object, array, true, false or null.');
    }
    case ParseErrorCode.InvalidSymbol: {
      const token = text.substr(error.offset, Math.min(error.length, 40));
      if (char === "'") return at('Use double quotes (") for strings and property names, not single quotes.');
      if (/^(True|False|Null|TRUE|FALSE|NULL|undefined|NaN|Infinity)$/.test(token)) {
        return at(`'${token}' is not JSON: the literals are true, false and null (lower case).`);
      }
      if (/^[A-Za-z_$]/.test(token)) {
        return at(`Unexpected '${token}': property names and strings need double quotes.`);
      }
      return at(`Unexpected character '${token}'.`);
    }
    case ParseErrorCode.ColonExpected:
      return at('A colon (:) is expected after the property name.');
    case ParseErrorCode.CommaExpected:
      return at('A comma is expected here, between two members or elements.');
    case ParseErrorCode.CloseBraceExpected:
      return at("A '}' is expected to close the object.");
    case ParseErrorCode.CloseBracketExpected:
      return at("A ']' is expected to close the array.");
    case ParseErrorCode.EndOfFileExpected:
      return at('Unexpected content after the end of the document: a payload is one JSON object.');
    case ParseErrorCode.UnexpectedEndOfString:
      return at('Unterminated string: add the closing double quote (a string cannot span lines).');
    case ParseErrorCode.UnexpectedEndOfNumber:
    case ParseErrorCode.InvalidNumberFormat:
      return at('Invalid number.');
    case ParseErrorCode.InvalidUnicode:
      return at('Invalid \\u escape: it needs exactly four hexadecimal digits.');
    case ParseErrorCode.InvalidEscapeCharacter:
      return at('Invalid escape: JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX.');
    case ParseErrorCode.InvalidCharacter:
      return at('Control characters (such as tabs) must be escaped inside strings, e.g. \\t.');
    default:
      return at('Invalid JSON.');
  }
}
