// A workspace plan as people and programs read it: text for a terminal, Markdown made to be posted as a
// pull-request comment (what is REMOVED stated loudly, details folded, bounded to what a comment holds), and the
// JSON CI reads. Ids the configuration recorded names for are shown with their names. Text from Graph and from
// files is made safe: printable in a terminal, escaped in Markdown.
import type { RecordedNames } from '../../../core/src';
import type { AssignmentChange } from '../assignmentDiff';
import { shortType } from '../intuneApps';
import { printable } from '../log';
import { summarizeDiff } from '../send';
import { type AppPlan, changedApps, type WorkspacePlan } from './plan';
import { describeMapping } from './promote';

const GUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** GitHub refuses comments over 65,536 characters: the Markdown stops well before. */
export const MAX_MARKDOWN_CHARS = 60_000;
/** Changes listed per app; the rest are counted. */
const MAX_CHANGES_PER_APP = 50;

export interface PlanJson {
  apps: { file: string; appId: string; displayName: string; added: number; changed: number; removed: number; unchanged: number }[];
  changedApps: number;
}

/** `--format json`: exactly the planned apps and the count of those that change. */
export function planJson(plan: WorkspacePlan): PlanJson {
  const apps = plan.apps.flatMap((a) =>
    'plan' in a ? [{ file: a.entry.file, appId: a.plan.appId, displayName: a.plan.app.displayName, added: a.plan.diff.added, changed: a.plan.diff.changed, removed: a.plan.diff.removed, unchanged: a.plan.diff.unchanged }] : [],
  );
  return { apps, changedApps: changedApps(plan).length };
}

/** Ids in a line with the names recorded for them: `group 4d2a… ` -> `group "All Employees" (4d2a…)`. */
export function withNames(text: string, names: RecordedNames | undefined): string {
  if (!names) return text;
  const all = { ...names.groups, ...names.filters, ...names.apps };
  const lower = new Map(Object.entries(all).map(([id, name]) => [id.toLowerCase(), name]));
  return text.replace(GUID_IN_TEXT, (id) => (lower.has(id.toLowerCase()) ? `"${lower.get(id.toLowerCase())}" (${id})` : id));
}

export interface Totals {
  changed: number;
  inSync: number;
  problems: number;
  added: number;
  modified: number;
  removed: number;
  /** Apps that lose assignments. */
  removing: string[];
}

export function totals(plan: WorkspacePlan): Totals {
  const changed = changedApps(plan);
  return {
    changed: changed.length,
    inSync: plan.apps.filter((a) => a.state === 'in-sync').length,
    problems: plan.apps.filter((a) => a.state === 'invalid' || a.state === 'error').length,
    added: changed.reduce((n, a) => n + a.plan.diff.added, 0),
    modified: changed.reduce((n, a) => n + a.plan.diff.changed, 0),
    removed: changed.reduce((n, a) => n + a.plan.diff.removed, 0),
    removing: changed.filter((a) => a.plan.diff.removed > 0).map((a) => a.plan.app.displayName),
  };
}

/** One line: "3 of 300 app(s) change: +3 added, 1 changed, 2 REMOVED; 297 in sync". */
export function summaryLine(plan: WorkspacePlan): string {
  const t = totals(plan);
  const problems = t.problems ? `; ${t.problems} with problems` : '';
  if (!t.changed) return `No changes: ${t.inSync} app(s) in sync${problems}.`;
  return `${t.changed} of ${plan.apps.length} app(s) change: +${t.added} added, ${t.modified} changed, ${t.removed} REMOVED; ${t.inSync} in sync${problems}.`;
}

const MARK: Record<AssignmentChange['kind'], string> = { added: '+ ', removed: '- REMOVED ', changed: '~ ', unchanged: '= ' };

