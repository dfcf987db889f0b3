// Where each rule's evidence is documented: docs/graph-behaviour.md has one section per rule, headed by the rule's
// name, saying why the rule has its severity and citing the public sources. The core knows the file's path in the
// project, not where it is installed: shells pass its address (RULE_DOCS_FILE resolved where they run).

/** The document, relative to the project (and to the installed extension and package). */
export const RULE_DOCS_FILE = 'docs/graph-behaviour.md';

/** The address of a rule's section: the document's address with the rule's name as the fragment. */
export function ruleDocsUrl(ruleDocs: string, rule: string): string {
  const hash = ruleDocs.indexOf('#');
  return `${hash < 0 ? ruleDocs : ruleDocs.slice(0, hash)}#${rule}`;
}
