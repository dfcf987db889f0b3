// Collections of the sandbox's Graph and their query options: $filter (odataFilter.ts), $search ("text" or
// "property:text"), $orderby, $select, $count, and paging with $top and an opaque $skiptoken, each page with
// an absolute @odata.nextLink on the sandbox's own origin that keeps every other option. Options a collection
// does not take are refused with a 400, never silently ignored.
import { IsA, Item, ODataError, parseFilter } from './odataFilter';
import type { GraphReply, GraphRequest } from './request';

export interface CollectionOptions {
  search: string[];
  orderBy: string[];
  /** Items a page holds when $top is not given. */
  pageSize: number;
  /** The largest $top taken. */
  maxTop: number;
  /** $expand is read by the caller (apps' assignments); elsewhere it is refused. */
  expandable?: boolean;
  /** How isof() decides (default: the item's own @odata.type). */
  isA?: IsA;
  /** $search matches the start of words (the directory's tokenized search) instead of any substring. */
  tokenized?: boolean;
}

/** Intune's lists page at 1,000 items and take $top up to 1,000 (what tools report of the service in practice). */
export const INTUNE_PAGE_SIZE = 1000;

/** One entity as Graph answers it: its @odata.context, its members with $select applied, then `expanded`. */
export function entity(item: Item, request: GraphRequest, contextPath: string, expanded: Item = {}): GraphReply {
  return { status: 200, json: { '@odata.context': `${request.base}/$metadata#${contextPath}/$entity`, ...applySelect(item, request.query.get('$select')), ...expanded } };
}

export function collection(items: Item[], request: GraphRequest, contextPath: string, options: CollectionOptions): GraphReply {
  const q = request.query;
  const known = ['$filter', '$search', '$orderby', '$select', '$top', '$skiptoken', '$count', ...(options.expandable ? ['$expand'] : [])];
  for (const key of q.keys()) if (key.startsWith('$') && !known.includes(key)) throw new ODataError(`Query option '${key}' is not supported by the sandbox here.`);
  let list = items;
  const filter = q.get('$filter');
  if (filter) list = list.filter(parseFilter(filter, options.isA ?? plainIsA));
  const search = q.get('$search');
  if (search) list = list.filter(parseSearch(search, options.search, options.tokenized ?? false));
  const orderBy = q.get('$orderby');
  if (orderBy) list = [...list].sort(parseOrderBy(orderBy, options.orderBy));
  const top = pageSize(q.get('$top'), options.pageSize, options.maxTop);
  const offset = skipOffset(q.get('$skiptoken'));
  // An expanded navigation property survives $select, as in Graph.
  const pageItems = list.slice(offset, offset + top).map((item) => ({ ...applySelect(item, q.get('$select')), ...(item.assignments ? { assignments: item.assignments } : {}) }));
  const json: Record<string, unknown> = { '@odata.context': `${request.base}/$metadata#${contextPath}` };
  if (q.get('$count') === 'true') json['@odata.count'] = list.length;
  if (offset + top < list.length) json['@odata.nextLink'] = nextLink(request, top, offset + top);
  json.value = pageItems;
  return { status: 200, json };
}

/** The same request for the next page: every option kept, on the sandbox's own origin. */
function nextLink(request: GraphRequest, top: number, offset: number): string {
  const parts: string[] = [];
  for (const [key, value] of request.query) if (key !== '$top' && key !== '$skiptoken') parts.push(`${encodeQueryKey(key)}=${encodeURIComponent(value)}`);
  parts.push(`$top=${top}`, `$skiptoken=${encodeURIComponent(skipToken(offset))}`);
  return `${request.base}${request.path}?${parts.join('&')}`;
}

function encodeQueryKey(key: string): string {
  return key.startsWith('$') ? `$${encodeURIComponent(key.slice(1))}` : encodeURIComponent(key);
}

function plainIsA(item: Item, type: string): boolean {
  return String(item['@odata.type'] ?? '').replace(/^#/, '') === type;
}

/**
 * `"text"` (any of `fields`) or `"property:text"`; terms joined by AND or OR; case-insensitive, matching any
 * substring or, `tokenized`, the start of a word (words split at spaces, punctuation and lower-to-upper case).
 */
function parseSearch(text: string, fields: string[], tokenized: boolean): (item: Item) => boolean {
  const matches = (value: string, needle: string) =>
    tokenized
      ? value.toLowerCase().startsWith(needle) ||
        value
          .replace(/([a-z])([A-Z])/g, '$1 $2')
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .some((word) => word.startsWith(needle))
      : value.toLowerCase().includes(needle);
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
    tests.push((item) => searchFields.some((f) => typeof item[f] === 'string' && matches(item[f] as string, needle)));
  });
  return (item) => {
    let result = tests[0](item);
    joins.forEach((join, i) => {
      result = join === 'OR' ? result || tests[i + 1](item) : result && tests[i + 1](item);
    });
    return result;
  };
}

function parseOrderBy(text: string, allowed: string[]): (a: Item, b: Item) => number {
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

/** `$top` (1..max) or the default page size. */
function pageSize(top: string | null, fallback: number, max: number): number {
  if (top === null) return fallback;
  if (!/^\d+$/.test(top) || Number(top) < 1 || Number(top) > max) throw new ODataError(`Invalid value '${top}' for $top: expected a whole number from 1 to ${max}.`);
  return Number(top);
}

/** The offset an opaque `$skiptoken` of ours stands for. */
function skipOffset(token: string | null): number {
  if (token === null) return 0;
  const m = /^X'([0-9A-F]{8})'$/.exec(token);
  if (!m) throw new ODataError('The $skiptoken is not valid: use the @odata.nextLink of the previous page as it is.');
  return parseInt(m[1], 16);
}

function skipToken(offset: number): string {
  return `X'${offset.toString(16).toUpperCase().padStart(8, '0')}'`;
}
