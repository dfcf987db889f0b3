// The editor's features that show the tenant, from facts a shell hands in: completion items for a group or
// filter id (the name shown, the id inserted), hover on an id (name, kind, description; a filter's platform and
// rule), and inlay hints after each id with its display name. Names come from the tenant: they are shown as
// text (Markdown escaped), never as markup.
import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionItem,
  CompletionItemKind,
  type Hover,
  type InlayHint,
  MarkupKind,
  type Range,
} from 'vscode-languageserver-types';
import { describeGroup, type DirectoryFilter, type DirectoryGroup, platformName, type UnavailableReason, unavailableText } from '../../common/src/tenant';
import type { AssignDocument } from './assignDocument';
import { FAMILY_NAMES, filterFamily, type PlatformFamily, type TenantFacts, tenantIdAt } from './tenant';
import { FILTER_ID, GROUP_ID, membersOf, ODATA_TYPE } from './walker';
import { isGroupTarget } from './tenant';
import { stripHash } from './graphTypes';

/** What completion of an id offers: the groups matching what was typed, or the tenant's filters. */
export interface TenantCompletion {
  groups?: readonly DirectoryGroup[];
  filters?: readonly DirectoryFilter[];
  /** A search is still under way: the client should ask again as the user types. */
  incomplete?: boolean;
  unavailable?: UnavailableReason;
}

/** Completion items for a group or filter id: `typed` is the text typed so far inside the quotes. */
export function tenantCompletionItems(
  kind: 'group' | 'filter',
  typed: string,
  tenant: TenantCompletion,
  replace: Range,
  comma: boolean,
  family: PlatformFamily | undefined,
): CompletionItem[] {
  const suffix = comma ? ',' : '';
  // The server matched the names (Graph's search matches any word of a name): a name the typed text does not
  // start is still shown, so the client's own filtering sees the typed text first.
  const filterText = (name: string) => (name.toLowerCase().startsWith(typed.toLowerCase()) ? `"${name}"` : `"${typed}${name}"`);
  if (kind === 'group') {
    return (tenant.groups ?? []).map((group, i) => ({
      label: group.displayName,
      labelDetails: { description: describeGroup(group) },
      kind: CompletionItemKind.Reference,
      detail: describeGroup(group),
      documentation: { kind: MarkupKind.Markdown, value: groupMarkdown(group, false) },
      textEdit: { range: replace, newText: `"${group.id}"${suffix}` },
      filterText: filterText(group.displayName),
      sortText: String(i).padStart(5, '0'),
    }));
  }
  const filters = [...(tenant.filters ?? [])].filter((f) => f.displayName.toLowerCase().includes(typed.toLowerCase()) || f.id.startsWith(typed.toLowerCase()));
  return filters.map((filter, i) => {
    const theirs = filterFamily(filter.platform);
    const fits = !family || !theirs || theirs === family;
    return {
      label: filter.displayName,
      labelDetails: { description: fits ? platformName(filter.platform) : `${platformName(filter.platform)}: not for this ${FAMILY_NAMES[family!]} app` },
      kind: CompletionItemKind.Reference,
      detail: `Assignment filter · ${platformName(filter.platform)}`,
      documentation: { kind: MarkupKind.Markdown, value: filterMarkdown(filter, false) },
      textEdit: { range: replace, newText: `"${filter.id}"${suffix}` },
      filterText: filterText(filter.displayName),
      // Filters of the app's platform first.
      sortText: `${fits ? 0 : 1}${String(i).padStart(5, '0')}`,
    };
  });
}

/** Hover on a group or filter id: what the tenant has under it, or why that is not known. Null: not on an id. */
export function tenantHover(doc: AssignDocument, textDocument: TextDocument, offset: number, facts: TenantFacts | undefined): Hover | null {
  const at = tenantIdAt(doc, offset);
  if (!at || !facts) return null;
  const known = at.kind === 'group' ? facts.groups.get(at.id) : facts.filters.get(at.id);
  const what = at.kind === 'group' ? 'group' : 'assignment filter';
  let value: string;
  if (known === undefined) {
    if (!facts.unavailable) return null;
    value = `The ${what} \`${at.id}\`: ${escape(unavailableText(facts.unavailable))}.`;
  } else if (known === null) {
    value = `**No such ${what}** in the signed-in tenant: \`${at.id}\` was deleted, or never existed.`;
  } else {
    value = at.kind === 'group' ? groupMarkdown(known as DirectoryGroup, facts.stale ?? false) : filterMarkdown(known as DirectoryFilter, facts.stale ?? false);
  }
  return {
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: textDocument.positionAt(at.node.offset), end: textDocument.positionAt(at.node.offset + at.node.length) },
  };
}

