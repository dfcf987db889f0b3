// Rule json-syntax: the document is not strict JSON. The problems themselves come from the parser (parse.ts).
import type { Rule } from './ruleTypes';

export const JSON_SYNTAX = 'json-syntax';

export const jsonSyntax: Rule = {
  name: JSON_SYNTAX,
  severity: 'error',
  description: 'Not strict JSON: comments, trailing commas, single quotes, unquoted names, unterminated strings.',
  rationale: 'Graph parses the request body as strict JSON and rejects anything else with a 400.',
};
