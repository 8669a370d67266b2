/** The little the service may ask of the file system; the server and the CLI provide it. */
export interface FileSystem {
  exists(path: string): boolean;
  /** names in a directory, for completion; empty when unreadable */
  list(directory: string): string[];
  /** a file's text, where the provider can read it; undefined when it cannot */
  read?(path: string): string | undefined;
}

/** The file system as the table checks need it: existence and modification times of sources and compiled files. */
export interface TableFiles extends FileSystem {
  /** modification time in milliseconds since the epoch; undefined when the file does not exist */
  mtime(path: string): number | undefined;
}
