import type { Diagnostic } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';
import { restrictionLists, spliceSites, type RestrictionList, type SpliceSite } from '../../model/restrictionLists';
import { contains } from '../../syntax/text';

const MAX_SHOWN = 60;

/** "Through $myhostname, set to "mail.example.com" on line 2: " */
function through(site: SpliceSite, list: RestrictionList): string {
  const flat = list.value.replace(/\s+/g, ' ');
  const shown = flat.length > MAX_SHOWN ? `${flat.slice(0, MAX_SHOWN)}...` : flat;
  const names = site.through.map((l) => `$${l.name}`).join(' and then ');
  return `Through ${names}, set to "${shown}" on line ${list.assignment.nameRange.start.line + 1}: `;
}

/**
 * Moves what a restriction-list check found in a value spliced in from a
 * parameter that is no restriction list (see spliceSites) to the `$name`s
 * that splice it in, once per `$name` and code, without the quick fixes:
 * they would change the parameter, which is right as it is.
 */
export function reportAtSplices(model: ConfigModel, found: Diagnostic[]): Diagnostic[] {
  if (found.length === 0) return found;
  const moved = restrictionLists(model).flatMap((list) => {
    const sites = spliceSites(model, list);
    return sites.length ? [{ list, sites }] : [];
  });
  if (moved.length === 0) return found;
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const d of found) {
    const from = moved.find((m) => contains(m.list.assignment.valueRange, d.range.start));
    if (!from) {
      out.push(d);
      continue;
    }
    for (const site of from.sites) {
      const range = site.list.source.range(site.word.start, site.word.end);
      const key = `${range.start.line}:${range.start.character}:${String(d.code)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const message = typeof d.message === 'string' ? through(site, from.list) + d.message : d.message;
      const copy: Diagnostic = { ...d, range, message };
      delete copy.data;
      out.push(copy);
    }
  }
  return out;
}
