/**
 * The table files main.cf and master.cf name (hash:/etc/postfix/sender_access
 * in a value or a -o option, and database client files such as
 * mysql:/etc/postfix/virtual.cf) as places to go: go to definition and document
 * links open the file. Where it is comes from the caller, who knows the disk
 * and the copy kept beside main.cf.
 */
import type { DocumentLink, Location } from 'vscode-languageserver-types';
import { dbmsTypes } from '../../knowledge/dbms';
import { hasSourceFile } from '../../knowledge/tableTypes';
import { tableTarget } from '../../model/tableDetect';
import { listWords } from '../../syntax/restrictionList';
import type { Setting } from '../../syntax/setting';
import { contains, type Position, type Range } from '../../syntax/text';

/** A table path in a setting's value: the path as written and where it is. */
interface TablePath {
  path: string;
  range: Range;
}

/** The file a table path names, as the client opens it; undefined when there is none. */
export type LocateTable = (path: string) => { uri: string; path: string } | undefined;

/** Absolute paths of file-based tables in the values of `settings`; $names are left alone, their value is not known here. */
function tablePaths(settings: Iterable<Setting>): TablePath[] {
  const out: TablePath[] = [];
  for (const setting of settings) {
    if (!setting.value.includes(':')) continue;
    for (const word of listWords(setting.value)) {
      if (word.text.includes('$')) continue;
      const target = tableTarget(word.text);
      if (!target || !(hasSourceFile(target.type) || dbmsTypes.has(target.type)) || !target.path.startsWith('/')) continue;
      out.push({ path: target.path, range: setting.source.range(word.end - target.path.length, word.end) });
    }
  }
  return out;
}

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The table file under the cursor. */
export function tableDefinition(settings: Iterable<Setting>, position: Position, locate: LocateTable): Location | null {
  const at = tablePaths(settings).find((t) => contains(t.range, position));
  const file = at && locate(at.path);
  return file ? { uri: file.uri, range: START } : null;
}

/** A link on every table path whose file exists. */
export function tableLinks(settings: Iterable<Setting>, locate: LocateTable): DocumentLink[] {
  return tablePaths(settings).flatMap((t) => {
    const file = locate(t.path);
    if (!file) return [];
    const tooltip = file.path === t.path ? `Open ${file.path}` : `Open ${file.path} (deployed as ${t.path})`;
    return [{ range: t.range, target: file.uri, tooltip }];
  });
}
