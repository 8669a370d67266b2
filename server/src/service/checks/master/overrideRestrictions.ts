import { checkDanglingWarnIfReject } from '../main/danglingWarnIfReject';
import { checkDeprecatedRestrictions } from '../main/deprecatedRestriction';
import { checkMissingLookupTables } from '../main/missingLookupTable';
import { checkRestrictionArguments } from '../main/restrictionArgument';
import { checkRestrictionStages } from '../main/restrictionStage';
import { checkUnknownRestrictions } from '../main/unknownRestriction';
import { checkUnreachableRestrictions } from '../main/unreachableRestriction';
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
