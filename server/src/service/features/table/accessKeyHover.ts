/**
 * How smtpd matches a key of an access table: what kind of key it is, what
 * the restrictions that use the table look up, in which order, and whether
 * they ever look up a key of this kind.
 */
import { code, heading, joinLines, joinSections } from '../shared/hoverText';

/** What smtpd hands a table, by the kind of restriction. */
type Family =
  /** a client: its hostname and parent domains, then its address and network prefixes */
  | 'host'
  /** a name and its parent domains */
  | 'name'
  /** an address: user+tag@domain, user@domain, the domain and its parents, user+tag@, user@ */
  | 'mail'
  /** the MX hosts or DNS servers of a name: their names and parent domains, then their addresses */
  | 'server'
  /** addresses and their network prefixes only */
  | 'address'
  /** one string, as it is */
  | 'exact';

interface Lookup {
  family: Family;
  /** what it looks up, after "looks up" */
  what: string;
}

const LOOKUPS: Readonly<Record<string, Lookup>> = {
  check_client_access: { family: 'host', what: 'the client hostname (when it is verified), then the client IP address' },
  check_reverse_client_hostname_access: { family: 'host', what: 'the reverse (PTR) name of the client, then its IP address' },
  check_helo_access: { family: 'name', what: 'the HELO/EHLO name' },
  check_etrn_access: { family: 'name', what: 'the ETRN domain' },
  check_sender_access: { family: 'mail', what: 'the MAIL FROM address' },
  check_recipient_access: { family: 'mail', what: 'each RCPT TO address' },
  check_sasl_access: { family: 'exact', what: 'the SASL login name' },
  check_ccert_access: { family: 'exact', what: 'the fingerprints of the client certificate' },
};

const SERVER_SUBJECT: Readonly<Record<string, string>> = {
  client: 'the client hostname',
  reverse_client_hostname: 'the reverse name of the client',
  helo: 'the HELO/EHLO name',
  sender: 'the sender domain',
  recipient: 'the recipient domain',
};

function lookupOf(restriction: string): Lookup | undefined {
  const m = /^check_(client|reverse_client_hostname|helo|sender|recipient)_(mx|ns|a)_access$/.exec(restriction);
  if (!m) return LOOKUPS[restriction];
  const subject = SERVER_SUBJECT[m[1]];
  if (m[2] === 'a') return { family: 'address', what: `the IP addresses of ${subject}` };
  return { family: 'server', what: `the names, then the IP addresses, of the ${m[2] === 'mx' ? 'MX hosts' : 'DNS servers'} of ${subject}` };
}

type KeyKind = 'null' | 'localpart' | 'address' | 'at-domain' | 'ip-address' | 'ip-network' | 'subdomains' | 'domain' | 'other';

const IPV4 = /^[0-9]+(\.[0-9]+){0,3}$/;
const IPV6 = /^[0-9a-f]*(:[0-9a-f]*){1,7}$/i;
const fullIpv6 = (key: string): boolean => key.includes('::') || key.split(':').length === 8;

const NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/i;

function keyKind(key: string): KeyKind {
  if (key === '<>') return 'null';
  if (key.startsWith('@')) return 'at-domain';
  if (/^[^@\s]+@$/.test(key)) return 'localpart';
  if (key.includes('@')) return 'address';
  if (IPV4.test(key)) return key.split('.').length === 4 ? 'ip-address' : 'ip-network';
  if (IPV6.test(key)) return fullIpv6(key) ? 'ip-address' : 'ip-network';
  if (key.startsWith('.') && NAME.test(key.slice(1))) return 'subdomains';
  if (NAME.test(key) && /[a-z]/i.test(key)) return 'domain';
  return 'other';
}

/** The key kinds each family looks up; `exact` compares any key as it is. */
const SEES: Readonly<Record<Family, readonly KeyKind[]>> = {
  host: ['domain', 'subdomains', 'ip-address', 'ip-network'],
  // a HELO name written as a bare address is looked up as it is, without shorter prefixes
  name: ['domain', 'subdomains', 'ip-address'],
  mail: ['address', 'localpart', 'domain', 'subdomains'],
  server: ['domain', 'subdomains', 'ip-address', 'ip-network'],
  address: ['ip-address', 'ip-network'],
  exact: ['null', 'localpart', 'address', 'at-domain', 'ip-address', 'ip-network', 'subdomains', 'domain', 'other'],
};

const KIND_NOUN: Partial<Record<KeyKind, string>> = {
  null: 'the null sender',
  localpart: '`user@` keys',
  address: 'full addresses',
  'ip-address': 'IP addresses',
  'ip-network': 'network prefixes',
  subdomains: 'domain names',
  domain: 'domain names',
};

const sees = (restriction: string, lookup: Lookup, kind: KeyKind): boolean =>
  kind === 'null' ? restriction === 'check_sender_access' || lookup.family === 'exact' : SEES[lookup.family].includes(kind);

const PARENT_SETTING = 'parent_domain_matches_subdomains lists smtpd_access_maps';

