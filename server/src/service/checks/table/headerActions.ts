import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { closest } from '../../knowledge/suggest';
import { HEADER_ACTIONS, isHeaderText, NOT_IN_MILTER, NOT_IN_SMTP, splitAction } from '../../knowledge/tableActions';
import { HEADER_ROLES } from '../../model/tableDetect';
import { MAX_PER_CHECK, type TableCheck } from './context';
import { rangeIn, tableResults } from './values';
import { defineCheck } from '../check';
import { replaceFix } from '../shared/fixes';

const NAMES = [...HEADER_ACTIONS.values()].filter((a) => !a.hidden).map((a) => a.name);

/** header_checks(5) and body_checks results that cleanup or the SMTP client can carry out. */
const checkHeaderActions: TableCheck = ({ parsed, info, limit = MAX_PER_CHECK }) => {
  if (!HEADER_ROLES.has(info.role)) return [];
  const smtp = info.role === 'smtp_header_checks' || info.role === 'smtp_body_checks';
  const headers = info.role !== 'body_checks' && info.role !== 'smtp_body_checks';
  const who = smtp ? 'the SMTP client' : 'cleanup';
  const out: Diagnostic[] = [];
  for (const r of tableResults(parsed)) {
    if (out.length >= limit) break;
    const { word, wordEnd, textStart, text } = splitAction(r.value.text);
    if (r.substituted && word.includes('$')) continue;
    const upper = word.toUpperCase();
    const action = HEADER_ACTIONS.get(upper);
    const wordRange = rangeIn(r, 0, wordEnd);
    if (!action) {
      const suggestion = closest(upper, NAMES);
      out.push(
        diagnostic(
          Code.InvalidHeaderCheckAction,
          wordRange,
          `"${word}" is not a ${info.role} action: ${who} logs a warning for every message that matches and changes nothing.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
          suggestion ? [replaceFix(`Change to ${suggestion}`, wordRange, suggestion)] : [],
        ),
      );
      continue;
    }
    if (smtp && NOT_IN_SMTP.has(upper)) {
      out.push(
        diagnostic(
          Code.InvalidHeaderCheckAction,
          wordRange,
          `${upper} does not work in ${info.role}: the message is already queued and on its way, and the SMTP client logs a warning and ignores it.`,
        ),
      );
      continue;
    }
    if (info.role === 'milter_header_checks' && NOT_IN_MILTER.has(upper)) {
      out.push(diagnostic(Code.InvalidHeaderCheckAction, wordRange, `${upper} does not work in milter_header_checks; cleanup ignores it there.`));
      continue;
    }
    const dynamic = r.substituted && text.includes('$');
    const textRange = text ? rangeIn(r, textStart, r.value.text.length) : wordRange;
    if (action.argument === 'required-text') {
      if (!text) {
        out.push(
          diagnostic(
            Code.InvalidHeaderCheckAction,
            wordRange,
            `${upper} needs the text to put in; without it ${who} logs a warning and leaves the line alone.`,
          ),
        );
      } else if (headers && !dynamic && !isHeaderText(text)) {
        out.push(
          diagnostic(
            Code.InvalidHeaderCheckAction,
            textRange,
            `In header checks ${upper} must give a whole header, "Header-Name: value"; ${who} logs "bad ${upper} header text" and leaves the header alone.`,
          ),
        );
      }
    } else if (action.argument === 'address' && !dynamic && !text.includes('@')) {
      out.push(diagnostic(Code.InvalidHeaderCheckAction, textRange, `${upper} needs a user@domain address; cleanup logs a warning and ignores the action.`));
    } else if (action.argument === 'transport' && !dynamic && !text.includes(':')) {
      out.push(
        diagnostic(
          Code.InvalidHeaderCheckAction,
          textRange,
          'FILTER needs transport:destination (a master.cf service and its next hop); cleanup ignores it otherwise.',
        ),
      );
    }
  }
  return out;
};

export const headerActions = defineCheck({ codes: [Code.InvalidHeaderCheckAction], kind: 'table', mode: 'line', run: checkHeaderActions });
