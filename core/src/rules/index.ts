// The rule registry: every rule, in the order the README's rules table lists them.
import { availableDeviceTarget } from './availableDeviceTarget';
import { autoUpdateIntent } from './autoUpdateIntent';
import { availableWithoutEnrollmentTarget } from './availableWithoutEnrollmentTarget';
import { betaOnly } from './betaOnly';
import { dateTime } from './dateTime';
import { duplicateTarget } from './duplicateTarget';
import { emptyAssignments } from './emptyAssignments';
import { enumCasing } from './enumCasing';
import { exclusionSettings } from './exclusionSettings';
import { filterConsistency } from './filterConsistency';
import { filterNotFound } from './filterNotFound';
import { filterPlatformMismatch } from './filterPlatformMismatch';
import { groupNotFound } from './groupNotFound';
import { guidFormat } from './guidFormat';
import { includeExcludeConflict } from './includeExcludeConflict';
import { isRemovableIntent } from './isRemovableIntent';
import { jsonSyntax } from './jsonSyntax';
import { nationalCloudUnsupported } from './nationalCloudUnsupported';
import { odataTypeAbstract } from './odataTypeAbstract';
import { odataTypeCasing } from './odataTypeCasing';
import { odataTypePrefix } from './odataTypePrefix';
import { odataTypeRequired } from './odataTypeRequired';
import { odataTypeSlot } from './odataTypeSlot';
import { odataTypeUnknown } from './odataTypeUnknown';
import { readOnlyProperty } from './readOnlyProperty';
import type { Rule } from './ruleTypes';
import { schema } from './schema';
import { settingsAppType } from './settingsAppType';
import { uninstallSettings } from './uninstallSettings';
import { unknownFutureValue } from './unknownFutureValue';

export const RULES: readonly Rule[] = [
  jsonSyntax,
  schema,
  odataTypeRequired,
  odataTypeAbstract,
  odataTypeUnknown,
  odataTypeCasing,
  odataTypeSlot,
  odataTypePrefix,
  enumCasing,
  unknownFutureValue,
  readOnlyProperty,
  betaOnly,
  emptyAssignments,
  duplicateTarget,
  includeExcludeConflict,
  availableDeviceTarget,
  availableWithoutEnrollmentTarget,
  isRemovableIntent,
  uninstallSettings,
  exclusionSettings,
  autoUpdateIntent,
  filterConsistency,
  guidFormat,
  dateTime,
  nationalCloudUnsupported,
  settingsAppType,
  groupNotFound,
  filterNotFound,
  filterPlatformMismatch,
];

export const RULES_BY_NAME: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.name, r]));
