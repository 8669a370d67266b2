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
import { parseRestrictionList, type ListItem } from '../syntax/restrictionList';
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

/** The restriction classes of main.cf (a service's -o smtpd_restriction_classes adds its own; see masterScope). */
export function restrictionClasses(model: ConfigModel): Set<string> {
  return new Set(classNames(model.rawValue('smtpd_restriction_classes') ?? '').map((c) => c.name));
}

export function restrictionLists(model: ConfigModel): RestrictionList[] {
  const cached = cache.get(model);
  if (cached) return cached;
  const classes = restrictionClasses(model);
  const lists = new Map<string, RestrictionList>();
  const pending: [string, Stage | undefined][] = [];
  const visit = (name: string, stage: Stage | undefined): void => {
    let list = lists.get(name);
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
      };
      lists.set(name, list);
    } else if (!stage || list.stages.has(stage)) {
      return;
    }
    if (stage) list.stages.add(stage);
    for (const item of list.items) {
      if (item.kind === 'reference') {
        const ref = /^\$[{(]?([A-Za-z0-9_]+)/.exec(item.word.text);
        if (ref) pending.push([ref[1], stage]);
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
