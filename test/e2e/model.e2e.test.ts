import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DatabaseHandle } from '../../db/client.js';
import { startPlatform, type RunningPlatform } from '../../app/platform.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { exampleState } from '../support/fixtures.js';
import {
  ModelVersionsDocument,
  PredictRewardDocument,
  PromoteModelDocument,
  StartTrainingDocument,
  TrainingProgressDocument,
  type PredictRewardQueryVariables,
  type PromoteModelMutationVariables,
  type TrainingProgressSubscription,
} from '../../examples/generated/graphql.js';
import { exampleVariables, post, run, TEST_ADMIN_KEY } from '../support/graphql-client.js';

type ProgressEvent = TrainingProgressSubscription['trainingProgress'];

/** The subscription clients use (examples/training-progress.graphql). */
const PROGRESS = print(TrainingProgressDocument);

function wsClient(httpUrl: string, key: string = TEST_ADMIN_KEY): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
  });
}

async function collect<T>(client: Client, query: string, variables: Record<string, unknown>, timeoutMs = 120_000): Promise<T[]> {
  const events: T[] = [];
  const iterator = client.iterate<T>({ query, variables });
  const deadline = setTimeout(() => void iterator.return?.(), timeoutMs);
  try {
    for await (const result of iterator) {
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      events.push(result.data as T);
    }
  } catch (err) {
    // graphql-ws rejects with the error array itself when the operation is refused.
    throw Array.isArray(err) ? new Error(JSON.stringify(err)) : err;
  } finally {
    clearTimeout(deadline);
  }
  return events;
}

