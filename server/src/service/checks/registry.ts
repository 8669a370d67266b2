/**
 * Every check, listed once. The runners for main.cf, master.cf, tables and
 * database client files take theirs from this list by the kind each check declares; the order here
 * is the order of diagnostics at the same position.
 */
import { Code, type Diagnostic } from '../diagnostics';
import type { BoundCheck } from '../pipeline';
import { overrideRestrictionLists, type ListSource } from '../model/restrictionLists';
import type { CheckDescriptor, DbmsDescriptor, TableDescriptor } from './check';
import type { DbmsCheckContext } from './dbms/context';
import { dbmsDeprecated } from './dbms/deprecated';
import { dbmsDuplicates } from './dbms/duplicates';
import { dbmsNewerThanTarget } from './dbms/newerThanTarget';
import { dbmsRequired } from './dbms/required';
import { dbmsSyntax } from './dbms/syntax';
import { dbmsTemplates } from './dbms/templates';
import { dbmsUnquotedExpansion } from './dbms/unquotedExpansion';
import { dbmsUnknownParameter } from './dbms/unknownParameter';
import { dbmsValues } from './dbms/values';
import type { CheckContext } from './main/context';
import { assignmentInValue } from './main/assignmentInValue';
import { danglingWarnIfReject } from './main/danglingWarnIfReject';
import { deprecatedRestriction } from './main/deprecatedRestriction';
import { duplicateParameter } from './main/duplicateParameter';
import { heloNotRequired } from './main/heloNotRequired';
import { inlineComment } from './main/inlineComment';
import { missingLookupTable } from './main/missingLookupTable';
import { openRelay } from './main/openRelay';
import { compatibilityLevelLegacy } from './main/compatibilityLevelLegacy';
import { relayProtection } from './main/relayProtection';
import { restrictionArgument } from './main/restrictionArgument';
import { restrictionStage } from './main/restrictionStage';
import { reportAtSplices } from './main/splices';
import { syntaxErrors } from './main/syntaxErrors';
import { undefinedClass } from './main/undefinedClass';
import { referenceCycle } from './main/referenceCycle';
import { overrideReferenceCycle } from './master/referenceCycle';
import { unknownRestriction } from './main/unknownRestriction';
import { unreachableRestriction } from './main/unreachableRestriction';
import type { MasterCheckContext } from './master/context';
import { duplicateService } from './master/duplicateService';
import { maxproc } from './master/maxproc';
import { missingOverrideTable } from './master/missingOverrideTable';
import { unknownPipeMacro } from './master/pipeMacros';
import { serviceFlags } from './master/serviceFlags';
import { serviceName } from './master/serviceName';
import { serviceType } from './master/serviceType';
import { submissionInheritsMxChecks } from './master/submissionInheritsMxChecks';
import { duplicateListener } from './master/duplicateListener';
import { postscreenIncomplete } from './master/postscreenIncomplete';
import { domainInTwoClasses } from './main/domainInTwoClasses';
import { vrfyEnabled } from './shared/vrfyEnabled';
import { bannerLeaksVersion } from './shared/bannerLeaksVersion';
import { masterSyntax } from './master/syntax';
import { unknownDaemon } from './master/unknownDaemon';
import { wakeup } from './master/wakeup';
import { deprecatedParameter } from './shared/deprecatedParameter';
import { emptyMacroName } from './shared/emptyMacroName';
import { ignoredTimeText } from './shared/ignoredTimeText';
import { invalidTableName } from './shared/invalidTableName';
import { invalidValue } from './shared/invalidValue';
import { missingClientFile } from './shared/missingClientFile';
import { newerThanTarget } from './shared/newerThanTarget';
import { mainScope, serviceScopes, type ParameterContext } from './shared/parameterScope';
import { readOnlyParameter } from './shared/readOnlyParameter';
import { saslSecurity } from './shared/saslSecurity';
import { tlsCertificate } from './shared/tlsCertificate';
import { tlsRequiredOnMx } from './shared/tlsRequiredOnMx';
import { weakTls } from './shared/weakTls';
import { mynetworksTooWide } from './shared/mynetworksTooWide';
import { xclientHostsTooWide } from './shared/xclientHostsTooWide';
import { undefinedReference } from './shared/undefinedReference';
import { unknownParameter } from './shared/unknownParameter';
import { accessActions } from './table/accessActions';
import { accessKeys } from './table/accessKeys';
import { actionVersions } from './table/actionVersions';
import { cidrPatterns } from './table/cidrPatterns';
import type { TableCheckContext } from './table/context';
import { duplicateKeys } from './table/duplicates';
import { headerActions } from './table/headerActions';
import { ifEndif } from './table/ifEndif';
import { tablePatterns } from './table/patterns';
import { staleTable } from './table/staleTable';
import { tableSyntax } from './table/syntax';

