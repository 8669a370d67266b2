/**
 * Postfix's match lists (mynetworks, relay_domains, mydestination,
 * permit_mx_backup_networks, virtual_*_domains): host and domain names,
 * addresses and networks, /file/name (its words in place) and type:table
 * entries, "!" negation, first match wins, names compared without case.
 */
import { braceWords } from '../syntax/braceWords';
import type { TableOpener } from './open';
import { inNetwork, parseAddress } from './patterns';
import { parseCidrPattern } from '../syntax/address';
import type { NamedAt, TableHit } from './table';
import type { ParentStyle } from './accessKeys';

export interface ListMatch {
  matched: boolean;
  /** the entry that decided, as written (with its "!") */
  entry?: string;
  /** the table entry, when a type:table entry decided */
  hit?: TableHit;
  /** tables that could not be consulted on the way */
  unavailable: string[];
  /** where a word of the list came from, when a /file/name brought it */
  file?: string;
}

interface Pattern {
  text: string;
  negated: boolean;
  /** the /file/name that holds it */
  file?: string;
}

const MAX_FILE_DEPTH = 10;

export class MatchList {
  readonly patterns: Pattern[] = [];
  readonly problems: string[] = [];

  constructor(
    readonly parameter: string,
    value: string,
    private readonly style: ParentStyle,
    private readonly tables: TableOpener,
    private readonly at: NamedAt,
    read: (path: string) => string | undefined,
  ) {
    this.parse(value, false, read, undefined, 0);
  }

  private parse(value: string, negated: boolean, read: (path: string) => string | undefined, file: string | undefined, depth: number): void {
    for (const word of braceWords(value)) {
      let text = word;
      let neg = negated;
      while (text.startsWith('!')) {
        neg = !neg;
        text = text.slice(1);
      }
      if (text.startsWith('/')) {
        const content = depth < MAX_FILE_DEPTH ? read(text) : undefined;
        if (content === undefined) {
          this.problems.push(`${this.parameter}: the file ${text} cannot be read here; its entries are not known`);
          continue;
        }
        const words = content
          .split(/\r?\n/)
          .map((l) => l.replace(/#.*/, ''))
          .join(' ');
        this.parse(words, neg, read, text, depth + 1);
        continue;
      }
      this.patterns.push({ text: isTable(text) ? text : text.toLowerCase(), negated: neg, ...(file ? { file } : {}) });
    }
  }

  /** A host: its name against name patterns and its address against address patterns, entry by entry. */
  matchHost(name: string, address: string): ListMatch {
    return this.run((p, unavailable) => this.hostname(p, name.toLowerCase(), unavailable) ?? this.hostaddr(p, address.toLowerCase(), unavailable));
  }

  /** A domain name alone (relay_domains, mydestination ...). */
  matchDomain(domain: string): ListMatch {
    return this.run((p, unavailable) => this.hostname(p, domain.toLowerCase(), unavailable));
  }

  /** A string compared whole (mydestination, virtual_*_domains): no parent domains. */
  matchString(text: string): ListMatch {
    const lower = text.toLowerCase();
    return this.run((p, unavailable) => {
      if (!isTable(p.text)) return p.text === lower ? {} : undefined;
      const r = this.tables.table(p.text, this.at).lookup(lower);
      if (r.kind === 'found') return { hit: r.hit };
      if (r.kind !== 'missing') unavailable.push(r.reason);
      return undefined;
    });
  }

  private run(test: (p: Pattern, unavailable: string[]) => { hit?: TableHit } | undefined): ListMatch {
    const unavailable: string[] = [];
    for (const p of this.patterns) {
      const r = test(p, unavailable);
      if (r)
        return {
          matched: !p.negated,
          entry: (p.negated ? '!' : '') + p.text,
          ...(r.hit ? { hit: r.hit } : {}),
          ...(p.file ? { file: p.file } : {}),
          unavailable,
        };
    }
    return { matched: false, unavailable };
  }

  private hostname(p: Pattern, name: string, unavailable: string[]): { hit?: TableHit } | undefined {
    if (isTable(p.text)) {
      const table = this.tables.table(p.text, this.at);
      let entry = name;
      for (;;) {
        if (entry === name || table.fixed) {
          const r = table.lookup(entry);
          if (r.kind === 'found') return { hit: r.hit };
          if (r.kind !== 'missing') {
            unavailable.push(r.reason);
            return undefined;
          }
        }
        const dot = entry.indexOf('.', 1);
        if (dot < 0) return undefined;
        entry = this.style === 'parent' ? entry.slice(dot + 1) : entry.slice(dot);
        if (entry === '') return undefined;
      }
    }
    if (name === p.text) return {};
    if (this.style === 'parent') {
      if (name.length > p.text.length && name.endsWith(p.text) && name[name.length - p.text.length - 1] === '.') return {};
    } else if (p.text.startsWith('.') && name.length > p.text.length && name.endsWith(p.text)) return {};
    return undefined;
  }

  private hostaddr(p: Pattern, address: string, unavailable: string[]): { hit?: TableHit } | undefined {
    if (isTable(p.text)) {
      const r = this.tables.table(p.text, this.at).lookup(address);
      if (r.kind === 'found') return { hit: r.hit };
      if (r.kind !== 'missing') unavailable.push(r.reason);
      return undefined;
    }
    if (p.text === address || p.text === `[${address}]`) return {};
    if (!p.text.includes('/')) return undefined;
    const client = parseAddress(address);
    const network = parseCidrPattern(p.text);
    if (!client || !('network' in network)) return undefined;
    return client.family === network.network.family && inNetwork(client, network.network) ? {} : undefined;
  }
}

/** type:table, and not an address literal such as [::1]/128 or a bare IPv6 address. */
function isTable(text: string): boolean {
  return !text.startsWith('[') && /^[A-Za-z0-9_-]+:/.test(text) && parseAddress(text) === undefined && !/^[0-9a-f:]+\/\d+$/i.test(text);
}
