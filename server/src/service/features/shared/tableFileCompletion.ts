/**
 * Completion of a table's path after `type:`: the files beside main.cf,
 * written as the path they have once deployed (config_directory of that
 * main.cf, /etc/postfix by default), which is the path Postfix opens.
 */
import { join } from 'node:path/posix';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import type { FileSystem } from '../../files';
import { compiledFileSuffixes, hasSourceFile } from '../../knowledge/tableTypes';
import type { ConfigModel } from '../../model/config';
import { tableTarget } from '../../model/tableDetect';
import { configPlace } from '../../model/tablePaths';
import type { Position } from '../../syntax/text';

export interface TableFileEnvironment {
  files?: FileSystem;
  /** the directory of main.cf, whose files are offered */
  configDir?: string;
}

/** The files a table's source may be: no compiled tables, hidden files or .cf configurations. */
const NOT_OFFERED = new RegExp(String.raw`\.(${[...compiledFileSuffixes.map((s) => s.slice(1)), 'cf'].join('|')})$`);

/** Items replacing `typed` (`hash:`, `proxy:hash:/etc/po` ...) with `type:` and the deployed path of a file beside main.cf. */
export function tableFileItems(model: ConfigModel, env: TableFileEnvironment, typed: string, position: Position): CompletionItem[] {
  const target = tableTarget(typed);
  if (!target || !hasSourceFile(target.type) || !env.files || env.configDir === undefined) return [];
  const head = typed.slice(0, typed.length - target.path.length);
  const place = configPlace(model, env.configDir);
  const range = { start: { line: position.line, character: position.character - typed.length }, end: position };
  return env.files
    .list(place.dir)
    .filter((f) => !NOT_OFFERED.test(f) && !f.startsWith('.'))
    .map((f) => {
      const text = head + join(place.configDirectory, f);
      return { label: text, kind: CompletionItemKind.File, detail: join(place.dir, f), textEdit: { range, newText: text } };
    });
}
