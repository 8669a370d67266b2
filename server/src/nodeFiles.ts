import { existsSync, readdirSync, statSync } from 'node:fs';
import type { FileSystem } from './service/files';
import type { TableFiles } from './service/tableFiles';

/** The real file system, read-only. */
export const nodeFiles: FileSystem = {
  exists: (path) => existsSync(path),
  list: (directory) => {
    try {
      return readdirSync(directory);
    } catch {
      return [];
    }
  },
};

/** The real file system with modification times, for stale-table checks. */
export const nodeTableFiles: TableFiles = {
  ...nodeFiles,
  mtime: (path) => {
    try {
      return statSync(path).mtimeMs;
    } catch {
      return undefined;
    }
  },
};
