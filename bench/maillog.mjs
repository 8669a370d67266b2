// A generated mail log for the log figures: the lines a busy MX writes, in the proportions of a
// day of spam and mail. Written a piece at a time, so that the bench holds no million lines.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { random } from './inputs.mjs';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n) => String(n).padStart(2, '0');
const HOSTS = ['mail', 'smtp', 'mx', 'out', 'relay', 'bulk', 'news'];
const DOMAINS = ['example.com', 'example.net', 'example.org', 'shop.example', 'news.example', 'bulk.example'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'info', 'sales', 'support', 'noreply'];

/** The reject lines of an MX, as smtpd words them. */
const REJECTS = [
  (c, s, r) => `554 5.7.1 <${r}>: Relay access denied; from=<${s}> to=<${r}> proto=ESMTP helo=<${c.helo}>`,
  (c, s, r) => `554 5.7.1 Service unavailable; Client host [${c.addr}] blocked using zen.spamhaus.org; from=<${s}> to=<${r}> proto=ESMTP helo=<${c.helo}>`,
  (c, s, r) => `450 4.7.1 Client host rejected: cannot find your reverse hostname, [${c.addr}]; from=<${s}> to=<${r}> proto=ESMTP helo=<${c.helo}>`,
  (c, s, r) => `550 5.1.1 <${r}>: Recipient address rejected: User unknown in local recipient table; from=<${s}> to=<${r}> proto=ESMTP helo=<${c.helo}>`,
  (c, s, r) => `504 5.5.2 <${c.helo}>: Helo command rejected: need fully-qualified hostname; from=<${s}> to=<${r}> proto=ESMTP helo=<${c.helo}>`,
  (c, s, r) => `450 4.1.8 <${s}>: Sender address rejected: Domain not found; from=<${s}> to=<${r}> proto=ESMTP helo=<${c.helo}>`,
  (c, s, r) => `554 5.7.1 <${s}>: Sender address rejected: Access denied; from=<${s}> to=<${r}> proto=ESMTP helo=<${c.helo}>`,
];

/**
 * Writes a log of exactly `lines` lines to `path`: sessions of connect,
 * verdicts or a delivered message (client=, message-id, qmgr, delivery,
 * removed), disconnect; now and then a deferral (delivered on a later
 * try), a bounce or a warning.
 */
export async function writeMailLog(path, lines) {
  const next = random(lines);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const out = createWriteStream(path);
  let written = 0;
  let buffer = [];
  let seconds = 0;
  let queue = 0x100000;
  const deferred = [];
  const stamp = () => {
    const t = seconds++ / 8;
    const day = 1 + Math.floor(t / 86400);
    const s = Math.floor(t % 86400);
    return `${MONTHS[0]} ${String(day).padStart(2, ' ')} ${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
  };
  const emit = async (service, pid, text) => {
    if (written >= lines) return;
    buffer.push(`${stamp()} mx postfix/${service}[${pid}]: ${text}`);
    written++;
    if (buffer.length >= 10_000) {
      if (!out.write(buffer.join('\n') + '\n')) await once(out, 'drain');
      buffer = [];
    }
  };
  while (written < lines) {
    const pid = 1000 + Math.floor(next() * 9000);
    // a few thousand distinct clients, as a day's log has
    const n = Math.floor(next() * 5000);
    const client = {
      addr: `198.51.${n >> 8}.${n & 255}`,
      name: next() < 0.3 ? 'unknown' : `${pick(HOSTS)}${n}.${pick(DOMAINS)}`,
      helo: `${pick(HOSTS)}${n}.${pick(DOMAINS)}`,
    };
    const namaddr = `${client.name}[${client.addr}]`;
    const sender = `${pick(USERS)}${n % 50}@${pick(DOMAINS)}`;
    const rcpt = `${pick(USERS)}@example.com`;
    await emit('smtpd', pid, `connect from ${namaddr}`);
    if (next() < 0.55) {
      const reject = pick(REJECTS)(client, sender, rcpt);
      const action = next() < 0.1 ? 'reject_warning' : 'reject';
      await emit('smtpd', pid, `NOQUEUE: ${action}: RCPT from ${namaddr}: ${reject}`);
      await emit('smtpd', pid, `disconnect from ${namaddr} ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4`);
      continue;
    }
    const id = (queue++).toString(16).toUpperCase() + 'A1';
    await emit('smtpd', pid, `${id}: client=${namaddr}`);
    await emit('cleanup', pid + 1, `${id}: message-id=<${id}@${pick(DOMAINS)}>`);
    await emit('qmgr', 900, `${id}: from=<${sender}>, size=${1000 + Math.floor(next() * 50_000)}, nrcpt=1 (queue active)`);
    await emit('smtpd', pid, `disconnect from ${namaddr} ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`);
    const fate = next();
    const status =
      fate < 0.9
        ? 'dsn=2.0.0, status=sent (delivered to mailbox)'
        : fate < 0.97
          ? 'dsn=4.2.2, status=deferred (mailbox full)'
          : 'dsn=5.1.1, status=bounced (unknown user)';
    await emit('local', pid + 2, `${id}: to=<${rcpt}>, relay=local, delay=0.${Math.floor(next() * 90)}, delays=0.1/0/0/0.2, ${status}`);
    if (fate >= 0.9 && fate < 0.97) {
      // tried again later, as qmgr does, and delivered then
      deferred.push({ id, rcpt, sender });
    } else await emit('qmgr', 900, `${id}: removed`);
    if (deferred.length > 50) {
      const retry = deferred.shift();
      await emit('qmgr', 900, `${retry.id}: from=<${retry.sender}>, size=2000, nrcpt=1 (queue active)`);
      await emit(
        'local',
        pid + 3,
        `${retry.id}: to=<${retry.rcpt}>, relay=local, delay=600, delays=600/0/0/0.1, dsn=2.0.0, status=sent (delivered to mailbox)`,
      );
      await emit('qmgr', 900, `${retry.id}: removed`);
    }
    if (next() < 0.02) await emit('smtpd', pid, `warning: hostname ${client.helo} does not resolve to address ${client.addr}`);
  }
  if (buffer.length) out.write(buffer.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
}
