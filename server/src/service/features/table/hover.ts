import type { Hover } from 'vscode-languageserver-types';
import { restrictionNamed } from '../../knowledge/restrictions';
import { ACCESS_ACTIONS, HEADER_ACTIONS, POSTSCREEN_ACTIONS, splitAction, type ActionArgument, type TableAction } from '../../knowledge/tableActions';
import { HEADER_ROLES, type TableRole } from '../../model/tableDetect';
import { formatAddress, maskBytes, parseCidrPattern } from '../../syntax/address';
import { listWords } from '../../syntax/restrictionList';
import { tableLineAt, type ParsedTable, type Span, type TableLine } from '../../syntax/table';
import type { Position, Range } from '../../syntax/text';
import { addedIn, heading, joinLines, joinSections, markdownHover as toHover } from '../shared/hoverText';
import { restrictionClassText, restrictionText } from '../shared/restrictionHover';
import { accessKeyText, accessPatternText } from './accessKeyHover';

const ARGUMENT: Record<ActionArgument, string> = {
  none: 'nothing (text after it is ignored)',
  text: 'optional text',
  'required-text': 'the text to use',
  address: 'an address, `user@domain`',
  transport: '`transport:destination`, e.g. `smtp:[filter.example.com]:10025`',
  header: 'a header line, `Header-Name: value`',
};

function actionText(a: TableAction, kind: string): string {
  const facts = [`**Argument:** ${ARGUMENT[a.argument]}`];
  if (a.since) facts.push(addedIn(a.since));
  return joinSections([heading(a.name, `${kind} action`), a.summary, joinLines(facts)]);
}

function replyCodeText(code: string): string | undefined {
  if (!/^[45][0-9][0-9]$/.test(code)) return undefined;
  const kind = code[0] === '4' ? 'a temporary refusal: the client may try again later' : 'a permanent refusal: the client must not try again';
  const extra =
    code === '421' || code === '521'
      ? ` After sending it smtpd also closes the connection (${code === '421' ? 'Postfix 2.3' : 'Postfix 2.6'} and later); keep that for abusive clients.`
      : '';
  return `${heading(code, 'SMTP reply code')}\n\nReject with this code and the text after it: ${kind}. Text may start with an enhanced status code of the same class (${code[0]}.x.x).${extra}`;
}

function networkText(pattern: string): string | undefined {
  const parsed = parseCidrPattern(pattern);
  if (!('network' in parsed)) return undefined;
  const { bytes, prefix, family } = parsed.network;
  const bits = family === 4 ? 32 : 128;
  const last = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return keep === 8 ? b : b | (0xff >> keep);
  });
  const size = bits - prefix <= 52 ? (2 ** (bits - prefix)).toLocaleString('en-US') : `2^${bits - prefix}`;
  return `${heading(`${formatAddress(maskBytes(bytes, prefix))}/${prefix}`, `IPv${family} network`)}\n\n${formatAddress(bytes)} to ${formatAddress(last)}: ${size} address${bits === prefix ? '' : 'es'}.`;
}

function valueHover(line: TableLine, value: Span, offset: number, role: TableRole | undefined, classes?: ReadonlySet<string>): Hover | null {
  const rel = offset - value.start;
  const { word, wordEnd } = splitAction(value.text);
  const range = (from: number, to: number): Range => line.text.range(value.start + from, value.start + to);
  if (rel <= wordEnd) {
    const upper = word.toUpperCase();
    if (role === 'postscreen_access') {
      const a = POSTSCREEN_ACTIONS.get(word.toLowerCase());
      return a ? toHover(actionText(a, 'postscreen access'), range(0, wordEnd)) : null;
    }
    const header = role !== undefined && HEADER_ROLES.has(role);
    const a = header ? HEADER_ACTIONS.get(upper) : (ACCESS_ACTIONS.get(upper) ?? (role === undefined ? HEADER_ACTIONS.get(upper) : undefined));
    if (a) return toHover(actionText(a, header ? 'header_checks' : 'access'), range(0, wordEnd));
    if (!header) {
      const code = replyCodeText(word);
      if (code) return toHover(code, range(0, wordEnd));
    }
  }
  if (role !== undefined && role !== 'access') return null;
  for (const w of listWords(value.text)) {
    if (rel < w.start || rel > w.end) continue;
    const info = restrictionNamed(w.text);
    if (info) return toHover(restrictionText(info), range(w.start, w.end));
    if (classes?.has(w.text)) {
      return toHover(restrictionClassText(w.text, 'smtpd runs the restriction list of the main.cf parameter of this name.'), range(w.start, w.end));
    }
  }
  return null;
}

export interface TableHoverOptions {
  /** picks the kind of actions; without it access actions are tried first */
  role?: TableRole;
  classes?: ReadonlySet<string>;
  /** for an access table: the restrictions main.cf looks it up with */
  lookups?: readonly string[];
  /** domain keys of access tables match the names under them; undefined when not known */
  subdomains?: boolean;
}

/**
 * Hover in a table: an action of an access, header_checks or postscreen table,
 * a reply code, a restriction (or class) in an access result, a cidr network,
 * how smtpd matches a key or pattern of an access table.
 */
export function tableHover(parsed: ParsedTable, position: Position, options: TableHoverOptions = {}): Hover | null {
  const line = tableLineAt(parsed, position.line);
  const entry = line?.entry;
  if (!line || !entry) return null;
  const offset = line.text.offsetAt(position);
  if (offset === undefined) return null;
  const value = entry.kind === 'pair' || entry.kind === 'cidr' || entry.kind === 'pattern' ? entry.value : undefined;
  if (value && offset >= value.start && offset <= value.end) return valueHover(line, value, offset, options.role, options.classes);
  if (options.role === 'access') {
    if (entry.kind === 'pair' && offset >= entry.key.start && offset <= entry.key.end) {
      const text = accessKeyText(entry.key.text, options.lookups, options.subdomains);
      return text ? toHover(text, entry.key.range) : null;
    }
    if (entry.kind === 'pattern' && offset >= entry.pattern.whole.start && offset <= (entry.second ?? entry.pattern).whole.end) {
      const whole = entry.second ? line.text.range(entry.pattern.whole.start, entry.second.whole.end) : entry.pattern.whole.range;
      return toHover(accessPatternText(line.text.text.slice(entry.pattern.whole.start, (entry.second ?? entry.pattern).whole.end), options.lookups), whole);
    }
  }
  const cidr = entry.kind === 'cidr' ? entry.pattern : entry.kind === 'if' ? entry.cidr?.pattern : undefined;
  if (cidr && offset >= cidr.start && offset <= cidr.end) {
    const text = networkText(cidr.text);
    return text ? toHover(text, cidr.range) : null;
  }
  return null;
}
