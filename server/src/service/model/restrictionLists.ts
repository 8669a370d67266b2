/**
 * Every restriction list of a configuration and the stages it runs at: the
 * smtpd_*_restrictions parameters, the classes named in
 * smtpd_restriction_classes, and lists they (or master.cf -o overrides)
 * splice in with $name.
 */
import { stageOf, STAGES, type Stage } from '../knowledge/restrictions';
import type { Assignment } from '../syntax/mainCf';
import { parseRestrictionList, type ListItem } from '../syntax/restrictionList';
import type { ConfigModel } from './config';

export interface RestrictionList {
  assignment: Assignment;
  /** stages at which smtpd evaluates it; empty for a class nothing uses */
  stages: Set<Stage>;
  items: ListItem[];
  isClass: boolean;
}

const cache = new WeakMap<ConfigModel, RestrictionList[]>();

export function restrictionClasses(model: ConfigModel): Set<string> {
  return new Set((model.rawValue('smtpd_restriction_classes') ?? '').split(/[\s,]+/).filter(Boolean));
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
      list = { assignment, stages: new Set(), items: parseRestrictionList(assignment.value), isClass: classes.has(name) };
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
  while (pending.length) {
    const [name, stage] = pending.shift() as [string, Stage | undefined];
    visit(name, stage);
  }
  const result = [...lists.values()];
  cache.set(model, result);
  return result;
}
