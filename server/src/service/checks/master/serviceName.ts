import { Code, diagnostic, DiagnosticSeverity, type Diagnostic } from '../../diagnostics';
import { KNOWN_PORT_NAMES } from '../../knowledge/master';
import { splitInetName } from '../../syntax/inetName';
import type { MasterCheck } from './context';
import { defineCheck } from '../check';

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;
const HOSTNAME = /^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$/;

/** Why `host` is no host name or address, or undefined. */
function hostProblem(host: string, bracketed: boolean): string | undefined {
  if (IPV4.test(host)) return host.split('.').every((o) => Number(o) <= 255) ? undefined : `"${host}" is not an IPv4 address (a part is above 255)`;
  if (host.includes(':')) return IPV6.test(host) ? undefined : `"${host}" is not an IPv6 address`;
  if (bracketed && !HOSTNAME.test(host)) return `"${host}" is not a host name or address`;
  return HOSTNAME.test(host) ? undefined : `"${host}" is not a host name or address`;
}

/** The name of an inet service: [host:]port, the way master reads it. */
const checkServiceNames: MasterCheck = ({ master }) => {
  const out: Diagnostic[] = [];
  for (const s of master.services) {
    if (s.type !== 'inet') continue;
    const range = s.columns.service.range;
    const parsed = splitInetName(s.name);
    const refuse = (why: string): void => {
      out.push(
        diagnostic(
          Code.InvalidServiceName,
          range,
          `Invalid inet service "${s.name}": ${why}. master stops at start-up. Write port, host:port or [address]:port.`,
        ),
      );
    };
    if ('error' in parsed) {
      refuse(parsed.error);
      continue;
    }
    const { host, port } = parsed;
    const problem = host === '' ? (parsed.bracketed ? 'an empty "[]"' : undefined) : hostProblem(host, parsed.bracketed);
    if (problem) {
      refuse(problem);
      continue;
    }
    if (port === '') {
      refuse('no port after the host');
      continue;
    }
    if (/^\d/.test(port)) {
      if (!/^\d+$/.test(port)) {
        refuse(`"${port}" has text after the port number`);
        continue;
      }
      const n = Number(port);
      if (n >= 1 && n <= 65535) continue;
      out.push(
        diagnostic(
          Code.InvalidServiceName,
          range,
          n === 0
            ? `Port 0 makes the system pick a random free port for "${s.name}", which no client will know. Use a port from 1 to 65535.`
            : `Port ${port} is above 65535: Postfix does not refuse it but listens on port ${n % 65536} instead. Use a port from 1 to 65535.`,
          [],
          DiagnosticSeverity.Warning,
        ),
      );
      continue;
    }
    if (!/^[A-Za-z][A-Za-z0-9_.+-]*$/.test(port)) {
      refuse(`"${port}" is neither a port number nor a service name`);
      continue;
    }
    if (KNOWN_PORT_NAMES.has(port)) continue;
    out.push(
      diagnostic(
        Code.InvalidServiceName,
        range,
        `"${port}" is not a service name mail servers usually find in /etc/services (smtp, submission, submissions, smtps, ...): ` +
          "master stops at start-up unless this machine's /etc/services has it. Prefer the port number.",
        [],
        DiagnosticSeverity.Warning,
      ),
    );
  }
  return out;
};

export const serviceName = defineCheck({ codes: [Code.InvalidServiceName], kind: 'master', run: checkServiceNames });
