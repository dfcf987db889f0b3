// The command line: `intune-assign <command>`. Each command is a thin shell over the cores; this file only
// dispatches and prints usage.
import { runLsp } from './lsp';

declare const INTUNE_ASSIGN_VERSION: string | undefined;
const VERSION = typeof INTUNE_ASSIGN_VERSION === 'string' ? INTUNE_ASSIGN_VERSION : 'dev';

const USAGE = `intune-assign ${VERSION}: author, check and send Microsoft Intune app-assignment payloads (*.assign.json)

Usage: intune-assign <command> [options]

Commands:
  lsp [--stdio | --node-ipc | --socket=PORT]   Start the language server (stdio by default) for any LSP client.

Options:
  -h, --help      Show this help.
  -v, --version   Print the version.
`;

function main(argv: string[]): number | undefined {
  const [command, ...rest] = argv;
  switch (command) {
    case 'lsp':
      runLsp(rest);
      return undefined; // runs until the client exits
    case '-v':
    case '--version':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`intune-assign: unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

const code = main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
