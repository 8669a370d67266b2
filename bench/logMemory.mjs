// Runs the log command in this process and prints its peak resident memory (MB) as JSON:
// node bench/logMemory.mjs FILE. The command's worker thread counts too, as it should.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const server = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'server.js');
const file = process.argv[2];
// the bundle reads its command line, and its worker runs process.argv[1] again
process.argv = [process.argv[0], server, 'log', '--format', 'json', file];
process.stdout.write = () => true;
process.on('exit', () => process.stderr.write(JSON.stringify({ peakMB: process.resourceUsage().maxRSS / 1024 }) + '\n'));
await import(server);
