import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import { KNOWN_PORT_NAMES } from '../../knowledge/master';
import { compareVersions } from '../../knowledge/versions';
import type { ConfigModel } from '../../model/config';
import { expandParameter } from '../../model/expand';
import { splitInetName } from '../../syntax/inetName';
import type { Service } from '../../syntax/masterCf';
import { defineCheck } from '../check';
import type { MasterCheck } from './context';
import { serviceKey } from './duplicateService';

/** Any address: what master binds for inet_interfaces = all. */
const ANY = '*';

interface Listener {
  service: Service;
  port: number;
  /** the addresses master binds, ANY for the wildcard */
  addresses: string[];
}

const isIpv6 = (address: string): boolean => address.includes(':');

/** The addresses a host part stands for; "localhost" as /etc/hosts has it. */
function hostAddresses(host: string): string[] {
  const h = host.toLowerCase();
  if (h === 'localhost') return ['127.0.0.1', '::1'];
  if (h === '0.0.0.0' || h === '::') return [ANY];
  return [h];
}

/** What an entry without a host binds: every address of inet_interfaces. */
function interfaceAddresses(model: ConfigModel): string[] {
  const words = expandParameter(model, 'inet_interfaces')
    .value.toLowerCase()
    .split(/[\s,]+/)
    .filter((w) => w !== '');
  if (words.includes('all')) return [ANY];
  return words.flatMap((w) => (w === 'loopback-only' ? ['127.0.0.1', '::1'] : hostAddresses(w.replace(/^\[(.*)\]$/, '$1'))));
}

function listenerOf(service: Service, interfaces: string[]): Listener | undefined {
  if (service.type !== 'inet') return undefined;
  const parsed = splitInetName(service.name);
  if ('error' in parsed) return undefined;
  const port = KNOWN_PORT_NAMES.get(parsed.port) ?? (/^\d+$/.test(parsed.port) ? Number(parsed.port) : undefined);
  if (port === undefined) return undefined;
  const addresses = parsed.host === '' || parsed.host === '*' ? interfaces : hostAddresses(parsed.host);
  return { service, port, addresses };
}

/**
 * The first address both bind: the same address, or (`wildcards`) a wildcard
 * and an address of a family it covers.
 */
function shared(a: Listener, b: Listener, wildcards: boolean, ipv6: boolean): string | undefined {
  for (const x of a.addresses) {
    for (const y of b.addresses) {
      if (x === y) return x;
      const other = !wildcards ? undefined : x === ANY ? y : y === ANY ? x : undefined;
      if (other !== undefined && (ipv6 || !isIpv6(other))) return other;
    }
  }
  return undefined;
}

const describe = (address: string): string => (address === ANY ? 'all addresses' : address);

/**
 * Entries with the same name are duplicate-service's; these are different
 * names for one socket. Before 3.6 the later bind fails. Since 3.6 master
 * sets SO_REUSEPORT: both bind, and the kernel deals the connections to an
 * address between the sockets bound to exactly that address, while a
 * wildcard socket gets only what no exact one takes.
 */
const checkDuplicateListener: MasterCheck = ({ model, master, target }) => {
  const reusePort = compareVersions(target, '3.6') >= 0;
  const interfaces = interfaceAddresses(model);
  const ipv6 = /\b(all|ipv6)\b/i.test(expandParameter(model, 'inet_protocols').value);
  const listeners = master.services.map((s) => listenerOf(s, interfaces)).filter((l): l is Listener => l !== undefined);
  const out: Diagnostic[] = [];
  for (let j = 1; j < listeners.length; j++) {
    const later = listeners[j];
    for (let i = 0; i < j; i++) {
      const earlier = listeners[i];
      if (earlier.port !== later.port || serviceKey(earlier.service) === serviceKey(later.service)) continue;
      const address = shared(earlier, later, !reusePort, ipv6);
      if (address === undefined) continue;
      const unqualified = [earlier, later].some((l) => !l.service.name.includes(':'));
      const outcome = reusePort
        ? 'both listen (master sets SO_REUSEPORT since Postfix 3.6) and the kernel hands each new connection to one of them at random, so clients get the settings of either service'
        : 'master cannot bind it ("Address already in use") and stops';
      out.push(
        diagnostic(
          Code.DuplicateListener,
          later.service.nameRange,
          `"${later.service.name}" listens on port ${later.port} of ${describe(address)}, as "${earlier.service.name}" on line ${earlier.service.startLine + 1} already does${unqualified ? ' (an entry without an address listens on the addresses of inet_interfaces)' : ''}: ${outcome}. Give each service its own address or port (see master(5)).`,
        ),
      );
      break;
    }
  }
  return out;
};

export const duplicateListener = defineCheck({ codes: [Code.DuplicateListener], kind: 'master', run: checkDuplicateListener });
