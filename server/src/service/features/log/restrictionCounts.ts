/**
 * What the mail logs say about each restriction of main.cf: a code lens
 * over it with its counts ("rejected 1,204 · 31 clients · last 7 days",
 * "would have rejected 56 (12 clients)" under warn_if_reject) and, in its
 * hover, examples. The counts come from the server, which reads the logs in
 * the background; the rows carry the line they were attributed to, and are
 * placed on the restriction written there now (or, after edits moved it, on
 * the one restriction of that name and argument).
 */
import type { CodeLens } from 'vscode-languageserver-types';
import type { RejectRow } from '../../log/logAnalysis';
import type { ConfigModel } from '../../model/config';
import { overrideRestrictionLists, restrictionLists, type ListSource } from '../../model/restrictionLists';
import { DEFAULT_LOG_FILES } from '../../settings';
import { contains, type Position, type Range } from '../../syntax/text';
import { count, literal, plural } from './logText';

/** The counts the server read from the logs, with what it knows of the reading. */
export interface LogCounts {
  /** the logs, as configured */
  files: readonly string[];
  /** the main.cf the rows were attributed with */
  mainPath: string;
  rows: readonly RejectRow[];
  lines: number;
  /** the earliest and latest dates read */
  first?: Date;
  last?: Date;
  /** files that could not be read, each in one sentence */
  problems: readonly string[];
  /** none of the files exists */
  absent?: boolean;
  /** a newer reading is under way; these counts are from the one before (or empty) */
  reading: boolean;
  /** when the counts were made, for "last 7 days" */
  now: Date;
}

/** The command the lenses run: the client opens the report of the logs attributed with this main.cf, at the restriction. */
export const ANALYZE_LOG_COMMAND = 'postfix.analyzeLog';
/** Where an unreadable log leads: the setting that names the logs. */
const OPEN_SETTINGS = 'workbench.action.openSettings';

/** A restriction (or a bare table) written in a list of main.cf or a master.cf -o option. */
interface Target {
  name: string;
  argument?: string;
  /** the line and range of its name */
  range: Range;
  /** a warn_if_reject before it */
  warned: boolean;
}

/** Restrictions that never reject: nothing to count over them. */
const NEVER_REJECTS = /^(permit|warn_if_reject$|sleep$)/i;

/** Which file's lists the lenses are for: main.cf, or the master.cf beside it (its -o options). */
export type CountedFile = 'main.cf' | 'master.cf';

const masterPathOf = (mainPath: string): string => `${mainPath.slice(0, mainPath.lastIndexOf('/') + 1)}master.cf`;

