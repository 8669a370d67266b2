/**
 * A policy test file: the main.cf it tests and a list of scenarios, each an
 * SMTP transaction with the outcome smtpd should give it. YAML (JSON is
 * YAML too), read with positions so that the editor can put a "Run" lens on
 * each scenario and a failure on the expectation that failed. Keys are the
 * command line's option names; docs/policy-tests.md describes the format.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { targetVersionProblem } from '../knowledge/versions';
import type { DnsFacts, Transaction, Verdict } from '../simulate/transaction';
import type { Range } from '../syntax/text';
import { transactionProblems } from './transactionInput';

/** Names of policy test files: the editor, the Testing view and the CLI's help agree on them. */
export const SCENARIO_FILE = /\.postfix-test\.(ya?ml|json)$/i;
/** The language the editor gives them. */
export const SCENARIO_LANGUAGE = 'postfix-test';

export const VERDICTS: readonly Verdict[] = ['accept', 'reject', 'defer', 'discard', 'hold', 'filter', 'redirect'];

export interface Expectation {
  verdict: Verdict;
  /** "554", "554 5.7.1" or "5.7.1": the reply's code, enhanced status code, or both */
  code?: string;
  /** a piece of the reply's text */
  text?: string;
}

export interface Scenario {
  name: string;
  /** 0-based position in the file's list: how a request names one */
  index: number;
  /** the scenario's entry in the list */
  range: Range;
  /** where a failure is shown: the value of `expect` */
  expectRange: Range;
  transaction: Transaction;
  /** the master.cf smtpd service whose -o lists apply; undefined: the plain smtpd */
  service?: string;
  expect: Expectation;
}

export interface FileProblem {
  range: Range;
  message: string;
}

export interface ScenarioFile {
  /** the main.cf under test, as written (relative to the scenario file) */
  main?: { path: string; range: Range };
  /** the Postfix release whose smtpd the scenarios expect (X.Y or X.Y.Z); undefined: the newest behaviour */
  version?: string;
  /** the scenarios that can be run; one with a problem is left out and its problem reported */
  scenarios: Scenario[];
  problems: FileProblem[];
}

const TRANSACTION_KEYS = ['client-address', 'client-name', 'reverse-client-name', 'helo', 'sasl-username', 'sender', 'recipient', 'dns', 'service'] as const;
type TransactionKey = (typeof TRANSACTION_KEYS)[number];
const SCENARIO_KEYS = new Set<string>(['name', ...TRANSACTION_KEYS, 'expect', 'code', 'text']);
const TOP_KEYS = new Set(['main', 'postfix-version', 'defaults', 'scenarios']);
const DNS_KEYS = new Set(['resolves', 'unresolvable', 'listed']);

const unknownKey = (key: string, known: Iterable<string>): string => `unknown key "${key}"; known keys: ${[...known].join(', ')}`;

class Reader {
  readonly problems: FileProblem[] = [];
  private readonly lines: LineCounter;

  constructor(lines: LineCounter) {
    this.lines = lines;
  }

  range(node: { range?: [number, number, number] | null } | null | undefined, fallback?: Range): Range {
    const r = node?.range;
    if (!r) return fallback ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: this.position(r[0]), end: this.position(r[1]) };
  }

  rangeOfOffsets(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  private position(offset: number): { line: number; character: number } {
    const p = this.lines.linePos(offset);
    return { line: p.line - 1, character: p.col - 1 };
  }

  problem(node: { range?: [number, number, number] | null } | null | undefined, message: string, fallback?: Range): void {
    this.problems.push({ range: this.range(node, fallback), message });
  }

  /** A scalar's text (numbers as written), or undefined with a problem. */
  text(node: unknown, what: string, at: Range): string | undefined {
    if (isAlias(node)) {
      this.problem(node, `${what}: aliases (*name) are not read; write the value out`);
      return undefined;
    }
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      // 554 as a number, "554" as a string: the same code
      return typeof node.value === 'number' ? (node.source ?? String(node.value)) : node.value;
    }
    if (isScalar(node) && node.value === null) {
      this.problem(node, `${what} has no value (for the null sender write sender: "")`, at);
      return undefined;
    }
    this.problem(node as Node, `${what} must be a single value`, at);
    return undefined;
  }

  /** One value or a list of them. */
  texts(node: unknown, what: string, at: Range): string[] | undefined {
    if (!isSeq(node)) {
      const one = this.text(node, what, at);
      return one === undefined ? undefined : [one];
    }
    const out: string[] = [];
    for (const item of node.items) {
      const t = this.text(item, what, this.range(node));
      if (t === undefined) return undefined;
      out.push(t);
    }
    return out;
  }

  /** The pairs of a map whose keys are plain strings; other keys are problems. */
  pairs(map: YAMLMap, known: ReadonlySet<string>): Map<string, Pair> {
    const out = new Map<string, Pair>();
    for (const pair of map.items) {
      const key = isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
      const keyNode = pair.key as Node | null;
      if (key === undefined) this.problem(keyNode, 'a key must be a plain name');
      else if (!known.has(key)) this.problem(keyNode, unknownKey(key, known));
      else out.set(key, pair);
    }
    return out;
  }
}

