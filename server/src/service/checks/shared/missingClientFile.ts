import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { clientReferencesOf, type ClientReference } from '../../model/clientFiles';
import { configPlace, tablePlaces } from '../../model/tablePaths';
import { defineCheck } from '../check';
import { MAX_PER_CHECK } from '../table/context';
import { createFileFix } from './fixes';
import type { ParameterContext, ParameterScope } from './parameterScope';
import type { ConfigModel } from '../../model/config';
import type { Setting } from '../../syntax/setting';

/**
 * The settings postconf looks for client files in: the values of Postfix's
 * own parameters after $name expansion, that is those values and the values
 * they refer to. Not a value it leaves unexpanded, an old name kept as an
 * alias of a renamed parameter, an unused name or a restriction class on its own.
 */
function scanned(model: ConfigModel, scope: ParameterScope): Setting[] {
  const byName = new Map(scope.settings.map((s) => [s.name, s]));
  const start = (s: Setting): boolean => {
    const info = model.builtin(s.name);
    return info !== undefined && !info.raw && !info.deprecated?.renamed;
  };
  const out = new Set<Setting>();
  const queue = scope.settings.filter(start);
  for (let s = queue.pop(); s; s = queue.pop()) {
    if (out.has(s)) continue;
    out.add(s);
    for (const r of s.references) {
      const used = byName.get(r.name);
      if (used) queue.push(used);
    }
  }
  return [...out];
}

/**
 * A database client configuration that is not there: postconf warns, and the
 * daemons open the table as one whose every lookup fails with a temporary
 * error.
 */
const checkMissingClientFiles = (context: ParameterContext): Diagnostic[] => {
  const { files, configDir, model } = context;
  if (!files) return [];
  const place = configDir === undefined ? undefined : configPlace(model, configDir);
  const out: Diagnostic[] = [];
  for (const scope of context.scopes) {
    // most files name no client file: then the walk through the $names is not needed
    const named = new Map<Setting, ClientReference[]>();
    for (const setting of scope.settings) {
      const refs = clientReferencesOf(model, setting);
      if (refs.length) named.set(setting, refs);
    }
    if (named.size === 0) continue;
    for (const setting of scanned(model, scope)) {
      for (const ref of named.get(setting) ?? []) {
        const places = tablePlaces(ref.path, place);
        if (places.some((p) => files.exists(p))) continue;
        if (out.length >= MAX_PER_CHECK) return out;
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