function targets(model: ConfigModel, file: CountedFile): Target[] {
  const out: Target[] = [];
  const lists: readonly ListSource[] = file === 'main.cf' ? restrictionLists(model) : overrideRestrictionLists(model);
  for (const list of lists) {
    let warned = false;
    for (const item of list.items) {
      const wasWarned = warned;
      warned = item.kind === 'restriction' && item.info.name === 'warn_if_reject';
      if (item.kind !== 'restriction' && item.kind !== 'table') continue;
      if (item.kind === 'restriction' && NEVER_REJECTS.test(item.info.name)) continue;
      out.push({
        name: item.word.text,
        argument: item.kind === 'table' ? item.word.text : item.argument?.text,
        range: list.source.range(item.word.start, item.word.end),
        warned: wasWarned,
      });
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

const sameName = (t: Target, row: RejectRow): boolean =>
  row.restriction !== null && t.name.toLowerCase() === row.restriction.toLowerCase() && (t.argument ?? null) === row.argument;

/** Each target's rows: where the row's line holds it, else the one target of that name and argument. */
function placeRows(model: ConfigModel, counts: LogCounts, file: CountedFile): Map<Target, RejectRow[]> {
  const all = targets(model, file);
  const path = file === 'main.cf' ? counts.mainPath : masterPathOf(counts.mainPath);
  const placed = new Map<Target, RejectRow[]>(all.map((t) => [t, []]));
  for (const row of counts.rows) {
    if (row.file !== path || row.restriction === null) continue;
    const named = all.filter((t) => sameName(t, row));
    const target = named.find((t) => t.range.start.line === row.line) ?? (named.length === 1 ? named[0] : undefined);
    if (target) placed.get(target)?.push(row);
  }
  return placed;
}

const DAY = 86_400_000;
const shortDate = (d: Date): string => d.toLocaleDateString('en-US', { month: 'short', day: 'numeric' });

/** "last 7 days" when the logs reach the present day, else "Jan 5 – Jan 12". */
export function spanText(counts: Pick<LogCounts, 'first' | 'last' | 'now'>): string | undefined {
  const { first, last, now } = counts;
  if (!first || !last) return undefined;
  if (now.getTime() - last.getTime() < DAY) return `last ${plural(Math.max(1, Math.ceil((now.getTime() - first.getTime()) / DAY)), 'day')}`;
  return shortDate(first) === shortDate(last) ? shortDate(first) : `${shortDate(first)} – ${shortDate(last)}`;
}

function rowTitle(row: RejectRow, span: string | undefined): string {
  if (row.action === 'reject_warning') return `would have rejected ${count(row.count)} (${plural(row.clients, 'client')})`;
  const verb = row.action === 'defer' ? 'deferred' : 'rejected';
  return [`${verb} ${count(row.count)}`, plural(row.clients, 'client'), span].filter(Boolean).join(' · ');
}

/** The one lens at the top: how the reading went, or the one reason it could not be done. */
function headerLens(counts: LogCounts, placedRows: number): CodeLens {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const unreadable = counts.problems.length > 0 && counts.lines === 0;
  if (unreadable) {
    const more = counts.problems.length > 1 ? ` (and ${plural(counts.problems.length - 1, 'other problem')})` : '';
    return { range, command: { title: `Mail log: ${counts.problems[0]}${more}`, command: OPEN_SETTINGS, arguments: ['postfix.log.files'] } };
  }
  if (counts.lines === 0) {
    const title = counts.reading ? `Mail log: reading ${counts.files.join(', ')} …` : `Mail log: ${counts.files.join(', ')} holds no lines`;
    return { range, command: { title, command: ANALYZE_LOG_COMMAND, arguments: [{ config: counts.mainPath }] } };
  }
  const sum = (rows: readonly RejectRow[]): number => rows.reduce((n, r) => n + r.count, 0);
  const trials = sum(counts.rows.filter((r) => r.action === 'reject_warning'));
  const rejects = sum(counts.rows) - trials;
  const parts = [`Mail log: ${plural(counts.lines, 'line')}`, spanText(counts), plural(rejects, 'reject')];
  if (trials > 0) parts.push(`${count(trials)} warn_if_reject`);
  const elsewhere = sum(counts.rows.filter((r) => r.file !== counts.mainPath || r.restriction === null));
  const unplaced = rejects + trials - placedRows - elsewhere;
  if (elsewhere > 0) parts.push(`${count(elsewhere)} not from a list of this file`);
  if (unplaced > 0) parts.push(`${count(unplaced)} from lines changed since`);
  if (counts.problems.length > 0) parts.push(plural(counts.problems.length, 'unreadable log'));
  if (counts.reading) parts.push('reading again …');
  return { range, command: { title: parts.filter(Boolean).join(' · '), command: ANALYZE_LOG_COMMAND, arguments: [{ config: counts.mainPath }] } };
}

/**
 * The lenses over the restrictions of main.cf (and one at the top about the
 * reading), or of the -o lists of master.cf. None where the logs were never
 * asked for: the default log does not exist where main.cf is only edited,
 * not run.
 */
export function logCodeLenses(model: ConfigModel, counts: LogCounts, file: CountedFile = 'main.cf'): CodeLens[] {
  if (counts.absent && counts.files.join('\0') === DEFAULT_LOG_FILES.join('\0')) return [];
  if (file === 'master.cf' && counts.lines === 0) return [];
  const placed = placeRows(model, counts, file);
  const span = spanText(counts);
  const lenses: CodeLens[] = [];
  let placedRows = 0;
  const perLine = new Map<number, number>();
  for (const t of placed.keys()) perLine.set(t.range.start.line, (perLine.get(t.range.start.line) ?? 0) + 1);
  for (const [target, rows] of placed) {
    const named = (title: string): string => ((perLine.get(target.range.start.line) ?? 0) > 1 ? `${target.name}: ${title}` : title);
    const command = (title: string): CodeLens => ({
      range: target.range,
      command: {
        title: named(title),
        command: ANALYZE_LOG_COMMAND,
        arguments: [{ restriction: target.name, line: target.range.start.line, config: counts.mainPath }],
      },
    });
    for (const row of rows) {
      placedRows += row.count;
      lenses.push(command(rowTitle(row, span)));
    }
    // a restriction that rejected nothing is news too, once the logs were read
    if (rows.length === 0 && counts.lines > 0 && !counts.reading) {
      lenses.push(command(target.warned ? 'would have rejected 0' : ['no rejects', span].filter(Boolean).join(' · ')));
    }
  }
  return file === 'main.cf' ? [headerLens(counts, placedRows), ...lenses] : lenses;
}

/** For the hover on a restriction: its counts and a few lines that show them, and the range of its name. */
export function logHoverSection(
  model: ConfigModel,
  position: Position,
  counts: LogCounts,
  file: CountedFile = 'main.cf',
): { value: string; range: Range } | undefined {
  const placed = placeRows(model, counts, file);
  const target = [...placed.keys()].find((t) => contains(t.range, position));
  const rows = target && placed.get(target);
  if (!target || !rows || rows.length === 0) return undefined;
  const span = spanText(counts);
  const lines = [`**In the mail log**${span ? ` (${span})` : ''}:`];
  for (const row of rows) {
    lines.push(`${rowTitle(row, undefined)}, mostly at ${row.stage || 'an unknown stage'}${row.code ? ` with ${row.code}` : ''}`);
    for (const example of row.examples) lines.push(literal(example, 300));
  }
  return { value: lines.join('  \n'), range: target.range };
}
