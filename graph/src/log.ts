// One structured log for the sending half: tagged lines ([auth], [graph]) to whatever sink the shell gives
// (stderr for the CLI, an output channel in VS Code), with anything that looks like a token or a secret masked
// on the way, as a last line of defence behind code that never logs them in the first place.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, line: string) => void;

export interface Logger {
  debug(tag: string, message: string): void;
  info(tag: string, message: string): void;
  warn(tag: string, message: string): void;
  error(tag: string, message: string): void;
}

/**
 * JWTs, bearer tokens, secrets in key=value or "key": "value" form, and any long unbroken run of token
 * characters (an opaque token: GUIDs and ids are far shorter).
 */
export function redact(text: string): string {
  return text
    .replace(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '<redacted>')
    .replace(/[A-Za-z0-9_\-+/=]{80,}/g, (run) => (/[A-Za-z]/.test(run) && /\d/.test(run) && !/^[/\w-]*\/[/\w-]*$/.test(run) ? '<redacted>' : run))
    .replace(/\b(Bearer)\s+(?!<redacted>)[A-Za-z0-9._~+/=-]{8,}/gi, '$1 <redacted>')
    .replace(
      /\b((?:access|refresh|id)_token|client_secret|client_assertion|code_verifier|password|secret|assertion)(["']?\s*[:=]\s*["']?)(?!<redacted>)[^"'&\s,}]+/gi,
      '$1$2<redacted>',
    );
}

/**
 * Text from a document or from Graph made safe for a terminal line: control characters (ESC, BEL, CR, LF,
 * TAB, DEL, C1), line and paragraph separators and bidirectional overrides are written as \u escapes, so no
 * value can retitle the terminal, clear the screen, or forge a line for a problem matcher.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function createLogger(sink: LogSink, minimum: LogLevel = 'info'): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const write = (level: LogLevel) => (tag: string, message: string) => {
    if (order.indexOf(level) >= order.indexOf(minimum)) sink(level, `[${tag}] ${redact(message)}`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
