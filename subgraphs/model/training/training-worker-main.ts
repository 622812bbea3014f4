import { parentPort } from 'node:worker_threads';
import { selectBackend } from '../tf-backend.js';
import { trainRewardModel } from './trainer.js';
import { niceThisThread } from './thread-priority.js';
import type { FromWorker, ToWorker } from './training-protocol.js';

/** Trains one model off the service's event loop; the service owns the database and the run. */
const port = parentPort;
if (!port) throw new Error('training-worker-main must run in a worker thread');
let cancelled = false;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

port.on('message', (message: ToWorker) => {
  if (message.kind === 'cancel') {
    cancelled = true;
    return;
  }
  void run(message).catch((err: unknown) => send({ kind: 'error', message: err instanceof Error ? err.message : String(err) }));
});

async function run(message: Extract<ToWorker, { kind: 'start' }>): Promise<void> {
  const priority = niceThisThread(message.niceness);
  const choice = await selectBackend(message.backend);
  send({ kind: 'backend', backend: choice.backend, skipped: choice.skipped, priority });
  const outcome = await trainRewardModel(message.data, message.config, {
    onProgress: (report) => send({ kind: 'progress', report }),
    shouldStop: () => cancelled,
  });
  const weights = outcome.artifacts.weightData;
  send({ kind: 'done', outcome }, weights instanceof ArrayBuffer ? [weights] : []);
}
