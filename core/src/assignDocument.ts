// A parsed *.assign.json document that stays current under edits: an edit inside one assignment re-parses
// only that assignment and shifts the nodes after it, so a 5 MB document does not re-parse on every keystroke.
// Neither parsing nor an edit ever throws: text over the budget (budget.ts) leaves the document `refused`,
// with no tree and one problem, whatever state it was in before.
import type { Node } from 'jsonc-parser';
import { BudgetProblem, MAX_DOCUMENT_LENGTH, MAX_VALUES, measure } from './budget';
import { detectIndentation, lineBreakOf } from './format';
import { ParsedJson, parseObjectSlice, parseStrictJson, SyntaxProblem } from './parse';

export const ASSIGNMENTS_PROPERTY = 'mobileAppAssignments';

/** jsonc-parser declares its nodes read-only; incremental re-parsing moves them. */
type MutableNode = { -readonly [K in keyof Node]: Node[K] };

export class AssignDocument {
  private rootNode: Node | undefined;
  private problemList: SyntaxProblem[];
  private valueCount: number;
  private refusal: BudgetProblem | undefined;
  /** The indentation and line break the text uses, worked out when first asked for this version of it. */
  private style: { indentation: string | undefined; lineBreak: string } | undefined;

  private constructor(
    private textValue: string,
    parsed: ParsedJson,
  ) {
    this.rootNode = parsed.root;
    this.problemList = parsed.problems;
    this.valueCount = parsed.values;
    this.refusal = parsed.refused;
  }

  static parse(text: string): AssignDocument {
    return new AssignDocument(text, parseStrictJson(text, assignmentsOf));
  }

  /**
   * Why the document is not worked on (over the budget, or unreadable), or undefined. A refused document has
   * no tree; its one problem says why; every feature answers it with nothing.
   */
  get refused(): BudgetProblem | undefined {
    return this.refusal;
  }

  /** The indentation unit the text already uses (from its first lines), undefined when nothing is indented. */
  get indentation(): string | undefined {
    return this.textStyle().indentation;
  }

  /** The line break the text uses, '\n' when it has none. */
  get lineBreak(): string {
    return this.textStyle().lineBreak;
  }

  private textStyle(): { indentation: string | undefined; lineBreak: string } {
    return (this.style ??= { indentation: detectIndentation(this.textValue), lineBreak: lineBreakOf(this.textValue) });
  }

  get text(): string {
    return this.textValue;
  }

  get root(): Node | undefined {
    return this.rootNode;
  }

  /** Syntax problems (rule json-syntax), offsets absolute. */
  get problems(): readonly SyntaxProblem[] {
    return this.problemList;
  }

  /** The `mobileAppAssignments` property node of the root object, if there is one. */
  get assignmentsProperty(): Node | undefined {
    return assignmentsPropertyOf(this.rootNode);
  }

  /** The `mobileAppAssignments` array node, when it is an array. */
  get assignmentsArray(): Node | undefined {
    return assignmentsArrayOf(this.rootNode);
  }

  /** The assignment elements (any JSON value the array holds). */
  get assignments(): readonly Node[] {
    return assignmentsOf(this.rootNode);
  }

  /** Index of the assignment element that contains `offset` (its braces included), or -1. */
  assignmentIndexAt(offset: number): number {
    const elements = this.assignments;
    let low = 0;
    let high = elements.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const e = elements[mid];
      if (offset < e.offset) high = mid - 1;
      else if (offset > e.offset + e.length) low = mid + 1;
      else return mid;
    }
    return -1;
  }

  /**
   * Replaces [start, end) of the current text with `inserted`. Returns true when only the assignment that
   * holds the edit was re-parsed, false when the whole document was. `newText`, when the caller already has
   * the edited text, saves building (and holding) a second copy of it.
   */
  applyEdit(start: number, end: number, inserted: string, newText?: string): boolean {
    const text = newText ?? this.textValue.slice(0, start) + inserted + this.textValue.slice(end);
    this.style = undefined;
    const delta = inserted.length - (end - start);
    const index = this.assignmentIndexAt(start);
    const element = index >= 0 ? this.assignments[index] : undefined;
    // Strictly inside the braces, so the element's extent is known after the edit.
    if (element && element.type === 'object' && start > element.offset && end < element.offset + element.length && text.length <= MAX_DOCUMENT_LENGTH) {
      const sliceEnd = element.offset + element.length + delta;
      const reparsed = parseObjectSlice(detached(text.slice(element.offset, sliceEnd)));
      const values = reparsed ? this.valueCount - measure(this.textValue.slice(element.offset, element.offset + element.length)).values + reparsed.values : 0;
      if (reparsed?.root && values <= MAX_VALUES) {
        this.textValue = text;
        this.valueCount = values;
        this.splice(element, reparsed.root, delta, reparsed.problems);
        return true;
      }
    }
    // Everything is replaced, so nothing of the previous version (a tree, its problems) outlives the edit.
    const parsed = parseStrictJson(text, assignmentsOf);
    this.textValue = text;
    this.rootNode = parsed.root;
    this.problemList = parsed.problems;
    this.valueCount = parsed.values;
    this.refusal = parsed.refused;
    return false;
  }

  private splice(old: Node, replacement: Node, delta: number, problems: SyntaxProblem[]): void {
    const oldStart = old.offset;
    const oldEnd = old.offset + old.length;
    shift(replacement, oldStart);
    const parent = old.parent as MutableNode;
    (replacement as MutableNode).parent = parent;
    const siblings = parent.children!;
    siblings[siblings.indexOf(old)] = replacement;
    // Everything after the element moves by delta; every ancestor grows by it.
    for (let child: Node = replacement, ancestor = parent; delta !== 0; child = ancestor, ancestor = ancestor.parent as MutableNode) {
      ancestor.length += delta;
      const after = ancestor.children!;
      for (let i = after.indexOf(child) + 1; i < after.length; i++) shift(after[i], delta);
      if (!ancestor.parent) break;
    }
    // A problem at the element's first character (a missing comma before it) belongs to the array around it.
    this.problemList = [
      ...this.problemList.filter((p) => p.offset <= oldStart),
      ...problems.map((p) => ({ ...p, offset: p.offset + oldStart })),
      ...this.problemList.filter((p) => p.offset >= oldEnd).map((p) => ({ ...p, offset: p.offset + delta })),
    ];
  }
}

/**
 * A copy of a substring that does not keep the string it came from alive. V8 makes a substring a view into its
 * parent; the strings a re-parsed assignment holds would otherwise keep that whole version of the document in
 * memory for as long as the assignment lives, one full copy per edited assignment.
 */
function detached(text: string): string {
  return (` ${text}`).slice(1);
}

function assignmentsPropertyOf(root: Node | undefined): Node | undefined {
  if (root?.type !== 'object') return undefined;
  return root.children?.find((p) => p.children?.[0]?.value === ASSIGNMENTS_PROPERTY);
}

function assignmentsArrayOf(root: Node | undefined): Node | undefined {
  const value = assignmentsPropertyOf(root)?.children?.[1];
  return value?.type === 'array' ? value : undefined;
}

function assignmentsOf(root: Node | undefined): readonly Node[] {
  return assignmentsArrayOf(root)?.children ?? [];
}

function shift(node: MutableNode, delta: number): void {
  node.offset += delta;
  if (node.colonOffset !== undefined) node.colonOffset += delta;
  const children = node.children;
  if (children) for (let i = 0; i < children.length; i++) shift(children[i], delta);
}
