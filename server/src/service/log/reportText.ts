/** A log report as text for a terminal: the totals, then the top rows of each table. */
import type { LogReport, RejectRow } from './logAnalysis';

/** A count with thousands separated by commas, as en-US writes it: without Intl, which takes longer to start than the rest of the report. */
const number = (n: number): string => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `  ${l}`);
}

const restrictionOf = (row: RejectRow): string =>
  row.restriction === null ? '(not attributed)' : row.argument === null ? row.restriction : `${row.restriction} ${row.argument}`;

const whereOf = (row: RejectRow): string => (row.file !== null && row.line !== null ? `${row.file}:${row.line + 1}` : '');

export interface TextOptions {
  /** rows shown per table */
  top?: number;
}

export function reportText(report: LogReport, options: TextOptions = {}): string {
  const top = options.top ?? 20;
  const out: string[] = [];
  const span = report.from !== null ? `, ${report.from} to ${report.to ?? report.from}` : '';
  out.push(`${number(report.lines)} lines${span}`, '');

  const m = report.messages;
  out.push('Messages');
  out.push(
    ...table(
      ['received', 'delivered', 'deferred', 'bounced', 'expired', 'discarded', 'held'],
      [[m.received, m.delivered, m.deferred, m.bounced, m.expired, m.discarded, m.held].map(number)],
      new Set([0, 1, 2, 3, 4, 5, 6]),
    ),
    '',
  );

  for (const action of ['reject', 'defer', 'reject_warning'] as const) {
    const rows = report.rejects.filter((r) => r.action === action);
    if (rows.length === 0) continue;
    const total = rows.reduce((sum, r) => sum + r.count, 0);
    const title = action === 'reject_warning' ? 'Would have rejected (warn_if_reject)' : action === 'defer' ? 'Deferred (4xx)' : 'Rejected';
    out.push(`${title}: ${number(total)} in ${rows.length} row${rows.length === 1 ? '' : 's'}${rows.length > top ? `, top ${top}` : ''}`);
    out.push(
      ...table(
        ['count', 'clients', 'stage', 'code', 'restriction', 'where'],
        rows.slice(0, top).map((r) => [number(r.count), number(r.clients), r.stage, r.code ?? '', restrictionOf(r), whereOf(r)]),
        new Set([0, 1]),
      ),
      '',
    );
  }

  const unattributed = report.rejects.filter((r) => r.restriction === null);
  if (unattributed.length) {
    out.push('Not attributed, for example:');
    for (const r of unattributed) for (const e of r.examples) out.push(`  ${e}`);
    out.push('');
  }

  for (const [title, rows] of [
    ['Most rejected clients', report.topClients],
    ['Most rejected senders', report.topSenders],
  ] as const) {
    if (rows.length === 0) continue;
    out.push(title);
    out.push(
      ...table(
        ['count', title.endsWith('clients') ? 'client' : 'sender'],
        rows.slice(0, Math.min(top, 10)).map(([k, n]) => [number(n), k]),
        new Set([0]),
      ),
      '',
    );
  }

  if (report.skipped.length) {
    out.push('Lines skipped or repaired');
    for (const s of report.skipped) {
      out.push(`  ${number(s.count)} ${s.reason}`);
      for (const e of s.examples) out.push(`      ${e.length > 160 ? `${e.slice(0, 160)}…` : e}`);
    }
    out.push('');
  }
  if (report.problems.length) {
    out.push('Problems');
    for (const p of report.problems) out.push(`  ${p}`);
    out.push('');
  }
  return out.join('\n');
}
