// A parsed *.assign.json document that stays current under edits: an edit inside one assignment re-parses
// only that assignment and shifts the nodes after it, so a 5 MB document does not re-parse on every keystroke.
import type { Node } from 'jsonc-parser';
import { parseObjectSlice, parseStrictJson, SyntaxProblem } from './parse';

export const ASSIGNMENTS_PROPERTY = 'mobileAppAssignments';

/** jsonc-parser declares its nodes read-only; incremental re-parsing moves them. */
type MutableNode = { -readonly [K in keyof Node]: Node[K] };

export class AssignDocument {
  private constructor(
    private textValue: string,
    private rootNode: Node | undefined,
    private problemList: SyntaxProblem[],
  ) {}

  static parse(text: string): AssignDocument {
    const parsed = parseStrictJson(text, assignmentsOf);
    return new AssignDocument(text, parsed.root, parsed.problems);
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
    const delta = inserted.length - (end - start);
    const index = this.assignmentIndexAt(start);
    const element = index >= 0 ? this.assignments[index] : undefined;
    // Strictly inside the braces, so the element's extent is known after the edit.
    if (element && element.type === 'object' && start > element.offset && end < element.offset + element.length) {
      const sliceEnd = element.offset + element.length + delta;
      const reparsed = parseObjectSlice(detached(text.slice(element.offset, sliceEnd)));
      if (reparsed?.root) {
        this.textValue = text;
        this.splice(element, reparsed.root, delta, reparsed.problems);
        return true;
      }
    }
    const parsed = parseStrictJson(text, assignmentsOf);
    this.textValue = text;
    this.rootNode = parsed.root;
    this.problemList = parsed.problems;
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
