/**
 * The restrictions of one smtpd service in the order smtpd evaluates them,
 * each where it is written: a master.cf `-o` list, a main.cf list or a list
 * it splices in with $name, a restriction class it names, or a built-in
 * default that no file states. A logged reject is then attributed to the
 * first occurrence that can give its reply.
 */
import { expandParameter, expandValue } from '../model/expand';
import type { ConfigModel } from '../model/config';
import { inComment, inlineComments } from '../model/inlineComments';
import { classNames } from '../model/restrictionLists';
import { STAGES, stageParameter, type Stage } from '../knowledge/restrictions';
import { parseRestrictionList } from '../syntax/restrictionList';
import type { Override, Service } from '../syntax/masterCf';
import type { SourceText } from '../syntax/text';

export interface Occurrence {
  /** the restriction as written */
  name: string;
  /** lower case, as smtpd compares restriction names */
  key: string;
  /** its argument as written: a table, a DNS list, a policy service */
  argument?: string;
  /** the list smtpd runs it from */
  stage: Stage;
  /** the parameter or restriction class that holds it */
  parameter: string;
  /** where it is written; undefined for a built-in default */
  file?: 'main.cf' | 'master.cf';
  /** 0-based line of the restriction's name */
  line?: number;
  /** a warn_if_reject before it (or before the class that holds it) */
  warned: boolean;
}

export interface ServiceRestrictions {
  /** each list's occurrences, classes and splices inlined, in evaluation order */
  lists: ReadonlyMap<Stage, readonly Occurrence[]>;
  /** smtpd_relay_before_recipient_restrictions */
  relayFirst: boolean;
  rejectUnlistedRecipient: boolean;
  rejectUnlistedSender: boolean;
  /** occurrences in restriction classes that only an access table's result can reach */
  reachedByTables: readonly Occurrence[];
}

/** A bare type:table in a list is an access table of the list's own kind. */
const DEFAULT_ACCESS: Partial<Record<Stage, string>> = {
  client: 'check_client_access',
  helo: 'check_helo_access',
  sender: 'check_sender_access',
  relay: 'check_recipient_access',
  recipient: 'check_recipient_access',
  etrn: 'check_etrn_access',
};

interface Written {
  value: string;
  source?: SourceText;
  file?: 'main.cf' | 'master.cf';
}

/** Deep enough for any sane nesting of classes and splices; a cycle stops here too. */
const MAX_DEPTH = 20;

export function serviceRestrictions(model: ConfigModel, service?: Pick<Service, 'overrides'>): ServiceRestrictions {
  const overrides = service?.overrides ?? [];
  const override = (name: string): Override | undefined => overrides.filter((o) => o.name === name).pop();
  const written = (name: string): Written | undefined => {
    const o = override(name);
    if (o) return { value: o.value, source: o.source, file: 'master.cf' };
    const a = model.effective(name);
    if (a) return { value: a.value, source: a.source, file: 'main.cf' };
    const raw = model.rawValue(name);
    return raw === undefined ? undefined : { value: expandValue(model, raw).value };
  };
  const value = (name: string): string => {
    const o = override(name);
    return (o ? expandValue(model, o.value) : expandParameter(model, name)).value.trim();
  };
  const classes = new Set(classNames(value('smtpd_restriction_classes')).map((c) => c.name));
  const inlinedClasses = new Set<string>();

  const walk = (parameter: string, stage: Stage, warned: boolean, out: Occurrence[], depth: number): void => {
    const list = written(parameter);
    if (!list || depth > MAX_DEPTH) return;
    const comments = list.file === 'main.cf' && list.value.includes('#') ? inlineComments(list.value) : [];
    let warnNext = false;
    for (const item of parseRestrictionList(list.value)) {
      if (comments.length && inComment(comments, item.word.start)) continue;
      const at = list.source?.position(item.word.start).line;
      const place = { stage, parameter, file: list.file, line: at };
      const isWarned = warned || warnNext;
      warnNext = false;
      if (item.kind === 'reference') {
        const spliced = /^\$[{(]?([A-Za-z0-9_]+)[})]?$/.exec(item.word.text)?.[1];
        if (spliced) walk(spliced, stage, isWarned, out, depth + 1);
      } else if (item.kind === 'restriction') {
        const key = item.info.name;
        if (key === 'warn_if_reject') {
          warnNext = true;
          continue;
        }
        out.push({ name: item.word.text, key, argument: item.argument?.text, ...place, warned: isWarned });
      } else if (item.kind === 'table') {
        const access = DEFAULT_ACCESS[stage];
        if (access) out.push({ name: item.word.text, key: access, argument: item.word.text, ...place, warned: isWarned });
      } else if (classes.has(item.word.text)) {
        inlinedClasses.add(item.word.text);
        walk(item.word.text, stage, isWarned, out, depth + 1);
      }
    }
  };

  const lists = new Map<Stage, Occurrence[]>();
  for (const stage of STAGES) {
    const out: Occurrence[] = [];
    walk(stageParameter(stage), stage, false, out, 0);
    lists.set(stage, out);
  }
  const reachedByTables: Occurrence[] = [];
  for (const name of classes) if (!inlinedClasses.has(name)) walk(name, 'recipient', false, reachedByTables, 0);
  return {
    lists,
    relayFirst: value('smtpd_relay_before_recipient_restrictions') === 'yes',
    rejectUnlistedRecipient: value('smtpd_reject_unlisted_recipient') !== 'no',
    rejectUnlistedSender: value('smtpd_reject_unlisted_sender') === 'yes',
    reachedByTables,
  };
}

/**
 * The lists smtpd may have run when it logged a verdict at `stage` (the
 * protocol state of the log line), in the order it runs them. With the
 * default smtpd_delay_reject = yes, the client, HELO and sender lists run at
 * RCPT; without it at their own command; both are covered.
 */
export function listsAt(stage: string, relayFirst: boolean): readonly Stage[] {
  const recipient: Stage[] = relayFirst ? ['relay', 'recipient'] : ['recipient', 'relay'];
  switch (stage) {
    case 'CONNECT':
      return ['client'];
    case 'HELO':
    case 'EHLO':
      return ['client', 'helo'];
    case 'MAIL':
      return ['client', 'helo', 'sender'];
    case 'RCPT':
    case 'VRFY':
      return ['client', 'helo', 'sender', ...recipient];
    case 'ETRN':
      return ['client', 'helo', 'etrn'];
    case 'DATA':
      return ['data'];
    case 'END-OF-MESSAGE':
      return ['end_of_data'];
    default:
      return ['client', 'helo', 'sender', ...recipient, 'data', 'end_of_data', 'etrn'];
  }
}
