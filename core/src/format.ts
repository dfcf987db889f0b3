// Format Document and Format Selection: the layout of the examples (and of JSON.stringify with an indent):
// every non-empty object and array spread one member per line, `{}` and `[]` kept whole, one space after a
// colon, comments kept where they are. One pass over the tokens, linear in the document: nesting past the
// budget's depth or output past its size is refused with a reason, never worked through. The edits are well
// formed (every one has its text, in order, none overlapping) and few: neighbouring changes are joined into
// chunks, so reindenting 5 MB answers a few hundred edits, not a quarter of a million. The tokens are read by a
// scanner of its own that tokenizes as jsonc-parser's does but builds no strings (jsonc-parser's builds each
// token's value, whitespace character by character: most of the time and garbage of formatting 5 MB).
import { SyntaxKind } from 'jsonc-parser';
import { MAX_DEPTH, MAX_DOCUMENT_LENGTH } from './budget';
import type { TextEdit } from './rules/ruleTypes';

export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
  insertFinalNewline?: boolean;
  trimFinalNewlines?: boolean;
}

export interface Formatted {
  edits: TextEdit[];
  /** Set when the document was not formatted, saying why. */
  refused?: string;
}

/** Formatting may not make a document more than this long (nested brackets could otherwise multiply it). */
export const MAX_FORMATTED_LENGTH = 2 * MAX_DOCUMENT_LENGTH;
/** Neighbouring changes closer than this are sent as one edit... */
const JOIN_GAP = 256;
/** ...while it stays this short, well under what an editor diffs to keep the cursor in place. */
const CHUNK_LENGTH = 16 * 1024;

/** The indentation unit the options ask for; a tab size outside 1-16 is taken as 2. */
export function indentUnit(options: Pick<FormatOptions, 'tabSize' | 'insertSpaces'>): string {
  if (!options.insertSpaces) return '\t';
  const size = Number.isInteger(options.tabSize) && options.tabSize >= 1 && options.tabSize <= 16 ? options.tabSize : 2;
  return ' '.repeat(size);
}

/** The line break a document uses (its first one), '\n' when it has none. */
export function lineBreakOf(text: string): string {
  const lf = text.indexOf('\n');
  if (lf > 0 && text.charCodeAt(lf - 1) === 0x0d) return '\r\n';
  if (lf >= 0) return '\n';
  return text.includes('\r') ? '\r' : '\n';
}

/**
 * The edits that format `text`, or only the part of it within [rangeStart, rangeEnd) (the indentation still
 * follows the nesting from the document's start).
 */
export function formatJson(text: string, options: FormatOptions, range?: { start: number; end: number }): Formatted {
  if (text.length > MAX_DOCUMENT_LENGTH) return { edits: [], refused: 'the document is over the size limit' };
  const unit = indentUnit(options);
  const eol = lineBreakOf(text);
  const breaks: string[] = [];
  const lineBreak = (level: number) => (breaks[level] ??= eol + unit.repeat(level));
  const rangeStart = range?.start ?? 0;
  const rangeEnd = range?.end ?? text.length;
  const edits = new Joiner(text);
  const scanner = new Tokens(text);

  let depth = 0;
  let prev: SyntaxKind | undefined;
  /** The last token that is not a comment: what follows a comment is placed as if the comment were not there. */
  let lastToken: SyntaxKind | undefined;
  let prevEnd = 0;
  let prevError = false;
  let breaksInGap = 0;
  let length = 0;

  const replaceGap = (start: number, end: number, wanted: string) => {
    length += wanted.length;
    const inRange = start === end ? start >= rangeStart && start <= rangeEnd : start < rangeEnd && end >= rangeStart;
    if (!inRange) return;
    if (start < rangeStart) {
      // The gap comes into the selection from the line before: only the indentation of the selected line changes.
      const lastBreak = Math.max(text.lastIndexOf('\n', end - 1), text.lastIndexOf('\r', end - 1));
      if (lastBreak < start || !wanted.startsWith(eol)) return;
      start = lastBreak + 1;
      wanted = wanted.slice(eol.length);
    }
    if (!sameText(text, start, end, wanted)) edits.add(start, end - start, wanted);
  };

  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    breaksInGap = scanner.breaks;
    const offset = scanner.start;
    const error = scanner.error;
    const closing = kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken;
    const opening = kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken;
    const level = closing ? Math.max(depth - 1, 0) : depth;
    if (prev === undefined) {
      // Leading whitespace goes, but a byte order mark stays.
      const bom = text.charCodeAt(0) === 0xfeff && offset > 0 ? '\ufeff' : '';
      replaceGap(0, offset, bom);
    } else if (error || prevError) {
      length += offset - prevEnd; // around what is not JSON, the text stays as written
    } else {
      replaceGap(prevEnd, offset, between(prev, lastToken, kind, level, breaksInGap, lineBreak));
    }
    if (opening && ++depth > MAX_DEPTH) return { edits: [], refused: `the document nests more than ${MAX_DEPTH} levels deep` };
    if (closing) depth = level;
    prev = kind;
    if (kind !== SyntaxKind.LineCommentTrivia && kind !== SyntaxKind.BlockCommentTrivia) lastToken = kind;
    prevError = error;
    prevEnd = scanner.pos;
    length += prevEnd - offset;
    if (length > MAX_FORMATTED_LENGTH) return { edits: [], refused: 'the formatted document would be over the size limit' };
    if (prevEnd > rangeEnd) break;
  }
  if (prev !== undefined && prevEnd <= rangeEnd && !prevError) {
    const keepBreak = scanner.breaks > 0 && !options.trimFinalNewlines;
    replaceGap(prevEnd, text.length, options.insertFinalNewline || keepBreak ? eol : '');
  }
  return { edits: edits.done() };
}

