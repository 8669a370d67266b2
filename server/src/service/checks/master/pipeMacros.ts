import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { pipeMacros, suggestPipeMacro } from '../../knowledge/master';
import { availableIn } from '../../knowledge/versions';
import type { MasterCheck } from './context';
import { defineCheck } from '../check';
import { replaceFix } from '../shared/fixes';

/** ${macros} in a pipe(8) argv= that pipe does not fill in: it defers every delivery. */
const checkPipeMacros: MasterCheck = ({ master, target }) => {
  const out: Diagnostic[] = [];
  for (const s of master.services) {
    const macros = s.pipe?.macros ?? [];
    // an index loop: a command may have thousands of macros, and for...of costs an iterator step each until optimized
    for (let i = 0; i < macros.length; i++) {
      const m = macros[i];
      const info = pipeMacros.get(m.name);
      if (info && availableIn(target, info.since)) continue;
      if (info) {
        out.push(
          diagnostic(
            Code.UnknownPipeMacro,
            m.range,
            `\${${m.name}} was added to pipe in Postfix ${info.since}; the target Postfix ${target} does not know it and defers every delivery through "${s.name}".`,
          ),
        );
        continue;
      }
      const suggestion = suggestPipeMacro(m.name) ?? suggestPipeMacro(m.name.toLowerCase());
      out.push(
        diagnostic(
          Code.UnknownPipeMacro,
          m.range,
          `pipe has no macro "${m.name}" (postconf does not check this): it logs "unknown macro name" and defers every delivery through "${s.name}". ` +
            'Known: sender, recipient, original_recipient, user, extension, mailbox, domain, nexthop, size, queue_id, client_*, sasl_*. Write $$ for a literal $.' +
            (suggestion ? ` Did you mean "\${${suggestion}}"?` : ''),
          suggestion ? [replaceFix(`Change to "${suggestion}"`, m.nameRange, suggestion)] : [],
        ),
      );
    }
  }
  return out;
};

export const unknownPipeMacro = defineCheck({ codes: [Code.UnknownPipeMacro], kind: 'master', run: checkPipeMacros });
