// The budget every document is held to, in one place: how deep it may nest, how large it may be, and how many
// problems are kept. Parsing, validation, formatting, the outline and folding all stay within it, so hostile
// text costs no more than a large valid payload, and a document over it gets one clear problem instead of work.
// The measuring pass reads strings and comments exactly as jsonc-parser's scanner does (a '"' inside a comment
// starts nothing; a backslash escapes whatever follows it), so no text can hide its nesting from the guard.

/** Deeper than any assign payload (about 6 levels) by far, shallow enough for every recursive walk. */
export const MAX_DEPTH = 128;
/** Characters (UTF-16 code units). A real payload of this size holds some 15,000 assignments. */
export const MAX_DOCUMENT_LENGTH = 8 * 1024 * 1024;
/**
 * Values and property names. A realistic payload has one every 18-25 characters, so any document under the size
 * limit that looks like a payload is under this too; `[1,1,1,...]` reaches it at 2 MB.
 */
export const MAX_VALUES = 500_000;
/** Problems kept per document in the editor: more than anyone reads; past it, errors are kept first. */
export const MAX_PROBLEMS = 1000;

export type BudgetKind = 'size' | 'values' | 'depth';

export interface BudgetProblem {
  kind: BudgetKind;
  /** Where the limit was passed (0 for the size). */
  offset: number;
  message: string;
}

export interface Measure {
  /** Values and property names (strings, numbers, literals, objects, arrays, and words that are none of them). */
  values: number;
  /** The first limit passed, if any: the document is not worked on. */
  over?: BudgetProblem;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function sizeProblem(length: number): BudgetProblem {
  return {
    kind: 'size',
    offset: 0,
    message: `The document has ${fmt(length)} characters, over the limit of ${fmt(MAX_DOCUMENT_LENGTH)} (8 MB, some 15,000 assignments): it is not checked. Split it into one file per app.`,
  };
}

/**
 * One pass over `text` counting values and nesting, stopping at the first limit passed. Linear, no allocation,
 * no recursion: safe on any input.
 */
export function measure(text: string): Measure {
  if (text.length > MAX_DOCUMENT_LENGTH) return { values: 0, over: sizeProblem(text.length) };
  const n = text.length;
  let depth = 0;
  let values = 0;
  let inWord = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    switch (c) {
      case 0x22 /* " */: {
        inWord = false;
        if (++values > MAX_VALUES) return { values, over: valuesProblem(i) };
        // A string ends at its closing quote or, unterminated, at a line break; a backslash takes the next
        // character with it, whatever it is (the scanner does the same).
        for (i++; i < n; i++) {
          const s = text.charCodeAt(i);
          if (s === 0x5c /* \ */) i++;
          else if (s === 0x22 || s === 0x0a || s === 0x0d) break;
        }
        break;
      }
      case 0x2f /* / */: {
        inWord = false;
        const next = text.charCodeAt(i + 1);
        if (next === 0x2f) {
          // A line comment runs to the line break.
          for (i += 2; i < n; i++) {
            const s = text.charCodeAt(i);
            if (s === 0x0a || s === 0x0d) break;
          }
        } else if (next === 0x2a /* * */) {
          // A block comment runs to */ or, unterminated, to the end.
          const close = text.indexOf('*/', i + 2);
          i = close < 0 ? n : close + 1;
        }
        break;
      }
      case 0x7b /* { */:
      case 0x5b /* [ */:
        inWord = false;
        if (++values > MAX_VALUES) return { values, over: valuesProblem(i) };
        if (++depth > MAX_DEPTH) return { values, over: depthProblem(i) };
        break;
      case 0x7d /* } */:
      case 0x5d /* ] */:
        inWord = false;
        if (depth > 0) depth--;
        break;
      case 0x3a /* : */:
      case 0x2c /* , */:
      case 0x20:
      case 0x09:
      case 0x0a:
      case 0x0d:
        inWord = false;
        break;
      default:
        // Numbers, true/false/null and stray words: one value each, however long.
        if (!inWord) {
          inWord = true;
          if (++values > MAX_VALUES) return { values, over: valuesProblem(i) };
        }
    }
  }
  return { values };
}

function valuesProblem(offset: number): BudgetProblem {
  return {
    kind: 'values',
    offset,
    message: `The document has more than ${fmt(MAX_VALUES)} values, far more than any assign body (some 30 per assignment): it is not checked.`,
  };
}

function depthProblem(offset: number): BudgetProblem {
  return {
    kind: 'depth',
    offset,
    message: `Nested more than ${MAX_DEPTH} levels deep: this is not an assign body (which nests about 6 levels). Nothing else is checked.`,
  };
}

/** What a parser's stack overflow (or any other failure while parsing) becomes: a problem, never a crash. */
export function parseFailure(error: unknown): BudgetProblem {
  const overflow = error instanceof RangeError;
  return {
    kind: 'depth',
    offset: 0,
    message: overflow
      ? `The document nests too deeply to be read (${error.message}). Nothing else is checked.`
      : `The document could not be read: ${error instanceof Error ? error.message : String(error)}. Nothing else is checked.`,
  };
}
