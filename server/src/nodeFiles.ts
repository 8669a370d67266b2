import { existsSync, readdirSync } from 'node:fs';
import type { FileSystem } from './service/files';

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
