// Validation: parse problems + every rule over every assignment -> findings with severities applied, held to
// a limit on the problems kept (errors first) that stops production once full. Results of each assignment are
// cached by its node, which survives incremental re-parsing of other assignments, so an edit re-validates only
// the assignment it touched (plus the cheap whole-document rules).
import type { Node } from 'jsonc-parser';
import type { AssignDocument } from './assignDocument';
import { MAX_PROBLEMS } from './budget';
import type { TypeRegistry } from './graphTypes';
import { RULES, RULES_BY_NAME } from './rules';
import { JSON_SYNTAX } from './rules/jsonSyntax';
import type { AssignmentSummary, DocumentVisit, Finding, RuleContext, RuleHooks, Severity, ValidationOptions } from './rules/ruleTypes';
import { walkAssignment } from './walker';

export interface ResolvedFinding extends Finding {
  severity: Severity;
}

/** A validation held to a limit on the problems kept. */
export interface Validation {
  /** The problems kept, by offset: errors before warnings when there are more than the limit. */
  findings: ResolvedFinding[];
  /** How many problems there are in all; undefined when production stopped at the limit (more than `limit`). */
  total: number | undefined;
}

interface CachedAssignment {
  /** Offsets relative to the assignment node's offset. */
  findings: Finding[];
  /** Undefined when the assignment had more problems than are kept: its walk was cut short. */
  summary: AssignmentSummary | undefined;
  /**
   * The summary as the last validation placed it (absolute offsets, its index): an edit moves only the
   * assignments after it, so the others' are taken again as they are rather than made anew.
   */
  placed?: AssignmentSummary;
  /** The node's offset when `placed` was made (an edit before it moves the node). */
  placedAt?: number;
}

/** Assignments walked between two steps of validateSteps (a few milliseconds' work). */
const STEP = 200;

/** Characters of a problem's message at most. */
const MAX_MESSAGE = 1000;

/** Thrown by a report that can keep nothing more: production stops there. */
const FULL = Symbol('full');

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

  /** Every problem (the document's budget bounds how many there can be). */
  validate(doc: AssignDocument, options: ValidationOptions): ResolvedFinding[] {
    return this.validateWithin(doc, options, Infinity).findings;
  }

  /**
   * At most `limit` problems, errors first. Production stops as soon as nothing more could be kept (the limit
   * is full of errors), so a document with a million problems costs no more than one with `limit`.
   */
  validateWithin(doc: AssignDocument, options: ValidationOptions, limit = MAX_PROBLEMS): Validation {
    const steps = this.validateSteps(doc, options, limit);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * validateWithin a step at a time: it yields after every few hundred assignments, so a caller can let other
   * work run (the language server answers requests) and drop a validation its document outdated.
   */
  *validateSteps(doc: AssignDocument, options: ValidationOptions, limit = MAX_PROBLEMS): Generator<void, Validation> {
    const kept = new Kept(limit, options);
    const findings = doc.problems.map((p) => ({ rule: JSON_SYNTAX, offset: p.offset, length: p.length, message: p.message }));
    try {
      for (const f of findings) kept.add(f);
      if (!doc.refused) yield* this.walk(doc, options, kept);
    } catch (error) {
      if (error !== FULL) throw error;
      return kept.result(false);
    }
    return kept.result(true);
  }

  private *walk(doc: AssignDocument, options: ValidationOptions, kept: Kept): Generator<void, void> {
    const key = `${options.graphVersion}|${options.cloud}|${options.appType ?? ''}`;
    let cache = this.options.cache ? this.caches.get(key) : undefined;
    if (!cache && this.options.cache) this.caches.set(key, (cache = new WeakMap()));
    const types = this.registry.forVersion(options.graphVersion);
    const report = (f: Finding) => kept.add(f);
    const ctx: RuleContext = { types, options, text: doc.text, report };

    // Rules do not judge text that is not JSON yet: an assignment with a syntax error is skipped, and so are
    // the whole-document rules when the syntax error is outside every assignment.
    const problems = doc.problems;
    let next = 0;
    let brokenOutside = false;
    let complete = true;
    const summaries: AssignmentSummary[] = [];
    const assignments = doc.assignments;
    for (let index = 0; index < assignments.length; index++) {
      if (index % STEP === STEP - 1) yield;
      const node = assignments[index];
      const end = node.offset + node.length;
      for (; next < problems.length && problems[next].offset < node.offset; next++) brokenOutside = true;
      let broken = false;
      for (; next < problems.length && problems[next].offset <= end; next++) broken = true;
      if (broken || node.type !== 'object') continue;
      if (!cache) {
        summaries.push(walkAssignment(node, index, HOOKS, ctx));
        continue;
      }
      let cached = cache.get(node);
      if (!cached) {
        cached = capture(node, index, ctx);
        cache.set(node, cached);
      }
      // Most assignments have no findings: no iterator made for them on every validation.
      for (let i = 0; i < cached.findings.length; i++) kept.add(shift(cached.findings[i], node.offset));
      if (!cached.summary) {
        complete = false;
        continue;
      }
      if (!cached.placed || cached.placed.index !== index || cached.placedAt !== node.offset) {
        cached.placed = place(cached.summary, node.offset, index, node);
        cached.placedAt = node.offset;
      }
      summaries.push(cached.placed);
    }

    if (next < problems.length) brokenOutside = true;
    // The tenant's facts judge each assignment on its own, so a syntax error elsewhere does not stop them.
    const tenant = options.tenant;
    if (tenant) for (const rule of HOOKS.tenant) for (const summary of summaries) rule.tenant!(summary, tenant, ctx);
    // Whole-document rules compare every assignment: with one cut short, they would judge half the facts.
    if (brokenOutside || !complete) return;
    const visit: DocumentVisit = {
      root: doc.root,
      assignmentsProperty: doc.assignmentsProperty,
      assignmentsArray: doc.assignmentsArray,
      summaries,
    };
    for (const rule of HOOKS.document) rule.document!(visit, ctx);
  }
}

