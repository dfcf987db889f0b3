// How the commands that talk to a tenant end: each kind of failure as its message and exit code (1 invalid,
// 2 usage, 3 sign-in, 4 Graph, 130 interrupted), never a stack trace for a failure a user can act on. Every
// message is redacted of anything token-shaped and made printable (Graph's error text is not ours).
import { SignInError } from '../../../graph/src/auth/signIn';
import { printable, redact } from '../../../graph/src/log';
import { GraphError, SignInRequiredError } from '../../../graph/src/graphClient';
import { AppNotAssignableError, InvalidDocumentError } from '../../../graph/src/send';
import { UsageError } from '../options';
import { EXIT } from './spec';

export async function guarded(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    const say = (message: string) => process.stderr.write(`intune-assign: ${printable(redact(message))}\n`);
    if (error instanceof UsageError) {
      say(error.message);
      return EXIT.usage;
    }
    if (error instanceof InvalidDocumentError) {
      say(error.message);
      for (const f of error.findings) process.stderr.write(`  ${f.rule}: ${printable(f.message)}\n`);
      process.stderr.write('Run intune-assign lint on the file for lines and columns.\n');
      return EXIT.invalid;
    }
    if (error instanceof SignInError || error instanceof SignInRequiredError) {
      say(error.message);
      return EXIT.signIn;
    }
    if (error instanceof GraphError) {
      say(error.describe());
      if (error.status === 401) {
        process.stderr.write('Graph did not accept the sign-in: sign in again (or get a new token).\n');
        return EXIT.signIn;
      }
      return EXIT.graph;
    }
    if (error instanceof AppNotAssignableError) {
      say(error.message);
      return EXIT.graph;
    }
    if ((error as Error)?.name === 'AbortError') {
      say('Interrupted: nothing was sent.');
      return EXIT.interrupted;
    }
    throw error;
  }
}
