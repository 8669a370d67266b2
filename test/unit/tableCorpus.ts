/** Classification of the corpus maps, shared by the unit and the oracle tests. */
import { detectTable, HEADER_ROLES, type TableRole } from '../../server/src/service/model/tableDetect';
import type { TableFlavour } from '../../server/src/service/syntax/table';

/** Role and flavour of a corpus map from its name prefix (see the corpus NOTES.md and SOURCES.tsv). */
export function corpusTable(file: string, source: string): { role: TableRole; flavour: TableFlavour; type: string; guessed?: boolean } | undefined {
  const [prefix] = file.split('__');
  const base = file.split('__').pop() ?? file;
  if (prefix === 'mynetworks') return undefined; // an address list for mynetworks, not a table
  const roles: Record<string, TableRole> = {
    access: 'access',
    client_access: 'access',
    helo_access: 'access',
    helo_checks: 'access',
    recipient_access: 'access',
    sender_access: 'access',
    aliases: 'aliases',
    body_checks: 'body_checks',
    header_checks: 'header_checks',
    smtp_header_checks: 'smtp_header_checks',
    canonical_regexp: 'canonical',
    sender_canonical: 'canonical',
    postscreen_access: 'postscreen_access',
    transport: 'transport',
    virtual: 'virtual',
    virtual_regexp: 'virtual',
  };
  let role = roles[prefix] ?? 'map';
  const named = detectTable(`/etc/postfix/${base}`, '', []);
  if (role === 'header_checks' && named && HEADER_ROLES.has(named.role)) role = named.role;
  if (prefix === 'aliases') return { role, flavour: 'aliases', type: 'hash' };
  const ext = /\.(pcre|regexp|cidr)$/.exec(base)?.[1] as TableFlavour | undefined;
  if (ext) return { role, flavour: ext, type: ext };
  if (prefix.endsWith('_regexp')) return { role, flavour: 'regexp', type: 'regexp' };
  const firstRule = source.split('\n').find((l) => /^\S/.test(l) && !l.startsWith('#')) ?? '';
  if (HEADER_ROLES.has(role) || /^(\/|if\s)/i.test(firstRule)) return { role, flavour: 'pcre', type: 'pcre', guessed: true };
  return { role, flavour: 'indexed', type: 'hash' };
}
