import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';
import { scanExpansions, type Reference } from '../../syntax/expansion';
import { defineCheck } from '../check';
import type { Check } from './context';

/** The references of the built-in defaults, which never change: scanned once. */
const defaultReferences = new Map<string, readonly Reference[]>();

/**
 * The names a value expands whatever the others hold: $name, ${name}, $(name). The
 * name of ${name?...} or ${name:...} and what its text refers to are left out: whether
 * Postfix goes there depends on values, and postconf does not loop on them.
 */
function alwaysExpanded(references: readonly Reference[]): Reference[] {
  const branches = references.filter((r) => r.conditional);
  return references.filter((r) => !r.conditional && !branches.some((b) => r.start > b.start && r.end <= b.end));
}

/** The references Postfix follows when it expands `name`: its main.cf value's, else its default's; none for a raw value. */
function referencesOf(model: ConfigModel, name: string): readonly Reference[] {
  if (model.builtin(name)?.raw) return [];
  const a = model.effective(name);
  if (a) return alwaysExpanded(a.references);
  const value = model.rawValue(name);
  if (value === undefined || !value.includes('$')) return [];
  let refs = defaultReferences.get(name);
  if (!refs) defaultReferences.set(name, (refs = alwaysExpanded(scanExpansions(value).references)));
  return refs;
}

/**
 * Loops of $name references that Postfix expands: each is found once, as the list of its
 * names in order. Walked without recursion so that a chain of thousands of names cannot
 * exhaust the stack; only loops that a built-in parameter reaches count, as postconf
 * never expands a name of one's own that nothing uses.
 */
function loops(model: ConfigModel): string[][] {
  const roots = new Set<string>();
  for (const name of model.assignments.keys()) if (model.builtin(name)) roots.add(name);
  for (const s of model.master?.services ?? []) for (const o of s.overrides) for (const r of alwaysExpanded(o.references)) roots.add(r.name);
  const state = new Map<string, 'open' | 'done'>();
  const found: string[][] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    if (state.has(root)) continue;
    const path: { name: string; next: readonly Reference[]; at: number }[] = [{ name: root, next: referencesOf(model, root), at: 0 }];
    state.set(root, 'open');
    while (path.length > 0) {
      const top = path[path.length - 1];
      if (top.at >= top.next.length) {
        state.set(top.name, 'done');
        path.pop();
        continue;
      }
      const name = top.next[top.at++].name;
      const s = state.get(name);
      if (s === 'open') {
        const loop = path.slice(path.findIndex((p) => p.name === name)).map((p) => p.name);
        const key = [...loop].sort().join(' ');
        if (!seen.has(key)) {
          seen.add(key);
          found.push(loop);
        }
      } else if (s === undefined && model.rawValue(name) !== undefined) {
        state.set(name, 'open');
        path.push({ name, next: referencesOf(model, name), at: 0 });
      }
    }
  }
  return found;
}

/** The loop told from its `i`th name back to it; a long one by its first steps and its length. */
function loopText(loop: readonly string[], i: number): string {
  const at = (k: number): string => `$${loop[(i + k) % loop.length]}`;
  if (loop.length <= 6) return [...loop.keys(), loop.length].map(at).join(' → ');
  return `${[0, 1, 2].map(at).join(' → ')} → … → ${at(loop.length)} (${loop.length} names)`;
}

/** A loop of $name references: Postfix expands until it gives up ("unreasonable macro call nesting") and stops. */
const checkReferenceCycles: Check = ({ model }) => {
  const out: Diagnostic[] = [];
  for (const loop of loops(model)) {
    const through = loop.filter((n) => !model.effective(n)).slice(0, 3);
    const defaults = through.length ? ` (${through.map((n) => `${n} by its default`).join(', ')})` : '';
    loop.forEach((name, i) => {
      const shown = loopText(loop, i);
      const a = model.effective(name);
      const next = loop[(i + 1) % loop.length];
      const ref = a && alwaysExpanded(a.references).find((r) => r.name === next);
      if (!a || !ref) return;
      out.push(
        diagnostic(
          Code.ReferenceCycle,
          a.source.range(ref.start, ref.end),
          `$${next} leads back to ${name}: ${shown}${defaults}. Postfix expands the loop until it gives up with "unreasonable macro call nesting" and stops ` +
            '(postconf: fatal: macro processing error). Break the loop.',
        ),
      );
    });
  }
  return out;
};

export const referenceCycle = defineCheck({ codes: [Code.ReferenceCycle], kind: 'main', run: checkReferenceCycles });
