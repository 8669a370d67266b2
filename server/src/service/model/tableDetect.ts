/**
 * What kind of lookup table a file is: its syntax flavour and the role
 * Postfix gives its results. From, strongest first: an override comment on
 * the first line, how main.cf uses the file, and the file name.
 *
 *   # postfix-map: access cidr
 *   # postfix-map: header_checks pcre
 *   # postfix-map: transport hash
 *
 * The words after "postfix-map:" are a role, a flavour (indexed, aliases,
 * regexp, pcre, cidr) or a Postfix table type (hash, lmdb, texthash ...), in
 * any order; a missing one is found the other ways.
 */
import { restrictionNamed } from '../knowledge/restrictions';
import { compiledFileSuffixes, hasSourceFile, isWrapper, tableTypes } from '../knowledge/tableTypes';
import { normalize } from 'node:path/posix';
import { TABLE_FLAVOURS, type TableFlavour } from '../syntax/table';
import type { ConfigModel } from './config';
import { tablePlaces, type ConfigPlace } from './tablePaths';

export type TableRole =
  | 'access'
  | 'postscreen_access'
  | 'header_checks'
  | 'body_checks'
  | 'milter_header_checks'
  | 'smtp_header_checks'
  | 'smtp_body_checks'
  | 'transport'
  | 'virtual'
  | 'canonical'
  | 'relocated'
  | 'aliases'
  /** a table of some other use: only its syntax is checked */
  | 'map';

const TABLE_ROLES: readonly TableRole[] = [
  'access',
  'postscreen_access',
  'header_checks',
  'body_checks',
  'milter_header_checks',
  'smtp_header_checks',
  'smtp_body_checks',
  'transport',
  'virtual',
  'canonical',
  'relocated',
  'aliases',
  'map',
];

export const HEADER_ROLES: ReadonlySet<TableRole> = new Set(['header_checks', 'body_checks', 'milter_header_checks', 'smtp_header_checks', 'smtp_body_checks']);

export interface TableInfo {
  /** the source file */
  path: string;
  flavour: TableFlavour;
  role: TableRole;
  /** the Postfix table type (hash, lmdb, cdb, texthash, regexp ...) when known */
  type?: string;
  /**
   * The flavour is only a guess from the role (a header_checks file without
   * .pcre or .regexp): a pattern is then reported only when both regexp and
   * pcre tables would refuse it.
   */
  guessed?: boolean;
  /**
   * The path main.cf names the file by, when that is not where the file is:
   * a copy beside the main.cf being checked, deployed to config_directory.
   */
  deployPath?: string;
  /** the directory of the main.cf beside the file, when there is one: postmap reads that configuration */
  configDir?: string;
  /**
   * For an access table: the restrictions main.cf looks it up with
   * (check_client_access ...), a bare table in a list counted as that list's own
   */
  lookups?: string[];
  /** where the role and flavour came from */
  source: 'comment' | 'reference' | 'name' | 'default';
}

/** A use of a table in main.cf: `hash:/etc/postfix/access` and the parameter or restriction that names it. */
export interface TableReference {
  table: string;
  use: string;
}

/** The restriction a bare `type:table` in each list stands for: smtpd looks it up as that list's own check. */
const LIST_LOOKUP: Readonly<Record<string, string>> = {
  smtpd_client_restrictions: 'check_client_access',
  smtpd_helo_restrictions: 'check_helo_access',
  smtpd_sender_restrictions: 'check_sender_access',
  smtpd_relay_restrictions: 'check_recipient_access',
  smtpd_recipient_restrictions: 'check_recipient_access',
  smtpd_etrn_restrictions: 'check_etrn_access',
};

/** The restrictions that look a table up, from the uses main.cf makes of it. */
function lookupsOf(uses: readonly string[]): string[] {
  const out = new Set<string>();
  for (const use of uses) {
    const name = restrictionNamed(use)?.argument === 'table' ? use.toLowerCase() : LIST_LOOKUP[use];
    if (name) out.add(name);
  }
  return [...out].sort();
}

/**
 * Whether a domain key of an access table also matches the names under it:
 * parent_domain_matches_subdomains lists smtpd_access_maps, as it does by
 * default; undefined when the value splices in other parameters.
 */
export function accessKeysMatchSubdomains(model: ConfigModel): boolean | undefined {
  const value = model.effective('parent_domain_matches_subdomains')?.value;
  if (value === undefined) return true;
  const words = value.toLowerCase().split(/[\s,]+/);
  if (words.includes('smtpd_access_maps')) return true;
  return words.some((w) => w.includes('$')) ? undefined : false;
}

