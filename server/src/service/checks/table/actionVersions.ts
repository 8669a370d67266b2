import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { restrictionNamed } from '../../knowledge/restrictions';
import { ACCESS_ACTIONS, HEADER_ACTIONS, splitAction } from '../../knowledge/tableActions';
import { availableIn } from '../../knowledge/versions';
import { HEADER_ROLES } from '../../model/tableDetect';
import { listWords } from '../../syntax/restrictionList';
import { MAX_PER_CHECK, type TableCheck } from './context';
import { rangeIn, tableResults, type TableResult } from './values';
import { defineCheck } from '../check';

/** Reply codes smtpd treats specially, and the release that started to. */
const SPECIAL_CODES: Record<string, string> = { '421': '2.3', '521': '2.6' };

/** Actions and restrictions in table results that the target Postfix does not have. */
const checkActionVersions: TableCheck = ({ parsed, info, target, limit = MAX_PER_CHECK }) => {
  const header = HEADER_ROLES.has(info.role);
  if (info.role !== 'access' && !header) return [];
  const out: Diagnostic[] = [];
  // big tables repeat a few results: judge each text once
  const fine = new Set<string>();
  for (const r of tableResults(parsed)) {
    if (out.length >= limit) break;
    const text = r.value.text;
    if (fine.has(text)) continue;
    const problems = versionProblems(r, text, header, target);
    if (problems.length === 0) fine.add(text);
    for (const d of problems) out.push(d);
  }
  return out;
};

export function versionProblems(r: TableResult, text: string, header: boolean, target: string): Diagnostic[] {
  const { word, wordEnd } = splitAction(text);
  const upper = word.toUpperCase();
  const action = (header ? HEADER_ACTIONS : ACCESS_ACTIONS).get(upper);
  if (action) {
    if (!action.since || availableIn(target, action.since)) return [];
    return [
      diagnostic(
        Code.AccessActionNewerThanTarget,
        rangeIn(r, 0, wordEnd),
        `${upper} was added in Postfix ${action.since}; the target Postfix ${target} does not know it (${header ? 'cleanup logs a warning and ignores the line' : 'smtpd takes it as an unknown restriction and answers 451 4.3.5'}).`,
      ),
    ];
  }
  if (header) return [];
  const since = SPECIAL_CODES[word];
  if (since) {
    if (availableIn(target, since)) return [];
    return [
      diagnostic(
        Code.AccessActionNewerThanTarget,
        rangeIn(r, 0, wordEnd),
        `Before Postfix ${since} smtpd does not disconnect after a ${word} reply; the target Postfix ${target} sends it and waits for the next command.`,
      ),
    ];
  }
  if (/^[0-9]/.test(word)) return [];
  const out: Diagnostic[] = [];
  for (const w of listWords(text)) {
    const restriction = restrictionNamed(w.text);
    if (restriction?.since && !availableIn(target, restriction.since)) {
      out.push(
        diagnostic(
          Code.AccessActionNewerThanTarget,
          rangeIn(r, w.start, w.end),
          `${restriction.name} was added in Postfix ${restriction.since}; the target Postfix ${target} answers 451 4.3.5 when it reaches it.`,
        ),
      );
    }
  }
  return out;
}

export const actionVersions = defineCheck({ codes: [Code.AccessActionNewerThanTarget], kind: 'table', mode: 'line', run: checkActionVersions });