function keyText(key: string, kind: KeyKind, subdomains: boolean | undefined): string | undefined {
  switch (kind) {
    case 'null':
      return 'The null sender of bounces and notifications: smtpd looks up `<>` (smtpd_null_access_lookup_key) for an empty MAIL FROM.';
    case 'at-domain':
      return `smtpd never looks up \`@domain\` keys in an access table (that form belongs to virtual and canonical tables): write ${code(key.slice(1))} for the domain.`;
    case 'localpart':
      return `Every address with the local part ${code(key.slice(0, -1))}, whatever its domain; tried after the full address and the domain.`;
    case 'address':
      return `This one address, in full. With recipient_delimiter set, an address with an extension (\`user+tag@…\`) is looked up with it first, then without.`;
    case 'ip-address':
      return key.includes(':')
        ? `The IPv6 address ${code(key)}, as smtpd writes it (compressed, lowercase, no leading zeros).`
        : `The IPv4 address ${code(key)}.`;
    case 'ip-network': {
      const octets = key.split('.');
      if (key.includes(':')) {
        return `An IPv6 network: every address whose compressed form starts with ${code(`${key}:`)}. smtpd drops one \`:group\` at a time from the address; for other prefix lengths use a cidr: table.`;
      }
      return `An IPv4 network: every address that starts with ${code(`${key}.`)} (${key}${'.0'.repeat(4 - octets.length)}/${octets.length * 8}). smtpd looks up the whole address, then drops one octet at a time; for other prefix lengths use a cidr: table.`;
    }
    case 'domain':
      if (subdomains === false) {
        return `${code(key)} as a hostname, HELO name or address domain, and nothing under it: main.cf takes smtpd_access_maps out of parent_domain_matches_subdomains, so write ${code(`.${key}`)} for the names under it.`;
      }
      return `${code(key)} as a hostname, HELO name or address domain, and every name under it such as ${code(`mail.${key}`)}: ${subdomains ? PARENT_SETTING : `${PARENT_SETTING} by default`}.`;
    case 'subdomains':
      if (subdomains === false) {
        return `The names under ${code(key.slice(1))}, not that name itself: main.cf takes smtpd_access_maps out of parent_domain_matches_subdomains.`;
      }
      return `${subdomains ? 'Never matches' : 'Matches nothing with the default setting'}: ${PARENT_SETTING}, so smtpd looks up parent domains without a leading dot; ${code(key.slice(1))} covers the names under it already.`;
    case 'other':
      return undefined;
  }
}

function orderText(family: Family, subdomains: boolean | undefined): string {
  const dot = subdomains === false ? '.' : '';
  const parents = `\`mail.example.com\`, \`${dot}example.com\`, \`${dot}com\``;
  switch (family) {
    case 'host':
      return `${parents}, then \`192.0.2.1\`, \`192.0.2\`, \`192.0\`, \`192\``;
    case 'name':
      return parents;
    case 'mail':
      return `\`user+tag@example.com\`, \`user@example.com\`, \`example.com\` and its parent domains, \`user+tag@\`, \`user@\``;
    case 'server':
      return `for each server, its name and parent domains (${parents}), then its addresses and their prefixes`;
    case 'address':
      return 'each address, then its shorter and shorter prefixes (`192.0.2.1`, `192.0.2`, `192.0`, `192`)';
    case 'exact':
      return 'the exact string only';
  }
}

/**
 * The hover text of a key of an indexed access table. `lookups`: the
 * restrictions main.cf looks the table up with; `subdomains`: whether
 * domain keys match the names under them (undefined: not known, the default).
 */
export function accessKeyText(key: string, lookups: readonly string[] | undefined, subdomains: boolean | undefined): string | undefined {
  const kind = keyKind(key);
  const known = (lookups ?? []).flatMap((name) => {
    const lookup = lookupOf(name);
    return lookup ? [{ name, lookup }] : [];
  });
  const general = keyText(key, kind, subdomains);
  if (!general && known.length === 0) return undefined;
  const uses = known.map(({ name, lookup }) => `\`${name}\` looks up ${lookup.what}: ${orderText(lookup.family, subdomains)}.`);
  const seen = known.some(({ name, lookup }) => sees(name, lookup, kind));
  const never =
    known.length > 0 && !seen && KIND_NOUN[kind]
      ? `**Never matches in this table:** ${known.map((k) => `\`${k.name}\``).join(', ')} never look${known.length === 1 ? 's' : ''} up ${KIND_NOUN[kind]}.`
      : undefined;
  const fallback =
    known.length === 0
      ? 'What smtpd looks up depends on the restriction that uses the table (check_client_access, check_sender_access …); once main.cf names it, its lookup order shows here.'
      : 'The first key found decides; `DUNNO` there stops the search for shorter keys.';
  return joinSections([heading(key, 'access table key'), general, never, joinLines(uses), fallback]);
}

/** The hover text of a pattern of a regexp or pcre access table: what it is matched against. */
export function accessPatternText(pattern: string, lookups: readonly string[] | undefined): string {
  const known = (lookups ?? []).flatMap((name) => {
    const lookup = lookupOf(name);
    return lookup ? [`\`${name}\` gives it ${lookup.what}.`] : [];
  });
  return joinSections([
    heading(pattern, 'access table pattern'),
    'smtpd matches the pattern against each whole string it looks up: a whole hostname, a whole IP address or a whole mail address. Pattern tables are not asked for parent domains, network prefixes, or the `user@` and domain parts of an address: write those into the pattern.',
    joinLines(known),
  ]);
}
