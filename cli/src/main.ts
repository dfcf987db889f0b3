// The command line: `intune-assign <command> [options]`. Reads the command's declared options (any mistake:
// exit 2 with the command's help), prints --help from the same declarations, and runs the command.
import { COMMANDS } from './commands';
import { helpText, parseCommand, UsageError } from './options';

declare const INTUNE_ASSIGN_VERSION: string | undefined;
const VERSION = typeof INTUNE_ASSIGN_VERSION === 'string' ? INTUNE_ASSIGN_VERSION : 'dev';

const USAGE = `intune-assign ${VERSION}: author, check and send Microsoft Intune app-assignment payloads (*.assign.json)

Usage: intune-assign <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.spec.usage.replace(/ \[--.*$/, ' [options]').padEnd(44)} ${c.spec.summary}`).join('\n')}

Options:
  -h, --help      Show this help (intune-assign <command> --help for a command's).
  -v, --version   Print the version.
`;

// A reader that goes away (`intune-assign send --yes ... | head -1`) closes the pipe: what is left to print has
// nowhere to go, and that is no failure of the command. Without this, the write error ends the process with a
// stack trace and exit 1 ("document invalid, nothing sent") after a change was sent; with it, the command
// finishes and exits with its own code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

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
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (!command) {
    process.stderr.write(`intune-assign: unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseCommand(command.spec, rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`intune-assign ${name}: ${error.message}\n\n${helpText(command.spec)}`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(helpText(command.spec));
    return 0;
  }
  return command.run(parsed, VERSION);
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
