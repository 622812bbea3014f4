import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { workerResult } from './ts-worker.js';
import { percentile } from './stats.js';

/**
 * Sequential request latency, measured from a worker thread so the client's own work (JSON,
 * fetch) does not sit on the platform's event loop (in production the client is elsewhere).
 */
export interface LatencyJob {
  url: string;
  apiKey: string;
  query: string;
  variables?: Record<string, unknown>;
  n: number;
  warmup: number;
}
export interface LatencyResult {
  p50: number;
  p95: number;
  errors: string[];
}

export function measureLatency(job: LatencyJob): Promise<LatencyResult> {
  return workerResult<LatencyResult>(import.meta.url, job);
}

async function work(job: LatencyJob): Promise<LatencyResult> {
  const body = JSON.stringify({ query: job.query, variables: job.variables ?? {} });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${job.apiKey}` };
  const errors: string[] = [];
  const xs: number[] = [];
  for (let i = 0; i < job.warmup + job.n; i++) {
    const t = performance.now();
    const res = await fetch(job.url, { method: 'POST', headers, body });
    const json = (await res.json()) as { errors?: { message: string }[] };
    if (i >= job.warmup) xs.push(performance.now() - t);
    const first = json.errors?.[0];
    if (first && errors.length < 5) errors.push(first.message);
  }
  xs.sort((a, b) => a - b);
  return { p50: percentile(xs, 50), p95: percentile(xs, 95), errors };
}

const port = parentPort;
if (!isMainThread && port && (workerData as LatencyJob | undefined)?.query) {
  void work(workerData as LatencyJob).then((r) => port.postMessage(r));
}
