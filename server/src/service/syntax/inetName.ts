/** The service name of an inet entry of master.cf: the address and port master listens on. */
export interface InetName {
  /** empty: all of inet_interfaces */
  host: string;
  port: string;
  bracketed: boolean;
}

/** master's host_port(): "[host]:port", "host:port" (split at the last colon) or "port". */
export function splitInetName(name: string): InetName | { error: string } {
  if (name.startsWith('[')) {
    const close = name.indexOf(']');
    if (close < 0) return { error: 'a "[" without "]"' };
    const rest = name.slice(close + 1);
    if (rest === '') return { error: 'no port after "[host]": write [host]:port' };
    if (!rest.startsWith(':')) return { error: `"${rest}" after "]": write [host]:port` };
    return { host: name.slice(1, close), port: rest.slice(1), bracketed: true };
  }
  const colon = name.lastIndexOf(':');
  if (colon < 0) return { host: '', port: name, bracketed: false };
  return { host: name.slice(0, colon), port: name.slice(colon + 1), bracketed: false };
}
