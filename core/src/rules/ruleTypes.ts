// What a rule is and what it sees: the typed visits the walker produces for each assignment (objects,
// properties, @odata.type references) and the per-assignment summaries the whole-document rules compare.
import type { Node } from 'jsonc-parser';
import type { Cloud, GraphVersion } from '../../../common/src/constants';
import type { GraphTypes, TypeResolution } from '../graphTypes';
import type { TenantFacts } from '../tenant';
import type { PropertyInfo, TypeInfo } from '../typeMapFormat';

export type Severity = 'error' | 'warning';
/** A configured rule level: "off" silences the rule; "warn" and "error" replace its default severity. */
export type RuleLevel = 'off' | 'warn' | 'error';

export interface ValidationOptions {
  graphVersion: GraphVersion;
  cloud: Cloud;
  /** The app's @odata.type (`#microsoft.graph.win32LobApp`), when known: enables settings-app-type. */
  appType?: string;
  /** Per-rule levels (the configuration file's `rules`). */
  rules?: Partial<Record<string, RuleLevel>>;
  /**
   * What the tenant has of the groups and filters the document names, read by a shell (the core never reads a
   * tenant): enables group-not-found, filter-not-found and filter-platform-mismatch.
   */
  tenant?: TenantFacts;
}

export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

/** A quick fix a finding offers. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix the editor may apply on its own (e.g. "Fix all" of a kind). */
  preferred?: boolean;
}

export interface Finding {
  rule: string;
  offset: number;
  length: number;
  message: string;
  /** Replaces the rule's default severity for this finding (e.g. duplicate-target with different intents). */
  severity?: Severity;
  fixes?: Fix[];
  related?: { offset: number; length: number; message: string }[];
}

export interface ObjectVisit {
  node: Node;
  /** The object's concrete type (qualified). */
  typeName: string;
  type: TypeInfo;
  /** Members by name (the last one where a name repeats). */
  members: Map<string, Node>;
  assignment: AssignmentVisit;
}

export interface PropertyVisit {
  owner: ObjectVisit;
  name: string;
  /** The property node: children[0] is the key, children[1] the value (absent in broken text). */
  node: Node;
  key: Node;
  value: Node | undefined;
  /** Undefined: the owner's type has no such property in any Graph version. */
  info: PropertyInfo | undefined;
  /** The property exists only in beta while the document targets another version. */
  betaOnly: boolean;
}

export interface TypeReferenceVisit {
  /** The object the @odata.type is (or should be) in. */
  objectNode: Node;
  /** The type declared where the object stands (abstract for target and settings). */
  declared: string;
  /** The @odata.type property node, when present. */
  property: Node | undefined;
  /** Its value when it is a string. */
  raw: string | undefined;
  resolution: TypeResolution | undefined;
  assignment: AssignmentVisit;
}

export interface AssignmentVisit {
  node: Node;
  members: Map<string, Node>;
  /** The intent as a member name, when the value matches one (whatever its case). */
  intent: string | undefined;
  target: ObjectVisit | undefined;
  settings: ObjectVisit | undefined;
}

/** What whole-document rules know of one assignment (offsets absolute). */
export interface AssignmentSummary {
  index: number;
  node: Node;
  intent: string | undefined;
  target?: {
    typeName: string;
    /** Group or collection id, lower-cased; undefined for all-users/all-devices targets. */
    id?: string;
    /** Where to point at: the id value, else the @odata.type value. */
    offset: number;
    /**
     * The target's identity, its type and id, which duplicate-target compares (made once per assignment, not per
     * validation); undefined for a group or collection target without its id, which is not compared.
     */
    key: string | undefined;
    length: number;
    /** The assignment filter the target names, when its id is a string: where it is and its mode as written. */
    filter?: { id: string; offset: number; length: number; mode: string | undefined };
  };
  /** The settings' concrete type, when it resolves. */
  settingsType?: string;
  /** `<target id>|<intent>` when both are known: include-exclude-conflict pairs by it. */
  idAndIntent?: string;
}

export interface RuleContext {
  readonly types: GraphTypes;
  readonly options: ValidationOptions;
  readonly text: string;
  report(finding: Finding): void;
}

export interface DocumentVisit {
  root: Node | undefined;
  assignmentsProperty: Node | undefined;
  assignmentsArray: Node | undefined;
  summaries: AssignmentSummary[];
}

export interface Rule {
  /** Stable name: diagnostics' code, the configuration key, the README's rules table. */
  name: string;
  severity: Severity;
  /** One line for the README, SARIF and hovers. */
  description: string;
  /** Why the rule exists: the fact behind it. */
  rationale: string;
  document?(visit: DocumentVisit, ctx: RuleContext): void;
  assignment?(visit: AssignmentVisit, ctx: RuleContext): void;
  object?(visit: ObjectVisit, ctx: RuleContext): void;
  property?(visit: PropertyVisit, ctx: RuleContext): void;
  typeReference?(visit: TypeReferenceVisit, ctx: RuleContext): void;
  /**
   * Checks one assignment against the tenant, on every validation that has tenant facts: it reads the
   * assignment's summary (kept with the assignment), so new facts never make the assignments be walked again.
   */
  tenant?(summary: AssignmentSummary, facts: TenantFacts, ctx: RuleContext): void;
  /**
   * Graph accepts such a body: a configuration may turn the rule down for what is sent too (every other rule
   * that is an error by default stays one for send, whatever the configuration says).
   */
  relaxableForSend?: true;
}

/** The rules that implement each hook. */
export type RuleHooks = Record<'document' | 'assignment' | 'object' | 'property' | 'typeReference' | 'tenant', readonly Rule[]>;

/** The range of a node, for findings. */
export function at(node: Node): { offset: number; length: number } {
  return { offset: node.offset, length: node.length };
}

/** The value node of a member. */
export function memberValue(members: Map<string, Node>, name: string): Node | undefined {
  return members.get(name)?.children?.[1];
}

/** True when a member is present with a value other than null. */
export function isSet(members: Map<string, Node>, name: string): boolean {
  const value = memberValue(members, name);
  return value !== undefined && value.type !== 'null';
}

/** The string values of an enum-typed property (each element for a collection). */
export function enumValues(visit: PropertyVisit, types: GraphTypes): readonly Node[] {
  const { info, value } = visit;
  if (!info || !value || !types.isEnum(info.type)) return NONE;
  if (!info.collection) return value.type === 'string' ? [value] : NONE;
  return value.type === 'array' ? (value.children ?? []).filter((v) => v.type === 'string') : NONE;
}

const NONE: readonly Node[] = [];
