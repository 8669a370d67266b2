/**
 * Tables of patterns tried in order, read from their source: regexp and pcre
 * (with IF/ENDIF and the $1 substitutions of the result) and cidr. A rule
 * Postfix rejects when it opens the table is skipped, as Postfix skips it; a
 * rule the simulator cannot translate makes the lookups that reach it
 * unavailable rather than guessed.
 */
import { maskBytes, parseCidrPattern, type Network } from '../syntax/address';
import { checkPcreRegex } from '../syntax/pcreRegex';
import { checkPosixRegex } from '../syntax/posixRegex';
import { parseTable, type TablePattern } from '../syntax/table';
import { toggled, translatePcre, translatePosix } from './regex';
import type { LookupOutcome, Table } from './table';

type Flavour = 'regexp' | 'pcre';

type Matcher = { regex: RegExp; negated: boolean } | { problem: string };

interface Rule {
  line: number;
  key: string;
  /** regexp: /p1/!/p2/ has two patterns, both must agree */
  matchers: Matcher[];
  value: string;
}

/** A table read in order: its rules, and the IF ... ENDIF blocks around them. */
type OrderedStep<Condition, R> = { kind: 'rule'; rule: R } | { kind: 'if'; condition: Condition } | { kind: 'endif' };

type Step = OrderedStep<{ matcher: Matcher; line: number }, Rule>;

/**
 * The first rule that matches, as Postfix tries them: top down, and an IF whose condition fails hides
 * everything up to its own ENDIF, nested blocks included. Either callback may end the walk with an
 * outcome (a match, or a pattern that cannot be tried).
 */
function firstMatch<C, R>(
  steps: readonly OrderedStep<C, R>[],
  holds: (condition: C) => boolean | LookupOutcome,
  apply: (rule: R) => LookupOutcome | undefined,
): LookupOutcome {
  let skipping = 0;
  for (const step of steps) {
    if (skipping > 0) {
      if (step.kind === 'if') skipping++;
      else if (step.kind === 'endif') skipping--;
      continue;
    }
    if (step.kind === 'endif') continue;
    if (step.kind === 'if') {
      const held = holds(step.condition);
      if (typeof held !== 'boolean') return held;
      if (!held) skipping = 1;
      continue;
    }
    const outcome = apply(step.rule);
    if (outcome) return outcome;
  }
  return { kind: 'missing' };
}

const REGEXP_FLAGS = 'imx';
const PCRE_FLAGS = 'imsxAEUX';

/** What Postfix says of a pattern when it opens the table (undefined: accepted), and its number of groups. */
function postfixVerdict(p: TablePattern, flavour: Flavour): { error?: string; groups: number | undefined } {
  const flags = p.flags.text;
  const bad = [...flags].find((f) => !(flavour === 'pcre' ? PCRE_FLAGS : REGEXP_FLAGS).includes(f));
  if (bad !== undefined) return { error: `unknown regexp option "${bad}"`, groups: undefined };
  if (flavour === 'pcre') {
    const r = checkPcreRegex(p.source.text, { extended: toggled(flags, 'x') });
    return { error: r.error, groups: r.unverified.length ? undefined : r.groups };
  }
  const r = checkPosixRegex(p.source.text, { extended: !toggled(flags, 'x'), icase: !toggled(flags, 'i') });
  return { error: r.error, groups: r.unchecked ? undefined : r.groups };
}

function matcher(p: TablePattern, flavour: Flavour): Matcher {
  const t = flavour === 'pcre' ? translatePcre(p.source.text, p.flags.text) : translatePosix(p.source.text, p.flags.text);
  return 'regex' in t ? { regex: t.regex, negated: p.negated } : { problem: `/${p.source.text}/: ${t.problem}` };
}

/** The highest $n a result refers to. */
function highestReference(value: string): number {
  let max = 0;
  for (const m of value.matchAll(/\$(?:(\d+)|\{(\d+)\}|\((\d+)\))/g)) max = Math.max(max, Number(m[1] ?? m[2] ?? m[3]));
  return max;
}

/** $1, ${1}, $(1) become the groups' text (empty when a group took no part); $$ is a dollar. */
export function substitute(value: string, groups: readonly (string | undefined)[]): string {
  return value.replace(/\$(?:\$|(\d+)|\{(\d+)\}|\((\d+)\))/g, (_whole: string, a?: string, b?: string, c?: string) => {
    const n = a ?? b ?? c;
    return n === undefined ? '$' : (groups[Number(n)] ?? '');
  });
}

