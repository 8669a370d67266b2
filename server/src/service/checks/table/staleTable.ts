import { dirname } from 'node:path/posix';
import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { compiledFileSuffixes, compiledSuffixes, typeOfCompiled } from '../../knowledge/tableTypes';
import type { TableInfo } from '../../model/tableDetect';
import { range } from '../../syntax/text';
import { MAX_PER_CHECK, type TableCheck } from './context';
import { defineCheck } from '../check';
import { rebuildFix } from '../shared/fixes';

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/**
 * What to do about a copy kept beside its main.cf: the folder is a
 * configuration directory of its own, so either place works.
 */
function deployAdvice(info: TableInfo, tool: string): string {
  return info.deployPath ? ` Deploy it to ${dirname(info.deployPath)} and run ${tool} there, or run ${tool} here.` : '';
}

/**
 * Indexed tables whose compiled file is missing or older than the source:
 * Postfix still reads the old data. A copy beside main.cf that names it by
 * its deployed path is judged like a table in a configuration directory: by
 * the compiled file beside it.
 */
const checkStaleTable: TableCheck = ({ parsed, info, files }) => {
  if (!files || (info.flavour !== 'indexed' && info.flavour !== 'aliases')) return [];
  const source = files.mtime(info.path);
  if (source === undefined) return [];
  let type = info.type;
  if (type && compiledSuffixes(type).length === 0) return [];
  if (!type) {
    // Type unknown: judge by whichever compiled file is there; none at all may well be a texthash: table.
    const found = compiledFileSuffixes.find((s) => files.mtime(info.path + s) !== undefined);
    type = found && typeOfCompiled(found);
    if (!type) return [];
  }
  const tool = info.flavour === 'aliases' ? 'postalias' : 'postmap';
  const table = `${type}:${info.path}`;
  const first = parsed.lines[0];
  const where = first ? first.text.range(0, Math.min(first.text.text.length, 200)) : range(0, 0, 0, 0);
  const fix = rebuildFix(tool, table, info.configDir);
  const out: Diagnostic[] = [];
  for (const suffix of compiledSuffixes(type)) {
    if (out.length >= MAX_PER_CHECK) break;
    const compiled = files.mtime(info.path + suffix);
    if (compiled === undefined) {
      const base = basename(info.path);
      const message = info.deployPath
        ? `${base} lies beside main.cf (${dirname(info.path)}) and has no ${base}${suffix}: Postfix reads ${type}:${info.deployPath} from ${info.deployPath}${suffix}, not from this text.`
        : `${info.path}${suffix} does not exist: Postfix reads ${table} from that file, not from this text. Run "${tool} ${table}".`;
      out.push(diagnostic(Code.StaleLookupTable, where, message + deployAdvice(info, tool), [fix]));
      break;
    }
    if (compiled < source) {
      const advice = deployAdvice(info, tool) || ` Run "${tool} ${table}" after editing.`;
      out.push(
        diagnostic(
          Code.StaleLookupTable,
          where,
          `${info.path}${suffix} is older than this file: Postfix still uses the entries it had when ${tool} last ran.${advice}`,
          [fix],
        ),
      );
      break;
    }
  }
  return out;
};

export const staleTable = defineCheck({ codes: [Code.StaleLookupTable], kind: 'table', mode: 'whole', run: checkStaleTable });
