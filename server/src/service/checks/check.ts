/**
 * What a check declares about itself: the codes it reports, the files it
 * judges and how it runs. checks/registry.ts lists every check once; the
 * runners for main.cf, master.cf, tables and database client files take
 * theirs from that list.
 */
import type { Code, Diagnostic } from '../diagnostics';
import type { DbmsCheck } from './dbms/context';
import type { Setting } from '../syntax/setting';
import type { Check } from './main/context';
import type { MasterCheck } from './master/context';
import type { ParameterContext, ParameterScope } from './shared/parameterScope';
import type { TableCheck } from './table/context';

interface Declared {
  /** every code the check may report: a test runs an example of each through the real entry points */
  codes: readonly Code[];
}

/** main.cf as a whole. */
export interface MainDescriptor extends Declared {
  kind: 'main';
  /**
   * A restriction-list check: it also judges the `-o smtpd_*_restrictions=...`
   * lists of master.cf, given to it as CheckContext.lists.
   */
  overrideLists?: true;
  /**
   * Judges the words of main.cf's restriction lists (overrideLists implies it):
   * what it finds in a value that a list splices in with $name from a parameter
   * that is no restriction list is reported at that $name (main/splices.ts).
   */
  listWords?: true;
  run: Check;
}

export interface MasterDescriptor extends Declared {
  kind: 'master';
  run: MasterCheck;
}

/** Parameter settings wherever they are: main.cf's `name = value` and master.cf's `-o name=value`. */
export interface ParameterDescriptor extends Declared {
  kind: 'parameter';
  run: (context: ParameterContext) => Diagnostic[];
  /**
   * For a check that judges each setting by itself (see shared/settingCheck.ts): what
   * it finds on one setting.
   */
  visit?: SettingVisit;
}

export type SettingVisit = (setting: Setting, scope: ParameterScope, context: ParameterContext) => Diagnostic | undefined;

export interface TableDescriptor extends Declared {
  kind: 'table';
  /**
   * `line`: what it reports on a line depends on that line alone, so a table
   * open in the editor is checked again only where it changed (TableSession);
   * `whole`: it reads the table as a whole, and runs on every change.
   */
  mode: 'line' | 'whole';
  run: TableCheck;
}

/** A database client configuration file (mysql:/etc/postfix/x.cf ...). */
export interface DbmsDescriptor extends Declared {
  kind: 'dbms';
  run: DbmsCheck;
}

export type CheckDescriptor = MainDescriptor | MasterDescriptor | ParameterDescriptor | TableDescriptor | DbmsDescriptor;

/** A check's declaration, checked against CheckDescriptor; list it in checks/registry.ts. */
export const defineCheck = <D extends CheckDescriptor>(descriptor: D): D => descriptor;
