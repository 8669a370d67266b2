import { Code, diagnostic, DiagnosticSeverity, type Diagnostic } from '../../diagnostics';
import { suggestRestriction } from '../../knowledge/restrictions';
import { closest } from '../../knowledge/suggest';
import { ACCESS_ACTIONS, POSTSCREEN_ACTIONS, isHeaderText, leadingStatusCode, splitAction } from '../../knowledge/tableActions';
import { parseRestrictionList } from '../../syntax/restrictionList';
import { MAX_PER_CHECK, type TableCheck, type TableCheckContext } from './context';
import { rangeIn, tableResults, type TableResult } from './values';
import { defineCheck } from '../check';
import { replaceFix } from '../shared/fixes';

const ACTION_NAMES = [...ACCESS_ACTIONS.values()].filter((a) => !a.hidden).map((a) => a.name);
const TAKES_ARGUMENT = new Set(['table', 'dns-list', 'policy-service', 'seconds']);
/** A name that could be a restriction class: a main.cf parameter name. */
const CLASS_NAME = /^[A-Za-z0-9_]+$/;

const expectedClass = (action: string): string => (action === 'REJECT' ? '5' : '4');

function statusCodeProblem(r: TableResult, textStart: number, text: string, replyClass: string, what: string): Diagnostic | undefined {
  const code = leadingStatusCode(text);
  if (!code || code[0] === replyClass) return undefined;
  return diagnostic(
    Code.InvalidAccessAction,
    rangeIn(r, textStart, textStart + code.length),
    `The status code ${code} does not match ${what} (class ${replyClass}): the client gets a reply whose two codes disagree. Use ${replyClass}${code.slice(1)}.`,
    [replaceFix(`Use ${replyClass}${code.slice(1)}`, rangeIn(r, textStart, textStart + code.length), `${replyClass}${code.slice(1)}`)],
    DiagnosticSeverity.Warning,
  );
}

