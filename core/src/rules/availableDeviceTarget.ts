// Rule available-device-target: "available" to all devices.
import { localName, NAMESPACE } from '../graphTypes';
import { memberValue, Rule } from './ruleTypes';

const NAME = 'available-device-target';
const DEVICE_AVAILABLE_APP_TYPES = ['win32LobApp', 'win32CatalogApp'];

export const availableDeviceTarget: Rule = {
  name: NAME,
  severity: 'warning',
  description: 'Intent "available" to all devices.',
  rationale:
    'For almost every app type, available assignments work only for user groups; Win32 apps and Android Enterprise fully managed / corporate-owned work profile devices are the exceptions.',
  assignment(visit, ctx) {
    if (visit.intent !== 'available' || !visit.target) return;
    if (visit.target.typeName !== `${NAMESPACE}.allDevicesAssignmentTarget`) return;
    const appType = ctx.options.appType ? localName(ctx.options.appType) : undefined;
    if (appType && DEVICE_AVAILABLE_APP_TYPES.includes(appType)) return;
    const anchor = memberValue(visit.target.members, '@odata.type') ?? visit.target.node;
    ctx.report({
      rule: NAME,
      offset: anchor.offset,
      length: anchor.length,
      message:
        '"available" works only for users for almost every app type: target all licensed users or a user group, or use "required" for devices. (Win32 apps and Android Enterprise fully managed / corporate-owned work profile devices are the exceptions.)',
    });
  },
};