/** By name: the name is what a failing check is reported by. */
const ALL = {
  syntaxErrors,
  masterSyntax,
  serviceType,
  serviceFlags,
  wakeup,
  maxproc,
  serviceName,
  duplicateService,
  unknownDaemon,
  unknownPipeMacro,
  submissionInheritsMxChecks,
  duplicateListener,
  postscreenIncomplete,
  domainInTwoClasses,
  vrfyEnabled,
  bannerLeaksVersion,
  unknownParameter,
  undefinedReference,
  undefinedClass,
  referenceCycle,
  overrideReferenceCycle,
  missingOverrideTable,
  readOnlyParameter,
  duplicateParameter,
  invalidValue,
  ignoredTimeText,
  emptyMacroName,
  invalidTableName,
  inlineComment,
  assignmentInValue,
  deprecatedParameter,
  newerThanTarget,
  unknownRestriction,
  restrictionArgument,
  relayProtection,
  unreachableRestriction,
  restrictionStage,
  danglingWarnIfReject,
  heloNotRequired,
  deprecatedRestriction,
  missingLookupTable,
  missingClientFile,
  saslSecurity,
  tlsCertificate,
  tlsRequiredOnMx,
  weakTls,
  openRelay,
  mynetworksTooWide,
  compatibilityLevelLegacy,
  xclientHostsTooWide,
  tableSyntax,
  tablePatterns,
  cidrPatterns,
  ifEndif,
  duplicateKeys,
  accessActions,
  accessKeys,
  headerActions,
  actionVersions,
  staleTable,
  dbmsSyntax,
  dbmsRequired,
  dbmsUnknownParameter,
  dbmsNewerThanTarget,
  dbmsDuplicates,
  dbmsDeprecated,
  dbmsTemplates,
  dbmsUnquotedExpansion,
  dbmsValues,
} satisfies Record<string, CheckDescriptor>;

/** Codes the server gives in place of checking a file (too large, not text): no check makes them. */
export const NOTICE_CODES: readonly Code[] = [Code.FileTooLarge, Code.BinaryFile];

export type Registered<D extends CheckDescriptor = CheckDescriptor> = D & { name: string };

export const CHECKS: readonly Registered[] = Object.entries(ALL).map(([name, check]: [string, CheckDescriptor]) => ({ ...check, name }));

const bind = <C>(check: { name: string; run: (context: C) => Diagnostic[] }, context: C): BoundCheck => ({
  name: check.name,
  run: () => check.run(context),
});

const SETTING_CHECKS = CHECKS.flatMap((c) => (c.kind === 'parameter' && c.visit ? [{ name: c.name, visit: c.visit }] : []));

/** main.cf: its own checks, and the parameter checks over its assignments. */
export function mainCfChecks(context: CheckContext): BoundCheck[] {
  const parameters: ParameterContext = { ...context, scopes: [mainScope(context.model)] };
  const { memo } = context;
  // the per-setting checks run together, once, over what the memo does not hold
  let kept: ((name: string) => Diagnostic[]) | undefined;
  const settingFindings = memo && ((name: string) => (kept ??= memo.settingFindings(parameters, SETTING_CHECKS))(name));
  return CHECKS.flatMap((c): BoundCheck[] => {
    if (c.kind === 'parameter') return [c.visit && settingFindings ? { name: c.name, run: () => settingFindings(c.name) } : bind(c, parameters)];
    if (c.kind !== 'main') return [];
    if (!c.overrideLists && !c.listWords) return [bind(c, context)];
    return [{ name: c.name, run: () => reportAtSplices(context.model, c.run(context)) }];
  });
}

/**
 * master.cf: its own checks, the parameter checks over each service's -o
 * options, and the restriction-list checks over the lists those options set.
 */
export function masterCfChecks(context: MasterCheckContext): BoundCheck[] {
  const parameters: ParameterContext = { ...context, scopes: serviceScopes(context.model, context.master) };
  let lists: ListSource[] | undefined;
  const overrideLists = (): ListSource[] => (lists ??= overrideRestrictionLists(context.model));
  return CHECKS.flatMap((c): BoundCheck[] => {
    switch (c.kind) {
      case 'master':
        return [bind(c, context)];
      case 'parameter':
        return [bind(c, parameters)];
      case 'main':
        if (!c.overrideLists) return [];
        return [{ name: c.name, run: () => (overrideLists().length ? c.run({ ...context, lists: overrideLists() }) : []) }];
      default:
        return [];
    }
  });
}

export const TABLE_CHECKS: readonly Registered<TableDescriptor>[] = CHECKS.filter((c): c is Registered<TableDescriptor> => c.kind === 'table');

/** Table checks (all of them unless told), each with the context it runs in. */
export const tableChecks = (context: TableCheckContext, checks: readonly Registered<TableDescriptor>[] = TABLE_CHECKS): BoundCheck[] =>
  checks.map((c) => bind(c, context));

/** Database client configuration file checks, each with the context it runs in. */
export const dbmsChecks = (context: DbmsCheckContext): BoundCheck[] =>
  CHECKS.filter((c): c is Registered<DbmsDescriptor> => c.kind === 'dbms').map((c) => bind(c, context));
