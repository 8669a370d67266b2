/**
 * Running the simulator on a main.cf and table files held in memory, as the
 * unit and oracle tests do.
 */
import type { FileSystem } from '../../server/src/service/files';
import { ConfigModel } from '../../server/src/service/model/config';
import { simulate, type Simulation, type Transaction } from '../../server/src/service/simulate';

/** The directory the in-memory configuration lives in: main.cf and its tables, by file name. */
export const CONFIG_DIR = '/etc/postfix';

export function memoryFiles(files: Record<string, string>, dir = CONFIG_DIR): FileSystem {
  const byPath = new Map(Object.entries(files).map(([name, text]) => [name.startsWith('/') ? name : `${dir}/${name}`, text]));
  return {
    exists: (path) => byPath.has(path),
    list: () => [],
    read: (path) => byPath.get(path),
  };
}

export interface SimulateInput {
  main: string;
  master?: string;
  files?: Record<string, string>;
  service?: string;
  version?: string;
}

export function simulateIn(input: SimulateInput, tx: Transaction): Simulation {
  const model = new ConfigModel({ main: input.main, ...(input.master !== undefined ? { master: input.master } : {}) });
  return simulate(
    {
      model,
      mainPath: `${CONFIG_DIR}/main.cf`,
      ...(input.master !== undefined ? { masterPath: `${CONFIG_DIR}/master.cf` } : {}),
      files: memoryFiles(input.files ?? {}),
    },
    tx,
    { ...(input.service !== undefined ? { service: input.service } : {}), ...(input.version !== undefined ? { version: input.version } : {}) },
  );
}
