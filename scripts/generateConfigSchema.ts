// Generates schemas/intune-assign.config.schema.json, the JSON Schema of the configuration file, from the rule
// registry, so the config file gets completion and checks for every rule name in VS Code (jsonValidation).
//   node out/scripts/generateConfigSchema.js [--check]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CLOUDS, GRAPH_VERSIONS } from '../common/src/constants';
import { RULE_LEVELS, RULES } from '../core/src';

export const CONFIG_SCHEMA_FILE = 'intune-assign.config.schema.json';

export function buildConfigSchema(): object {
  const level = { enum: [...RULE_LEVELS], enumDescriptions: ['The rule is not reported.', 'Reported as a warning.', 'Reported as an error.'] };
  const rules = {
    type: 'object',
    description: 'Rule levels by rule name: "off", "warn" or "error".',
    properties: Object.fromEntries(
      RULES.map((r) => [r.name, { ...level, description: `${r.description} Default: ${r.severity === 'error' ? 'error' : 'warn'}.`, markdownDescription: `${r.description}\n\n${r.rationale}\n\nDefault: \`${r.severity === 'error' ? 'error' : 'warn'}\`.` }]),
    ),
    additionalProperties: false,
  };
  const graphVersion = { enum: [...GRAPH_VERSIONS], description: 'The Microsoft Graph version the payloads are written for.' };
  const cloud = { enum: [...CLOUDS], description: 'The cloud the payloads are for: national clouds lack some features. Affects validation only.' };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'intune-assign configuration (intune-assign.config.json)',
    description: 'Shared by the VS Code extension, the language server and `intune-assign lint`.',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      graphVersion,
      cloud,
      rules,
      overrides: {
        type: 'array',
        description: 'Settings for some files, by glob relative to this file; later overrides win. A glob without "/" matches the file name in any folder.',
        items: {
          type: 'object',
          required: ['files'],
          properties: {
            files: { description: 'Globs of the files this override applies to.', oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
            graphVersion,
            cloud,
            rules,
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  };
}

if (require.main === module) {
  const target = resolve(__dirname, '..', '..', 'schemas', CONFIG_SCHEMA_FILE);
  const content = `${JSON.stringify(buildConfigSchema(), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    const same = existsSync(target) && readFileSync(target, 'utf8') === content;
    if (!same) console.error(`${target} differs from what the rules generate: run npm run schemas`);
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(target, content);
    console.log(`Wrote ${join('schemas', CONFIG_SCHEMA_FILE)}`);
  }
}