/**
 * The whitespace wanted between two tokens; `level` is the indentation of the second on a line of its own, and
 * `lastToken` the last token before it that is not a comment.
 */
function between(prev: SyntaxKind, lastToken: SyntaxKind | undefined, kind: SyntaxKind, level: number, breaks: number, lineBreak: (level: number) => string): string {
  const comment = kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia;
  // After a block comment, as after the token before it (a member after `1, /* note */` starts a new line).
  if (prev === SyntaxKind.BlockCommentTrivia && !comment && lastToken !== undefined && lastToken !== SyntaxKind.BlockCommentTrivia) {
    const wanted = between(lastToken, undefined, kind, level, breaks, lineBreak);
    return wanted === '' ? ' ' : wanted;
  }
  if ((kind === SyntaxKind.CloseBraceToken && prev === SyntaxKind.OpenBraceToken) || (kind === SyntaxKind.CloseBracketToken && prev === SyntaxKind.OpenBracketToken)) {
    return '';
  }
  // A line comment runs to the end of its line: whatever follows starts a new one.
  if (prev === SyntaxKind.LineCommentTrivia) return lineBreak(level);
  // A comment stays on the line it was on, or on a line of its own.
  if (comment) return breaks === 0 ? ' ' : lineBreak(level);
  if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) return lineBreak(level);
  if (prev === SyntaxKind.OpenBraceToken || prev === SyntaxKind.OpenBracketToken) return lineBreak(level);
  if (kind === SyntaxKind.CommaToken || kind === SyntaxKind.ColonToken) return '';
  if (prev === SyntaxKind.CommaToken) return lineBreak(level);
  if (prev === SyntaxKind.ColonToken) return ' ';
  // Two values side by side (a missing comma) or after a block comment: as they were, a line or a space apart.
  return breaks > 0 ? lineBreak(level) : ' ';
}

const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;

/**
 * Tokens as jsonc-parser's scanner cuts them (its whitespace, line breaks, strings that end at a line break,
 * comments, words), by offsets only. Every value is one StringLiteral; what is not JSON is marked `error`.
 */
class Tokens {
  /** Where the token starts, where it ends (pos), line breaks in the whitespace before it, whether it is not JSON. */
  start = 0;
  pos = 0;
  breaks = 0;
  error = false;

  constructor(private readonly text: string) {}

