import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { availableIn } from '../../knowledge/versions';
import { defineCheck } from '../check';
import { postconfName, type DbmsCheck } from './context';

/** Parameters of a later release: the client of the target release does not read them, and its postconf calls them unused. */
const checkNewerThanTarget: DbmsCheck = (context) => {
  const out: Diagnostic[] = [];
  for (const a of context.file.assignments) {
    const since = context.type.parameters.get(a.name)?.since;
    if (availableIn(context.target, since)) continue;
    out.push(
      diagnostic(
        Code.ParameterNewerThanTarget,
        a.nameRange,
        `"${a.name}" came with Postfix ${since}: the ${context.type.name}: client of Postfix ${context.target} does not read it ` +
          `(postconf: ${postconfName(context)}: unused parameter).`,
      ),
    );
  }
  return out;
};

export const dbmsNewerThanTarget = defineCheck({ codes: [Code.ParameterNewerThanTarget], kind: 'dbms', run: checkNewerThanTarget });