/** Walks one assignment for the cache, keeping at most MAX_PROBLEMS of its findings (offsets made relative). */
function capture(node: Node, index: number, ctx: RuleContext): CachedAssignment {
  const findings: Finding[] = [];
  const own: RuleContext = {
    ...ctx,
    report: (f) => {
      if (findings.length >= MAX_PROBLEMS) throw FULL;
      findings.push(shift(f, -node.offset));
    },
  };
  try {
    return { findings, summary: place(walkAssignment(node, index, HOOKS, own), -node.offset, index, node) };
  } catch (error) {
    if (error !== FULL) throw error;
    return { findings, summary: undefined };
  }
}

/**
 * The problems kept: up to `limit`, severities applied as they arrive (a rule turned off costs nothing). Past
 * the limit an error takes the place of the latest warning; once the limit holds only errors, nothing more
 * can be kept and `add` throws FULL.
 */
class Kept {
  private readonly findings: ResolvedFinding[] = [];
  /** Indexes of the warnings in `findings`, in the order they came. */
  private readonly warnings: number[] = [];
  private dropped = 0;

  constructor(
    private readonly limit: number,
    private readonly options: ValidationOptions,
  ) {}

  add(f: Finding): void {
    const level = this.options.rules?.[f.rule];
    if (level === 'off') return;
    const severity: Severity =
      level === 'warn' ? 'warning' : level === 'error' ? 'error' : (f.severity ?? RULES_BY_NAME.get(f.rule)?.severity ?? 'error');
    // A rule may quote the value it judges; a megabyte-long value must not make a megabyte-long message.
    const resolved: ResolvedFinding = f.message.length > MAX_MESSAGE ? { ...f, severity, message: `${f.message.slice(0, MAX_MESSAGE - 1)}…` } : { ...f, severity };
    if (this.findings.length < this.limit) {
      if (severity === 'warning') this.warnings.push(this.findings.length);
      this.findings.push(resolved);
      return;
    }
    this.dropped++;
    if (severity === 'error' && this.warnings.length > 0) this.findings[this.warnings.pop()!] = resolved;
    if (this.warnings.length === 0) throw FULL;
  }

  result(complete: boolean): Validation {
    const findings = this.findings.sort((a, b) => a.offset - b.offset);
    return { findings, total: complete ? findings.length + this.dropped : undefined };
  }
}

/** The rules that have each hook, worked out once rather than asked of every rule for every node. */
export const HOOKS: RuleHooks = {
  document: RULES.filter((r) => r.document),
  assignment: RULES.filter((r) => r.assignment),
  object: RULES.filter((r) => r.object),
  property: RULES.filter((r) => r.property),
  typeReference: RULES.filter((r) => r.typeReference),
  tenant: RULES.filter((r) => r.tenant),
};

function shift(f: Finding, delta: number): Finding {
  if (delta === 0) return f;
  const shifted: Finding = { ...f, offset: f.offset + delta };
  if (f.fixes) shifted.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, offset: e.offset + delta })) }));
  if (f.related) shifted.related = f.related.map((r) => ({ ...r, offset: r.offset + delta }));
  return shifted;
}

/** A summary with its offsets moved by `offset` (to or from its node's), as the assignment at `index`. */
function place(s: AssignmentSummary, offset: number, index: number, node: Node): AssignmentSummary {
  const t = s.target;
  const f = t?.filter;
  return {
    index,
    node,
    intent: s.intent,
    target: t && { typeName: t.typeName, id: t.id, offset: t.offset + offset, length: t.length, key: t.key, filter: f && { id: f.id, offset: f.offset + offset, length: f.length, mode: f.mode } },
    settingsType: s.settingsType,
    idAndIntent: s.idAndIntent,
  };
}