type Fields = Partial<Record<TransactionKey, { node: unknown; at: Range }>>;

/** The transaction fields of a scenario or of `defaults`, checked for their types. */
function transactionFields(reader: Reader, pairs: Map<string, Pair>): Fields {
  const fields: Fields = {};
  for (const key of TRANSACTION_KEYS) {
    const pair = pairs.get(key);
    if (pair) fields[key] = { node: pair.value, at: reader.range(pair.key as Node) };
  }
  return fields;
}

function dnsFacts(reader: Reader, node: unknown, at: Range): DnsFacts | undefined {
  if (!isMap(node)) {
    reader.problem(node as Node, 'dns must be a map of resolves, unresolvable and listed', at);
    return undefined;
  }
  const facts: DnsFacts = {};
  for (const [key, pair] of reader.pairs(node, DNS_KEYS)) {
    const list = reader.texts(pair.value, `dns ${key}`, reader.range(pair.key as Node));
    if (list) facts[key as keyof DnsFacts] = list;
  }
  return facts;
}

interface Built {
  transaction?: Transaction;
  service?: string;
}

/** The scenario's transaction: its own fields over the defaults. */
function buildTransaction(reader: Reader, fields: Fields, defaults: Fields, head: Range): Built {
  const before = reader.problems.length;
  const field = (key: TransactionKey): { node: unknown; at: Range } | undefined => fields[key] ?? defaults[key];
  const text = (key: TransactionKey): string | undefined => {
    const f = field(key);
    return f === undefined ? undefined : reader.text(f.node, key, f.at);
  };
  const clientAddress = text('client-address');
  const sender = text('sender');
  const recipientField = field('recipient');
  const recipients = recipientField && reader.texts(recipientField.node, 'recipient', recipientField.at);
  for (const [key, value] of [
    ['client-address', clientAddress],
    ['sender', sender],
    ['recipient', recipientField],
  ] as const) {
    if (value === undefined && !field(key)) reader.problem(undefined, `the scenario needs ${key}${key === 'sender' ? ' ("" for the null sender)' : ''}`, head);
  }
  const dnsField = field('dns');
  const dns = dnsField && dnsFacts(reader, dnsField.node, dnsField.at);
  const optional = {
    clientName: text('client-name'),
    reverseClientName: text('reverse-client-name'),
    helo: text('helo'),
    saslUsername: text('sasl-username'),
  };
  const service = text('service');
  if (reader.problems.length > before || clientAddress === undefined || sender === undefined || recipients === undefined) return {};
  const transaction: Transaction = { clientAddress, sender, recipients };
  for (const [key, value] of Object.entries(optional) as [keyof typeof optional, string | undefined][]) if (value !== undefined) transaction[key] = value;
  if (dns) transaction.dns = dns;
  for (const problem of transactionProblems(transaction)) {
    // each problem starts with the field it is about: shown on that key
    const word = /^[a-z-]+/.exec(problem)?.[0] ?? '';
    const key = word.startsWith('dns-') ? 'dns' : (TRANSACTION_KEYS as readonly string[]).includes(word) ? (word as TransactionKey) : undefined;
    const at = key === undefined ? undefined : field(key)?.at;
    reader.problem(undefined, problem, at ?? head);
  }
  return reader.problems.length > before ? {} : { transaction, service };
}

