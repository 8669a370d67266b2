/** The little the checks may ask of the file system; the server and the CLI provide it. */
export interface FileSystem {
  exists(path: string): boolean;
  /** names in a directory, for completion; empty when unreadable */
  list(directory: string): string[];
}
