/**
 * Loops of $name references: a = $b, b = $a, or a setting that reaches itself
 * through a default. Postfix expands such a value until it gives up
 * ("unreasonable macro call nesting") and stops.
 */
import { parameters } from '../knowledge/parameters';
import { scanExpansions, type Reference } from '../syntax/expansion';
import type { Setting } from '../syntax/setting';
import type { ConfigModel } from './config';

/** The references of the built-in defaults, which never change: scanned once. */
const defaultReferences = new Map<string, readonly Reference[]>();

/**
 * The names a value expands whatever the others hold: $name, ${name}, $(name). The
 * name of ${name?...} or ${name:...} and what its text refers to are left out: whether
 * Postfix goes there depends on values, and postconf does not loop on them.
 */
export function alwaysExpanded(references: readonly Reference[]): Reference[] {
  // the scan lists a reference before those inside it, so one pass knows which branch it is in
  const out: Reference[] = [];
  let branchEnd = -1;
  for (const r of references) {
    if (r.start < branchEnd) continue;
    if (r.conditional) branchEnd = r.end;
    else out.push(r);
  }
  return out;
}

/** Where names get their values: a service's -o options (the last of each name), then main.cf, then the defaults. */
export interface ValueScope {
  model: ConfigModel;
  overrides?: ReadonlyMap<string, Setting>;
}

/** The references Postfix follows when it expands `name`; none for a value it passes on raw. */
function referencesOf(scope: ValueScope, name: string): readonly Reference[] {
  const { model } = scope;
  if (parameters.get(name)?.raw) return [];
  const own = scope.overrides?.get(name) ?? model.effective(name);
  if (own) return alwaysExpanded(own.references);
  const value = model.rawValue(name);
  if (value === undefined || !value.includes('$')) return [];
  let refs = defaultReferences.get(name);
  if (!refs) defaultReferences.set(name, (refs = alwaysExpanded(scanExpansions(value).references)));
  return refs;
}

const hasValue = (scope: ValueScope, name: string): boolean => scope.overrides?.has(name) === true || scope.model.rawValue(name) !== undefined;

/**
 * The loops reached from `roots`, each once, as the list of its names in order.
 * Walked without recursion so that a chain of thousands of names cannot exhaust the stack.
 */
export function referenceLoops(scope: ValueScope, roots: Iterable<string>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const found: string[][] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    if (state.has(root) || !hasValue(scope, root)) continue;
    const path: { name: string; next: readonly Reference[]; at: number }[] = [{ name: root, next: referencesOf(scope, root), at: 0 }];
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
      } else if (s === undefined && hasValue(scope, name)) {
        state.set(name, 'open');
        path.push({ name, next: referencesOf(scope, name), at: 0 });
      }
    }
  }
  return found;
}

/** The loop told from its `i`th name back to it; a long one by its first steps and its length. */
export function loopText(loop: readonly string[], i: number): string {
  const at = (k: number): string => `$${loop[(i + k) % loop.length]}`;
  if (loop.length <= 6) return [...loop.keys(), loop.length].map(at).join(' → ');
  return `${[0, 1, 2].map(at).join(' → ')} → … → ${at(loop.length)} (${loop.length} names)`;
}

/** The message for the reference of `loop[i]` that continues the loop. */
export function loopMessage(loop: readonly string[], i: number, defaults: string, fix = 'Break the loop.'): string {
  const next = loop[(i + 1) % loop.length];
  return (
    `$${next} leads back to ${loop[i]}: ${loopText(loop, i)}${defaults}. Postfix expands the loop until it gives up with ` +
    `"unreasonable macro call nesting" and stops (postconf: fatal: macro processing error). ${fix}`
  );
}