function expectation(reader: Reader, pairs: Map<string, Pair>, head: Range): { expect: Expectation; range: Range } | undefined {
  const pair = pairs.get('expect');
  if (!pair) {
    reader.problem(undefined, `the scenario needs expect: one of ${VERDICTS.join(', ')}`, head);
    return undefined;
  }
  const at = reader.range(pair.key as Node);
  const verdict = reader.text(pair.value, 'expect', at);
  if (verdict === undefined) return undefined;
  if (!(VERDICTS as readonly string[]).includes(verdict)) {
    reader.problem(pair.value as Node, `expect must be one of ${VERDICTS.join(', ')}, not "${verdict}"`);
    return undefined;
  }
  const expect: Expectation = { verdict: verdict as Verdict };
  const code = pairs.get('code');
  if (code) {
    const c = reader.text(code.value, 'code', reader.range(code.key as Node));
    if (c !== undefined && !/^([245]\d\d( [245]\.\d{1,3}\.\d{1,3})?|[245]\.\d{1,3}\.\d{1,3})$/.test(c)) {
      reader.problem(code.value as Node, `code must be a reply code, an enhanced status code or both, such as "554", "5.7.1" or "554 5.7.1", not "${c}"`);
      return undefined;
    }
    if (c !== undefined) expect.code = c;
  }
  const text = pairs.get('text');
  if (text) {
    const t = reader.text(text.value, 'text', reader.range(text.key as Node));
    if (t !== undefined) expect.text = t;
  }
  return { expect, range: reader.range(pair.value as Node, at) };
}

/** Reads a policy test file; every mistake is a problem at its place, never an exception. */
export function parseScenarioFile(source: string): ScenarioFile {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const reader = new Reader(lines);
  const result: ScenarioFile = { scenarios: [], problems: reader.problems };
  for (const error of doc.errors) reader.problems.push({ range: reader.rangeOfOffsets(error.pos[0], error.pos[1]), message: error.message.split('\n')[0] });
  if (doc.errors.length) return result;
  const top = doc.contents;
  if (!isMap(top)) {
    reader.problem(top, 'a policy test file is a map with main (the main.cf it tests) and scenarios (a list)');
    return result;
  }
  const pairs = reader.pairs(top, TOP_KEYS);
  const main = pairs.get('main');
  if (main) {
    const path = reader.text(main.value, 'main', reader.range(main.key as Node));
    if (path !== undefined) result.main = { path, range: reader.range(main.value as Node) };
  } else {
    reader.problem(undefined, 'main is missing: the path of the main.cf under test, relative to this file');
  }
  const versionPair = pairs.get('postfix-version');
  if (versionPair) {
    const version = reader.text(versionPair.value, 'postfix-version', reader.range(versionPair.key as Node));
    const problem = version === undefined ? undefined : targetVersionProblem(version);
    if (problem) reader.problem(versionPair.value as Node, `postfix-version: ${problem}`);
    else if (version !== undefined) result.version = version;
  }
  let defaults: Fields = {};
  const defaultsPair = pairs.get('defaults');
  if (defaultsPair) {
    if (isMap(defaultsPair.value)) defaults = transactionFields(reader, reader.pairs(defaultsPair.value, new Set(TRANSACTION_KEYS)));
    else
      reader.problem(
        defaultsPair.value as Node,
        'defaults must be a map of transaction fields (client-address, helo, sender ...)',
        reader.range(defaultsPair.key as Node),
      );
  }
  const list = pairs.get('scenarios');
  if (!list || !isSeq(list.value)) {
    reader.problem(list?.value as Node | undefined, 'scenarios must be a list', list ? reader.range(list.key as Node) : undefined);
    return result;
  }
  list.value.items.forEach((item, index) => {
    const itemRange = reader.range(item as Node);
    if (!isMap(item)) {
      reader.problem(item as Node, 'a scenario is a map with name, the transaction and expect');
      return;
    }
    const before = reader.problems.length;
    // problems of the whole scenario are shown on its first key, not over all its lines
    const first = item.items[0]?.key as Node | undefined;
    const head = first ? reader.range(first) : itemRange;
    const scenarioPairs = reader.pairs(item, SCENARIO_KEYS);
    const namePair = scenarioPairs.get('name');
    const name = namePair ? reader.text(namePair.value, 'name', reader.range(namePair.key as Node)) : `scenario ${index + 1}`;
    const { transaction, service } = buildTransaction(reader, transactionFields(reader, scenarioPairs), defaults, head);
    const expected = expectation(reader, scenarioPairs, head);
    if (reader.problems.length > before || !transaction || !expected || name === undefined) return;
    result.scenarios.push({ name, index, range: itemRange, expectRange: expected.range, transaction, service, expect: expected.expect });
  });
  return result;
}