/** The plan for a terminal: the apps that change (each change, loudly what is removed), the problems, a summary. */
export function planText(plan: WorkspacePlan, header: string, names?: RecordedNames): string {
  const lines = [header, ''];
  if (plan.mapping) lines.push(...describeMapping(plan.mapping).map(printable), '');
  for (const a of plan.apps) {
    if (a.state === 'in-sync') continue;
    if (!('plan' in a)) {
      lines.push(`! ${printable(a.entry.file)}: ${a.state === 'invalid' ? 'INVALID' : 'ERROR'}: ${printable(a.message)}`);
      for (const f of (a.state === 'invalid' ? a.findings : undefined)?.slice(0, 5) ?? []) lines.push(`    ${f.rule}: ${printable(f.message)}`);
      continue;
    }
    const { app, diff } = a.plan;
    lines.push(`~ ${printable(a.entry.file)} -> "${printable(app.displayName)}" (${printable(shortType(app['@odata.type']))}, ${a.plan.appId}): ${summarizeDiff(diff)}`);
    const shown = diff.changes.filter((c) => c.kind !== 'unchanged');
    for (const change of shown.slice(0, MAX_CHANGES_PER_APP)) {
      lines.push(`    ${MARK[change.kind]}${printable(withNames(change.label, names))}`);
      for (const detail of change.details) lines.push(`        ${printable(withNames(detail, names))}`);
    }
    if (shown.length > MAX_CHANGES_PER_APP) lines.push(`    ... and ${shown.length - MAX_CHANGES_PER_APP} more`);
  }
  const t = totals(plan);
  if (lines[lines.length - 1] !== '') lines.push('');
  lines.push(`Plan: ${summaryLine(plan)}`);
  if (t.removed) lines.push(`!!! ${t.removed} assignment(s) will be REMOVED from ${t.removing.length} app(s): ${t.removing.map((n) => `"${printable(n)}"`).join(', ')} !!!`);
  return `${lines.join('\n')}\n`;
}

/** Markdown safe to post: no markup, no HTML, no mentions or links from names Graph or a file holds. */
export function md(text: string): string {
  return printable(text).replace(/[\\`*_[\]<>#!|~@&]/g, (c) => `\\${c}`);
}

/** The plan as a pull-request comment. */
export function planMarkdown(plan: WorkspacePlan, title: string, names?: RecordedNames): string {
  const t = totals(plan);
  const out: string[] = [`### ${md(title)}`, '', `**${md(summaryLine(plan))}**`, ''];
  if (t.removed) {
    out.push('> [!CAUTION]', `> **${t.removed} assignment(s) will be REMOVED** from ${t.removing.length} app(s): ${t.removing.map(md).join(', ')}.`, '');
  }
  if (plan.mapping) out.push('<details><summary>Mapping by name</summary>', '', ...describeMapping(plan.mapping).map((l) => `    ${printable(l)}`), '', '</details>', '');
  const problems = plan.apps.filter((a) => !('plan' in a)) as Extract<AppPlan, { message: string }>[];
  if (problems.length) {
    out.push('| File | Problem |', '|---|---|');
    for (const p of problems) out.push(`| \`${p.entry.file.replace(/`/g, "'")}\` | ${p.state === 'invalid' ? '**invalid**' : '**error**'}: ${md(p.message)} |`);
    out.push('');
  }
  const changed = changedApps(plan);
  if (changed.length) {
    out.push('| App | File | Added | Changed | Removed | Unchanged |', '|---|---|---:|---:|---:|---:|');
    for (const a of changed) {
      const d = a.plan.diff;
      out.push(`| ${md(a.plan.app.displayName)} | \`${a.entry.file.replace(/`/g, "'")}\` | ${d.added} | ${d.changed} | ${d.removed ? `**${d.removed} REMOVED**` : '0'} | ${d.unchanged} |`);
    }
    out.push('');
    for (const a of changed) {
      const section = [`<details><summary>${md(a.plan.app.displayName)}: ${md(summarizeDiff(a.plan.diff))}</summary>`, ''];
      const shown = a.plan.diff.changes.filter((c) => c.kind !== 'unchanged');
      for (const change of shown.slice(0, MAX_CHANGES_PER_APP)) {
        const label = md(withNames(change.label, names));
        section.push(change.kind === 'removed' ? `- **REMOVED** ${label}` : `- ${change.kind}: ${label}`);
        for (const detail of change.details) section.push(`  - ${md(withNames(detail, names))}`);
      }
      if (shown.length > MAX_CHANGES_PER_APP) section.push(`- … and ${shown.length - MAX_CHANGES_PER_APP} more`);
      section.push('', '</details>', '');
      if (out.join('\n').length + section.join('\n').length > MAX_MARKDOWN_CHARS - 200) {
        out.push(`_The details of the other apps are left out: the comment would be too long. Run \`intune-assign plan\` for all of them._`);
        break;
      }
      out.push(...section);
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
