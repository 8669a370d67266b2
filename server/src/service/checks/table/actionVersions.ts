import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { restrictionNamed } from '../../knowledge/restrictions';
import { ACCESS_ACTIONS, HEADER_ACTIONS, splitAction } from '../../knowledge/tableActions';
import { availableIn } from '../../knowledge/versions';
import { HEADER_ROLES } from '../../model/tableDetect';
import { listWords } from '../../syntax/restrictionList';
import { MAX_PER_CHECK, type TableCheck } from './context';
import { rangeIn, tableResults } from './values';

/** Reply codes smtpd treats specially, and the release that started to. */
const SPECIAL_CODES: Record<string, string> = { '421': '2.3', '521': '2.6' };

/** Actions and restrictions in table results that the target Postfix does not have. */
export const checkActionVersions: TableCheck = ({ parsed, info, target }) => {
  const header = HEADER_ROLES.has(info.role);
  if (info.role !== 'access' && !header) return [];
  const out: Diagnostic[] = [];
  for (const r of tableResults(parsed)) {
    if (out.length >= MAX_PER_CHECK) break;
    const { word, wordEnd } = splitAction(r.value.text);
    const upper = word.toUpperCase();
    const action = (header ? HEADER_ACTIONS : ACCESS_ACTIONS).get(upper);
    if (action) {
      if (action.since && !availableIn(target, action.since)) {
        out.push(
          diagnostic(
            Code.AccessActionNewerThanTarget,
            rangeIn(r, 0, wordEnd),
            `${upper} was added in Postfix ${action.since}; the target Postfix ${target} does not know it (${header ? 'cleanup logs a warning and ignores the line' : 'smtpd takes it as an unknown restriction and answers 451 4.3.5'}).`,
          ),
        );
      }
      continue;
    }
    if (header) continue;
    const since = SPECIAL_CODES[word];
    if (since && !availableIn(target, since)) {
      out.push(
        diagnostic(
          Code.AccessActionNewerThanTarget,
          rangeIn(r, 0, wordEnd),
          `Before Postfix ${since} smtpd does not disconnect after a ${word} reply; the target Postfix ${target} sends it and waits for the next command.`,
        ),
      );
      continue;
    }
    if (/^[0-9]/.test(word)) continue;
    for (const w of listWords(r.value.text)) {
      const info = restrictionNamed(w.text);
      if (info?.since && !availableIn(target, info.since)) {
        out.push(
          diagnostic(
            Code.AccessActionNewerThanTarget,
            rangeIn(r, w.start, w.end),
            `${info.name} was added in Postfix ${info.since}; the target Postfix ${target} answers 451 4.3.5 when it reaches it.`,
          ),
        );
      }
    }
  }
  return out;
};
