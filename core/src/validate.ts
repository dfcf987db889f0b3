// Validation: parse problems + every rule over every assignment -> findings with severities applied. Results
// of each assignment are cached by its node, which survives incremental re-parsing of other assignments, so an
// edit re-validates only the assignment it touched (plus the cheap whole-document rules).
import type { Node } from 'jsonc-parser';
import type { AssignDocument } from './assignDocument';
import type { TypeRegistry } from './graphTypes';
import { RULES, RULES_BY_NAME } from './rules';
import { JSON_SYNTAX } from './rules/jsonSyntax';
import type { AssignmentSummary, DocumentVisit, Finding, RuleContext, RuleHooks, Severity, ValidationOptions } from './rules/ruleTypes';
import { walkAssignment } from './walker';

export interface ResolvedFinding extends Finding {
  severity: Severity;
}

interface CachedAssignment {
  /** Offsets relative to the assignment node's offset. */
  findings: Finding[];
  summary: AssignmentSummary;
}

export class Validator {
  /** One cache per combination of the options rules read (severities are applied after the cache). */
  private readonly caches = new Map<string, WeakMap<Node, CachedAssignment>>();

  /**
   * `cache: false` for documents validated once (the command line): caching what will never be asked again
   * only costs time.
   */
  constructor(
    private readonly registry: TypeRegistry,
    private readonly options: { cache: boolean } = { cache: true },
  ) {}

  validate(doc: AssignDocument, options: ValidationOptions): ResolvedFinding[] {
    const key = `${options.graphVersion}|${options.cloud}|${options.appType ?? ''}`;
    let cache = this.options.cache ? this.caches.get(key) : undefined;
    if (!cache && this.options.cache) this.caches.set(key, (cache = new WeakMap()));
    const findings: Finding[] = doc.problems.map((p) => ({
      rule: JSON_SYNTAX,
      offset: p.offset,
      length: p.length,
      message: p.message,
    }));
    const types = this.registry.forVersion(options.graphVersion);
    let sink: Finding[] = findings;
    const ctx: RuleContext = { types, options, text: doc.text, report: (f) => sink.push(f) };

    // Rules do not judge text that is not JSON yet: an assignment with a syntax error is skipped, and so are
    // the whole-document rules when the syntax error is outside every assignment.
    const problems = doc.problems;
    let next = 0;
    let brokenOutside = false;
    const summaries: AssignmentSummary[] = [];
    doc.assignments.forEach((node, index) => {
      const end = node.offset + node.length;
      for (; next < problems.length && problems[next].offset < node.offset; next++) brokenOutside = true;
      let broken = false;
      for (; next < problems.length && problems[next].offset <= end; next++) broken = true;
      if (broken || node.type !== 'object') return;
      if (!cache) {
        summaries.push(walkAssignment(node, index, HOOKS, ctx));
        return;
      }
      let cached = cache.get(node);
      if (!cached) {
        sink = [];
        const summary = walkAssignment(node, index, HOOKS, ctx);
        cached = { findings: sink.map((f) => shift(f, -node.offset)), summary: shiftSummary(summary, -node.offset) };
        cache.set(node, cached);
        sink = findings;
      }
      for (const f of cached.findings) findings.push(shift(f, node.offset));
      summaries.push({ ...shiftSummary(cached.summary, node.offset), index, node });
    });

    if (next < problems.length) brokenOutside = true;
    if (brokenOutside) return resolveSeverities(findings, options);
    const visit: DocumentVisit = {
      root: doc.root,
      assignmentsProperty: doc.assignmentsProperty,
      assignmentsArray: doc.assignmentsArray,
      summaries,
    };
    for (const rule of HOOKS.document) rule.document!(visit, ctx);
    return resolveSeverities(findings, options);
  }
}

/** The rules that have each hook, worked out once rather than asked of every rule for every node. */
export const HOOKS: RuleHooks = {
  document: RULES.filter((r) => r.document),
  assignment: RULES.filter((r) => r.assignment),
  object: RULES.filter((r) => r.object),
  property: RULES.filter((r) => r.property),
  typeReference: RULES.filter((r) => r.typeReference),
};

function resolveSeverities(findings: Finding[], options: ValidationOptions): ResolvedFinding[] {
  if (findings.length === 0) return [];
  const resolved: ResolvedFinding[] = [];
  for (const f of findings) {
    const level = options.rules?.[f.rule];
    if (level === 'off') continue;
    const severity: Severity =
      level === 'warn' ? 'warning' : level === 'error' ? 'error' : (f.severity ?? RULES_BY_NAME.get(f.rule)?.severity ?? 'error');
    resolved.push({ ...f, severity });
  }
  return resolved.sort((a, b) => a.offset - b.offset);
}

function shift(f: Finding, delta: number): Finding {
  if (delta === 0) return f;
  const shifted: Finding = { ...f, offset: f.offset + delta };
  if (f.fixes) shifted.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, offset: e.offset + delta })) }));
  if (f.related) shifted.related = f.related.map((r) => ({ ...r, offset: r.offset + delta }));
  return shifted;
}

function shiftSummary(s: AssignmentSummary, delta: number): AssignmentSummary {
  return s.target ? { ...s, target: { ...s.target, offset: s.target.offset + delta } } : s;
}
