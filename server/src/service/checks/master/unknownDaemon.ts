import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { daemons, notServices, suggestDaemon } from '../../knowledge/master';
import { availableIn } from '../../knowledge/versions';
import type { MasterCheck } from './context';
import { defineCheck } from '../check';
import { replaceFix } from '../shared/fixes';

/** The command column names a program of daemon_directory; absolute paths are left alone. */
const checkUnknownDaemons: MasterCheck = ({ master, target }) => {
  const out: Diagnostic[] = [];
  for (const s of master.services) {
    const field = s.columns.command;
    const name = field.text;
    if (name.includes('/')) continue;
    const info = daemons.get(name);
    if (info) {
      if (!availableIn(target, info.since)) {
        out.push(
          diagnostic(
            Code.UnknownDaemon,
            field.range,
            `${name} was added in Postfix ${info.since}; the target Postfix ${target} does not have it, so master cannot start this service.`,
          ),
        );
      }
      continue;
    }
    const why = notServices[name];
    const suggestion = why ? undefined : suggestDaemon(name);
    out.push(
      diagnostic(
        Code.UnknownDaemon,
        field.range,
        (why ? `${why} ` : `"${name}" is not a Postfix daemon: `) +
          'master looks for it in daemon_directory, fails to start it and throttles the service. Give a daemon name, or the absolute path of another program.' +
          (suggestion ? ` Did you mean "${suggestion}"?` : ''),
        suggestion ? [replaceFix(`Change to "${suggestion}"`, field.range, suggestion)] : [],
      ),
    );
  }
  return out;
};

export const unknownDaemon = defineCheck({ codes: [Code.UnknownDaemon], kind: 'master', run: checkUnknownDaemons });