  scan(): SyntaxKind {
    const text = this.text;
    const n = text.length;
    this.breaks = 0;
    this.error = false;
    let c = 0;
    for (; this.pos < n; this.pos++) {
      c = text.charCodeAt(this.pos);
      if (c === 0x0a) this.breaks++;
      else if (c === 0x0d) {
        this.breaks++;
        if (text.charCodeAt(this.pos + 1) === 0x0a) this.pos++;
      } else if (!isWhiteSpace(c)) break;
    }
    this.start = this.pos;
    if (this.pos >= n) return SyntaxKind.EOF;
    this.pos++;
    switch (c) {
      case 0x7b:
        return SyntaxKind.OpenBraceToken;
      case 0x7d:
        return SyntaxKind.CloseBraceToken;
      case 0x5b:
        return SyntaxKind.OpenBracketToken;
      case 0x5d:
        return SyntaxKind.CloseBracketToken;
      case 0x3a:
        return SyntaxKind.ColonToken;
      case 0x2c:
        return SyntaxKind.CommaToken;
      case 0x22:
        // To the closing quote; a backslash takes the next character with it; unterminated at a line break.
        for (; this.pos < n; this.pos++) {
          const s = text.charCodeAt(this.pos);
          if (s === 0x22) {
            this.pos++;
            return SyntaxKind.StringLiteral;
          }
          if (s === 0x5c) this.pos++;
          else if (s === 0x0a || s === 0x0d) break;
        }
        this.pos = Math.min(this.pos, n);
        this.error = true;
        return SyntaxKind.StringLiteral;
      case 0x2f: {
        const next = text.charCodeAt(this.pos);
        if (next === 0x2f) {
          while (this.pos < n && text.charCodeAt(this.pos) !== 0x0a && text.charCodeAt(this.pos) !== 0x0d) this.pos++;
          return SyntaxKind.LineCommentTrivia;
        }
        if (next === 0x2a) {
          const close = text.indexOf('*/', this.pos + 1);
          this.error = close < 0;
          this.pos = close < 0 ? n : close + 2;
          return SyntaxKind.BlockCommentTrivia;
        }
        this.error = true;
        return SyntaxKind.Unknown;
      }
      default: {
        // A word runs to whitespace, a line break or a character that starts another token.
        while (this.pos < n) {
          const w = text.charCodeAt(this.pos);
          if (isWhiteSpace(w) || w === 0x0a || w === 0x0d || w === 0x7b || w === 0x7d || w === 0x5b || w === 0x5d || w === 0x3a || w === 0x2c || w === 0x22 || w === 0x2f) break;
          this.pos++;
        }
        this.error = this.pos - this.start > 400 || !LITERAL.test(text.slice(this.start, this.pos));
        return this.error ? SyntaxKind.Unknown : SyntaxKind.StringLiteral;
      }
    }
  }
}

/** jsonc-parser's whitespace (line breaks apart). */
function isWhiteSpace(c: number): boolean {
  return (
    c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function sameText(text: string, start: number, end: number, wanted: string): boolean {
  if (end - start !== wanted.length) return false;
  for (let i = 0; i < wanted.length; i++) if (text.charCodeAt(start + i) !== wanted.charCodeAt(i)) return false;
  return true;
}

/** Collects edits in document order, joining neighbours into chunks of bounded length. */
class Joiner {
  private readonly edits: TextEdit[] = [];
  private start = -1;
  private end = -1;
  private parts: string[] = [];
  private partsLength = 0;

  constructor(private readonly text: string) {}

  add(offset: number, length: number, replacement: string): void {
    if (this.start >= 0 && offset - this.end <= JOIN_GAP && this.partsLength < CHUNK_LENGTH) {
      const kept = this.text.slice(this.end, offset);
      this.parts.push(kept, replacement);
      this.partsLength += kept.length + replacement.length;
    } else {
      this.flush();
      this.start = offset;
      this.parts = [replacement];
      this.partsLength = replacement.length;
    }
    this.end = offset + length;
  }

  done(): TextEdit[] {
    this.flush();
    return this.edits;
  }

  private flush(): void {
    if (this.start < 0) return;
    this.edits.push({ offset: this.start, length: this.end - this.start, text: this.parts.join('') });
    this.start = -1;
  }
}

/** Lines looked at to tell a document's indentation: enough to see its style, bounded whatever its size. */
const DETECT_LINES = 2000;

/**
 * The indentation unit a document already uses (a tab, or the most common step between the indentation of
 * consecutive lines), read from its first lines; undefined when no line is indented.
 */
export function detectIndentation(text: string): string | undefined {
  let tabs = 0;
  let spaced = 0;
  const steps = new Array<number>(9).fill(0);
  let previous = 0;
  let start = 0;
  for (let line = 0; line < DETECT_LINES && start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let i = start;
    while (i < end && text.charCodeAt(i) === 0x20) i++;
    const spaces = i - start;
    const first = text.charCodeAt(i);
    if (first === 0x09) tabs++;
    else if (i < end && first !== 0x0d) {
      // A line with content: its indentation against the previous one's.
      if (spaces > 0) spaced++;
      const step = spaces - previous;
      if (step > 0 && step <= 8) steps[step]++;
      previous = spaces;
    }
    start = end + 1;
  }
  if (tabs === 0 && spaced === 0) return undefined;
  if (tabs > spaced) return '\t';
  let best = 0;
  for (let step = 1; step <= 8; step++) if (steps[step] > (best ? steps[best] : 0)) best = step;
  return best ? ' '.repeat(best) : undefined;
}
