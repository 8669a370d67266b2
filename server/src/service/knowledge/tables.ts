import dbms from './overlays/dbms.json';
import types from './overlays/tableTypes.json';

export interface TableType {
  name: string;
  since: string;
  summary: string;
}

export const tableTypes: ReadonlyMap<string, TableType> = new Map(
  Object.entries(types).map(([name, t]) => [name, { name, ...t }]),
);

/** Database client types whose tables can be configured with main.cf parameters. */
export const dbmsSuffixes: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(dbms).filter((e): e is [string, string[]] => Array.isArray(e[1])),
);