/** An inlay hint after each known id in `range` with the display name (and a note when the tenant has none). */
export function tenantInlayHints(doc: AssignDocument, textDocument: TextDocument, range: Range, facts: TenantFacts | undefined): InlayHint[] {
  if (!facts || doc.refused) return [];
  const start = textDocument.offsetAt(range.start);
  const end = textDocument.offsetAt(range.end);
  const hints: InlayHint[] = [];
  // A hint sits after its id: only the ids ending within the range get one (and a position).
  const inRange = (node: Node) => node.offset + node.length >= start && node.offset + node.length <= end;
  const assignments = doc.assignments;
  for (let i = Math.max(0, doc.assignmentIndexAt(start)); i < assignments.length; i++) {
    const element = assignments[i];
    if (element.offset > end) break;
    if (element.offset + element.length < start || element.type !== 'object') continue;
    const target = membersOf(element).get('target')?.children?.[1];
    if (target?.type !== 'object') continue;
    const members = membersOf(target);
    const type = members.get(ODATA_TYPE)?.children?.[1];
    const group = members.get(GROUP_ID)?.children?.[1];
    if (group?.type === 'string' && type?.type === 'string' && inRange(group) && isGroupTarget(stripHash(type.value as string))) {
      hint(hints, textDocument, group.offset + group.length, facts.groups.get((group.value as string).toLowerCase()), 'group', facts.stale);
    }
    const filter = members.get(FILTER_ID)?.children?.[1];
    if (filter?.type === 'string' && filter.value !== '' && inRange(filter)) {
      hint(hints, textDocument, filter.offset + filter.length, facts.filters.get((filter.value as string).toLowerCase()), 'filter', facts.stale);
    }
  }
  return hints;
}

function hint(hints: InlayHint[], textDocument: TextDocument, offset: number, known: DirectoryGroup | DirectoryFilter | null | undefined, kind: 'group' | 'filter', stale: boolean | undefined): void {
  if (known === undefined) return;
  const label = known === null ? `no such ${kind}` : `${known.displayName}${stale ? ' (stale)' : ''}`;
  const tooltip =
    known === null
      ? `The signed-in tenant has no ${kind === 'group' ? 'group' : 'assignment filter'} with this id.`
      : kind === 'group'
        ? describeGroup(known as DirectoryGroup)
        : `Assignment filter · ${platformName((known as DirectoryFilter).platform)}`;
  hints.push({ position: textDocument.positionAt(offset), label, paddingLeft: true, tooltip: stale ? `${tooltip} Read earlier: may be stale.` : tooltip });
}

function groupMarkdown(group: DirectoryGroup, stale: boolean): string {
  const lines = [`**${escape(group.displayName)}** · ${describeGroup(group)}`];
  if (group.description) lines.push('', escape(group.description));
  lines.push('', `Group \`${group.id}\`${stale ? ' · read earlier, may be stale' : ''}`);
  return lines.join('\n');
}

function filterMarkdown(filter: DirectoryFilter, stale: boolean): string {
  const lines = [`**${escape(filter.displayName)}** · assignment filter for ${escape(platformName(filter.platform))}`];
  if (filter.description) lines.push('', escape(filter.description));
  if (filter.rule) lines.push('', `Rule: ${code(filter.rule)}`);
  lines.push('', `Filter \`${filter.id}\`${stale ? ' · read earlier, may be stale' : ''}`);
  return lines.join('\n');
}

/** Text from the tenant as Markdown text: every character Markdown could read as markup is escaped. */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** A code span that holds any text: fenced with more backticks than the text has in a row. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text.replace(/\r?\n/g, ' ')} ${fence}`;
}
