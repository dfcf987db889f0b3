// `intune-assign pull`: an app's current assignments as a normalized *.assign.json, to a file or stdout.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { toDocument } from '../../../graph/src/send';
import { type ParsedCommand, UsageError } from '../options';
import { openSession } from '../session/session';
import { signInOptions } from '../session/signInOptions';
import { guarded } from './errors';
import { validationOptions } from './send';
import { EXIT } from './spec';

export function runPullCommand({ values }: ParsedCommand): Promise<number> {
  return guarded(async () => {
    const signIn = signInOptions(values);
    const appId = values.app as string | undefined;
    if (!appId) throw new UsageError('--app ID is required (or --all --out DIR for every app).');
    for (const flag of ['out', 'include-unassigned']) if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with --all.`);
    const output = values.output as string | undefined;
    // The configuration that will apply to the document written (its Graph version), as for any document there.
    const version = validationOptions(signIn, resolve(output ?? 'pulled.assign.json')).graphVersion;
    const session = openSession(signIn, version, 'read');
    const app = await session.apps.getApp(appId);
    const assignments = await session.apps.listAssignments(appId);
    const document = toDocument(assignments, version, values['keep-computed'] === true);
    if (output) {
      writeFileSync(resolve(output), document);
      process.stderr.write(`Wrote ${assignments.length} assignment(s) of "${app.displayName}" (${app['@odata.type']}) to ${output}.\n`);
    } else process.stdout.write(document);
    return EXIT.ok;
  });
}
