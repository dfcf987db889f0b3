// Command-line options, declared once: each option's name, type, value placeholder and help line live in one
// place, node:util's parseArgs reads them, and the --help text is generated from the same declarations (so the
// help cannot drift from what is accepted). Values are checked against their declared choices here; a wrong
// option is a UsageError (exit 2) that names the option.
import { parseArgs } from 'node:util';

/** A wrong option, argument or configuration: the command exits with code 2. */
export class UsageError extends Error {}

export interface OptionSpec {
  /** Long name without the dashes: `graph-version`. */
  name: string;
  short?: string;
  /** A flag (boolean) or an option with a value. */
  type: 'boolean' | 'string';
  /** Repeatable (`--only A --only B`). */
  multiple?: boolean;
  /** Placeholder of the value in the help: `FILE`. */
  value?: string;
  /** One line of help (long lines are wrapped). */
  help: string;
  /** The only values accepted. */
  choices?: readonly string[];
  /** Checks (and may convert) a value; throws a UsageError saying what is wrong. */
  check?: (value: string) => unknown;
  /** The command cannot run without it. */
  required?: boolean;
}

export interface OptionGroup {
  title: string;
  options: readonly OptionSpec[];
  /** Lines after the group's options. */
  notes?: string;
}

export interface CommandSpec {
  name: string;
  /** The usage line after `intune-assign `: `send FILE --app ID [options]`. */
  usage: string;
  /** One line for the command list. */
  summary: string;
  /** Paragraph(s) after the usage line. */
  description: string;
  groups: readonly OptionGroup[];
  /** Positional arguments: how many at least and at most (default none). */
  positionals?: { min: number; max: number; name: string };
  /** A closing paragraph (exit codes). */
  epilogue?: string;
}

/** Flags that would put a secret in argv, refused with the safe alternative. */
const SECRET_FLAGS: Record<string, string> = {
  '--client-secret': '--client-secret-env VAR',
  '--access-token': '--access-token-env VAR',
  '--certificate-password': '--certificate-password-env VAR',
  '--client-assertion': '--client-assertion-file FILE',
  '--password': 'a sign-in in the browser or with a device code',
};

export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', type: 'boolean', help: 'Show this help.' };

export type ParsedValues = Record<string, string | boolean | string[] | unknown>;

export interface ParsedCommand {
  values: ParsedValues;
  positionals: string[];
}

/** Parses a command's arguments against its declared options; 'help' for -h/--help. Throws UsageError. */
export function parseCommand(spec: CommandSpec, args: string[]): ParsedCommand | 'help' {
  for (const arg of args) {
    if (arg === '--') break;
    const name = arg.split('=')[0];
    if (SECRET_FLAGS[name]) throw new UsageError(`${name} would put a secret on the command line, where other users of the machine can read it: use ${SECRET_FLAGS[name]}.`);
  }
  const all = [...spec.groups.flatMap((g) => g.options), HELP_OPTION];
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const option of all) config[option.name] = { type: option.type, ...(option.short && { short: option.short }), ...(option.multiple && { multiple: true }) };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: config, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error as Error & { code?: string }));
  }
  if (parsed.values.help) return 'help';
  const values: ParsedValues = {};
  for (const option of all) {
    const raw = parsed.values[option.name];
    if (raw === undefined && option.required) throw new UsageError(`--${option.name}${option.value ? ` ${option.value}` : ''} is required: ${option.help}`);
    if (raw === undefined || option.name === 'help') continue;
    if (option.type === 'boolean') {
      values[option.name] = raw;
      continue;
    }
    const list = (Array.isArray(raw) ? raw : [raw]) as string[];
    const checked = list.map((value) => checkValue(option, value));
    values[option.name] = option.multiple ? checked : checked[checked.length - 1];
  }
  const { min, max, name } = spec.positionals ?? { min: 0, max: 0, name: '' };
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals[max];
    throw new UsageError(max === 0 ? `Unexpected argument "${extra}": ${spec.name} takes options only.` : `Unexpected argument "${extra}".`);
  }
  if (parsed.positionals.length < min) throw new UsageError(`${name} is required: intune-assign ${spec.usage}.`);
  return { values, positionals: parsed.positionals };
}

function checkValue(option: OptionSpec, value: string): unknown {
  const flag = `--${option.name}`;
  if (value === '') throw new UsageError(`${flag} needs a value${option.value ? ` (${option.value})` : ''}.`);
  if (option.choices && !option.choices.includes(value)) throw new UsageError(`${flag} must be one of ${option.choices.join(', ')}, not "${value}".`);
  return option.check ? option.check(value) : value;
}

function describeParseError(error: Error & { code?: string }): string {
  // parseArgs's messages name the option; say it the way the rest of the command line does.
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(' ')[0];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${option}. See --help.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(error.message)) return `${option} takes no value.`;
      if (/ambiguous/.test(error.message)) return `${option} needs a value; one that starts with '-' is written ${option}=-VALUE.`;
      return `${option} needs a value.`;
    default:
      return error.message;
  }
}

/** The --help text, generated from the declarations. */
export function helpText(spec: CommandSpec): string {
  const sections = [`Usage: intune-assign ${spec.usage}`, spec.description.trim()];
  const width = Math.max(
    ...spec.groups.flatMap((g) => g.options.map((o) => optionLabel(o).length)),
    optionLabel(HELP_OPTION).length,
  );
  spec.groups.forEach((group, i) => {
    const options = i === spec.groups.length - 1 ? [...group.options, HELP_OPTION] : group.options;
    const lines = [`${group.title}:`, ...options.flatMap((o) => optionLines(o, width))];
    if (group.notes) lines.push(group.notes.trimEnd());
    sections.push(lines.join('\n'));
  });
  if (!spec.groups.length) sections.push(['Options:', ...optionLines(HELP_OPTION, width)].join('\n'));
  if (spec.epilogue) sections.push(spec.epilogue.trim());
  return `${sections.join('\n\n')}\n`;
}

function optionLabel(option: OptionSpec): string {
  const names = option.short ? `-${option.short}, --${option.name}` : `    --${option.name}`;
  const value = option.type === 'string' ? ` ${option.value ?? (option.choices ? option.choices.join('|') : 'VALUE')}` : '';
  return `${names}${value}`;
}

const HELP_COLUMNS = 110;

function optionLines(option: OptionSpec, width: number): string[] {
  const label = `  ${optionLabel(option).padEnd(width)}  `;
  const words = option.help.split(' ');
  const lines: string[] = [];
  let line = label;
  for (const word of words) {
    if (line.length + word.length > HELP_COLUMNS && line.trim().length > label.trim().length) {
      lines.push(line.trimEnd());
      line = ' '.repeat(label.length);
    }
    line += `${word} `;
  }
  lines.push(line.trimEnd());
  return lines;
}
