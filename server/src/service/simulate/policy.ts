/**
 * The configuration one smtpd service evaluates a transaction against: its
 * settings, its tables, and the address and domain lists (mynetworks,
 * mydestination, relay_domains, virtual domains, permit_mx_backup_networks)
 * read once.
 */
import type { FileSystem } from '../files';
import type { ConfigModel } from '../model/config';
import { configPlace } from '../model/tablePaths';
import type { Service } from '../syntax/masterCf';
import { dirname } from 'node:path/posix';
import type { ParentStyle } from '../lookup/accessKeys';
import { MatchList } from '../lookup/matchList';
import { TableOpener } from '../lookup/open';
import { tablePlaces } from '../model/tablePaths';
import { literalAddress } from './resolve';
import { Settings } from './settings';

export class Policy {
  readonly settings: Settings;
  readonly tables: TableOpener;
  readonly mynetworks: MatchList;
  readonly relayDomains: MatchList;
  readonly mydestination: MatchList;
  readonly virtualAliasDomains: MatchList;
  readonly virtualMailboxDomains: MatchList;
  readonly mxBackupNetworks: MatchList;

  constructor(model: ConfigModel, mainPath: string, masterPath: string | undefined, service: Service | undefined, files: FileSystem) {
    this.settings = new Settings(model, mainPath, masterPath, service);
    const place = configPlace(model, dirname(mainPath));
    this.tables = new TableOpener(files, place);
    const read = (path: string): string | undefined => {
      for (const p of tablePlaces(path, place)) {
        const text = files.read?.(p);
        if (text !== undefined) return text;
      }
      return undefined;
    };
    const list = (name: string, style: ParentStyle): MatchList => {
      const origin = this.settings.origin(name);
      return new MatchList(name, this.settings.value(name), style, this.tables, { file: origin.file, line: origin.line ?? 0 }, read);
    };
    this.mynetworks = list('mynetworks', this.parentStyle('mynetworks'));
    this.relayDomains = list('relay_domains', this.parentStyle('relay_domains'));
    this.mydestination = list('mydestination', 'dot');
    this.virtualAliasDomains = list('virtual_alias_domains', 'dot');
    this.virtualMailboxDomains = list('virtual_mailbox_domains', 'dot');
    this.mxBackupNetworks = list('permit_mx_backup_networks', this.parentStyle('permit_mx_backup_networks'));
  }

  /** Whether a feature's domain patterns match subdomains too (parent_domain_matches_subdomains). */
  parentStyle(feature: string): ParentStyle {
    const words = this.settings
      .value('parent_domain_matches_subdomains')
      .toLowerCase()
      .split(/[\s,]+/);
    return words.includes(feature) ? 'parent' : 'dot';
  }

  /** Problems reading the lists, for the simulation's problems. */
  listProblems(): string[] {
    return [this.mynetworks, this.relayDomains, this.mydestination, this.virtualAliasDomains, this.virtualMailboxDomains, this.mxBackupNetworks].flatMap(
      (l) => l.problems,
    );
  }

  /** The addresses smtpd counts as its own: inet_interfaces and proxy_interfaces; "all" is known only for loopback. */
  ownAddresses(): { addresses: string[]; complete: boolean } {
    const words = `${this.settings.value('inet_interfaces')} ${this.settings.value('proxy_interfaces')}`
      .toLowerCase()
      .split(/[\s,]+/)
      .filter((w) => w !== '');
    const addresses: string[] = [];
    let complete = true;
    for (const w of words) {
      if (w === 'all') {
        addresses.push('127.0.0.1', '::1');
        complete = false;
      } else if (w === 'loopback-only' || w === 'localhost') addresses.push('127.0.0.1', '::1');
      else addresses.push(w.replace(/^\[|\]$/g, ''));
    }
    return { addresses, complete };
  }

  /** resolve_local: mydestination, or an address literal of one of smtpd's own addresses. */
  isLocalDomain(domain: string): { local: boolean; why: string } {
    const d = domain.endsWith('.') ? domain.slice(0, -1) : domain;
    if (d === '' || d.endsWith('.')) return { local: false, why: `"${domain}" is not a domain` };
    const m = this.mydestination.matchString(d);
    if (m.matched) return { local: true, why: `${d} matches mydestination (${m.entry ?? ''})` };
    const literal = literalAddress(d);
    if (literal !== undefined) {
      const own = this.ownAddresses();
      if (own.addresses.includes(literal.toLowerCase())) return { local: true, why: `${d} is an address smtpd listens on` };
      if (!own.complete) return { local: false, why: `${d}: inet_interfaces = all, and the simulator knows only the loopback addresses of this host` };
    }
    return { local: false, why: `${d} is not in mydestination` };
  }
}
