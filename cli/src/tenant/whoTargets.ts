// `intune-assign who-targets GROUP`: every app and intent that includes or excludes a group, named by id or by
// the display name exactly one group has, from one batched read of the tenant's assignments.
import { printable } from '../../../graph/src/log';
import { readApps } from '../../../graph/src/tenant/apps';
import { findGroup, whoTargets } from '../../../graph/src/tenant/whoTargets';
import type { ParsedCommand } from '../options';
import { Interrupts } from '../session/interrupts';
import { EXIT } from '../send/spec';
import { tenantGuarded } from './errors';
import { connect } from './workspace';

export function runWhoTargets({ values, positionals }: ParsedCommand): Promise<number> {
  return tenantGuarded(async () => {
    const connected = await connect(values, 'read', 'beta');
    const interrupts = new Interrupts();
    try {
      const { id, group } = await interrupts.during((signal) => findGroup(connected.directory, positionals[0], signal));
      const read = await interrupts.during((signal) => readApps(connected.session.client('beta'), 'all', { signal }));
      const found = whoTargets(read, id);
      if (values.format === 'json') {
        process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
        return EXIT.ok;
      }
      const name = group ? `"${printable(group.displayName)}" (${id})` : `${id} (not in the directory: deleted, or not a group)`;
      process.stdout.write(`${name} is targeted by ${found.length} assignment(s) of ${new Set(found.map((f) => f.appId)).size} app(s), of ${read.apps.size} app(s) read:\n`);
      for (const f of found) process.stdout.write(`  ${f.target.padEnd(8)} ${f.intent.padEnd(27)} ${printable(f.displayName)} (${f.appId})\n`);
      return EXIT.ok;
    } finally {
      interrupts.dispose();
    }
  });
}
