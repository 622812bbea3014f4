import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { workerResult } from '../support/ts-worker.js';

/**
 * Closed-loop clients in a worker thread: `connections` requests in flight for `seconds`, each
 * sent again as soon as its answer arrives (clients that do not pause). Counts answers without
 * errors; everything else is an error, by its code.
 */
export interface ClosedLoopJob {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}
export interface ClosedLoopResult {
  ok: number;
  errors: Record<string, number>;
  latencies: number[];
  seconds: number;
}

export function closedLoop(job: ClosedLoopJob): Promise<ClosedLoopResult> {
  return workerResult<ClosedLoopResult>(import.meta.url, job);
}

async function work(job: ClosedLoopJob): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let ok = 0;
  const started = performance.now();
  const deadline = started + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.connections }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          const res = await fetch(job.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...job.headers },
            body: job.body,
            signal: AbortSignal.timeout(10_000),
          });
          const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
          if (res.ok && !body.errors) ok++;
          else {
            const code = String(body.errors?.[0]?.extensions?.code ?? res.status);
            errors[code] = (errors[code] ?? 0) + 1;
          }
        } catch (err) {
          const code = err instanceof Error ? err.name : 'error';
          errors[code] = (errors[code] ?? 0) + 1;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { ok, errors, latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  void work(workerData as ClosedLoopJob).then((r) => port.postMessage(r));
}
