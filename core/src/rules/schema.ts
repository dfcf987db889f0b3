// Rule schema: the document's shape against the Graph metadata: the top level, unknown and repeated
// properties, JSON types, enum values, nulls where the metadata forbids them, and intent/target present.
import type { Node } from 'jsonc-parser';
import { ASSIGNMENTS_PROPERTY } from '../assignDocument';
import { removePropertyFix } from '../fixes';
import { editDistance, GraphTypes, localName } from '../graphTypes';
import type { PropertyInfo } from '../typeMapFormat';
import { enumMember, membersOf } from '../walker';
import type { Finding, Rule, RuleContext } from './ruleTypes';

const NAME = 'schema';
const SHAPE = '{"mobileAppAssignments": [ ... ]}';

export const schema: Rule = {
  name: NAME,
  severity: 'error',
  description:
    'Shape errors: unknown property, wrong JSON type, value outside an enum, null where not nullable, missing intent or target, missing or extra top-level property.',
  rationale: 'Graph validates the body against its metadata and answers 400 for any of these.',

  document(visit, ctx) {
    const root = visit.root;
    if (!root) return;
    if (root.type !== 'object') {
      report(ctx, root, `The document must be a JSON object: ${SHAPE}.`);
      return;
    }
    reportDuplicateKeys(root, ctx);
    const members = membersOf(root);
    for (const property of root.children ?? []) {
      const key = property.children?.[0];
      const name = key?.value as string | undefined;
      if (!key || name === ASSIGNMENTS_PROPERTY) continue;
      if (name === 'value' && !members.has(ASSIGNMENTS_PROPERTY)) {
        report(ctx, key, `"value" is how Graph's GET answers; the assign body calls the list "${ASSIGNMENTS_PROPERTY}". Rename it.`, {
          fixes: [{ title: `Rename to "${ASSIGNMENTS_PROPERTY}"`, preferred: true, edits: [{ offset: key.offset, length: key.length, text: JSON.stringify(ASSIGNMENTS_PROPERTY) }] }],
        });
      } else {
        report(ctx, key, `Unknown top-level property "${name}": the assign body has only "${ASSIGNMENTS_PROPERTY}". Remove it.`, {
          fixes: [removePropertyFix(`Remove "${name}"`, property)],
        });
      }
    }
    const list = visit.assignmentsProperty;
    if (!list) {
      if (!members.has('value')) report(ctx, { offset: root.offset, length: 1 }, `Missing "${ASSIGNMENTS_PROPERTY}": the body is ${SHAPE}.`);
      return;
    }
    const array = list.children?.[1];
    if (array && array.type !== 'array') {
      report(ctx, array, `"${ASSIGNMENTS_PROPERTY}" must be an array of assignments.`);
      return;
    }
    for (const element of array?.children ?? []) {
      if (element.type !== 'object') {
        report(ctx, element, 'Each assignment must be an object with "intent" and "target".');
      }
    }
  },

  typeReference(visit, ctx) {
    const value = visit.property?.children?.[1];
    if (value && value.type !== 'string') report(ctx, value, '"@odata.type" must be a string naming a type, e.g. "#microsoft.graph.groupAssignmentTarget".');
  },

  object(visit, ctx) {
    reportDuplicateKeys(visit.node, ctx);
    if (visit.typeName !== ctx.types.rootTypeName) return;
    const start = { offset: visit.node.offset, length: 1 };
    if (!visit.members.has('intent')) {
      const intents = enumNames(ctx.types, 'microsoft.graph.installIntent');
      report(ctx, start, `This assignment has no "intent": add one of ${intents}.`);
    }
    if (!visit.members.has('target')) {
      report(ctx, start, 'This assignment has no "target": add one, e.g. {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "<group id>"}.');
    }
  },

  property(visit, ctx) {
    const { info, value, key, owner, name } = visit;
    if (!info) {
      const known = ctx.types.properties(owner.typeName).map((p) => p.name);
      const near = known.find((k) => k.toLowerCase() === name.toLowerCase()) ??
        known.find((k) => editDistance(k.toLowerCase(), name.toLowerCase()) <= 2);
      const typeLabel = localName(owner.typeName);
      const list = known.length ? `Its properties: ${known.join(', ')}.` : `${typeLabel} has no properties besides @odata.type.`;
      report(ctx, key, `Unknown property "${name}" for ${typeLabel}.${near ? ` Did you mean "${near}"?` : ''} ${list}`, {
        fixes: near
          ? [{ title: `Change to "${near}"`, preferred: true, edits: [{ offset: key.offset, length: key.length, text: JSON.stringify(near) }] }]
          : [removePropertyFix(`Remove "${name}"`, visit.node, false)],
      });
      return;
    }
    if (!value) return;
    if (owner.typeName === ctx.types.rootTypeName && name === 'target' && value.type === 'null') {
      report(ctx, value, 'The target is null: an assignment without a target assigns to nobody. Give it a target object.');
      return;
    }
    if (value.type === 'null') {
      if (!info.nullable) report(ctx, value, `"${name}" cannot be null. ${expected(ctx.types, info)}`);
      return;
    }
    if (info.collection) {
      if (value.type !== 'array') {
        report(ctx, value, `"${name}" must be an array. ${expected(ctx.types, info)}`);
        return;
      }
      for (const element of value.children ?? []) checkScalar(element, name, info, ctx);
      return;
    }
    checkScalar(value, name, info, ctx);
  },
};

