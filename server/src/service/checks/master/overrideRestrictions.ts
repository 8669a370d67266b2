import { checkDanglingWarnIfReject } from '../danglingWarnIfReject';
import { checkDeprecatedRestrictions } from '../deprecatedRestriction';
import { checkMissingLookupTables } from '../missingLookupTable';
import { checkRestrictionArguments } from '../restrictionArgument';
import { checkRestrictionStages } from '../restrictionStage';
import { checkUnknownRestrictions } from '../unknownRestriction';
import { checkUnreachableRestrictions } from '../unreachableRestriction';
import { overrideRestrictionLists } from '../../model/restrictionLists';
import type { MasterCheck } from './context';

const LIST_CHECKS = [
  checkUnknownRestrictions,
  checkRestrictionArguments,
  checkUnreachableRestrictions,
  checkRestrictionStages,
  checkDanglingWarnIfReject,
  checkDeprecatedRestrictions,
  checkMissingLookupTables,
];

/** `-o smtpd_*_restrictions=...` lists, judged by the same checks as main.cf's lists. */
export const checkOverrideRestrictions: MasterCheck = ({ model, target, files, configDir }) => {
  const lists = overrideRestrictionLists(model);
  if (lists.length === 0) return [];
  return LIST_CHECKS.flatMap((check) => check({ model, target, files, configDir, lists }));
};