/** One access(5) result, as smtpd's check_table_result() reads it. */
export function accessValueProblems(r: TableResult, context: Pick<TableCheckContext, 'classes'>): Diagnostic[] {
  const v = r.value.text;
  const { word, wordEnd, textStart, text } = splitAction(v);
  if (r.substituted && word.includes('$')) return [];
  const upper = word.toUpperCase();
  const action = ACCESS_ACTIONS.get(upper);
  const at = (from: number, to: number) => rangeIn(r, from, to);
  if (action) {
    const textRange = text ? at(textStart, v.length) : at(0, wordEnd);
    const dynamic = r.substituted && text.includes('$');
    switch (action.argument) {
      case 'address':
        if (!text.includes('@') && !dynamic) {
          return [
            diagnostic(
              Code.InvalidAccessAction,
              textRange,
              `${upper} needs a user@domain address after it; without one smtpd logs "requires user@domain target" and ignores the entry.`,
            ),
          ];
        }
        return [];
      case 'transport':
        if (!text)
          return [
            diagnostic(
              Code.InvalidAccessAction,
              textRange,
              'FILTER needs transport:destination after it (a master.cf service and its next hop); smtpd ignores an empty FILTER.',
            ),
          ];
        if (!text.includes(':') && !dynamic) {
          return [
            diagnostic(
              Code.InvalidAccessAction,
              textRange,
              `"${text}" is not transport:destination; smtpd logs "requires transport:destination" and ignores the entry. For the default next hop, end with a colon: "${text}:".`,
            ),
          ];
        }
        return [];
      case 'header':
        if (!isHeaderText(text) && !dynamic) {
          return [
            diagnostic(
              Code.InvalidAccessAction,
              textRange,
              'PREPEND needs a whole header line after it, "Header-Name: value"; smtpd logs "requires header: text" and ignores the entry.',
            ),
          ];
        }
        return [];
      case 'text': {
        const replyClass = upper === 'REJECT' || upper === 'DEFER' || upper.startsWith('DEFER_IF') ? expectedClass(upper) : undefined;
        const d = replyClass
          ? statusCodeProblem(
              r,
              textStart,
              text,
              replyClass,
              `the ${upper === 'REJECT' ? 'access_map_reject_code (5xx)' : 'access_map_defer_code (4xx)'} reply that ${upper} sends`,
            )
          : undefined;
        return d ? [d] : [];
      }
      default:
        return [];
    }
  }
  if (/^[0-9]+$/.test(v)) {
    if (/^[45][0-9][0-9]$/.test(v)) {
      return [
        diagnostic(
          Code.InvalidAccessAction,
          at(0, v.length),
          `A number alone means OK: smtpd takes an all-numerical result as a permit (a timestamp of pop-before-smtp tools), not as the reply ${v}. Add the reply text, e.g. "${v} ${v[0] === '4' ? 'Try again later' : 'Access denied'}".`,
        ),
      ];
    }
    return [];
  }
  if (/^[0-9]{3}$/.test(word) && text) {
    if (/^[45]/.test(word)) {
      const d = statusCodeProblem(r, textStart, text, word[0], `the reply code ${word}`);
      return d ? [d] : [];
    }
    return [
      diagnostic(
        Code.InvalidAccessAction,
        at(0, wordEnd),
        `${word} is not a reply code smtpd sends from an access table (only 4NN and 5NN): it takes "${word}" as a restriction name, logs "unknown smtpd restriction" and answers 451 4.3.5.`,
      ),
    ];
  }
  if (r.substituted && v.includes('$')) return [];
  // Anything else is a restriction list that smtpd evaluates on the spot.
  const colon = v.indexOf(':');
  if (colon >= 0) {
    let s = colon;
    while (s > 0 && !/[\s,]/.test(v[s - 1])) s--;
    let e = colon;
    while (e < v.length && !/[\s,]/.test(v[e])) e++;
    return [
      diagnostic(
        Code.InvalidAccessAction,
        at(s, e),
        `"${v.slice(s, e)}": an access table result must not name a lookup table (smtpd: "do not specify lookup tables inside SMTPD access maps") and answers 451 4.3.5. Define a restriction class in main.cf (smtpd_restriction_classes) and give its name here.`,
      ),
    ];
  }
  // smtpd stops at the first word it cannot run (451 4.3.5): after a mistyped
  // action, the reply text that follows is never read as restrictions
  for (const item of parseRestrictionList(v)) {
    const range = at(item.word.start, item.word.end);
    if (item.kind === 'restriction') {
      if (TAKES_ARGUMENT.has(item.info.argument) && !item.argument) {
        return [
          diagnostic(Code.InvalidAccessAction, range, `${item.info.name} needs an argument after it; smtpd answers 451 4.3.5 (server configuration error).`),
        ];
      }
      continue;
    }
    if (item.kind !== 'name') continue;
    const name = item.word.text;
    if (context.classes?.has(name)) continue;
    if (ACCESS_ACTIONS.has(name.toUpperCase())) {
      return [
        diagnostic(
          Code.InvalidAccessAction,
          range,
          `${name.toUpperCase()} is an action only as the first word of a result; after a restriction smtpd takes it as a restriction name, logs "unknown smtpd restriction" and answers 451 4.3.5.`,
        ),
      ];
    }
    const likeAction = name === name.toUpperCase() && /[A-Z]/.test(name) ? closest(name.toUpperCase(), ACTION_NAMES) : undefined;
    const suggestion = likeAction ?? suggestRestriction(name) ?? (context.classes ? closest(name, context.classes) : undefined);
    const known = context.classes !== undefined;
    if (!known && CLASS_NAME.test(name) && !likeAction) continue;
    const fixes = suggestion ? [replaceFix(`Change to ${suggestion}`, range, suggestion)] : [];
    return [
      diagnostic(
        Code.InvalidAccessAction,
        range,
        `"${name}" is not an access action, a restriction${known ? ' or a restriction class of main.cf' : ''}: smtpd logs "unknown smtpd restriction" and answers 451 4.3.5.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        fixes,
      ),
    ];
  }
  return [];
}

function postscreenProblems(r: TableResult): Diagnostic[] {
  const v = r.value.text;
  const out: Diagnostic[] = [];
  const re = /[^\s,]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v))) {
    const word = m[0];
    const range = rangeIn(r, m.index, m.index + word.length);
    if (r.substituted && word.includes('$')) return out;
    if (word.includes(':')) {
      out.push(
        diagnostic(
          Code.InvalidAccessAction,
          range,
          `postscreen does not allow a lookup table in a table result ("lookup result is not allowed") and ignores the rest of this access list.`,
        ),
      );
      return out;
    }
    const action = POSTSCREEN_ACTIONS.get(word.toLowerCase());
    if (!action) {
      const suggestion = closest(word.toLowerCase(), [...POSTSCREEN_ACTIONS.keys()]);
      out.push(
        diagnostic(
          Code.InvalidAccessAction,
          range,
          `"${word}" is not a postscreen access result (permit, reject or dunno): postscreen logs "unknown command" and ignores the rest of this access list.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
          suggestion ? [replaceFix(`Change to ${suggestion}`, range, suggestion)] : [],
        ),
      );
      return out;
    }
    if (action.name !== 'permit_mynetworks') return out;
  }
  return out;
}

/** access(5) and postscreen access results that smtpd or postscreen can act on. */
const checkAccessActions: TableCheck = (context) => {
  const { parsed, info } = context;
  if (info.role !== 'access' && info.role !== 'postscreen_access') return [];
  const out: Diagnostic[] = [];
  // big tables repeat a few results (REJECT, OK ...): judge each text once
  const fine = new Set<string>();
  for (const r of tableResults(parsed)) {
    if (out.length >= (context.limit ?? MAX_PER_CHECK)) break;
    const text = r.value.text;
    if (fine.has(text)) continue;
    const problems = info.role === 'access' ? accessValueProblems(r, context) : postscreenProblems(r);
    if (problems.length === 0) fine.add(text);
    for (const d of problems) out.push(d);
  }
  return out;
};

export const accessActions = defineCheck({ codes: [Code.InvalidAccessAction], kind: 'table', mode: 'line', run: checkAccessActions });