describe.each(BACKENDS)('Model subgraph through the gateway (%s)', (backend) => {
  let database: DatabaseHandle;
  let platform: RunningPlatform;
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    const config = loadConfig({
      ...EPHEMERAL_PORTS,
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      DEMO_TRAJECTORIES: '400',
      TRAIN_ON_START: 'false',
      TRAINING_EPOCHS: '12',
      TRAINING_PATIENCE: '50',
      TRAINING_POLL_INTERVAL_MS: '500',
      TRAINING_PROGRESS_INTERVAL_MS: '50',
      LOG_LEVEL: 'silent',
    });
    platform = await startPlatform(config, pino({ level: 'silent' }), { database });
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await platform?.stop();
    await database?.close();
  });

  it('before any promotion, predictReward says MODEL_NOT_READY', async () => {
    const res = await post(platform.gatewayUrl, 'query ($s: AssessmentStateInput!) { predictReward(state: $s) { value } }', {
      s: exampleState(),
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('MODEL_NOT_READY');
    expect(res.body.errors?.[0]?.message).toMatch(/startTraining/);
  });

  it('trains, streams progress over graphql-ws on the gateway, registers, promotes and serves', async () => {
    const started = await run(platform.gatewayUrl, StartTrainingDocument, { input: { epochs: 12 } });
    expect(started.body.errors).toBeUndefined();
    const queued = started.body.data!.startTraining;
    expect(queued.status).toBe('QUEUED');
    expect(queued.config.epochs).toBe(12);

    const client = wsClient(platform.gatewayUrl);
    clients.push(client);
    const events = (await collect<{ trainingProgress: ProgressEvent }>(client, PROGRESS, { runId: queued.id })).map(
      (e) => e.trainingProgress,
    );

    // History then live events, numbered without gaps, ending with the final status.
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({ kind: 'STATUS', status: 'QUEUED' });
    expect(events.some((e) => e.kind === 'STATUS' && e.status === 'RUNNING')).toBe(true);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ kind: 'STATUS', status: 'COMPLETED' });
    // At least one progress event per epoch, each with the numbers a loss curve needs.
    const epochs = new Set(events.filter((e) => e.kind === 'PROGRESS').map((e) => e.epoch));
    for (let epoch = 1; epoch <= 12; epoch++) expect(epochs.has(epoch)).toBe(true);
    const endOfEpoch = events.filter((e) => e.kind === 'PROGRESS' && e.validationLoss !== null);
    for (const e of endOfEpoch) {
      expect(e.loss).toBeGreaterThanOrEqual(0);
      expect(e.validationMae).toBeGreaterThan(0);
      expect(e.samplesPerSecond).toBeGreaterThan(0);
      expect(e.etaSeconds).toBeGreaterThanOrEqual(0);
    }
    // The Model subgraph's own field resolved per event (run), and the version it registered.
    expect(last.run.modelVersion?.version).toBeGreaterThanOrEqual(1);

    const version = await post<{
      trainingRun: {
        status: string;
        backend: string;
        dataset: { size: number; trainSize: number; testSize: number; targetsFromRatings: number };
        modelVersion: {
          id: string;
          version: number;
          featurizerVersion: string;
          topology: number[];
          parameterCount: number;
          metrics: {
            test: { count: number; mae: number; accuracyWithin: number; pairwiseAccuracy: number };
            rubricBaseline: { count: number } | null;
          };
          modelCard: string;
        };
      };
    }>(
      platform.gatewayUrl,
      `query ($id: ID!) { trainingRun(id: $id) { status backend dataset { size trainSize testSize targetsFromRatings }
        modelVersion { id version featurizerVersion topology parameterCount modelCard
          metrics { test { count mae accuracyWithin pairwiseAccuracy } rubricBaseline { count } } } } }`,
      { id: queued.id },
    );
    expect(version.body.errors).toBeUndefined();
    const trained = version.body.data!.trainingRun;
    expect(trained.status).toBe('COMPLETED');
    expect(['tensorflow', 'wasm', 'cpu']).toContain(trained.backend);
    expect(trained.dataset.size).toBeGreaterThan(300);
    expect(trained.dataset.targetsFromRatings).toBeGreaterThan(0);
    const mv = trained.modelVersion;
    expect(mv.topology).toEqual([512, 256, 128, 64, 1]);
    expect(mv.parameterCount).toBe(512 * 256 + 256 + 256 * 128 + 128 + 128 * 64 + 64 + 64 + 1);
    expect(mv.metrics.test.count).toBe(trained.dataset.testSize);
    expect(mv.metrics.test.mae).toBeLessThan(0.2);
    expect(mv.modelCard).toContain('## Intended use');
    expect(mv.modelCard).toContain('## Limits');

    const promoteVars = exampleVariables<PromoteModelMutationVariables>('promote-model');
    const promoted = await run(platform.gatewayUrl, PromoteModelDocument, { ...promoteVars, versionId: mv.id });
    expect(promoted.body.errors).toBeUndefined();
    expect(promoted.body.data!.promoteModel.version.version).toBe(mv.version);

    const versions = await run(platform.gatewayUrl, ModelVersionsDocument, {});
    expect(versions.body.errors).toBeUndefined();
    expect(versions.body.data!.modelVersions.edges[0]?.node).toMatchObject({ version: mv.version, aliases: ['production'] });
    expect(versions.body.data!.modelAliases.find((a) => a.name === 'production')?.history[0]).toMatchObject({
      action: 'PROMOTE',
      to: { version: mv.version },
    });

    const predicted = await run(
      platform.gatewayUrl,
      PredictRewardDocument,
      exampleVariables<PredictRewardQueryVariables>('predict-reward'),
    );
    expect(predicted.body.errors).toBeUndefined();
    expect(predicted.body.data!.predictReward.value).toBeGreaterThanOrEqual(0);
    expect(predicted.body.data!.predictReward.value).toBeLessThanOrEqual(1);
    expect(predicted.body.data!.predictReward.modelVersion.version).toBe(mv.version);
    for (const { node } of predicted.body.data!.trajectories.edges) expect(node.predictedReward?.value).toBeTypeOf('number');

    // Trajectory (Trajectory subgraph) joined with predictedReward (Model subgraph) on one page.
    const page = await post<{
      trajectories: { edges: { node: { id: string; predictedReward: { value: number } | null; reward: { total: number } } }[] };
    }>(
      platform.gatewayUrl,
      '{ trajectories(first: 100) { edges { node { id reward { total } predictedReward { value modelVersion { version } } } } } }',
    );
    expect(page.body.errors).toBeUndefined();
    const nodes = page.body.data!.trajectories.edges.map((e) => e.node);
    expect(nodes).toHaveLength(100);
    for (const n of nodes) expect(n.predictedReward?.value).toBeTypeOf('number');
    // The model learned the rubric's ordering, at least roughly, after 12 epochs.
    const err = nodes.reduce((s, n) => s + Math.abs(n.predictedReward!.value - n.reward.total), 0) / nodes.length;
    expect(err).toBeLessThan(0.2);

    // A version against itself through the graph: no difference, within noise.
    const compared = await post<{
      compareModelVersions: { testSize: number; mae: { difference: number; low: number; high: number }; verdict: string };
    }>(
      platform.gatewayUrl,
      'query ($v: ID!) { compareModelVersions(a: $v, b: $v) { testSize mae { difference low high } spearman { a b } verdict } }',
      { v: mv.id },
    );
    expect(compared.body.errors).toBeUndefined();
    expect(compared.body.data!.compareModelVersions.mae).toEqual({ difference: 0, low: 0, high: 0 });
    expect(compared.body.data!.compareModelVersions.verdict).toMatch(/within noise/);
  }, 180_000);

  it('refuses a WebSocket without a valid key, and bad subscriptions get coded errors', async () => {
    const anonymous = createClient({
      url: platform.gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(anonymous);
    await expect(collect(anonymous, PROGRESS, { runId: '00000000-0000-4000-8000-000000000000' }, 10_000)).rejects.toMatchObject({
      code: 4403,
    });
    const client = wsClient(platform.gatewayUrl);
    clients.push(client);
    await expect(collect(client, PROGRESS, { runId: '00000000-0000-4000-8000-000000000000' }, 10_000)).rejects.toThrow(
      /NOT_FOUND/,
    );
    await expect(collect(client, 'subscription { nope }', {}, 10_000)).rejects.toThrow(/GRAPHQL_VALIDATION_FAILED/);
  });
});
