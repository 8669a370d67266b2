/**
 * Where parameters are set: main.cf, or one master.cf service, whose -o
 * options are a name space of their own on top of main.cf (see
 * model/masterScope.ts). The parameter checks judge the settings of every
 * scope alike; the scope says what differs between the two files.
 */
import type { Diagnostic, Fix } from '../../diagnostics';
import type { FileSystem } from '../../files';
import type { ConfigModel, UserNameReason } from '../../model/config';
import { definedForService, overrideNameReason } from '../../model/masterScope';
import type { MasterCf, Service } from '../../syntax/masterCf';
import type { Setting } from '../../syntax/setting';
import { deleteLinesFix, removeOptionFix } from './fixes';

export interface ParameterScope {
  settings: readonly Setting[];
  /** what reads the settings here, for messages: "Postfix", 'the smtpd daemon of "submission"' */
  reader: string;
  /** whether the inline-comment check reports a " #" in a value here (main.cf has no comments after a value) */
  commentsReported: boolean;
  /** how postconf's warnings name this file: "" for main.cf, "master.cf: " */
  postconfFile: string;
  /** what may use a name of one's own as $name, for messages */
  users: string;
  /** where a $name may be defined, for messages: "anywhere", "in main.cf, ..." */
  definedIn: string;
  /** why `name`, no built-in parameter, is in use here; undefined: postconf calls it unused */
  nameInUse(name: string): UserNameReason | undefined;
  /** whether $name has a value here */
  isDefined(name: string): boolean;
  /** the setting of `name` this scope uses: the last one here; undefined when the scope does not set it */
  own(name: string): Setting | undefined;
  /** the names set here besides main.cf's, for suggestions */
  ownNames(): readonly string[];
  /** a setting as this file writes it */
  written(name: string, value: string): string;
  removeFix(setting: Setting): Fix;
  /** the master.cf service whose -o options these are; absent for main.cf */
  service?: { entry: Service; lines: readonly string[] };
}

/** What the parameter checks see: the scopes of one file. */
export interface ParameterContext {
  model: ConfigModel;
  /** the Postfix release to judge against */
  target: string;
  scopes: readonly ParameterScope[];
  /** absent in pure unit tests: file checks are then skipped */
  files?: FileSystem;
  /** the directory main.cf is read from: files under config_directory are looked for there first */
  configDir?: string;
}

export const mainScope = (model: ConfigModel): ParameterScope => ({
  settings: model.main.assignments,
  reader: 'Postfix',
  commentsReported: true,
  postconfFile: '',
  users: 'some value',
  definedIn: 'anywhere',
  nameInUse: (name) => model.userNameReason(name),
  isDefined: (name) => model.isDefined(name),
  own: (name) => model.effective(name),
  ownNames: () => [],
  written: (name, value) => `${name} = ${value}`,
  removeFix: (a) => deleteLinesFix(`Remove "${a.name}"`, a.range.start.line, a.range.end.line),
});

/** The last setting of each name, made when first asked for: checks ask for a few names many times. */
function lastOfEach(settings: readonly Setting[]): (name: string) => Setting | undefined {
  let last: Map<string, Setting> | undefined;
  return (name) => {
    if (!last) {
      last = new Map();
      for (const s of settings) last.set(s.name, s);
    }
    return last.get(name);
  };
}

/** One scope per active service. */
export const serviceScopes = (model: ConfigModel, master: MasterCf): ParameterScope[] =>
  master.services.map((service) => ({
    settings: service.overrides,
    reader: `the ${service.command} daemon of "${service.name}"`,
    commentsReported: false,
    postconfFile: 'master.cf: ',
    users: 'a main.cf value, or another -o of this service',
    definedIn: 'in main.cf, by Postfix, or by another -o of this service',
    nameInUse: (name) => overrideNameReason(model, service, name),
    isDefined: (name) => definedForService(model, service, name),
    own: lastOfEach(service.overrides),
    ownNames: () => [...new Set(service.overrides.map((o) => o.name))],
    written: (name, value) => `${name}=${value}`,
    removeFix: (o) => removeOptionFix(`Remove "-o ${o.name}"`, o.range, master.lines, service.startLine),
    service: { entry: service, lines: master.lines },
  }));

/** Asks `visit` about every setting of every scope: at most one diagnostic each. */
export function eachSetting(context: ParameterContext, visit: (setting: Setting, scope: ParameterScope) => Diagnostic | undefined): Diagnostic[] {
  // index loops: a service may have thousands of options
  const out: Diagnostic[] = [];
  for (let i = 0; i < context.scopes.length; i++) {
    const scope = context.scopes[i];
    for (let j = 0; j < scope.settings.length; j++) {
      const found = visit(scope.settings[j], scope);
      if (found) out.push(found);
    }
  }
  return out;
}
