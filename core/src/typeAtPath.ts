// Resolves what type an object in an assignment has, following a JSON path from the assignment down and
// reading @odata.type where the declared type is abstract. Used by completion and hover.
import { findNodeAtLocation, JSONPath, Node } from 'jsonc-parser';
import type { GraphTypes } from './graphTypes';
import type { PropertyInfo } from './typeMapFormat';
import { membersOf, ODATA_TYPE } from './walker';

export interface ObjectAtPath {
  /** The type declared where the object stands. */
  declared: string;
  /** Its concrete type: the declared one, or the one its @odata.type names; undefined when not known. */
  concrete: string | undefined;
  /** The object node, when the text has one there. */
  node: Node | undefined;
}

/**
 * The object at `path` inside an assignment element (path relative to the element; [] is the element). Returns
 * undefined when the path leads through something that is not a typed object.
 */
export function objectAtPath(types: GraphTypes, element: Node | undefined, path: JSONPath): ObjectAtPath | undefined {
  let current: ObjectAtPath = {
    declared: types.rootTypeName,
    concrete: types.rootTypeName,
    node: element?.type === 'object' ? element : undefined,
  };
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (typeof segment !== 'string' || !current.concrete) return undefined;
    const property = types.property(current.concrete, segment)?.info;
    if (!property || property.type.startsWith('Edm.') || types.isEnum(property.type)) return undefined;
    let node = current.node ? findNodeAtLocation(current.node, [segment]) : undefined;
    if (property.collection) {
      const index = path[++i];
      if (typeof index !== 'number') return undefined;
      node = node ? findNodeAtLocation(node, [index]) : undefined;
    }
    current = resolveObject(types, property.type, node?.type === 'object' ? node : undefined);
  }
  return current;
}

/** The concrete type of an object standing where `declared` is declared. */
export function resolveObject(types: GraphTypes, declared: string, node: Node | undefined): ObjectAtPath {
  const typeValue = node ? membersOf(node).get(ODATA_TYPE)?.children?.[1] : undefined;
  if (typeValue?.type === 'string') {
    const resolution = types.resolve(typeValue.value as string, declared);
    if (resolution.kind === 'ok') return { declared, concrete: resolution.name, node };
  }
  return { declared, concrete: types.type(declared)?.abstract ? undefined : declared, node };
}

/** The property a path ends in, with the object that owns it. */
export function propertyAtPath(
  types: GraphTypes,
  element: Node | undefined,
  path: JSONPath,
): { owner: ObjectAtPath; name: string; info: PropertyInfo | undefined } | undefined {
  const name = path[path.length - 1];
  if (typeof name !== 'string') return undefined;
  const owner = objectAtPath(types, element, path.slice(0, -1));
  if (!owner) return undefined;
  return { owner, name, info: owner.concrete ? types.property(owner.concrete, name)?.info : undefined };
}
