// Rule available-device-target: "available" to all devices, for an app that is not known to allow it. The app's
// type comes from the app when it is bound (ValidationOptions.appType), else from the settings type, which is
// made for one kind of app (win32LobAppAssignmentSettings means a Win32 app).
import { localName, NAMESPACE } from '../graphTypes';
import { assignmentAppTypes } from '../tenant';
import { memberValue, Rule } from './ruleTypes';

const NAME = 'available-device-target';
const DEVICE_AVAILABLE_APP_TYPES = ['win32LobApp', 'win32CatalogApp'];

export const availableDeviceTarget: Rule = {
  name: NAME,
  severity: 'warning',
  description: 'Intent "available" to all devices, for an app that is not a Win32 app.',
  rationale:
    'For almost every app type, available assignments work only for user groups; Win32 apps and Android Enterprise fully managed / corporate-owned work profile devices are the exceptions.',
  assignment(visit, ctx) {
    if (visit.intent !== 'available' || !visit.target) return;
    if (visit.target.typeName !== `${NAMESPACE}.allDevicesAssignmentTarget`) return;
    if (assignmentAppTypes(ctx.options.appType, visit.settings?.type).appTypes.some((t) => DEVICE_AVAILABLE_APP_TYPES.includes(localName(t)))) return;
    const anchor = memberValue(visit.target.members, '@odata.type') ?? visit.target.node;
    ctx.report({
      rule: NAME,
      offset: anchor.offset,
      length: anchor.length,
      message:
        '"available" to devices works only for Win32 apps and on Android Enterprise fully managed or corporate-owned work profile devices: for other apps, target all licensed users or a user group, or use "required" for devices.',
    });
  },
};