function checkScalar(value: Node, name: string, info: PropertyInfo, ctx: RuleContext): void {
  const types = ctx.types;
  const quoted = value.type === 'string' ? (value.value as string) : undefined;
  switch (info.type) {
    case 'Edm.String':
    case 'Edm.DateTimeOffset':
      if (value.type !== 'string') report(ctx, value, `"${name}" must be a string. ${expected(types, info)}`);
      return;
    case 'Edm.Boolean':
      if (value.type !== 'boolean') {
        const hint = quoted === 'true' || quoted === 'false' ? ` Write ${quoted} without quotes.` : '';
        report(ctx, value, `"${name}" must be true or false${info.nullable ? ' (or null)' : ''}.${hint}`, {
          fixes: hint ? [{ title: `Change to ${quoted}`, preferred: true, edits: [{ offset: value.offset, length: value.length, text: quoted! }] }] : undefined,
        });
      }
      return;
    case 'Edm.Int32':
    case 'Edm.Int64': {
      const n = value.value;
      if (value.type !== 'number' || !Number.isInteger(n)) {
        const hint = quoted !== undefined && /^-?\d+$/.test(quoted) ? ` Write ${quoted} without quotes.` : '';
        report(ctx, value, `"${name}" must be a whole number.${hint}`);
      } else if (info.type === 'Edm.Int32' && (n < -2147483648 || n > 2147483647)) {
        report(ctx, value, `"${name}" must fit in 32 bits (-2147483648 to 2147483647).`);
      }
      return;
    }
  }
  if (types.isEnum(info.type)) {
    if (value.type !== 'string') {
      report(ctx, value, `"${name}" must be a string. ${expected(types, info)}`);
    } else if (!enumMember(types, info.type, quoted!)) {
      report(ctx, value, `"${quoted}" is not a valid ${name}. ${expected(types, info)}`);
    }
    return;
  }
  if (value.type !== 'object') report(ctx, value, `"${name}" must be an object (${localName(info.type)}).`);
}

function expected(types: GraphTypes, info: PropertyInfo): string {
  if (types.isEnum(info.type)) return `Use one of ${enumNames(types, info.type)}.`;
  switch (info.type) {
    case 'Edm.String':
      return info.format === 'guid' ? 'Use a GUID in double quotes.' : 'Use a string in double quotes.';
    case 'Edm.DateTimeOffset':
      return 'Use an ISO 8601 date-time string such as "2026-01-31T18:00:00Z".';
    case 'Edm.Boolean':
      return 'Use true or false.';
    case 'Edm.Int32':
      return 'Use a whole number.';
    default:
      return `Use an object (${localName(info.type)}).`;
  }
}

function enumNames(types: GraphTypes, enumName: string): string {
  return (types.enum(enumName)?.members ?? [])
    .filter((m) => m.name !== 'unknownFutureValue')
    .map((m) => m.name)
    .join(', ');
}

function reportDuplicateKeys(node: Node, ctx: RuleContext): void {
  const members = node.children ?? [];
  // Objects here have a handful of members: comparing each with those before it allocates nothing.
  for (let i = 1; i < members.length; i++) {
    const property = members[i];
    const key = property.children?.[0];
    if (key?.type !== 'string') continue;
    const name = key.value as string;
    let repeated = false;
    for (let j = 0; j < i && !repeated; j++) repeated = members[j].children?.[0]?.value === name;
    if (repeated) {
      report(ctx, key, `Duplicate property "${name}": which of the two Graph would use is undefined. Keep one.`, {
        fixes: [removePropertyFix(`Remove this "${name}"`, property)],
      });
    }
  }
}

function report(
  ctx: RuleContext,
  range: { offset: number; length: number },
  message: string,
  extra: Partial<Finding> = {},
): void {
  ctx.report({ rule: NAME, offset: range.offset, length: range.length, message, ...extra });
}
