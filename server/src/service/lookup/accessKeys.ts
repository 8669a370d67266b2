/**
 * The keys smtpd tries in an access table, in its order (access(5)): a host
 * or domain and its parent domains, an address and its network prefixes, a
 * mail address in full, without its extension, its domain and parents, and
 * its localpart@. Partial keys go to fixed-key tables only: a regexp, pcre
 * or cidr table sees the whole key alone.
 */
import { validHostaddr } from './names';

export interface AccessKey {
  key: string;
  /** a key derived from the original (parent domain, prefix, localpart@ ...) */
  partial: boolean;
}

/** How a domain key reaches names below it: parent_domain_matches_subdomains lists the feature ("example.com"), or only ".example.com" does. */
export type ParentStyle = 'parent' | 'dot';

/** A name and its parent domains; a numeric address stops after itself. */
export function domainKeys(domain: string, style: ParentStyle): AccessKey[] {
  const keys: AccessKey[] = [];
  let name = domain;
  let partial = false;
  while (name !== '') {
    keys.push({ key: name, partial });
    if (!partial && validHostaddr(domain)) break;
    const dot = name.indexOf('.', 1);
    if (dot < 0) break;
    name = style === 'parent' ? name.slice(dot + 1) : name.slice(dot);
    partial = true;
  }
  return keys;
}

/** An IPv4 or IPv6 address, then shorter and shorter prefixes of it cut at a dot or colon. */
export function addressKeys(address: string): AccessKey[] {
  const delimiter = address.includes(':') ? ':' : '.';
  const keys: AccessKey[] = [{ key: address, partial: false }];
  let rest = address;
  for (let cut = rest.lastIndexOf(delimiter); cut >= 0; cut = rest.lastIndexOf(delimiter)) {
    rest = rest.slice(0, cut);
    keys.push({ key: rest, partial: true });
  }
  return keys;
}

/** A client: its name and parent domains, then its address and prefixes. */
export const clientKeys = (name: string, address: string, style: ParentStyle): AccessKey[] => [...domainKeys(name, style), ...addressKeys(address)];

const SPECIALS = /[\s()<>@,;:\\".[\]\x00-\x1f\x7f]/;

/** A localpart as it appears in the external (RFC 5322) form of an address: quoted when it needs quotes. */
export function quoteLocalpart(local: string): string {
  if (local === '' || local.split('.').every((atom) => atom !== '' && !SPECIALS.test(atom))) return local;
  return `"${local.replace(/(["\\])/g, '\\$1')}"`;
}

/** The external form of a whole address, or of a bare localpart. */
function external(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? quoteLocalpart(address) : quoteLocalpart(address.slice(0, at)) + address.slice(at);
}

/** Postmaster, MAILER-DAEMON, the double-bounce sender, owner-x and x-request (with "-" a delimiter) keep their extension. */
export function splitExtension(localpart: string, delimiters: string, doubleBounce = 'double-bounce'): { base: string; extension: string } | undefined {
  if (delimiters === '') return undefined;
  const lower = localpart.toLowerCase();
  if (lower === 'postmaster' || lower === 'mailer-daemon' || lower === doubleBounce.toLowerCase()) return undefined;
  if (delimiters.includes('-') && (lower.startsWith('owner-') || (lower.length > 8 && lower.endsWith('-request')))) return undefined;
  let i = 0;
  while (i < localpart.length && !delimiters.includes(localpart[i])) i++;
  if (i === 0 || i === localpart.length) return undefined;
  return { base: localpart.slice(0, i), extension: localpart.slice(i) };
}

/** The address without its extension, or undefined when it has none. */
export function stripExtension(address: string, delimiters: string): string | undefined {
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  const split = splitExtension(local, delimiters);
  return split ? split.base + (at < 0 ? '' : address.slice(at)) : undefined;
}

/** A key in its external form first, then as given when that differs. */
const bothForms = (key: string, partial: boolean): AccessKey[] => {
  const ext = external(key);
  return ext === key
    ? [{ key, partial }]
    : [
        { key: ext, partial },
        { key, partial },
      ];
};

/**
 * check_sender_access and check_recipient_access: user+ext@domain,
 * user@domain, the domain and its parents, user+ext@, user@.
 */
export function mailKeys(address: string, style: ParentStyle, delimiters: string): AccessKey[] {
  const keys: AccessKey[] = [...bothForms(address, false)];
  const bare = stripExtension(address, delimiters);
  if (bare !== undefined) keys.push(...bothForms(bare, true));
  const at = address.lastIndexOf('@');
  if (at < 0) return keys;
  let name = address.slice(at + 1);
  while (name !== '') {
    keys.push({ key: name, partial: true });
    const dot = name.indexOf('.', 1);
    if (dot < 0) break;
    name = style === 'parent' ? name.slice(dot + 1) : name.slice(dot);
  }
  const local = address.slice(0, at);
  keys.push(...bothForms(`${local}@`, true));
  if (bare !== undefined) keys.push(...bothForms(`${bare.slice(0, bare.lastIndexOf('@'))}@`, true));
  return keys;
}
