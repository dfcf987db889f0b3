// Where the rules' evidence (docs/graph-behaviour.md) is on this machine: beside the bundle's folder (dist/ in
// the project and in the installed extension), so diagnostics link to each rule's section. Undefined when the
// file is not there (a build without docs): diagnostics then carry no link rather than a broken one.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_DOCS_FILE } from '../../core/src';

export const RULE_DOCS: string | undefined = (() => {
  const file = join(__dirname, '..', RULE_DOCS_FILE);
  return existsSync(file) ? pathToFileURL(file).href : undefined;
})();