export function regexTable(name: string, flavour: Flavour, file: string, text: string): Table {
  const parsed = parseTable(text, flavour);
  const problems: string[] = [];
  const steps: Step[] = [];
  for (const line of parsed.lines) {
    const entry = line.entry;
    if (!entry) continue;
    const where = `${file}, line ${line.start + 1}`;
    if (entry.kind === 'endif') {
      steps.push({ kind: 'endif' });
      continue;
    }
    if (entry.kind === 'if') {
      if (!entry.pattern) continue;
      const verdict = postfixVerdict(entry.pattern, flavour);
      if (verdict.error) {
        problems.push(`${where}: Postfix skips this IF (${verdict.error})`);
        continue;
      }
      steps.push({ kind: 'if', condition: { matcher: matcher(entry.pattern, flavour), line: line.start } });
      continue;
    }
    if (entry.kind !== 'pattern') continue;
    const patterns = entry.second ? [entry.pattern, entry.second] : [entry.pattern];
    const verdicts = patterns.map((p) => postfixVerdict(p, flavour));
    const error = verdicts.find((v) => v.error)?.error;
    if (error) {
      problems.push(`${where}: Postfix skips this rule (${error})`);
      continue;
    }
    const value = entry.value?.text ?? '';
    const wanted = highestReference(value);
    const groups = entry.pattern.negated || entry.second ? 0 : verdicts[0].groups;
    if (wanted > 0 && groups !== undefined && wanted > groups) {
      problems.push(`${where}: Postfix skips this rule (the result refers to $${wanted}, the pattern has ${groups} groups)`);
      continue;
    }
    const key = entry.second ? `${entry.pattern.whole.text}${entry.second.whole.text}` : entry.pattern.whole.text;
    const rule = { line: line.start, key, matchers: patterns.map((p) => matcher(p, flavour)), value };
    steps.push({ kind: 'rule', rule });
    for (const m of rule.matchers) if ('problem' in m) problems.push(`${where}: ${m.problem}`);
  }
  return {
    name,
    type: flavour,
    fixed: false,
    problems,
    lookup: (key) => runSteps(steps, key, file),
  };
}

/** Whether a matcher agrees with the key; the groups of a positive match. */
function test(m: Matcher, key: string): { ok: boolean; groups: (string | undefined)[] } | { problem: string } {
  if ('problem' in m) return m;
  const found = m.regex.exec(key);
  if (m.negated) return { ok: found === null, groups: [] };
  return { ok: found !== null, groups: found ? [...found] : [] };
}

function runSteps(steps: readonly Step[], key: string, file: string): LookupOutcome {
  if (key === '') return { kind: 'missing' };
  const unavailable = (line: number, problem: string): LookupOutcome => ({ kind: 'unavailable', reason: `${file}, line ${line + 1}: ${problem}` });
  return firstMatch(
    steps,
    ({ matcher, line }) => {
      const r = test(matcher, key);
      return 'problem' in r ? unavailable(line, r.problem) : r.ok;
    },
    (rule) => {
      let groups: (string | undefined)[] = [];
      for (const [i, m] of rule.matchers.entries()) {
        const r = test(m, key);
        if ('problem' in r) return unavailable(rule.line, r.problem);
        if (!r.ok) return undefined;
        if (i === 0) groups = r.groups;
      }
      return { kind: 'found', hit: { value: substitute(rule.value, groups), file, line: rule.line, key: rule.key } };
    },
  );
}

interface CidrRule {
  line: number;
  key: string;
  network: Network;
  negated: boolean;
  value: string;
}

type CidrStep = OrderedStep<{ network: Network; negated: boolean }, CidrRule>;

/** An address as a cidr key: plain IPv4 or IPv6 text, nothing else. */
export function parseAddress(text: string): Network | undefined {
  if (text.includes('/') || text.startsWith('[')) return undefined;
  const r = parseCidrPattern(text);
  return 'network' in r ? r.network : undefined;
}

export function inNetwork(address: Network, network: Network): boolean {
  if (address.family !== network.family) return false;
  const masked = maskBytes(address.bytes, network.prefix);
  return masked.every((b, i) => b === network.bytes[i]);
}

export function cidrTable(name: string, file: string, text: string): Table {
  const parsed = parseTable(text, 'cidr');
  const problems: string[] = [];
  const steps: CidrStep[] = [];
  for (const line of parsed.lines) {
    const entry = line.entry;
    if (!entry) continue;
    if (entry.kind === 'endif') steps.push({ kind: 'endif' });
    else if (entry.kind === 'if' && entry.cidr) {
      const r = parseCidrPattern(entry.cidr.pattern.text);
      if ('network' in r) steps.push({ kind: 'if', condition: { network: r.network, negated: entry.cidr.negated } });
      else problems.push(`${file}, line ${line.start + 1}: Postfix skips this IF (${r.problem})`);
    } else if (entry.kind === 'cidr' && entry.value) {
      const r = parseCidrPattern(entry.pattern.text);
      if ('network' in r)
        steps.push({ kind: 'rule', rule: { line: line.start, key: entry.whole.text, network: r.network, negated: entry.negated, value: entry.value.text } });
      else problems.push(`${file}, line ${line.start + 1}: Postfix skips this rule (${r.problem})`);
    }
  }
  return {
    name,
    type: 'cidr',
    fixed: false,
    problems,
    lookup(key: string): LookupOutcome {
      const address = parseAddress(key);
      if (!address) return { kind: 'missing' };
      // a network of the other address family never matches, negated or not
      const matches = (network: Network, negated: boolean) => address.family === network.family && inNetwork(address, network) !== negated;
      return firstMatch(
        steps,
        ({ network, negated }) => matches(network, negated),
        (rule) => (matches(rule.network, rule.negated) ? { kind: 'found', hit: { value: rule.value, file, line: rule.line, key: rule.key } } : undefined),
      );
    },
  };
}
