// The command line: `intune-assign <command>`. Each command is a thin shell over the cores; this file only
// dispatches (commands.ts) and prints usage.
import { COMMANDS } from './commands';

declare const INTUNE_ASSIGN_VERSION: string | undefined;
const VERSION = typeof INTUNE_ASSIGN_VERSION === 'string' ? INTUNE_ASSIGN_VERSION : 'dev';

const USAGE = `intune-assign ${VERSION}: author, check and send Microsoft Intune app-assignment payloads (*.assign.json)

Usage: intune-assign <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.usage.padEnd(44)} ${c.summary}`).join('\n')}

Options:
  -h, --help      Show this help.
  -v, --version   Print the version.
`;

async function main(argv: string[]): Promise<number | undefined> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (name === '-v' || name === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`intune-assign: unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  return command.run(rest, VERSION);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`intune-assign: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
