// Rule settings-app-type: settings that do not fit the app's type, when the app type is known (the send
// command knows it; the language service is told through ValidationOptions.appType). A warning: no source shows
// what Graph does with settings made for another kind of app.
import { localName, NAMESPACE, stripHash, withArticle } from '../graphTypes';
import { membersOf } from '../walker';
import { memberValue, Rule } from './ruleTypes';

const NAME = 'settings-app-type';

export const settingsAppType: Rule = {
  name: NAME,
  severity: 'warning',
  description: 'Settings that do not fit the app type, whenever the app type is known.',
  rationale: 'Each settings type is made for one kind of app: settings of another kind cannot apply to this app, whether Graph refuses or ignores them.',
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
        message: `The app is ${withArticle(localName(appType))}, which takes no assignment settings: set "settings" to null.`,
      });
      return;
    }
    const settings = visit.settings;
    if (!settings || fitting.includes(settings.typeName)) return;
    ctx.report({
      rule: NAME,
      offset: anchor.offset,
      length: anchor.length,
      message: `${localName(settings.typeName)} does not fit the app, ${withArticle(localName(appType))}. Use ${fitting.map((n) => `#${n}`).join(' or ')}, or null.`,
      fixes: fitting.map((n) => ({ title: `Change to #${n}`, edits: [{ offset: anchor.offset, length: anchor.length, text: JSON.stringify(`#${n}`) }] })),
    });
  },
};
