import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkspaceFiles } from './service/workspace';

/** The real file system, read-only: what the workspace reads beside open documents and what the checks look for. */
export const nodeFiles: WorkspaceFiles = {
  exists: (path) => existsSync(path),
  list: (directory) => {
    try {
      return readdirSync(directory);
    } catch {
      return [];
    }
  },
  mtime: (path) => {
    try {
      return statSync(path).mtimeMs;
    } catch {
      return undefined;
    }
  },
  read: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  // clients differ in how they escape characters in a file: URI; the path is what they agree on
  pathOf: (uri) => {
    if (!uri.startsWith('file:')) return undefined;
    try {
      const path = fileURLToPath(uri);
      // the service joins paths with "/", which Windows takes as well
      return sep === '\\' ? path.replaceAll('\\', '/') : path;
    } catch {
      return undefined;
    }
  },
  uriOf: (path) => pathToFileURL(path).toString(),
};
