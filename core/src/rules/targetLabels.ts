// How rules name an assignment's target in messages: "group 0b1c…", "all licensed users".
import { localName } from '../graphTypes';
import type { AssignmentSummary } from './ruleTypes';

export function targetLabel(summary: AssignmentSummary): string {
  const target = summary.target!;
  switch (localName(target.typeName)) {
    case 'allDevicesAssignmentTarget':
      return 'all devices';
    case 'allLicensedUsersAssignmentTarget':
      return 'all licensed users';
    case 'exclusionGroupAssignmentTarget':
      return `excluded group ${target.id}`;
    case 'configurationManagerCollectionAssignmentTarget':
      return `collection ${target.id}`;
    default:
      return `group ${target.id}`;
  }
}

/** "assignment 3" for the element at index 2. */
export function assignmentLabel(summary: AssignmentSummary): string {
  return `assignment ${summary.index + 1}`;
}
