// Markdown documentation of types, properties and enum values, shared by hover and completion.
import { type GraphTypes, localName } from './graphTypes';
import type { PropertyInfo } from './typeMapFormat';

/** "string (GUID)", "boolean", "installIntent", "array of string", ... */
export function typeLabel(info: PropertyInfo): string {
  const element = info.type.startsWith('Edm.')
    ? { 'Edm.String': 'string', 'Edm.Boolean': 'boolean', 'Edm.Int32': 'integer', 'Edm.Int64': 'integer', 'Edm.DateTimeOffset': 'date-time' }[info.type] ?? info.type
    : localName(info.type);
  const withFormat = info.format === 'guid' ? `${element} (GUID)` : element;
  return info.collection ? `array of ${withFormat}` : withFormat;
}

function versionsLine(versions: string[]): string {
  return `Graph ${versions.length === 2 ? 'beta and v1.0' : `${versions.join(', ')} only`}`;
}

export function propertyMarkdown(types: GraphTypes, ownerType: string, name: string, info: PropertyInfo): string {
  const facts = [`\`${typeLabel(info)}\``, info.nullable ? 'nullable' : 'not null'];
  if (info.readOnly) facts.push('read-only (computed by the service)');
  const lines = [`**${name}** · ${facts.join(' · ')}`, '', info.description];
  const enumInfo = types.enum(info.type);
  if (enumInfo) {
    lines.push('', `Values: ${enumInfo.members.filter((m) => m.name !== 'unknownFutureValue').map((m) => `\`${m.name}\``).join(' | ')}`);
  }
  lines.push('', `${versionsLine(types.versionsOfProperty(ownerType, name))} · on ${localName(ownerType)}`);
  return lines.join('\n');
}

export function typeMarkdown(types: GraphTypes, typeName: string): string {
  const type = types.type(typeName);
  if (!type) return '';
  const heading = `**#${typeName}**${type.slot ? ` · ${type.slot}` : ''}${type.abstract ? ' · abstract' : ''}`;
  const lines = [heading, '', type.description];
  const properties = types.properties(typeName).filter((p) => types.version === 'beta' || !p.betaOnly);
  if (properties.length) {
    lines.push('', 'Properties: ' + properties.map((p) => `\`${p.name}\``).join(', '));
  }
  if (type.appTypes?.length) {
    lines.push('', `For apps of type ${type.appTypes.map((t) => `\`${localName(t)}\``).join(', ')}${type.appTypesInferred ? ' (inferred from the names)' : ''}.`);
  }
  lines.push('', versionsLine(types.versionsOfType(typeName)));
  return lines.join('\n');
}

export function enumMemberMarkdown(types: GraphTypes, enumName: string, member: string): string {
  const info = types.enum(enumName);
  const found = info?.members.find((m) => m.name === member);
  if (!info || !found) return '';
  return [
    `**${member}** · ${localName(enumName)}`,
    '',
    found.description,
    '',
    `Values: ${info.members.filter((m) => m.name !== 'unknownFutureValue').map((m) => `\`${m.name}\``).join(' | ')}`,
  ].join('\n');
}
