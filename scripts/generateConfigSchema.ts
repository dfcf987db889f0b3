// Generates schemas/intune-assign.config.schema.json, the JSON Schema of the configuration file, from the rule
// registry, so the config file gets completion and checks for every rule name in VS Code (jsonValidation), and
// hover and checks for the bindings of files to apps ("apps") and the names recorded for promotion ("names").
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
  const guid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
  const namesOf = (what: string) => ({
    type: 'object',
    description: `${what} id -> display name, as read from the tenant.`,
    propertyNames: { pattern: guid },
    additionalProperties: { type: 'string', minLength: 1 },
  });
  const apps = {
    type: 'object',
    description: 'Bindings: each *.assign.json (relative to this file, with "/") -> the Intune app it is the assignments of. `intune-assign plan` and `apply`, Send assign and the Intune Apps view use them.',
    markdownDescription:
      'Bindings: each `*.assign.json` (relative to this file, with `/`) and the id of the Intune app whose assignments it holds. `intune-assign plan` and `apply`, **Send assign** and the **Intune Apps** view use them; `intune-assign pull --all` and **Bind to app…** write them.',
    propertyNames: { pattern: '^(?!/)(?![A-Za-z]:)(?!(.*/)?\\.\\.(/|$))[^\\\\]+$', description: 'A path relative to this file, inside its folder, with "/".' },
    additionalProperties: { type: 'string', pattern: guid, description: "The Intune app's id (a GUID: the end of the app's address in the Intune admin center)." },
  };
  const names = {
    type: 'object',
    description: 'Display names recorded with the bindings, so `--map-by-name` can promote the workspace to another tenant whose apps, groups and filters have the same names and other ids.',
    properties: {
      tenant: { type: 'string', description: 'The id of the tenant the bindings and names were read from.' },
      apps: namesOf('App'),
      groups: namesOf('Group'),
      filters: namesOf('Assignment filter'),
    },
    additionalProperties: false,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'intune-assign configuration (intune-assign.config.json)',
    description: 'Shared by the VS Code extension, the language server and the command line (lint, plan, apply).',
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
      apps,
      names,
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
