/** Services of Postfix's stock master.cf: assumed when a main.cf has no master.cf beside it. */
export const stockServices: readonly { name: string; type: string; command: string }[] = [
  ['smtp', 'inet', 'smtpd'], ['pickup', 'unix', 'pickup'], ['cleanup', 'unix', 'cleanup'], ['qmgr', 'unix', 'qmgr'],
  ['tlsmgr', 'unix', 'tlsmgr'], ['rewrite', 'unix', 'trivial-rewrite'], ['bounce', 'unix', 'bounce'],
  ['defer', 'unix', 'bounce'], ['trace', 'unix', 'bounce'], ['verify', 'unix', 'verify'], ['flush', 'unix', 'flush'],
  ['proxymap', 'unix', 'proxymap'], ['proxywrite', 'unix', 'proxymap'], ['smtp', 'unix', 'smtp'], ['relay', 'unix', 'smtp'],
  ['showq', 'unix', 'showq'], ['error', 'unix', 'error'], ['retry', 'unix', 'error'], ['discard', 'unix', 'discard'],
  ['local', 'unix', 'local'], ['virtual', 'unix', 'virtual'], ['lmtp', 'unix', 'lmtp'], ['anvil', 'unix', 'anvil'],
  ['scache', 'unix', 'scache'], ['postlog', 'unix-dgram', 'postlogd'],
].map(([name, type, command]) => ({ name, type, command }));
