import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { workerResult } from './ts-worker.js';
import { generateTrajectories } from '../../demo/trajectory-generator.js';
import { runConcurrent } from './stats.js';

/**
 * The load generator runs in a worker thread so that building and sending requests does not
 * compete with the platform's own event loop (in production the client is another machine).
 */
export interface LoadJob {
  url: string;
  mode: 'single' | 'batch';
  count: number;
  batchSize: number;
  concurrency: number;
  seed: number;
  prefix: string;
  apiKey: string;
}
export interface LoadResult {
  wallMs: number;
  latencies: number[];
  errors: string[];
}

const SUBMIT = `mutation ($input: SubmitTrajectoryInput!) { submitTrajectory(input: $input) { created trajectory { id } } }`;
const SUBMIT_MANY = `mutation ($inputs: [SubmitTrajectoryInput!]!) { submitTrajectories(inputs: $inputs) { acceptedCount rejectedCount } }`;

export function runLoad(job: LoadJob): Promise<LoadResult> {
  return workerResult<LoadResult>(import.meta.url, job);
}

async function work(job: LoadJob): Promise<LoadResult> {
  const inputs = generateTrajectories({ count: job.count, seed: job.seed, idPrefix: job.prefix }).map((g) => g.input);
  const bodies =
    job.mode === 'single'
      ? inputs.map((input) => JSON.stringify({ query: SUBMIT, variables: { input } }))
      : Array.from({ length: Math.ceil(inputs.length / job.batchSize) }, (_, i) =>
          JSON.stringify({ query: SUBMIT_MANY, variables: { inputs: inputs.slice(i * job.batchSize, (i + 1) * job.batchSize) } }),
        );
  const errors: string[] = [];
  const { latencies, wallMs } = await runConcurrent(bodies.length, job.concurrency, async (i) => {
    const res = await fetch(job.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${job.apiKey}` },
      body: bodies[i],
    });
    const body = (await res.json()) as { errors?: { message: string }[] };
    if (body.errors?.length) errors.push(body.errors[0]?.message ?? 'error');
  });
  return { wallMs, latencies, errors };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  void work(workerData as LoadJob).then((r) => port.postMessage(r));
}
