/**
 * A simulation as text for people: per recipient the verdict, smtpd's reply,
 * what decided and each step of the trace with the file and line it was
 * read from (1-based, as editors and `check` show them). Where a file and
 * line appear, a link records them, so that an editor can make them
 * clickable; the command line prints the lines alone.
 */
import type { Simulation, TraceStep } from '../simulate/transaction';

export interface TraceLink {
  /** 0-based line of the text and the columns of the "file:line" in it */
  line: number;
  start: number;
  end: number;
  /** the file as the simulation names it, and the 0-based line in it */
  file: string;
  fileLine: number;
}

export interface TraceText {
  lines: string[];
  links: TraceLink[];
}

/** How a file is shown (relative to where the user is, as given ...). */
export type ShowPath = (path: string) => string;

/** Control characters from a table or an address shown as \xNN: a terminal would act on them. */
const printable = (s: string): string => s.replace(/[^\t -~\u00a0-\u{10ffff}]/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

class Writer {
  readonly lines: string[] = [];
  readonly links: TraceLink[] = [];

  constructor(private readonly show: ShowPath) {}

  /** Writes a line made of pieces; a place becomes "file:line" with its link. */
  write(...pieces: (string | { file: string; line: number })[]): void {
    let text = '';
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        text += printable(piece);
        continue;
      }
      const shown = `${printable(this.show(piece.file))}:${piece.line + 1}`;
      this.links.push({ line: this.lines.length, start: text.length, end: text.length + shown.length, file: piece.file, fileLine: piece.line });
      text += shown;
    }
    this.lines.push(text);
  }
}

/** "file:line", or where no line is known the file alone or "built-in". */
function place(step: { file?: string; line?: number | null }, show: ShowPath): string | { file: string; line: number } {
  if (step.file === undefined) return 'built-in';
  if (step.line === null || step.line === undefined) return `${show(step.file)}, built-in`;
  return { file: step.file, line: step.line };
}

function writeStep(w: Writer, step: TraceStep, show: ShowPath): void {
  w.write('    ', place(step, show), `  ${step.stage} ${step.parameter}: ${step.restriction} -> ${step.result}${step.why ? `: ${step.why}` : ''}`);
  if (step.entry) w.write('        matched ', { file: step.entry.file, line: step.entry.line }, `: ${step.entry.key} ${step.entry.value}`);
}

/** The whole simulation, or the recipients `only` names. */
export function traceText(simulation: Simulation, show: ShowPath, only?: ReadonlySet<string>): TraceText {
  const w = new Writer(show);
  for (const outcome of simulation.recipients) {
    if (only && !only.has(outcome.recipient)) continue;
    w.write(`<${outcome.recipient}>: ${outcome.verdict}`);
    w.write(`  ${outcome.reply}`);
    const d = outcome.decidedBy;
    if (d) {
      w.write(`  decided by ${d.restriction} in ${d.parameter} (`, place(d, show), ')');
    } else {
      w.write('  decided by no restriction: every list ended without a verdict');
    }
    if (outcome.trace.length) w.write('  trace:');
    for (const step of outcome.trace) writeStep(w, step, show);
  }
  if (simulation.problems.length) {
    w.write('not judged:');
    for (const problem of simulation.problems) w.write(`  ${problem}`);
  }
  return { lines: w.lines, links: w.links };
}
