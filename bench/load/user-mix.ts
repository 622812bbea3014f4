import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { generateTrajectories } from '../../demo/trajectory-generator.js';
import { seededRandom } from '../../platform/seeded-random.js';
import { workerResult } from '../support/ts-worker.js';

/**
 * People at dashboards, in a worker thread: each user holds an API key of their own, pauses
 * 1–3 s between operations, and does what their role does. Viewers read the overview, pages of
 * trajectories with rewards and predictions, and predictions for new states; annotators read
 * pages and rate; ingest clients submit single trajectories and batches of ten, each with an
 * idempotency key, retrying the same key once when a request fails. One subscription to a
 * running training run per 50 users follows it over graphql-ws.
 */
export type Operation = 'overview' | 'page' | 'predict' | 'rate' | 'submit' | 'submitBatch';
export type UserRole = 'viewer' | 'annotator' | 'ingest';

export interface UserMixJob {
  url: string;
  /** One key per user, with the role the user plays. */
  users: { key: string; role: UserRole }[];
  seconds: number;
  trajectoryIds: string[];
  /** The run the subscribers follow, and the key they follow it with. */
  trainingRunId: string;
  subscriberKey: string;
  seed: number;
}

export interface OperationResult {
  latencies: number[];
  errors: Record<string, number>;
}

export interface UserMixResult {
  seconds: number;
  operations: Record<Operation, OperationResult>;
  subscriptions: { opened: number; events: number; errors: Record<string, number> };
}

const QUERIES: Record<Operation, string> = {
  overview:
    'query Overview { systemOverview { totalTrajectories totalRatings assessmentsLastHour averageReward24h captureRate24h activeRubricVersion } }',
  page: 'query Dashboard($after: String) { trajectories(first: 20, after: $after) { pageInfo { endCursor } edges { node { id submittedAt reward { total components { name score } } predictedReward { value } averageRating } } } }',
  predict: 'query Predict($state: AssessmentStateInput!) { predictReward(state: $state) { value modelVersion { version } } }',
  rate: 'mutation Rate($id: ID!, $score: Float!) { rateTrajectory(trajectoryId: $id, score: $score) { id } }',
  submit: 'mutation Submit($input: SubmitTrajectoryInput!) { submitTrajectory(input: $input) { created trajectory { id } } }',
  submitBatch:
    'mutation SubmitMany($inputs: [SubmitTrajectoryInput!]!) { submitTrajectories(inputs: $inputs) { acceptedCount rejectedCount } }',
};

// What each role does, by share of its operations.
const ROLE_MIX: Record<UserRole, [Operation, number][]> = {
  viewer: [
    ['overview', 0.4],
    ['page', 0.5],
    ['predict', 0.1],
  ],
  annotator: [
    ['page', 0.3],
    ['rate', 0.6],
    ['overview', 0.1],
  ],
  ingest: [
    ['submit', 0.7],
    ['submitBatch', 0.2],
    ['predict', 0.1],
  ],
};

export function runUserMix(job: UserMixJob): Promise<UserMixResult> {
  return workerResult<UserMixResult>(import.meta.url, job);
}

async function work(job: UserMixJob): Promise<UserMixResult> {
  const rand = seededRandom(job.seed);
  const states = generateTrajectories({ count: 4000, seed: job.seed, idPrefix: `mix-${job.seed}-` }).map((g) => g.input);
  let nextState = 0;
  const input = () => {
    const base = states[nextState++ % states.length];
    // Each submission is new (its own key and image), as a real ingest client's are.
    return {
      ...base,
      idempotencyKey: `mix-${job.seed}-${nextState}`,
      state: { ...base?.state, image: { ...base?.state.image, sha256: sha(job.seed, nextState) } },
    };
  };
  const empty = (): OperationResult => ({ latencies: [], errors: {} });
  const operations: Record<Operation, OperationResult> = {
    overview: empty(),
    page: empty(),
    predict: empty(),
    rate: empty(),
    submit: empty(),
    submitBatch: empty(),
  };
  const started = performance.now();
  const deadline = started + job.seconds * 1000;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const send = async (key: string, op: Operation, variables: Record<string, unknown>): Promise<string | null> => {
    try {
      const res = await fetch(job.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: QUERIES[op], variables }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      if (res.ok && !body.errors) return null;
      return String(body.errors?.[0]?.extensions?.code ?? res.status);
    } catch (err) {
      return err instanceof Error ? err.name : 'error';
    }
  };

  const variablesFor = (op: Operation): Record<string, unknown> => {
    switch (op) {
      case 'page':
        return {};
      case 'predict':
        return { state: states[Math.floor(rand() * states.length)]?.state };
      case 'rate':
        return { id: job.trajectoryIds[Math.floor(rand() * job.trajectoryIds.length)], score: Math.round(rand() * 100) / 100 };
      case 'submit':
        return { input: input() };
      case 'submitBatch':
        return { inputs: Array.from({ length: 10 }, input) };
      case 'overview':
        return {};
    }
  };

  const user = async (u: UserMixJob['users'][number]) => {
    await sleep(rand() * 3000); // arrivals spread over the first pause
    while (performance.now() < deadline) {
      let r = rand();
      const mix = ROLE_MIX[u.role];
      const op = (mix.find(([, share]) => (r -= share) < 0) ?? mix[0])?.[0] ?? 'overview';
      const variables = variablesFor(op);
      const t = performance.now();
      let error = await send(u.key, op, variables);
      // A submission that failed is sent again with the same idempotency key, as clients are told to.
      if (error && (op === 'submit' || op === 'submitBatch')) error = await send(u.key, op, variables);
      const result = operations[op];
      result.latencies.push(performance.now() - t);
      if (error) result.errors[error] = (result.errors[error] ?? 0) + 1;
      await sleep(1000 + rand() * 2000);
    }
  };

  const subscriptions = { opened: 0, events: 0, errors: {} as Record<string, number> };
  const subscribers = Math.max(1, Math.ceil(job.users.length / 50));
  const clients = Array.from({ length: subscribers }, () =>
    createClient({
      url: job.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${job.subscriberKey}` },
      retryAttempts: 0,
    }),
  );
  for (const client of clients) {
    subscriptions.opened++;
    client.subscribe(
      {
        query: 'subscription ($id: ID!) { trainingProgress(runId: $id) { sequence kind epoch } }',
        variables: { id: job.trainingRunId },
      },
      {
        next: () => void subscriptions.events++,
        error: (e) => {
          const code = String(
            (e as { code?: unknown; message?: unknown }).code ?? (e as { message?: unknown }).message ?? 'error',
          );
          subscriptions.errors[code] = (subscriptions.errors[code] ?? 0) + 1;
        },
        complete: () => undefined,
      },
    );
  }
  await Promise.all(job.users.map(user));
  await Promise.all(clients.map((c) => c.dispose()));
  for (const result of Object.values(operations)) result.latencies.sort((a, b) => a - b);
  return { seconds: (performance.now() - started) / 1000, operations, subscriptions };
}

/** A 64-hex image digest unique to this run's seed and the submission's number. */
function sha(seed: number, n: number): string {
  return `${seed.toString(16).padStart(8, '0')}${n.toString(16).padStart(8, '0')}`.repeat(4);
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  void work(workerData as UserMixJob).then((r) => port.postMessage(r));
}
