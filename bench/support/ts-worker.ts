import { Worker } from 'node:worker_threads';

/** A worker thread running a TypeScript module: a worker does not inherit tsx's loader, so register it first. */
export function tsWorker(moduleUrl: string, workerData: unknown): Worker {
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(moduleUrl)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/** Runs `moduleUrl` in a worker thread with `workerData` and resolves with the one message it posts. */
export function workerResult<T>(moduleUrl: string, workerData: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = tsWorker(moduleUrl, workerData);
    worker.once('message', (result: T) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
