import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { clientReferencesOf } from '../../model/clientFiles';
import { configPlace, tablePlaces } from '../../model/tablePaths';
import { defineCheck } from '../check';
import { createFileFix } from './fixes';
import type { ParameterContext } from './parameterScope';

/**
 * A database client configuration that is not there: postconf warns, and the
 * daemons open the table as one whose every lookup fails with a temporary
 * error. Any parameter may name one, as postconf reads every value.
 */
const checkMissingClientFiles = (context: ParameterContext): Diagnostic[] => {
  const { files, configDir, model } = context;
  if (!files) return [];
  const place = configDir === undefined ? undefined : configPlace(model, configDir);
  const out: Diagnostic[] = [];
  for (const scope of context.scopes) {
    for (const setting of scope.settings) {
      for (const ref of clientReferencesOf(model, setting)) {
        const places = tablePlaces(ref.path, place);
        if (places.some((p) => files.exists(p))) continue;
        const [first] = places;
        const copy = first === ref.path ? '' : `, nor does ${first} beside this configuration`;
        out.push(
          diagnostic(
            Code.MissingLookupTable,
            setting.source.range(ref.start, ref.end),
            `${ref.path} does not exist${copy}: the ${ref.type}: table has no settings to read, and every lookup in it fails with a temporary error ` +
              `(postconf: open "${ref.type}" configuration "${ref.path}": No such file or directory).`,
            [createFileFix(first)],
          ),
        );
      }
    }
  }
  return out;
};

export const missingClientFile = defineCheck({ codes: [Code.MissingLookupTable], kind: 'parameter', run: checkMissingClientFiles });
