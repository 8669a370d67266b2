import type { FileSystem } from './files';

/** The file system as the table checks need it: the server and the CLI provide it. */
export interface TableFiles extends FileSystem {
  /** modification time in milliseconds since the epoch; undefined when the file does not exist */
  mtime(path: string): number | undefined;
}
