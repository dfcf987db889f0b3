// OData $filter as the sandbox's Graph understands it: a small, strict subset (eq/ne/gt/ge/lt/le, and/or/not,
// parentheses, in (...), startswith/endswith/contains, isof, and `any`/`all` lambdas over collections).
// Anything outside the subset is refused with a 400, never silently ignored, so a test cannot pass on a filter
// the sandbox did not apply. The other query options are in collection.ts.

export class ODataError extends Error {}

export type Item = Record<string, unknown>;

/** How `isof('microsoft.graph.x')` decides: is the item's type x or derived from it. */
export type IsA = (item: Item, qualifiedType: string) => boolean;

type Token = { kind: 'string' | 'number' | 'word' | 'punct'; text: string; value?: string | number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ODataError('Invalid filter clause: unterminated string literal.');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ kind: 'string', text: `'${value}'`, value });
    } else if ('(),/:'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(text.slice(i));
      if (!m) throw new ODataError(`Invalid filter clause: unexpected '${c}'.`);
      tokens.push({ kind: 'number', text: m[0], value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_@#]/.test(c)) {
      const m = /^[A-Za-z_@#][A-Za-z0-9_.@#]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    } else {
      throw new ODataError(`Invalid filter clause: unexpected '${c}'.`);
    }
  }
  return tokens;
}

type Predicate = (item: Item, scope: Record<string, unknown>) => boolean;
type Operand = (item: Item, scope: Record<string, unknown>) => unknown;

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['startswith', 'endswith', 'contains']);

