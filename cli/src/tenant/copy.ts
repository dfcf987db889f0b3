// `intune-assign copy --from APP --to APP`: the assignments of one app (say the old version) sent to another
// through the one send flow (send's review, confirmation, exit codes and read-back), the document being the
// --from app's assignments as Graph returned them, less what it computes. The settings must fit --to's app
// type: settings-app-type is an error here, so nothing is sent when they do not.
import { DEFAULT_SETTINGS } from '../../../common/src/constants';
import { withoutComputed } from '../../../graph/src/assignmentDiff';
import { GraphError } from '../../../graph/src/graphClient';
import { readApps } from '../../../graph/src/tenant/apps';
import type { ParsedCommand } from '../options';
import { openSession } from '../session/session';
import { signInOptions } from '../session/signInOptions';
import { sendDocument } from '../send/send';
import { tenantGuarded } from './errors';

export function runCopy({ values }: ParsedCommand): Promise<number> {
  return tenantGuarded(async () => {
    const signIn = signInOptions(values);
    const from = values.from as string;
    const to = values.to as string;
    const version = signIn.graphVersion ?? DEFAULT_SETTINGS.graphVersion;
    const session = openSession(signIn, version, values['dry-run'] === true ? 'read' : 'write');
    // Both apps in one batched request; the send flow plans with the target as read here.
    const read = await readApps(session.client(version), [from, to]);
    for (const id of read.missing) throw new GraphError(404, 'ResourceNotFound', `No app with id ${id} exists in this tenant.`);
    const source = read.apps.get(from.toLowerCase())!;
    const text = `${JSON.stringify({ mobileAppAssignments: source.assignments.map((a) => withoutComputed(a, version)) }, null, 2)}\n`;
    process.stderr.write(`Copying ${source.assignments.length} assignment(s) of "${source.app.displayName}" (${source.app['@odata.type']}).\n`);
    const options = { graphVersion: version, cloud: signIn.cloud ?? DEFAULT_SETTINGS.cloud, rules: { 'settings-app-type': 'error' as const } };
    return sendDocument({ text, options, appId: to, values, diffOnly: false, session, read: read.apps.get(to.toLowerCase()) });
  });
}
