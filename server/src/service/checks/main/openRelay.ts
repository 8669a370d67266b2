import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';
import { expandParameter, expandValue } from '../../model/expand';
import { restrictionClasses, restrictionLists, type ListSource } from '../../model/restrictionLists';
import { tableTarget } from '../../model/tableDetect';
import { configPlace, tablePlaces } from '../../model/tablePaths';
import type { Override } from '../../syntax/masterCf';
import { parseTable } from '../../syntax/table';
import { parseRestrictionList, type ListItem, type Word } from '../../syntax/restrictionList';
import { defineCheck } from '../check';
import { wordRange } from '../shared/restrictionHelpers';
import type { Check } from './context';
import { hasRequired, requiredNames } from './relayProtection';

const RELAY = 'smtpd_relay_restrictions';
const RECIPIENT = 'smtpd_recipient_restrictions';

/**
 * Access checks whose lookup key a client chooses freely (its address is
 * where it connects from, the rest it sends), so a table that answers OK for
 * every key lets every client through. check_sasl_access and
 * check_ccert_access run only for a logged-in or certified client.
 */
const OPEN_TO_ANYONE = new Set(['check_client_access', 'check_sender_access', 'check_recipient_access', 'check_helo_access']);

/** An access result that accepts: OK, or a number (access(5)). */
const accepts = (result: string): boolean => /^(ok|\d+)$/i.test(result.trim());

/** A cidr pattern that every IPv4 or every IPv6 address matches. */
const CATCH_ALL = /^(0\.0\.0\.0\/0|0\/0|::\/0|\[::\]\/0)$/;

/** The text of a table file the check can read, from its path as main.cf names it. */
type ReadTable = (path: string) => string | undefined;

/**
 * A cidr file answers with its first matching line, outside IF blocks: the
 * first catch-all line of a family decides for every address of it.
 */
function cidrFileOpener(source: string): string | undefined {
  let depth = 0;
  const decided = new Set<string>();
  for (const line of parseTable(source, 'cidr').lines) {
    const entry = line.entry;
    if (entry?.kind === 'if') depth++;
    else if (entry?.kind === 'endif') depth = Math.max(0, depth - 1);
    else if (entry?.kind === 'cidr' && depth === 0 && !entry.negated && entry.value && CATCH_ALL.test(entry.pattern.text)) {
      const family = entry.pattern.text.includes(':') ? '6' : '4';
      if (decided.has(family)) continue;
      decided.add(family);
      if (accepts(entry.value.text)) return `its line "${entry.pattern.text} ${entry.value.text}" (line ${line.start + 1}) answers OK to every client address`;
    }
  }
  return undefined;
}

/** Why `table` answers OK to every lookup of `restriction`, or undefined. Of table files only cidr ones are read: an indexed table has no key that every lookup tries. */
function acceptsEveryone(table: string, restriction: string, read?: ReadTable): string | undefined {
  const staticValue = /^static:(?:\{(.*)\}|(.*))$/is.exec(table);
  if (staticValue) {
    const result = staticValue[1] ?? staticValue[2];
    return accepts(result) ? `"${table}" answers ${result.trim()} to every lookup` : undefined;
  }
  // cidr:{ {pattern result}, ... } matches client addresses only
  const cidr = /^cidr:\{(.*)\}$/is.exec(table);
  if (cidr && restriction === 'check_client_access') {
    for (const rule of cidr[1].matchAll(/\{\s*(\S+)\s+([^{}]*?)\s*\}/g)) {
      if (CATCH_ALL.test(rule[1]) && accepts(rule[2])) return `its rule "${rule[1]} ${rule[2]}" answers OK to every client address`;
    }
  }
  const target = tableTarget(table);
  if (read && target?.type === 'cidr' && restriction === 'check_client_access') {
    const source = read(target.path);
    return source === undefined ? undefined : cidrFileOpener(source);
  }
  return undefined;
}

/** What lets anything through in a list item, with the word to report it at. */
interface Opener {
  word: Word;
  why: string;
}

type Verdict = { kind: 'protected' } | { kind: 'open'; opener: Opener } | { kind: 'through' };

interface Walk {
  model: ConfigModel;
  required: readonly string[];
  classes: ReadonlySet<string>;
  seen: Set<string>;
  read?: ReadTable;
}

/** The item's own verdict, ignoring what nested lists hold. */
function itemOpener(item: ListItem, read?: ReadTable): string | undefined {
  if (item.kind === 'restriction') {
    const name = item.info.name;
    if (name === 'permit') return '"permit" accepts every request';
    if (OPEN_TO_ANYONE.has(name) && item.argument) {
      const why = acceptsEveryone(item.argument.text, name, read);
      return why && `${name} ${item.argument.text}: ${why}`;
    }
  }
  // a bare table in a relay or recipient list is a check_recipient_access table
  if (item.kind === 'table') return acceptsEveryone(item.word.text, 'check_recipient_access', read);
  return undefined;
}