class FilterParser {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly isA: IsA,
  ) {}

  parse(): Predicate {
    const predicate = this.or();
    if (this.i < this.tokens.length) throw new ODataError(`Invalid filter clause: unexpected '${this.tokens[this.i].text}'.`);
    return predicate;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private take(text?: string): Token {
    const token = this.tokens[this.i];
    if (!token) throw new ODataError('Invalid filter clause: the expression ends too early.');
    if (text !== undefined && token.text.toLowerCase() !== text) throw new ODataError(`Invalid filter clause: expected '${text}' but found '${token.text}'.`);
    this.i++;
    return token;
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && t.text.toLowerCase() === text;
  }

  private or(): Predicate {
    let left = this.and();
    while (this.isWord('or')) {
      this.take();
      const a = left;
      const b = this.and();
      left = (item, scope) => a(item, scope) || b(item, scope);
    }
    return left;
  }

  private and(): Predicate {
    let left = this.unary();
    while (this.isWord('and')) {
      this.take();
      const a = left;
      const b = this.unary();
      left = (item, scope) => a(item, scope) && b(item, scope);
    }
    return left;
  }

  private unary(): Predicate {
    if (this.isWord('not')) {
      this.take();
      const inner = this.unary();
      return (item, scope) => !inner(item, scope);
    }
    if (this.peek()?.text === '(') {
      this.take('(');
      const inner = this.or();
      this.take(')');
      return inner;
    }
    return this.primary();
  }

  private primary(): Predicate {
    const token = this.take();
    if (token.kind !== 'word') throw new ODataError(`Invalid filter clause: expected a property or a function, found '${token.text}'.`);
    const name = token.text;
    const lower = name.toLowerCase();
    if (lower === 'isof' && this.peek()?.text === '(') {
      this.take('(');
      const arg = this.take();
      const type = arg.kind === 'string' ? String(arg.value) : arg.text;
      this.take(')');
      const qualified = type.replace(/^#/, '');
      return (item) => this.isA(item, qualified);
    }
    if (FUNCTIONS.has(lower) && this.peek()?.text === '(') {
      this.take('(');
      const subject = this.operand();
      this.take(',');
      const argument = this.operand();
      this.take(')');
      return (item, scope) => {
        const s = subject(item, scope);
        const a = argument(item, scope);
        if (typeof s !== 'string' || typeof a !== 'string') return false;
        const [x, y] = [s.toLowerCase(), a.toLowerCase()];
        return lower === 'startswith' ? x.startsWith(y) : lower === 'endswith' ? x.endsWith(y) : x.includes(y);
      };
    }
    // A property path, then an operator, `in (...)` or `/any(x: ...)`.
    const path = [name];
    while (this.peek()?.text === '/') {
      this.take('/');
      const segment = this.take();
      if (segment.kind !== 'word') throw new ODataError(`Invalid filter clause: expected a property after '/', found '${segment.text}'.`);
      if (['any', 'all'].includes(segment.text.toLowerCase()) && this.peek()?.text === '(') return this.lambda(path, segment.text.toLowerCase() as 'any' | 'all');
      path.push(segment.text);
    }
    const subject = propertyOperand(path);
    const op = this.take();
    const opText = op.text.toLowerCase();
    if (opText === 'in') {
      this.take('(');
      const values: Operand[] = [this.operand()];
      while (this.peek()?.text === ',') {
        this.take(',');
        values.push(this.operand());
      }
      this.take(')');
      return (item, scope) => values.some((v) => equal(subject(item, scope), v(item, scope)));
    }
    if (!COMPARISONS.has(opText)) throw new ODataError(`Invalid filter clause: unsupported operator '${op.text}'.`);
    const right = this.operand();
    return (item, scope) => compare(opText, subject(item, scope), right(item, scope));
  }

  private lambda(path: string[], kind: 'any' | 'all'): Predicate {
    this.take('(');
    const variable = this.take();
    if (variable.kind !== 'word') throw new ODataError('Invalid filter clause: a lambda needs a variable name.');
    this.take(':');
    const body = this.or();
    this.take(')');
    const collection = propertyOperand(path);
    return (item, scope) => {
      const values = collection(item, scope);
      if (!Array.isArray(values)) return false;
      const test = (v: unknown) => body(item, { ...scope, [variable.text]: v });
      return kind === 'any' ? values.some(test) : values.every(test);
    };
  }

  private operand(): Operand {
    const token = this.take();
    if (token.kind === 'string' || token.kind === 'number') {
      const value = token.value;
      return () => value;
    }
    if (token.kind === 'word') {
      const lower = token.text.toLowerCase();
      if (lower === 'true') return () => true;
      if (lower === 'false') return () => false;
      if (lower === 'null') return () => null;
      const path = [token.text];
      while (this.peek()?.text === '/') {
        this.take('/');
        path.push(this.take().text);
      }
      return propertyOperand(path);
    }
    throw new ODataError(`Invalid filter clause: unexpected '${token.text}'.`);
  }
}

function propertyOperand(path: string[]): Operand {
  return (item, scope) => {
    let value: unknown = Object.hasOwn(scope, path[0]) ? scope[path[0]] : item[path[0]];
    for (const segment of path.slice(1)) value = value !== null && typeof value === 'object' ? (value as Item)[segment] : undefined;
    return value;
  };
}

/** Directory and Intune string comparisons are case-insensitive. */
function equal(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return (a ?? null) === (b ?? null);
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (op === 'eq') return equal(a, b);
  if (op === 'ne') return !equal(a, b);
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const [x, y] = typeof a === 'string' && typeof b === 'string' ? [a.toLowerCase(), b.toLowerCase()] : [a, b];
  if (typeof x !== typeof y) return false;
  const xs = x as number | string;
  const ys = y as number | string;
  return op === 'gt' ? xs > ys : op === 'ge' ? xs >= ys : op === 'lt' ? xs < ys : xs <= ys;
}

export function parseFilter(text: string, isA: IsA): (item: Item) => boolean {
  if (text.length > 2000) throw new ODataError('Invalid filter clause: the expression is too long.');
  const predicate = new FilterParser(tokenize(text), isA).parse();
  return (item) => predicate(item, {});
}
