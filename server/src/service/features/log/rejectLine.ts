/**
 * A reject line of a mail log and the restriction behind it: the hover names
 * the restriction and where main.cf (or master.cf) writes it, and go to
 * definition opens that line. The attribution itself is the log analysis's
 * (log/attribution.ts); this module shows it.
 */
import type { Hover, Location } from 'vscode-languageserver-types';
import type { Attribution, Attributor, LineContext } from '../../log/attribution';
import { parseLogLine, type LogLine } from '../../log/logLine';
import { markdownHover, joinLines, joinSections } from '../shared/hoverText';
import type { Position } from '../../syntax/text';
import type { LogText } from './logIndex';
import { address, literal } from './logText';

export interface RejectContext {
  /** attributes with the configuration that wrote the log; by reply text alone when there is none */
  attribute: Attributor;
  /** the main.cf it reads, for saying where nothing was found */
  mainPath?: string;
  /** why there is no configuration, when there is none */
  missingConfig?: string;
  uriOf(path: string): string;
  /** a line of a configuration file, to select the restriction's name on it */
  lineOf(path: string, line: number): string | undefined;
}

/** How far back a postscreen reject looks for the test that failed (its PREGREET, BARE NEWLINE ... line). */
const POSTSCREEN_LOOKBACK = 50;

/** A verdict the analysis attributes: smtpd's and postscreen's rejects and deferrals, milter and content rejects. */
function verdict(line: LogLine | undefined): line is LogLine {
  if (!line?.postfix) return false;
  return (
    line.kind === 'reject' ||
    line.kind === 'reject_warning' ||
    line.kind === 'defer' ||
    line.kind === 'milter' ||
    (line.kind === 'content' && line.action === 'reject')
  );
}

/** The postscreen event logged for the same client just before its reject. */
function postscreenContext(text: LogText, n: number, line: LogLine): LineContext | undefined {
  if (line.program !== 'postscreen' || !line.client) return undefined;
  const { address: ip, port } = line.client;
  for (let k = n - 1; k >= 0 && k >= n - POSTSCREEN_LOOKBACK; k--) {
    const before = parseLogLine(text.line(k));
    if (before?.program === 'postscreen' && before.kind === 'postscreen' && before.client?.address === ip && before.client.port === port) {
      return before.event ? { postscreenEvent: before.event } : undefined;
    }
  }
  return undefined;
}

interface Found {
  line: LogLine;
  attribution: Attribution;
}

function attributed(text: LogText, position: Position, context: RejectContext): Found | undefined {
  if (position.line < 0 || position.line >= text.lineCount) return undefined;
  const line = parseLogLine(text.line(position.line));
  if (!verdict(line)) return undefined;
  return { line, attribution: context.attribute(line, postscreenContext(text, position.line, line)) };
}

const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** `[main.cf line 42](file:///etc/postfix/main.cf#L42)`: clients open the file at that line. */
function place(a: Attribution, context: RejectContext): string | undefined {
  if (a.file === null || a.line === null) return undefined;
  return `[${fileName(a.file)} line ${a.line + 1}](${context.uriOf(a.file)}#L${a.line + 1})`;
}

/** What the line did, in words. */
function actionText(line: LogLine): string {
  const where = line.kind === 'content' ? `${line.part ?? 'content'} check` : (line.stage ?? '');
  const codes = [line.code, line.enhancedStatus].filter(Boolean).join(' ');
  const what =
    line.kind === 'reject_warning'
      ? '**reject_warning**: a `warn_if_reject` trial, the mail was not refused'
      : line.kind === 'defer'
        ? '**deferred** (a temporary 4xx reply: the client tries again later)'
        : `**${line.action ?? 'reject'}**`;
  return [what, where && `at ${where}`, codes && `(${codes})`].filter(Boolean).join(' ');
}

function restrictionText(a: Attribution, context: RejectContext): string {
  if (a.restriction === null) {
    const config = context.mainPath ? `no restriction of ${literal(context.mainPath)} gives this reply` : (context.missingConfig ?? 'no main.cf to look in');
    return `**Restriction:** not found (${config})`;
  }
  const name = a.argument === null ? literal(a.restriction) : `${literal(a.restriction)} ${literal(a.argument)}`;
  const at = place(a, context);
  if (at) return `**Restriction:** ${name}, ${at}`;
  if (!context.mainPath) return `**Restriction:** ${name}, by its reply (${context.missingConfig ?? 'no main.cf to look in'})`;
  return `**Restriction:** ${name}, by its reply; no list of ${literal(context.mainPath)} names it`;
}

/** Hover on a reject line: what happened, the restriction and its line, the client and addresses. */
export function rejectHover(text: LogText, position: Position, context: RejectContext): Hover | null {
  const found = attributed(text, position, context);
  if (!found) return null;
  const { line, attribution } = found;
  const who: string[] = [];
  if (line.client) who.push(`**Client:** ${literal(line.client.name ? `${line.client.name}[${line.client.address}]` : `[${line.client.address}]`)}`);
  if (line.sender !== undefined) who.push(`**Sender:** ${address(line.sender)}`);
  if (line.recipient !== undefined) who.push(`**Recipient:** ${address(line.recipient)}`);
  if (line.helo !== undefined) who.push(`**HELO:** ${literal(line.helo)}`);
  const reply = line.reply ? `**Reply:** ${literal(line.reply)}` : undefined;
  const range = { start: { line: position.line, character: 0 }, end: { line: position.line, character: text.line(position.line).length } };
  return markdownHover(joinSections([actionText(line), joinLines([restrictionText(attribution, context), ...who]), reply]), range);
}

/** The restriction's name on its line of main.cf or master.cf. */
export function rejectDefinition(text: LogText, position: Position, context: RejectContext): Location | null {
  const found = attributed(text, position, context);
  const a = found?.attribution;
  if (!a || a.file === null || a.line === null || a.restriction === null) return null;
  const written = context.lineOf(a.file, a.line) ?? '';
  const at = written.toLowerCase().search(new RegExp(`(^|[\\s,=])${a.restriction.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s,])`));
  const start = at < 0 ? 0 : at + (/[\s,=]/.test(written[at] ?? '') ? 1 : 0);
  const end = at < 0 ? 0 : start + a.restriction.length;
  return { uri: context.uriOf(a.file), range: { start: { line: a.line, character: start }, end: { line: a.line, character: end } } };
}
