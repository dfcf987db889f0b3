// The shape of schemas/graph-types.json: the machine-readable map of the assign payload's types that the
// schema generator writes and the validation core reads. Types only; no code.

export interface PropertyInfo {
  /** Qualified type of the value (or of each element when `collection`): `Edm.String`, `microsoft.graph.x`. */
  type: string;
  collection: boolean;
  nullable: boolean;
  /** The type that declares the property (a base type for inherited properties). */
  declaredBy: string;
  description: string;
  /** Computed by the service; sending it has no effect. */
  readOnly?: true;
  /** `guid`: the value must be a GUID. */
  format?: 'guid';
  /** The service supports the property only in the global cloud. */
  globalCloudOnly?: true;
}

export interface TypeInfo {
  kind: 'complex' | 'entity';
  abstract: boolean;
  baseType?: string;
  /** For target and settings types: the property of mobileAppAssignment the type goes in. */
  slot?: string;
  description: string;
  /** Every property, inherited ones first. */
  properties: Record<string, PropertyInfo>;
  /** For concrete settings types: the app entity types the settings are made for. */
  appTypes?: string[];
  appTypesInferred?: true;
}

export interface EnumMemberInfo {
  name: string;
  value: number;
  description: string;
}

export interface EnumInfo {
  description: string;
  members: EnumMemberInfo[];
}

export interface VersionTypes {
  /** `microsoft.graph.mobileAppAssignment`. */
  root: string;
  /** Property of the root whose declared type is abstract -> that abstract base type. */
  slots: Record<string, string>;
  types: Record<string, TypeInfo>;
  enums: Record<string, EnumInfo>;
  /** App entity types that take no settings type: their assignments' settings must be null. */
  appTypesWithoutSettings: string[];
}

export interface TypeMap {
  $comment: string;
  /** First 16 hex digits of the SHA-256 of each metadata file the map was generated from. */
  metadataSha256: Record<'beta' | 'v1.0', string>;
  versions: Record<'beta' | 'v1.0', VersionTypes>;
}
