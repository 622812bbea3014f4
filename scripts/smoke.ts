// Smoke tests against a deployed gateway (staging after every deploy; production after the canary):
// health and readiness, a query, a submission read back, and a subscription event over WebSocket.
//   SMOKE_URL=https://staging.example/graphql SMOKE_KEY=<ml_engineer key> npx tsx scripts/smoke.ts
// SMOKE_READ_ONLY=1 leaves out the submission and the training run (for production).
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { fromRoot } from '../platform/paths.js';

const url = process.env.SMOKE_URL;
const key = process.env.SMOKE_KEY;
const readOnly = process.env.SMOKE_READ_ONLY === '1';
if (!url || !key) {
  process.stderr.write('Set SMOKE_URL (the gateway, …/graphql) and SMOKE_KEY (an ml_engineer or admin key).\n');
  process.exit(2);
}

type Result<T> = { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url as string, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await res.json()) as Result<T>;
  if (!res.ok || body.errors?.length || !body.data) {
    throw new Error(`${res.status} ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

async function step(name: string, check: () => Promise<string>): Promise<void> {
  const started = performance.now();
  try {
    const detail = await check();
    process.stdout.write(`ok   ${name} (${Math.round(performance.now() - started)} ms) ${detail}\n`);
  } catch (err) {
    process.stdout.write(`FAIL ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

const base = new URL(url);
await step('gateway /_health and /_readiness', async () => {
  for (const path of ['/_health', '/_readiness']) {
    const res = await fetch(new URL(path, base), { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  }
  return '';
});

await step('a query across three subgraphs', async () => {
  const d = await gql<{ systemOverview: { totalTrajectories: number }; trajectories: { totalCount: number } }>(
    '{ systemOverview { totalTrajectories } trajectories(first: 3) { totalCount edges { node { id reward { total } } } } modelRuntime { backend } }',
  );
  return `${d.trajectories.totalCount} trajectories`;
});

if (!readOnly) {
  const randomSha = () => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
  // Three, so a fresh deployment has the smallest dataset a training run accepts (for the step after).
  await step('three submissions, one read back', async () => {
    let id: string | undefined;
    for (let i = 0; i < 3; i++) id = (await submit(randomSha())) ?? id;
    if (!id) throw new Error('no trajectory returned');
    const read = await gql<{ trajectory: { id: string; reward: { total: number } | null } | null }>(
      'query ($id: ID!) { trajectory(id: $id) { id reward { total } } }',
      { id },
    );
    if (read.trajectory?.id !== id || !read.trajectory.reward) throw new Error(`could not read ${id} back with its reward`);
    return id;
  });

  async function submit(sha: string): Promise<string | undefined> {
    // The example state (examples/variables/state.json) as a new image, so it is stored anew.
    const state = JSON.parse(readFileSync(fromRoot('examples', 'variables', 'state.json'), 'utf8')) as {
      image: { sha256: string };
    };
    state.image.sha256 = sha;
    const submitted = await gql<{ submitTrajectory: { trajectory: { id: string } | null } }>(
      'mutation ($input: SubmitTrajectoryInput!) { submitTrajectory(input: $input) { trajectory { id } } }',
      { input: { state, idempotencyKey: `smoke-${sha.slice(0, 16)}`, metadata: { smoke: true } } },
    );
    return submitted.submitTrajectory.trajectory?.id;
  }

  await step('a subscription event over WebSocket', async () => {
    const run = await gql<{ startTraining: { id: string } }>(
      'mutation { startTraining(input: { epochs: 1, minDatasetSize: 3 }) { id } }',
    );
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${key}` },
      retryAttempts: 0,
    });
    try {
      const events = client.iterate<{ trainingProgress: { sequence: number; status: string } }>({
        query: 'subscription ($id: ID!) { trainingProgress(runId: $id) { sequence status } }',
        variables: { id: run.startTraining.id },
      });
      const first = await Promise.race([
        events.next(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event within 15 s')), 15_000)),
      ]);
      await events.return?.();
      const event = first.value?.data?.trainingProgress;
      if (!event) throw new Error(`no event: ${JSON.stringify(first.value)}`);
      return `run ${run.startTraining.id}: event ${event.sequence} ${event.status}`;
    } finally {
      await gql('mutation ($id: ID!) { cancelTraining(runId: $id) { status } }', { id: run.startTraining.id }).catch(
        () => undefined,
      );
      await client.dispose();
    }
  });
}

process.stdout.write(process.exitCode ? 'smoke tests FAILED\n' : 'smoke tests passed\n');
