// The inputs of the figures, the same on every run: the anchors and we read the same bytes.
import { createRequire } from 'node:module';
import { postconfDefaults } from './postfix.mjs';

const require = createRequire(import.meta.url);

/** mulberry32: a seeded generator, so that every run reads the same input */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['mail', 'smtp', 'mx', 'relay', 'shop', 'news', 'bulk', 'promo', 'cloud', 'host', 'crm', 'billing'];
const TLDS = ['com', 'net', 'org', 'de', 'io', 'co.uk', 'example'];
const USERS = ['info', 'sales', 'postmaster', 'abuse', 'noreply', 'admin', 'john.doe', 'newsletter', 'billing', 'support'];
const ACTIONS = [
  'REJECT',
  'REJECT Spam source, see https://www.example.org/policy',
  'OK',
  'DUNNO',
  'RELAY',
  '550 5.7.1 Mail from this sender is refused',
  '450 4.7.1 Try again later',
  'HOLD',
  'HOLD held for review by postmaster',
  'DISCARD',
  'DISCARD dropped by local policy',
  'PREPEND X-Access-Checked: yes',
  'WARN listed in the local block list',
  'INFO known partner',
  'DEFER_IF_PERMIT Service temporarily unavailable',
  'REDIRECT abuse@example.net',
  'BCC archive@example.net',
  'FILTER smtp:[10.0.0.5]:25',
  'FILTER amavis:[127.0.0.1]:10024',
  'reject_unauth_destination',
  'permit_sasl_authenticated, reject',
  'reject_unknown_sender_domain',
];

/**
 * An access map of `lines` lines: client addresses, networks, IPv6 addresses,
 * domains, parent domains, user@domain and user@ keys with the actions of
 * access(5), and now and then a comment or a blank line. Every key is distinct
 * (built from its line number), so neither postmap nor we see duplicates.
 */
export function accessMap(lines) {
  const next = random(lines);
  const pick = (list) => list[Math.floor(next() * list.length)];
  // multiplying by an odd constant permutes 2^32 (2^24 for networks): distinct but scattered addresses
  const ipv4 = (i) => {
    const x = Math.imul(i + 1, 2654435761) >>> 0;
    return `${x >>> 24}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
  };
  const network = (i) => {
    const x = Math.imul(i + 1, 40503) & 0xffffff;
    return `${x >>> 16}.${(x >>> 8) & 255}.${x & 255}`;
  };
  const domain = (i) => `${pick(WORDS)}${i}.${pick(TLDS)}`;
  const keys = [
    ipv4,
    ipv4,
    network,
    // compressed as smtpd writes it: the last group before :: is never 0
    (i) => `2001:db8:${(i >>> 12).toString(16)}:${(0x1000 + (i & 0xfff)).toString(16)}::25`,
    domain,
    domain,
    (i) => `.${domain(i)}`,
    (i) => `${pick(USERS)}@${domain(i)}`,
    (i) => `${pick(USERS)}${i}@`,
  ];
  const out = [];
  for (let i = 0; i < lines; i++) {
    const r = next();
    if (r < 0.02) out.push(`# ticket ${i}: ${pick(ACTIONS).split(' ')[0].toLowerCase()} requested by postmaster`);
    else if (r < 0.025) out.push('');
    else out.push(`${pick(keys)(i)}\t${pick(ACTIONS)}`);
  }
  return out.join('\n') + '\n';
}

/** Real parameter syntax: the output of postconf -d, or our own defaults when Postfix is missing. */
const defaults =
  postconfDefaults()?.trimEnd().split('\n') ??
  Object.entries(require('../server/src/service/knowledge/generated/parameters.json')).map(([n, e]) => `${n} = ${e.default}`);

/** Copies of the defaults: every parameter set again and again, as the "ten copies" figure has it. */
export function copiesMainCf(copies) {
  return Array.from({ length: copies }, () => defaults.join('\n')).join('\n') + '\n';
}

/** The defaults repeated up to exactly `lines` lines (postconf -d puts each parameter on one line). */
export function mainCfLines(lines) {
  return Array.from({ length: lines }, (_, i) => defaults[i % defaults.length]).join('\n') + '\n';
}

export const usesPostconfDefaults = postconfDefaults() !== undefined;
