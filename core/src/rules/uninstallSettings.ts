// Rule uninstall-settings: install-time settings given with the "uninstall" intent. A warning: no source shows
// Graph refusing them (the admin portal itself sends them as null on uninstall assignments).
import { removePropertyFix } from '../fixes';
import { isSet, Rule } from './ruleTypes';

const NAME = 'uninstall-settings';
const INSTALL_ONLY = ['preventManagedAppBackup', 'uninstallOnDeviceRemoval'];

export const uninstallSettings: Rule = {
  name: NAME,
  severity: 'warning',
  description: '"preventManagedAppBackup" or "uninstallOnDeviceRemoval" present and not null with intent "uninstall".',
  rationale: 'These settings describe an installed app: on an uninstall assignment they have nothing to act on, and the admin portal sends them as null there.',
  assignment(visit, ctx) {
    const settings = visit.settings;
    if (!settings || visit.intent !== 'uninstall') return;
    for (const name of INSTALL_ONLY) {
      if (!isSet(settings.members, name)) continue;
      const property = settings.members.get(name)!;
      ctx.report({
        rule: NAME,
        offset: property.children![0].offset,
        length: property.children![0].length,
        message: `"${name}" describes an installed app and has no effect with intent "uninstall". Remove it or set it to null.`,
        fixes: [removePropertyFix(`Remove "${name}"`, property)],
      });
    }
  },
};
