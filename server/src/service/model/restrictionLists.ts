/**
 * Every restriction list of a configuration and the stages it runs at: the
 * smtpd_*_restrictions parameters, the classes named in
 * smtpd_restriction_classes, and lists they (or master.cf -o overrides)
 * splice in with $name.
 */
import { stageOf, STAGES, type Stage } from '../knowledge/restrictions';
import type { Assignment } from '../syntax/mainCf';
import type { Override } from '../syntax/masterCf';
import type { SourceText } from '../syntax/text';
import { parseRestrictionList, type ListItem, type Word } from '../syntax/restrictionList';
import type { ConfigModel } from './config';
import { inComment, inlineComments } from './inlineComments';

/** A restriction list wherever it is written: what the checks need of it. */
export interface ListSource {
  /** the parameter that holds it */
  name: string;
  value: string;
  /** maps offsets in `value` to positions in its document */
  source: SourceText;
  /** stages at which smtpd evaluates it; empty for a class nothing uses */
  stages: Set<Stage>;
  items: ListItem[];
  /** for a list written in master.cf: the -o options of its service, which smtpd reads before main.cf */
  overrides?: readonly Override[];
}

/** A list set in main.cf. */
export interface RestrictionList extends ListSource {
  assignment: Assignment;
  isClass: boolean;
  /** the `$name` items of main.cf lists that splice this one in */
  splicedBy: Splice[];
}

/** A `$name` item of `list` that splices another parameter's value into it. */
export interface Splice {
  list: RestrictionList;
  word: Word;
}

const cache = new WeakMap<ConfigModel, RestrictionList[]>();

/** The items of a main.cf list; words of a "# ..." text are left to the inline-comment check, which reports them once. */
function listItems(value: string): ListItem[] {
  const items = parseRestrictionList(value);
  if (!value.includes('#')) return items;
  const comments = inlineComments(value);
  return items.filter((item) => !inComment(comments, item.word.start));
}

/** The names a smtpd_restriction_classes value lists, each with its offset: Postfix splits the value at commas and white space. */
export function classNames(value: string): { name: string; start: number }[] {
  return [...value.matchAll(/[^\s,]+/g)].map((m) => ({ name: m[0], start: m.index }));
}

/** The parameter a `$name` item of a list splices in. */
const splicedName = (word: Word): string | undefined => /^\$[{(]?([A-Za-z0-9_]+)/.exec(word.text)?.[1];

/**
 * The restriction classes smtpd knows: main.cf's, or for a service with its own -o
 * smtpd_restriction_classes, that value's, which replaces main.cf's for the service.
 */
export function restrictionClasses(model: ConfigModel, overrides?: readonly Override[]): Set<string> {
  const own = overrides?.filter((o) => o.name === 'smtpd_restriction_classes').at(-1);
  return new Set(classNames(own ? own.value : (model.rawValue('smtpd_restriction_classes') ?? '')).map((c) => c.name));
}

export function restrictionLists(model: ConfigModel): RestrictionList[] {
  const cached = cache.get(model);
  if (cached) return cached;
  const classes = restrictionClasses(model);
  const lists = new Map<string, RestrictionList>();
  const pending: [string, Stage | undefined, Splice?][] = [];
  const visit = (name: string, stage: Stage | undefined, splice?: Splice): void => {
    let list = lists.get(name);
    const known = list !== undefined;
    if (!list) {
      const assignment = model.effective(name);
      if (!assignment) return;
      list = {
        name,
        value: assignment.value,
        source: assignment.source,
        assignment,
        stages: new Set(),
        items: listItems(assignment.value),
        isClass: classes.has(name),
        splicedBy: [],
      };
      lists.set(name, list);
    }
    if (splice) list.splicedBy.push(splice);
    if (known && (!stage || list.stages.has(stage))) return;
    if (stage) list.stages.add(stage);
    for (const item of list.items) {
      if (item.kind === 'reference') {
        const spliced = splicedName(item.word);
        // each $name is a splice once, though it comes again for each further stage of its list
        if (spliced) pending.push([spliced, stage, known ? undefined : { list, word: item.word }]);
      } else if (item.kind === 'name' && classes.has(item.word.text)) {
        pending.push([item.word.text, stage]);
      }
    }
  };
  for (const stage of STAGES) pending.push([`smtpd_${stage}_restrictions`, stage]);
  for (const service of model.master?.services ?? []) {
    for (const o of service.overrides) {
      const stage = stageOf(o.name);
      if (stage) for (const r of o.references) pending.push([r.name, stage]);
    }
  }
  for (const name of classes) pending.push([name, undefined]);
  // an index, not shift(): a list that splices in thousands of $names would make shift() quadratic
  for (let next = 0; next < pending.length; next++) visit(...pending[next]);
  const result = [...lists.values()];
  cache.set(model, result);
  return result;
}

/** A `$name` item that brings in, through the spliced lists of `through` (the last holds it), a problem found further down. */
export interface SpliceSite extends Splice {
  through: RestrictionList[];
}

const sitesCache = new WeakMap<ConfigModel, Map<RestrictionList, SpliceSite[]>>();

/** Names that some value other than a restriction list refers to as $name. */
function usedOutsideLists(model: ConfigModel, lists: ReadonlyMap<string, RestrictionList>): Set<string> {
  const out = new Set<string>();
  for (const a of model.main.assignments) if (!lists.has(a.name)) for (const r of a.references) out.add(r.name);
  for (const service of model.master?.services ?? []) {
    for (const o of service.overrides) if (!stageOf(o.name)) for (const r of o.references) out.add(r.name);
  }
  return out;
}

/**
 * Where the restriction checks report a problem in a list: in its own value
 * when it is a list of restrictions by nature (a built-in restriction list, a
 * restriction class, or a name of one's own that only restriction lists use);
 * else at each `$name` of such a list that splices it in, since a parameter
 * like myhostname is right as it is and wrong only where a list takes it in.
 * Empty: in its own value (also when only master.cf splices it in).
 */
export function spliceSites(model: ConfigModel, list: RestrictionList): readonly SpliceSite[] {
  let cache = sitesCache.get(model);
  if (!cache) {
    cache = new Map();
    sitesCache.set(model, cache);
    const all = restrictionLists(model);
    const byName = new Map(all.map((l) => [l.name, l]));
    const outside = usedOutsideLists(model, byName);
    const inPlace = (l: RestrictionList): boolean => {
      if (l.isClass || l.splicedBy.length === 0) return true;
      const info = model.builtin(l.name);
      return info ? info.kind.type === 'restrictions' : !outside.has(l.name);
    };
    const sites = (l: RestrictionList, path: Set<RestrictionList>): SpliceSite[] =>
      l.splicedBy.flatMap((s) => {
        if (inPlace(s.list)) return [{ ...s, through: [l] }];
        if (path.has(s.list)) return [];
        return sites(s.list, new Set(path).add(s.list)).map((site) => ({ ...site, through: [...site.through, l] }));
      });
    for (const l of all) if (!inPlace(l)) cache.set(l, sites(l, new Set([l])));
  }
  return cache.get(list) ?? [];
}

/** Restriction lists written inline in master.cf: `-o smtpd_*_restrictions=...`. */
export function overrideRestrictionLists(model: ConfigModel): ListSource[] {
  return (model.master?.services ?? []).flatMap((service) =>
    service.overrides.flatMap((o) => {
      const stage = stageOf(o.name);
      return stage
        ? [{ name: o.name, value: o.value, source: o.source, stages: new Set([stage]), items: parseRestrictionList(o.value), overrides: service.overrides }]
        : [];
    }),
  );
}