/** The flavour of the source file of a table type: key/value text, or the syntax of its patterns; undefined for types without a file. */
function typeFlavour(type: string): TableFlavour | undefined {
  return hasSourceFile(type) ? (tableTypes.get(type)?.pattern ?? 'indexed') : undefined;
}

const PARAMETER_ROLE: Readonly<Record<string, TableRole>> = {
  postscreen_access_list: 'postscreen_access',
  header_checks: 'header_checks',
  mime_header_checks: 'header_checks',
  nested_header_checks: 'header_checks',
  body_checks: 'body_checks',
  milter_header_checks: 'milter_header_checks',
  smtp_header_checks: 'smtp_header_checks',
  smtp_mime_header_checks: 'smtp_header_checks',
  smtp_nested_header_checks: 'smtp_header_checks',
  lmtp_header_checks: 'smtp_header_checks',
  lmtp_mime_header_checks: 'smtp_header_checks',
  lmtp_nested_header_checks: 'smtp_header_checks',
  smtp_body_checks: 'smtp_body_checks',
  lmtp_body_checks: 'smtp_body_checks',
  transport_maps: 'transport',
  virtual_alias_maps: 'virtual',
  virtual_maps: 'virtual',
  canonical_maps: 'canonical',
  sender_canonical_maps: 'canonical',
  recipient_canonical_maps: 'canonical',
  smtp_generic_maps: 'canonical',
  lmtp_generic_maps: 'canonical',
  relocated_maps: 'relocated',
  alias_maps: 'aliases',
  alias_database: 'aliases',
};

/** The role a use gives a table: a restriction that takes an access table, a list parameter, or a map parameter. */
function roleOfUse(use: string): TableRole {
  const direct = PARAMETER_ROLE[use];
  if (direct) return direct;
  const restriction = restrictionNamed(use);
  if (restriction?.argument === 'table') return 'access';
  if (/^smtpd_[a-z_]+_restrictions$/.test(use)) return 'access';
  return 'map';
}

const ROLE_WORDS: Readonly<Record<string, TableRole>> = {
  ...Object.fromEntries(TABLE_ROLES.map((r) => [r, r])),
  generic: 'canonical',
  mime_header_checks: 'header_checks',
  nested_header_checks: 'header_checks',
  smtp_mime_header_checks: 'smtp_header_checks',
  smtp_nested_header_checks: 'smtp_header_checks',
  alias: 'aliases',
  postscreen: 'postscreen_access',
};

const OVERRIDE = /^\s*#\s*postfix-map:\s*(.*)$/i;

/** The override comment of a first line, if any. */
function parseOverride(firstLine: string): { role?: TableRole; flavour?: TableFlavour; type?: string } | undefined {
  const m = OVERRIDE.exec(firstLine);
  if (!m) return undefined;
  const out: { role?: TableRole; flavour?: TableFlavour; type?: string } = {};
  for (const word of m[1]
    .trim()
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean)) {
    if ((TABLE_FLAVOURS as readonly string[]).includes(word)) out.flavour = word as TableFlavour;
    else if (hasSourceFile(word)) {
      out.type = word;
      out.flavour ??= typeFlavour(word);
    } else if (word in ROLE_WORDS) out.role = ROLE_WORDS[word];
  }
  return out;
}

/**
 * `type:name` of a table, through proxy: and debug: (name is a path for
 * file-based types and database clients). Postfix matches type names
 * exactly: HASH: is no hash table.
 */
export function tableTarget(table: string): { type: string; path: string } | undefined {
  let rest = table;
  for (;;) {
    const m = /^([A-Za-z0-9_-]+):(.*)$/s.exec(rest);
    if (!m) return undefined;
    const type = m[1];
    if (isWrapper(type)) {
      rest = m[2];
      continue;
    }
    return { type, path: m[2] };
  }
}

/** `type:path` of a file-based table. */
function referencedFile(table: string): { type: string; path: string } | undefined {
  const target = tableTarget(table);
  return target && hasSourceFile(target.type) ? target : undefined;
}

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** Compiled tables and editor leftovers are not sources; a mynetworks file is an address list, not a table. */
const NOT_A_SOURCE = new RegExp(String.raw`(\.(${compiledFileSuffixes.map((s) => s.slice(1)).join('|')}|swp|bak|orig|rpmnew|dpkg-old|dpkg-dist)|~)$`);

