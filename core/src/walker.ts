// Walks one assignment against the type map: resolves each object's concrete type (through @odata.type where
// the declared type is abstract), and hands every object, property and @odata.type reference to the rules.
import type { Node } from 'jsonc-parser';
import { GraphTypes, NAMESPACE, TypeResolution } from './graphTypes';
import type {
  AssignmentSummary,
  AssignmentVisit,
  ObjectVisit,
  PropertyVisit,
  RuleContext,
  RuleHooks,
  TypeReferenceVisit,
} from './rules/ruleTypes';

export const ODATA_TYPE = '@odata.type';
/** The target's assignment filter: its id and its mode (include, exclude, none). */
export const FILTER_ID = 'deviceAndAppManagementAssignmentFilterId';
export const FILTER_TYPE = 'deviceAndAppManagementAssignmentFilterType';
/** The group a group or exclusion target names. */
export const GROUP_ID = 'groupId';
/** The targets that include and exclude a group (full type names, as the walker resolves them). */
export const GROUP_TARGET = `${NAMESPACE}.groupAssignmentTarget`;
export const EXCLUSION_TARGET = `${NAMESPACE}.exclusionGroupAssignmentTarget`;
/** Targets that name a group or collection: without its id they are not compared (duplicate-target). */
export const ID_TARGETS = /(group|collection)AssignmentTarget$/i;

/** Members of an object node by name; where a name repeats, the last wins (as most JSON readers do). */
export function membersOf(node: Node): Map<string, Node> {
  const members = new Map<string, Node>();
  for (const property of node.children ?? []) {
    const key = property.children?.[0];
    if (key?.type === 'string') members.set(key.value as string, property);
  }
  return members;
}

/** The value of `node`'s member `name` (the last written, as membersOf and JSON.parse keep it), without building a map. */
export function memberValue(node: Node, name: string): Node | undefined {
  const properties = node.children ?? [];
  for (let i = properties.length - 1; i >= 0; i--) {
    const key = properties[i].children?.[0];
    if (key?.type === 'string' && key.value === name) return properties[i].children?.[1];
  }
  return undefined;
}

/** The member name of an enum a string matches, exactly or but for case. */
export function enumMember(types: GraphTypes, enumName: string, value: string): string | undefined {
  return types.enumMember(enumName, value);
}

function isStructured(types: GraphTypes, typeName: string): boolean {
  return !typeName.startsWith('Edm.') && !types.isEnum(typeName);
}

/** Walks one assignment element (an object node), calling the rules' hooks; returns its summary. */
export function walkAssignment(node: Node, index: number, hooks: RuleHooks, ctx: RuleContext): AssignmentSummary {
  const types = ctx.types;
  const members = membersOf(node);
  const intentValue = members.get('intent')?.children?.[1];
  const intentEnum = types.property(types.rootTypeName, 'intent')?.info.type ?? '';
  const assignment: AssignmentVisit = {
    node,
    members,
    intent: intentValue?.type === 'string' ? enumMember(types, intentEnum, intentValue.value as string) : undefined,
    target: undefined,
    settings: undefined,
  };
  const objects: ObjectVisit[] = [];
  const properties: PropertyVisit[] = [];
  const references: TypeReferenceVisit[] = [];

  const visitObject = (objectNode: Node, declared: string): ObjectVisit | undefined => {
    const objectMembers = objectNode === node ? members : membersOf(objectNode);
    const typeProperty = objectMembers.get(ODATA_TYPE);
    const typeValue = typeProperty?.children?.[1];
    const raw = typeValue?.type === 'string' ? (typeValue.value as string) : undefined;
    const declaredType = types.type(declared)!;
    let resolution: TypeResolution | undefined;
    if (raw !== undefined) resolution = types.resolve(raw, declared);
    if (typeProperty || declaredType.abstract) {
      references.push({ objectNode, declared, property: typeProperty, raw, resolution, assignment });
    }
    let typeName: string | undefined;
    if (resolution?.kind === 'ok') typeName = resolution.name;
    else if (!declaredType.abstract) typeName = declared;
    if (!typeName) return undefined;

    const visit: ObjectVisit = { node: objectNode, typeName, type: types.type(typeName)!, members: objectMembers, assignment };
    objects.push(visit);
    for (const property of objectNode.children ?? []) {
      const key = property.children?.[0];
      if (key?.type !== 'string' || key.value === ODATA_TYPE) continue;
      const name = key.value as string;
      const value = property.children?.[1];
      const found = types.property(typeName, name);
      properties.push({ owner: visit, name, node: property, key, value, info: found?.info, betaOnly: found?.betaOnly ?? false });
      if (!found || !value || !isStructured(types, found.info.type)) continue;
      const elements = found.info.collection ? (value.type === 'array' ? value.children ?? [] : []) : [value];
      for (const element of elements) {
        if (element.type !== 'object') continue;
        const child = visitObject(element, found.info.type);
        if (objectNode === node && Object.hasOwn(types.slots, name) && !found.info.collection) {
          if (name === 'target') assignment.target = child;
          if (name === 'settings') assignment.settings = child;
        }
      }
    }
    return visit;
  };
  visitObject(node, types.rootTypeName);

  for (const rule of hooks.assignment) rule.assignment!(assignment, ctx);
  for (const rule of hooks.typeReference) for (const r of references) rule.typeReference!(r, ctx);
  for (const rule of hooks.object) for (const o of objects) rule.object!(o, ctx);
  for (const rule of hooks.property) for (const p of properties) rule.property!(p, ctx);
  return summarize(node, index, assignment);
}

function summarize(node: Node, index: number, assignment: AssignmentVisit): AssignmentSummary {
  const summary: AssignmentSummary = { index, node, intent: assignment.intent };
  const target = assignment.target;
  if (target) {
    const idProperty = target.members.get(GROUP_ID) ?? target.members.get('collectionId');
    const idValue = idProperty?.children?.[1];
    const anchor = idValue ?? target.members.get(ODATA_TYPE)?.children?.[1] ?? target.node;
    const id = idValue?.type === 'string' ? (idValue.value as string).toLowerCase() : undefined;
    const key = id || !ID_TARGETS.test(target.typeName) ? `${target.typeName}|${id ?? ''}` : undefined;
    summary.target = { typeName: target.typeName, id, offset: anchor.offset, length: anchor.length, key };
    if (id && assignment.intent) summary.idAndIntent = `${id}|${assignment.intent}`;
    const filterValue = target.members.get(FILTER_ID)?.children?.[1];
    if (filterValue?.type === 'string' && filterValue.value !== '') {
      const mode = target.members.get(FILTER_TYPE)?.children?.[1];
      summary.target.filter = {
        id: (filterValue.value as string).toLowerCase(),
        offset: filterValue.offset,
        length: filterValue.length,
        mode: mode?.type === 'string' ? (mode.value as string).toLowerCase() : undefined,
      };
    }
  }
  if (assignment.settings) summary.settingsType = assignment.settings.typeName;
  return summary;
}
