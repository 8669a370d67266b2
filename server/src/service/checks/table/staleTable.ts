import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { compiledFileSuffixes, compiledSuffixes, typeOfCompiled } from '../../knowledge/tableTypes';
import { range } from '../../syntax/text';
import { MAX_PER_CHECK, type TableCheck } from './context';
import { defineCheck } from '../check';
import { commandFix } from '../shared/fixes';

/** The command a client runs to rebuild a table: postmap, or postalias for aliases. */
export const REBUILD_COMMAND = { postmap: 'postfix.runPostmap', postalias: 'postfix.runPostalias' } as const;

/** Indexed tables whose compiled file is missing or older than the source: Postfix still reads the old data. */
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
  const fix = commandFix(`Run ${tool} ${table}`, REBUILD_COMMAND[tool], [table]);
  const out: Diagnostic[] = [];
  for (const suffix of compiledSuffixes(type)) {
    if (out.length >= MAX_PER_CHECK) break;
    const compiled = files.mtime(info.path + suffix);
    if (compiled === undefined) {
      // a copy kept for deployment (see TableInfo.deployPath): postmap runs where it is deployed
      if (info.deployPath) break;
      out.push(
        diagnostic(
          Code.StaleLookupTable,
          where,
          `${info.path}${suffix} does not exist: Postfix reads ${table} from that file, not from this text. Run "${tool} ${table}".`,
          [fix],
        ),
      );
      break;
    }
    if (compiled < source) {
      out.push(
        diagnostic(
          Code.StaleLookupTable,
          where,
          `${info.path}${suffix} is older than this file: Postfix still uses the entries it had when ${tool} last ran. Run "${tool} ${table}" after editing.`,
          [fix],
        ),
      );
      break;
    }
  }
  return out;
};

export const staleTable = defineCheck({ codes: [Code.StaleLookupTable], kind: 'table', mode: 'whole', run: checkStaleTable });
