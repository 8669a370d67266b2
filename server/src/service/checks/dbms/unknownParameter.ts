import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { suggestDbmsParameter } from '../../knowledge/dbms';
import { defineCheck } from '../check';
import { replaceFix } from '../shared/fixes';
import { postconfName, type DbmsCheck } from './context';

/** Names the client does not read: postconf lists them as unused parameters of the file. */
const checkUnknownParameters: DbmsCheck = (context) => {
  const out: Diagnostic[] = [];
  for (const a of context.file.assignments) {
    if (context.type.parameters.has(a.name)) continue;
    const suggestion = suggestDbmsParameter(context.type.name, a.name);
    out.push(
      diagnostic(
        Code.UnknownParameter,
        a.nameRange,
        `Unknown parameter "${a.name}": the ${context.type.name}: client does not read it (postconf: ${postconfName(context)}: unused parameter).` +
          (suggestion ? ` Did you mean "${suggestion}"?` : ''),
        suggestion ? [replaceFix(`Change to "${suggestion}"`, a.nameRange, suggestion)] : [],
      ),
    );
  }
  return out;
};

export const dbmsUnknownParameter = defineCheck({ codes: [Code.UnknownParameter], kind: 'dbms', run: checkUnknownParameters });
