/**
 * Well-known public DNS lists that completion offers after a restriction
 * that takes one: what each lists and what its operator asks of its users.
 * Operators change their terms; these notes name only the long-standing ones.
 */

export interface DnsList {
  zone: string;
  /** the restrictions it fits: IP lists for the client address, domain lists for names */
  restrictions: readonly string[];
  /** one line: whose list it is and what it holds */
  detail: string;
  /** what a listing means and how to use the list */
  documentation: string;
}

const RHSBL = ['reject_rhsbl_client', 'reject_rhsbl_reverse_client', 'reject_rhsbl_helo', 'reject_rhsbl_sender'];

const SPAMHAUS_TERMS =
  'Spamhaus answers free only for low-volume, non-commercial use, and not through public resolvers (8.8.8.8, 1.1.1.1 ...): those get an error reply in 127.255.255.0/24, which smtpd takes for a listing unless the restriction names the replies it accepts. Larger sites need a Data Query Service key.';

const LISTS: readonly DnsList[] = [
  {
    zone: 'zen.spamhaus.org',
    restrictions: ['reject_rbl_client'],
    detail: 'Spamhaus: IP addresses of spam sources, hijacked hosts and home/dynamic ranges',
    documentation: `The combined Spamhaus IP list (SBL, XBL/CSS and PBL): spam operations, infected or abused machines, and end-user ranges that should not talk to an MX directly. Write \`zen.spamhaus.org=127.0.0.[2..11]\` to act on listings only. ${SPAMHAUS_TERMS} Mail clients on home connections are in the PBL: on a submission service, put \`permit_sasl_authenticated\` first.`,
  },
  {
    zone: 'bl.spamcop.net',
    restrictions: ['reject_rbl_client'],
    detail: 'SpamCop: IP addresses recently reported as sending spam',
    documentation:
      'Addresses reported by SpamCop users and caught by its traps; a listing ends by itself about a day after the reports stop. It lists quickly and so catches some legitimate servers: many sites weigh it with others (postscreen_dnsbl_sites) rather than reject on it alone.',
  },
  {
    zone: 'b.barracudacentral.org',
    restrictions: ['reject_rbl_client'],
    detail: 'Barracuda Reputation Block List: IP addresses with a poor sending reputation',
    documentation:
      'Free of charge, but Barracuda answers only DNS resolvers whose addresses are registered with it (barracudacentral.org): register the resolver this host queries through, or the list never matches.',
  },
  {
    zone: 'psbl.surriel.com',
    restrictions: ['reject_rbl_client'],
    detail: 'Passive Spam Block List: IP addresses that sent mail to spam traps',
    documentation:
      'Addresses that mailed its spam traps, leaving out servers known to send legitimate mail. Anyone can take an address off at once on its web site, so it lists readily and forgives quickly. Free to query.',
  },
  {
    zone: 'bl.mailspike.net',
    restrictions: ['reject_rbl_client'],
    detail: 'Mailspike: IP addresses with a poor sending reputation',
    documentation: "Mailspike's IP reputation block list, built from its traps and the mail it sees. Free for modest query volumes; see its terms for more.",
  },
  {
    zone: 'dbl.spamhaus.org',
    restrictions: [...RHSBL, 'reject_rhsbl_recipient'],
    detail: 'Spamhaus DBL: domains used for spam, phishing or malware',
    documentation: `Domain names with a poor reputation, looked up with the client, HELO, sender or recipient domain. Listings answer in 127.0.1.0/24: write \`dbl.spamhaus.org=127.0.1.[2..99]\` to act on them only. ${SPAMHAUS_TERMS}`,
  },
  {
    zone: 'multi.surbl.org',
    restrictions: RHSBL,
    detail: 'SURBL: domains of web sites advertised in spam',
    documentation:
      'Lists the domains that spam links to, not the domains of senders; it is made for content filters. Here it matches only when the client, HELO or sender domain is itself such a site. Free for low volumes.',
  },
  {
    zone: 'list.dnswl.org',
    restrictions: ['permit_dnswl_client'],
    detail: 'DNSWL.org: IP addresses of known legitimate mail servers (allow-list)',
    documentation:
      'An allow-list with a trust level in the last octet of the reply (0 none to 3 high). Free for low volumes, with registration above that; a resolver over the limit gets 127.0.0.255, which counts as a listing unless you write `list.dnswl.org=127.0.[0..255].[0..3]`.',
  },
  {
    zone: 'swl.spamhaus.org',
    restrictions: ['permit_dnswl_client'],
    detail: 'Spamhaus Whitelist: IP addresses of vetted senders (allow-list)',
    documentation: 'Sending addresses of organisations Spamhaus vetted; listings answer in 127.0.2.0/24. The same usage terms as the Spamhaus block lists.',
  },
  {
    zone: 'dwl.spamhaus.org',
    restrictions: ['permit_rhswl_client'],
    detail: 'Spamhaus Whitelist: domains of vetted senders (allow-list)',
    documentation:
      'Domains of organisations Spamhaus vetted, made for checking DKIM signing domains; permit_rhswl_client looks up the client hostname, which matches only when the sender names its servers under such a domain.',
  },
];

/** The lists that fit `restriction`, the most used first. */
export const dnsListsFor = (restriction: string): DnsList[] => LISTS.filter((l) => l.restrictions.includes(restriction));
