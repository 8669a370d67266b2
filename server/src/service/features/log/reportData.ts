/**
 * The report of "Postfix: Analyze mail log" as plain JSON: what the
 * analysis found, by day for the charts, with each row's restriction as a
 * file URI and line the report links to. The server sends it to the client,
 * the client to its report view; nothing in it is markup.
 */
import type { LogReport, MessageCounts, RejectAction, Skipped } from '../../log/logAnalysis';

/** The request the client sends for a report; the progress goes to its work done token. */
export const ANALYZE_LOG_METHOD = 'postfix/analyzeLog';

export interface AnalyzeLogParams {
  /** the logs to read; the postfix.log.files setting when left out */
  files?: string[];
  /** the main.cf to attribute the rejects with; postfix.log.config (or the one found) when left out */
  config?: string;
  workDoneToken?: string | number;
}

export interface ReportRow {
  action: RejectAction;
  restriction: string | null;
  argument: string | null;
  stage: string;
  code: string | null;
  /** the file that writes the restriction (a URI the client opens), and the 0-based line */
  uri: string | null;
  file: string | null;
  line: number | null;
  count: number;
  clients: number;
  examples: string[];
  /** [YYYY-MM-DD, lines], in date order */
  perDay: [string, number][];
}

export interface ReportData {
  files: string[];
  /** the main.cf the rejects were attributed with; null: by their reply text alone */
  config: string | null;
  lines: number;
  from: string | null;
  to: string | null;
  /** every day with a reject or a delivery, in order: the charts' axis */
  days: string[];
  rejects: ReportRow[];
  messages: MessageCounts;
  /** per day, lines per delivery status (sent, deferred, bounced, ...) */
  deliveries: { day: string; counts: Record<string, number> }[];
  topClients: [string, number][];
  topSenders: [string, number][];
  skipped: Skipped[];
  problems: string[];
}

const byDay = <T>(a: [string, T], b: [string, T]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export function reportData(report: LogReport, files: readonly string[], config: string | null, uriOf: (path: string) => string): ReportData {
  const days = new Set<string>();
  const rejects = report.rejects.map((row): ReportRow => {
    const perDay = [...row.perDay].sort(byDay);
    for (const [day] of perDay) days.add(day);
    return {
      action: row.action,
      restriction: row.restriction,
      argument: row.argument,
      stage: row.stage,
      code: row.code,
      uri: row.file === null ? null : uriOf(row.file),
      file: row.file,
      line: row.line,
      count: row.count,
      clients: row.clients,
      examples: row.examples,
      perDay,
    };
  });
  const deliveries = [...report.deliveriesPerDay].sort(byDay).map(([day, counts]) => {
    days.add(day);
    return { day, counts: Object.fromEntries(counts) };
  });
  return {
    files: [...files],
    config,
    lines: report.lines,
    from: report.from,
    to: report.to,
    days: [...days].sort(),
    rejects,
    messages: report.messages,
    deliveries,
    topClients: report.topClients,
    topSenders: report.topSenders,
    skipped: report.skipped,
    problems: report.problems,
  };
}
