// Lint: TypeScript's recommended rules plus the project's layering. `vscode` only under client/; the
// validation core (server/src/service/) imports no editor, no LSP connection and no file system; the
// server never writes to the console (on stdio, stdout is the protocol).
import tseslint from 'typescript-eslint';

const FS_AND_PROCESS = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process'];
const EDITOR = ['vscode', 'vscode-languageserver', 'vscode-languageserver/node', 'vscode-languageclient', 'vscode-languageclient/node'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vscode-test/', 'bench-results/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only client/ may import vscode.' }] }],
    },
  },
  {
    files: ['client/**/*.ts', 'test/e2e/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['server/src/service/**/*.ts', 'common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...EDITOR, ...FS_AND_PROCESS].map((name) => ({
            name,
            message: 'The validation core takes documents and options as arguments: no editor, connection or file system.',
          })),
        },
      ],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
);
