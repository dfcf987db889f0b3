// Rule available-without-enrollment-target: "availableWithoutEnrollment" to all devices.
import { NAMESPACE } from '../graphTypes';
import { memberValue, Rule } from './ruleTypes';

const NAME = 'available-without-enrollment-target';

export const availableWithoutEnrollmentTarget: Rule = {
  name: NAME,
  severity: 'warning',
  description: 'Intent "availableWithoutEnrollment" to all devices.',
  rationale: 'This intent is for users whose devices are not enrolled, while all devices means enrolled, managed devices.',
  assignment(visit, ctx) {
    if (visit.intent !== 'availableWithoutEnrollment' || !visit.target) return;
    if (visit.target.typeName !== `${NAMESPACE}.allDevicesAssignmentTarget`) return;
    const anchor = memberValue(visit.target.members, '@odata.type') ?? visit.target.node;
    ctx.report({
      rule: NAME,
      offset: anchor.offset,
      length: anchor.length,
      message:
        '"availableWithoutEnrollment" is for users whose devices are not enrolled, but all devices means enrolled devices. Target all licensed users or a user group.',
    });
  },
};