/**
 * smtpd's order through one list: the first relay protection or the first
 * entry that accepts everyone decides. `at` is the word of the list being
 * reported that brings in a nested list ($name or a restriction class).
 */
function walk(items: readonly ListItem[], context: Walk, at?: Word): Verdict {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.kind === 'restriction' && item.info.name === 'warn_if_reject') {
      // "warn_if_reject reject_unauth_destination" logs only
      i++;
      continue;
    }
    if (item.kind === 'restriction' && context.required.includes(item.info.name)) return { kind: 'protected' };
    const why = itemOpener(item, context.read);
    if (why) return { kind: 'open', opener: { word: at ?? item.word, why } };
    let nested: string | undefined;
    if (item.kind === 'reference') {
      const name = /^\$[{(]?([A-Za-z0-9_]+)/.exec(item.word.text)?.[1];
      if (name && !context.seen.has(name)) nested = expandParameter(context.model, name).value;
      if (name) context.seen.add(name);
    } else if (item.kind === 'name' && context.classes.has(item.word.text) && !context.seen.has(item.word.text)) {
      context.seen.add(item.word.text);
      nested = expandParameter(context.model, item.word.text).value;
    }
    if (nested !== undefined) {
      const verdict = walk(parseRestrictionList(nested), context, at ?? item.word);
      if (verdict.kind !== 'through') return verdict;
    }
  }
  return { kind: 'through' };
}

/** One list as a service runs it: written in main.cf or as an -o of the service, or Postfix's default. */
interface ServiceList {
  /** where the list is written; undefined for a default value */
  list?: ListSource;
  value: string;
  inMaster: boolean;
}

function serviceList(model: ConfigModel, name: string, overrides: readonly Override[] | undefined, written: readonly ListSource[]): ServiceList {
  const own = overrides?.filter((o) => o.name === name).pop();
  if (own) {
    return { list: written.filter((l) => l.name === name && l.overrides === overrides).pop(), value: expandValue(model, own.value).value, inMaster: true };
  }
  return { list: restrictionLists(model).find((l) => l.name === name), value: expandParameter(model, name).value, inMaster: false };
}

/**
 * Mail passes both lists, so a service relays for anyone only when neither
 * protects and one accepts everyone before its protection. Services that
 * lack protection altogether do not start: no-relay-protection reports them.
 */
const checkOpenRelay: Check = ({ model, target, lists, files, configDir }) => {
  const place = configDir === undefined ? undefined : configPlace(model, configDir);
  const read: ReadTable | undefined =
    files?.read &&
    ((path) => {
      for (const p of tablePlaces(path, place)) {
        const text = files.read?.(p);
        if (text !== undefined) return text;
      }
      return undefined;
    });
  const inMaster = lists !== undefined;
  const required = requiredNames(target);
  const reported = new Set<ListSource>();
  const out: Diagnostic[] = [];
  for (const service of model.services) {
    if (service.command !== 'smtpd') continue;
    const classes = restrictionClasses(model, service.overrides);
    const relay = serviceList(model, RELAY, service.overrides, lists ?? []);
    const recipient = serviceList(model, RECIPIENT, service.overrides, lists ?? []);
    if (!hasRequired(model, relay.value, required, classes, new Set()) && !hasRequired(model, recipient.value, required, classes, new Set())) continue;
    // an empty relay list lets everything through to the recipient list, which then decides alone, as before Postfix 2.10
    let found: { list: ServiceList; opener: Opener } | undefined;
    let isProtected = false;
    for (const l of [relay, recipient]) {
      const verdict = walk(l.list?.items ?? parseRestrictionList(l.value), { model, required, classes, seen: new Set(), read });
      if (verdict.kind === 'protected') isProtected = true;
      else if (verdict.kind === 'open') found ??= { list: l, opener: verdict.opener };
    }
    if (isProtected || !found?.list.list || found.list.inMaster !== inMaster || reported.has(found.list.list)) continue;
    const written = found.list.list;
    reported.add(written);
    const { word, why } = found.opener;
    const listName = written.name;
    out.push(
      diagnostic(
        Code.OpenRelay,
        wordRange(written, word),
        `Open relay: in ${listName}, ${why}, before any reject_unauth_destination. Any client on the Internet can send mail through this server to any domain: ` +
          `its RCPT TO for a remote address gets 250 instead of "Relay access denied". See postconf(5) ${listName}.`,
      ),
    );
  }
  return out;
};

export const openRelay = defineCheck({ codes: [Code.OpenRelay], kind: 'main', overrideLists: true, run: checkOpenRelay });
