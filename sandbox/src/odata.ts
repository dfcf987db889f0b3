// The OData query options the sandbox's Graph understands on collections: $filter (a small, strict subset:
// eq/ne/gt/ge/lt/le, and/or/not, parentheses, in (...), startswith/endswith/contains, isof, and `any` lambdas
// over string collections), $search ("text" or "property:text"), $orderby, $select, $count, and paging with
// $top and an opaque $skiptoken. Anything outside the subset is refused with a 400, never silently ignored,
// so a test cannot pass on a filter the sandbox did not apply.

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

/** `"text"` (any of `fields`) or `"property:text"`; terms joined by AND or OR; case-insensitive substring match. */
export function parseSearch(text: string, fields: string[]): (item: Item) => boolean {
  const unquoted = text.trim();
  const terms = unquoted.split(/\s+(AND|OR)\s+/);
  const tests: ((item: Item) => boolean)[] = [];
  const joins: string[] = [];
  terms.forEach((term, i) => {
    if (i % 2 === 1) return void joins.push(term);
    const m = /^"(.*)"$/.exec(term.trim());
    const inner = m ? m[1] : term.trim();
    const colon = /^([A-Za-z][A-Za-z0-9]*):(.*)$/.exec(inner);
    const searchFields = colon ? [colon[1]] : fields;
    const needle = (colon ? colon[2] : inner).toLowerCase();
    if (!needle) throw new ODataError('Syntax error: the $search term is empty.');
    tests.push((item) => searchFields.some((f) => typeof item[f] === 'string' && (item[f] as string).toLowerCase().includes(needle)));
  });
  return (item) => {
    let result = tests[0](item);
    joins.forEach((join, i) => {
      result = join === 'OR' ? result || tests[i + 1](item) : result && tests[i + 1](item);
    });
    return result;
  };
}

export function parseOrderBy(text: string, allowed: string[]): (a: Item, b: Item) => number {
  const keys = text.split(',').map((part) => {
    const m = /^\s*([A-Za-z][A-Za-z0-9]*)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!m) throw new ODataError(`Invalid $orderby: '${part.trim()}'.`);
    if (!allowed.includes(m[1])) throw new ODataError(`$orderby is not supported on '${m[1]}' here (supported: ${allowed.join(', ')}).`);
    return { name: m[1], sign: m[2]?.toLowerCase() === 'desc' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { name, sign } of keys) {
      const x = a[name];
      const y = b[name];
      const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y, 'en', { sensitivity: 'base' }) : x === y ? 0 : String(x) < String(y) ? -1 : 1;
      if (c) return c * sign;
    }
    return 0;
  };
}

/** `$select=a,b`: the named properties, plus `@odata.type` and `id`, which Graph always returns. */
export function applySelect(item: Item, select: string | null): Item {
  if (!select) return item;
  const names = new Set(select.split(',').map((s) => s.trim()).filter(Boolean));
  for (const name of names) if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new ODataError(`Invalid $select: '${name}'.`);
  const out: Item = {};
  for (const [key, value] of Object.entries(item)) if (key === '@odata.type' || key === 'id' || names.has(key)) out[key] = value;
  return out;
}

export const MAX_TOP = 999;

/** `$top` (1..999) or the default page size. */
export function pageSize(top: string | null, fallback: number): number {
  if (top === null) return fallback;
  if (!/^\d+$/.test(top) || Number(top) < 1 || Number(top) > MAX_TOP) throw new ODataError(`Invalid value '${top}' for $top: expected a whole number from 1 to ${MAX_TOP}.`);
  return Number(top);
}

/** The offset an opaque `$skiptoken` of ours stands for. */
export function skipOffset(token: string | null): number {
  if (token === null) return 0;
  const m = /^X'([0-9A-F]{8})'$/.exec(token);
  if (!m) throw new ODataError('The $skiptoken is not valid: use the @odata.nextLink of the previous page as it is.');
  return parseInt(m[1], 16);
}

export function skipToken(offset: number): string {
  return `X'${offset.toString(16).toUpperCase().padStart(8, '0')}'`;
}
