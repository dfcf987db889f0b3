// Lint: TypeScript's recommended rules, type-aware promise checks, and the direction data flows in (see the
// README's Architecture section). Each folder may import only what is upstream of it:
//   common/     names and messages declared once; imports nothing of ours
//   core/       the validation core; only common/. No editor, no LSP connection, no file system. Outside
//               core/, only its front door (core/src/index.ts) may be imported.
//   workspace/  files on disk and the one configuration lookup; core's front door, common/
//   graph/      Graph + sign-in + the send flow; core's front door, common/. Never server/, client/, cli/.
//   sandbox/    the tenant emulator; common/ only: it judges payloads on its own, never with the core.
//   server/     LSP wiring; core, workspace, graph (tenant data), common. Never client/ or cli/.
//   client/     the only folder that imports `vscode`; never server/ or cli/.
//   cli/        the command line; anything but client/.
// The language server never writes to the console (on stdio, stdout is the protocol).
import tseslint from 'typescript-eslint';

const FS_AND_PROCESS = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process'];
const EDITOR = ['vscode-languageserver', 'vscode-languageserver/node', 'vscode-languageclient', 'vscode-languageclient/node'];
const VSCODE = { name: 'vscode', message: 'Only client/ may import vscode.' };
/** Reaching past core's front door from outside core/. */
const CORE_INTERNALS = { regex: '(^|/)core/src/(?!index$).+', message: 'Import the core through its front door, core/src (index.ts), only.' };

/**
 * Forbids importing the named top-level folders (relative imports ending up there). `minUp`: how many `..` it
 * takes at least to reach the top from the folder's files (the sandbox's sources are two deep, and have rooms
 * of their own named graph/ and the like, one `..` away).
 */
function folders(names, why, minUp = 1) {
  return { regex: `(^|/)\\.\\.(/\\.\\.){${minUp - 1},}/(${names.join('|')})/`, message: why };
}

function restrict(files, { paths = [VSCODE], patterns = [] }) {
  return { files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vscode-test/', 'bench-results/', '.tmp/'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      'no-restricted-imports': ['error', { paths: [VSCODE], patterns: [CORE_INTERNALS] }],
    },
  },
  {
    // Plain JavaScript (scripts, benchmarks, harness) is not in the TypeScript project: no type-aware rules.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  restrict(['common/**/*.ts'], { paths: [VSCODE], patterns: [folders(['core', 'workspace', 'graph', 'sandbox', 'server', 'client', 'cli', 'schemas'], 'common/ is a leaf: it imports nothing of ours.')] }),
  restrict(['core/**/*.ts'], {
    paths: [VSCODE, ...[...EDITOR, ...FS_AND_PROCESS].map((name) => ({ name, message: 'The validation core takes documents and options as arguments: no editor, connection or file system.' }))],
    patterns: [folders(['workspace', 'graph', 'sandbox', 'server', 'client', 'cli', 'schemas'], 'The core imports only common/: the type map is injected, and the shells call the core, never the reverse.')],
  }),
  restrict(['workspace/**/*.ts'], { patterns: [CORE_INTERNALS, folders(['graph', 'sandbox', 'server', 'client', 'cli'], 'workspace/ reads files and configuration; it knows no shell and no Graph.')] }),
  restrict(['graph/**/*.ts'], { patterns: [CORE_INTERNALS, folders(['sandbox', 'server', 'client', 'cli'], 'graph/ is shared by the shells: it never imports them (nor the sandbox).')] }),
  restrict(['sandbox/**/*.ts'], { patterns: [folders(['core', 'workspace', 'graph', 'server', 'client', 'cli'], 'The sandbox judges payloads on its own (the generated schema and its Graph facts), never with the product: a core bug must be able to fail a sandbox test.', 2)] }),
  restrict(['server/**/*.ts'], { patterns: [CORE_INTERNALS, folders(['client', 'cli', 'sandbox'], 'The language server is LSP wiring over the cores; it never imports the editor shell, the command line or the sandbox.')] }),
  restrict(['client/**/*.ts'], { paths: [], patterns: [CORE_INTERNALS, folders(['server', 'cli'], 'The extension talks to the language server over LSP, never by importing it.')] }),
  restrict(['cli/**/*.ts'], { patterns: [CORE_INTERNALS, folders(['client'], 'The command line never imports the editor shell.')] }),
  restrict(['test/client/**/*.ts'], { paths: [], patterns: [] }),
  // The core's own tests may reach its internals (the fast path's rule list, say); every other test goes in by the front door.
  restrict(['test/core/**/*.ts'], { patterns: [] }),
  {
    files: ['server/src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
);