function roleFromName(name: string): TableRole | undefined {
  const n = name.toLowerCase();
  if (/postscreen.*access|postscreen.*(white|black|allow|block)list/.test(n)) return 'postscreen_access';
  if (/smtp_(mime_|nested_)?header_checks/.test(n)) return 'smtp_header_checks';
  if (/smtp_body_checks/.test(n)) return 'smtp_body_checks';
  if (/milter_header_checks/.test(n)) return 'milter_header_checks';
  if (/header[_-]?(checks|filter|cleanup)/.test(n)) return 'header_checks';
  if (/body[_-]?checks/.test(n)) return 'body_checks';
  if (/(^|[_.-])access([_.-]|$)|^access|(helo|sender|client|recipient|rcpt)[_-]?(checks|access)/.test(n)) return 'access';
  if (/^transport/.test(n)) return 'transport';
  if (/^aliases($|\.)/.test(n)) return 'aliases';
  if (/^virtual/.test(n)) return 'virtual';
  if (/canonical|generic/.test(n)) return 'canonical';
  if (/^relocated/.test(n)) return 'relocated';
  return undefined;
}

function flavourFromName(name: string): TableFlavour | undefined {
  const n = name.toLowerCase();
  if (/\.pcre$/.test(n)) return 'pcre';
  if (/\.(regexp|regex|re)$/.test(n)) return 'regexp';
  if (/\.cidr$/.test(n)) return 'cidr';
  return undefined;
}

function defaultFlavour(role: TableRole): { flavour: TableFlavour; guessed?: boolean } {
  if (HEADER_ROLES.has(role)) return { flavour: 'pcre', guessed: true };
  if (role === 'postscreen_access') return { flavour: 'cidr', guessed: true };
  if (role === 'aliases') return { flavour: 'aliases' };
  return { flavour: 'indexed' };
}

/**
 * The kind of table `path` is, or undefined when it is not a table source
 * (a compiled .db file, an address list such as a mynetworks file).
 * `firstLine` is the first line of the file; `references` the uses of tables
 * in main.cf (all of them: the ones naming other files are ignored), whose
 * paths are resolved against `place`, where that main.cf is.
 */
export function detectTable(path: string, firstLine: string, references: readonly TableReference[], place?: ConfigPlace): TableInfo | undefined {
  const name = basename(path);
  const override = parseOverride(firstLine);
  const uses = references.flatMap((r) => {
    const file = referencedFile(r.table);
    return file && tablePlaces(file.path, place).includes(path) ? [{ type: file.type, role: roleOfUse(r.use), path: normalize(file.path), use: r.use }] : [];
  });
  if (!override && uses.length === 0 && (NOT_A_SOURCE.test(name) || /^mynetworks/i.test(name))) return undefined;
  const fromUse = uses.find((u) => u.role !== 'map') ?? uses[0];
  const nameFlavour = flavourFromName(name);
  let role: TableRole | undefined = override?.role;
  let source: TableInfo['source'] = override?.role ? 'comment' : 'default';
  if (!role && fromUse) {
    role = fromUse.role;
    source = 'reference';
  }
  if (!role || role === 'map') {
    const byName = roleFromName(name);
    if (byName) {
      role = byName;
      if (source === 'default') source = 'name';
    }
  }
  role ??= 'map';
  const type = override?.type ?? fromUse?.type;
  const lookups = lookupsOf(uses.map((u) => u.use));
  const looked = role === 'access' && lookups.length ? { lookups } : {};
  const placement = { ...(fromUse && fromUse.path !== path ? { deployPath: fromUse.path } : {}), ...(place ? { configDir: place.dir } : {}) };
  let flavour: TableFlavour | undefined = override?.flavour ?? (fromUse ? typeFlavour(fromUse.type) : undefined);
  if (flavour === 'indexed' && role === 'aliases') flavour = 'aliases';
  if (flavour)
    return { path, flavour, role, ...(type ? { type } : {}), ...placement, ...looked, source: override?.flavour ? 'comment' : fromUse ? 'reference' : source };
  if (nameFlavour) return { path, flavour: nameFlavour, role, ...placement, ...looked, source: source === 'default' ? 'name' : source };
  const fallback = defaultFlavour(role);
  return { path, flavour: fallback.flavour, role, ...(fallback.guessed ? { guessed: true } : {}), ...placement, ...looked, source };
}
