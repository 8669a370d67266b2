/**
 * Worker thread of FuzzWorker (support.ts): runs the tasks it is sent, one
 * at a time, a property of properties.ts or a hostile document; reports each
 * input before evaluating it (the hang watchdog of the main thread names the
 * input that never finished), then the result.
 */
import { parentPort } from 'node:worker_threads';
import { PROPERTIES, runHostile, type PropertyName } from './properties';
import type { WorkerTask } from './support';

const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread');
const progress = (label: string): void => port.postMessage({ type: 'progress', label });

port.on('message', (task: WorkerTask) => {
  progress(`${task.property}: task received`);
  try {
    if (task.hostile) {
      port.postMessage({ type: 'done', stats: runHostile(task.hostile, progress) });
    } else {
      const property = PROPERTIES[task.property as PropertyName];
      if (!property) throw new Error(`no property ${task.property}`);
      port.postMessage({ type: 'done', stats: property(task.runs, task.seed, progress) });
    }
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
