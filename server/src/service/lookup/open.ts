/**
 * Opening a table named type:name the way smtpd would, from the text the
 * file system gives: indexed tables from the source beside their compiled
 * files, texthash, regexp, pcre and cidr files, inline: and static:, all
 * through proxy:. Tables of servers and databases (mysql:, ldap:,
 * socketmap:, unix: ...) are unavailable, with the reason.
 */
import type { FileSystem } from '../files';
import { tableTypes } from '../knowledge/tableTypes';
import { tablePlaces, type ConfigPlace } from '../model/tablePaths';
import { inlineTable, sourceTable, staticTable } from './keyed';
import { cidrTable, regexTable } from './patterns';
import { failingTable, unavailableTable, type NamedAt, type Table } from './table';

/** Tables read from a file, kept while their text stays the same: a big access map is parsed once. */
const parsedFiles = new Map<string, { text: string; table: Table }>();
const PARSED_FILES_KEPT = 32;

function fromFile(name: string, type: string, file: string, text: string, aliases: boolean): Table {
  const id = `${type}\0${aliases ? 'aliases' : ''}\0${file}`;
  const kept = parsedFiles.get(id);
  if (kept && kept.text === text) return { ...kept.table, name };
  const table =
    type === 'cidr'
      ? cidrTable(name, file, text)
      : type === 'regexp' || type === 'pcre'
        ? regexTable(name, type, file, text)
        : sourceTable(name, type, file, text, aliases);
  parsedFiles.delete(id);
  parsedFiles.set(id, { text, table });
  if (parsedFiles.size > PARSED_FILES_KEPT) parsedFiles.delete(parsedFiles.keys().next().value as string);
  return table;
}

export class TableOpener {
  private readonly open = new Map<string, Table>();
  /** tables named in alias_maps: their sources are in the format of aliases(5) */
  aliasTables: ReadonlySet<string> = new Set();

  constructor(
    private readonly files: FileSystem,
    private readonly place: ConfigPlace,
  ) {}

  /** What went wrong reading the tables opened so far: skipped lines and rules, unreadable tables. */
  problems(): string[] {
    return [...this.open.values()].flatMap((t) => t.problems);
  }

  /** The table `name` (type:name), opened once per opener. */
  table(name: string, at: NamedAt): Table {
    let table = this.open.get(name);
    if (!table) {
      table = this.openTable(name, at);
      this.open.set(name, table);
    }
    return table;
  }

  private openTable(name: string, at: NamedAt): Table {
    const m = /^([A-Za-z0-9_-]+):([\s\S]*)$/.exec(name);
    if (!m) return unavailableTable(name, '', `"${name}" is not a type:name table`);
    const [, type, rest] = m;
    if (type === 'proxy') {
      const inner = this.openTable(rest, at);
      return { ...inner, name };
    }
    switch (type) {
      case 'inline': {
        // Postfix opens a malformed inline table as one whose every lookup fails
        const t = inlineTable(name, rest, at);
        return 'problem' in t ? failingTable(name, type, t.problem) : t;
      }
      case 'static':
        return staticTable(name, rest, at);
      case 'fail':
        return failingTable(name, type, `${name}: every lookup of a fail: table fails`);
      case 'texthash':
      case 'regexp':
      case 'pcre':
      case 'cidr':
        return this.fileTable(name, type, rest);
    }
    const info = tableTypes.get(type);
    if (info?.kind === 'indexed') return this.fileTable(name, type, rest);
    if (!info) return unavailableTable(name, type, `unknown table type "${type}"`);
    const what =
      info.kind === 'client' ? 'a server or database' : info.kind === 'builtin' ? 'data of the running system' : 'a table the simulator does not evaluate';
    return unavailableTable(name, type, `${name} is ${what}: not consulted`);
  }

  private fileTable(name: string, type: string, source: string): Table {
    if (!source.startsWith('/')) {
      return unavailableTable(name, type, `${name}: a relative path, which Postfix resolves from its queue directory`);
    }
    const candidates = tablePlaces(source, this.place);
    for (const file of candidates) {
      const text = this.files.read?.(file);
      if (text !== undefined) return fromFile(name, type, file, text, this.aliasTables.has(name) || this.aliasTables.has(`${type}:${source}`));
    }
    const compiled = tableTypes.get(type)?.compiled ?? [];
    const what = compiled.length > 0 ? `its source ${source}` : source;
    return unavailableTable(name, type, `${name}: ${what} cannot be read here (looked for ${candidates.join(', ')})`);
  }
}
