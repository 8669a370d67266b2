/**
 * Where the table files a configuration names are. A configuration kept in
 * a repository names its tables by the path they are deployed to
 * (hash:/etc/postfix/sender_checks) while the file sits beside the main.cf
 * being checked. So a path under config_directory is looked for below the
 * directory of that main.cf first, then where it says.
 */
import { join, normalize } from 'node:path/posix';
import type { FileSystem } from '../files';
import type { ConfigModel } from './config';

export interface ConfigPlace {
  /** the directory of the main.cf being checked */
  dir: string;
  /** config_directory as that main.cf sets it, else /etc/postfix */
  configDirectory: string;
}

const DEFAULT_CONFIG_DIRECTORY = '/etc/postfix';

const withoutTrailingSlash = (dir: string): string => normalize(dir).replace(/(.)\/+$/, '$1');

/** config_directory as main.cf sets it, else /etc/postfix. */
export function configDirectoryOf(model: ConfigModel): string {
  const set = model.effective('config_directory')?.value.trim();
  // a $name in it cannot be resolved here: fall back to the default
  return set && set.startsWith('/') && !set.includes('$') ? withoutTrailingSlash(set) : DEFAULT_CONFIG_DIRECTORY;
}

/** The place of a main.cf read from `dir`. */
export function configPlace(model: ConfigModel, dir: string): ConfigPlace {
  return { dir: withoutTrailingSlash(dir), configDirectory: configDirectoryOf(model) };
}

/** The files an absolute table path may be, most likely first. */
export function tablePlaces(path: string, place: ConfigPlace | undefined): string[] {
  const clean = normalize(path);
  if (!place || place.dir === place.configDirectory) return [clean];
  const prefix = place.configDirectory === '/' ? '/' : `${place.configDirectory}/`;
  if (!clean.startsWith(prefix)) return [clean];
  return [join(place.dir, clean.slice(prefix.length)), clean];
}

/**
 * The first place where a table is: its source, or one of the files made
 * from it (`compiled` suffixes such as .db), since Postfix reads only those.
 */
export function findTable(path: string, place: ConfigPlace | undefined, files: FileSystem, compiled: readonly string[] = []): string | undefined {
  return tablePlaces(path, place).find((p) => files.exists(p) || compiled.some((suffix) => files.exists(p + suffix)));
}
