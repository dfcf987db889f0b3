// Rule settings-app-type: settings that do not fit the app's type, when the app type is known (the send
// command knows it; the language service is told through ValidationOptions.appType).
import { localName, NAMESPACE, stripHash } from '../graphTypes';
import { membersOf } from '../walker';
import { memberValue, Rule } from './ruleTypes';

const NAME = 'settings-app-type';

export const settingsAppType: Rule = {
  name: NAME,
  severity: 'error',
  description: 'Settings that do not fit the app type, whenever the app type is known.',
  rationale: 'Each settings type is made for one kind of app; Graph rejects, or silently ignores, settings of another kind.',
  assignment(visit, ctx) {
    if (!ctx.options.appType) return;
    const raw = stripHash(ctx.options.appType);
    const appType = raw.includes('.') ? raw : `${NAMESPACE}.${raw}`;
    const settingsValue = memberValue(visit.members, 'settings');
    if (!settingsValue || settingsValue.type !== 'object') return;
    const fitting = ctx.types
      .concreteTypes(ctx.types.slots.settings)
      .filter((name) => ctx.types.type(name)?.appTypes?.includes(appType));
    const withoutSettings = ctx.types.appTypesWithoutSettings.includes(appType);
    if (!withoutSettings && fitting.length === 0) return; // an app type this map does not know: not judged
    const anchor = memberValue(membersOf(settingsValue), '@odata.type') ?? settingsValue;
    if (withoutSettings) {
      ctx.report({
        rule: NAME,
        offset: anchor.offset,
        length: anchor.length,
        message: `The app is a ${localName(appType)}, which takes no assignment settings: set "settings" to null.`,
      });
      return;
    }
    const settings = visit.settings;
    if (!settings || fitting.includes(settings.typeName)) return;
    ctx.report({
      rule: NAME,
      offset: anchor.offset,
      length: anchor.length,
      message: `${localName(settings.typeName)} does not fit the app, a ${localName(appType)}. Use ${fitting.map((n) => `#${n}`).join(' or ')}, or null.`,
      fixes: fitting.map((n) => ({ title: `Change to #${n}`, edits: [{ offset: anchor.offset, length: anchor.length, text: JSON.stringify(`#${n}`) }] })),
    });
  },
};
