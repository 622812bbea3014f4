import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { trainingEvents, trainingRuns } from '../../db/schema/index.js';
import type { ModelService } from '../../subgraphs/model/model-service.js';
import type { TrainingEvent } from '../../subgraphs/model/training/training-runs.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { createModelService, seedTrajectories, TEST_TRAINING, testModelOptions } from '../support/model.js';

async function untilDone(service: ModelService, runId: string): Promise<TrainingEvent[]> {
  const events: TrainingEvent[] = [];
  for await (const e of service.events.follow(runId)) events.push(e);
  return events;
}

async function until(predicate: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(BACKENDS)('training pipeline (%s)', (backend) => {
  let database: DatabaseHandle;
  let service: ModelService;
  const extra: ModelService[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await seedTrajectories(database, 160);
    service = createModelService(database);
    await service.start();
  }, 120_000);
  afterEach(async () => {
    for (const s of extra.splice(0)) await s.stop();
  });
  afterAll(async () => {
    await service?.stop();
    await database?.close();
  });

  it('runs a queued run in a worker thread, records its history in order, and registers a version', async () => {
    const run = await service.queue({ epochs: 4 }, 'MANUAL', 'test');
    expect(run.status).toBe('QUEUED');
    const events = await untilDone(service, run.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.status).filter((s, i, all) => s !== all[i - 1])).toEqual(['QUEUED', 'RUNNING', 'COMPLETED']);
    const epochsReported = new Set(events.filter((e) => e.kind === 'PROGRESS' && e.validationLoss !== null).map((e) => e.epoch));
    expect([...epochsReported].sort()).toEqual([1, 2, 3, 4]);

    const done = (await service.runs.get(run.id))!;
    expect(done).toMatchObject({ status: 'COMPLETED', epochsCompleted: 4, worker: service.training.workerId });
    expect(['tensorflow', 'wasm', 'cpu']).toContain(done.backend);
    const version = (await service.registry.get(done.modelVersionId!))!;
    expect(version.runId).toBe(run.id);
    expect(version.featurizerVersion).toBe('featurizer-v3');
    expect(version.datasetDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(version.splitSizes.train + version.splitSizes.validation + version.splitSizes.test).toBe(done.dataset?.size);
    expect(version.testTrajectoryIds).toHaveLength(version.splitSizes.test);
    expect(version.modelCard).toContain(`# Reward model v${version.version}`);
    // Metrics: the ended run and its throughput.
    expect((await service.metrics.trainingRuns.get()).values).toContainEqual(
      expect.objectContaining({ labels: { status: 'COMPLETED' }, value: 1 }),
    );
    expect((await service.metrics.trainingSamplesPerSecond.get()).values[0]?.value).toBeGreaterThan(0);
    // The history is in the database, not only in memory.
    const stored = await database.db.select().from(trainingEvents).where(eq(trainingEvents.runId, run.id));
    expect(stored).toHaveLength(events.length);
  }, 120_000);

  it('cancels a queued run at once, and a running run after its current batch', async () => {
    const queued = await service.queue({ epochs: 200 }, 'MANUAL', 'test');
    const second = await service.queue({ epochs: 200 }, 'MANUAL', 'test');
    // The second waits behind the first on this one-worker replica: cancelling it is immediate.
    const cancelledQueued = await service.training.cancel(second.id);
    expect(cancelledQueued.status).toBe('CANCELLED');
    await until(
      async () =>
        (await service.runs.get(queued.id))?.status === 'RUNNING' && (await service.runs.get(queued.id))!.iterations > 0,
    );
    await service.training.cancel(queued.id);
    const events = await untilDone(service, queued.id);
    expect(events.at(-1)).toMatchObject({ kind: 'STATUS', status: 'CANCELLED' });
    const run = (await service.runs.get(queued.id))!;
    expect(run.status).toBe('CANCELLED');
    expect(run.modelVersionId).toBeNull();
    await expect(service.training.cancel(queued.id)).rejects.toMatchObject({ extensions: { code: 'INVALID_STATE' } });
  }, 120_000);

  it('a killed worker leaves its run FAILED with a reason, and the next run works', async () => {
    const run = await service.queue({ epochs: 200 }, 'MANUAL', 'test');
    await until(async () => service.training.isTraining(run.id) && ((await service.runs.get(run.id))?.iterations ?? 0) > 0);
    expect(await service.training.killWorker(run.id)).toBe(true);
    const failed = (await service.runs.get(run.id))!;
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/terminated/);
    const history = await service.runs.history(run.id);
    expect(history.at(-1)).toMatchObject({ kind: 'STATUS', status: 'FAILED' });

    const next = await service.queue({ epochs: 2 }, 'MANUAL', 'test');
    await untilDone(service, next.id);
    expect((await service.runs.get(next.id))?.status).toBe('COMPLETED');
  }, 120_000);

  it('a run whose replica died (no heartbeat) is marked FAILED by any other replica', async () => {
    const [orphan] = await database.db
      .insert(trainingRuns)
      .values({
        status: 'RUNNING',
        trigger: 'MANUAL',
        config: TEST_TRAINING,
        startedBy: 'test',
        worker: 'gone-host:4242',
        startedAt: new Date(Date.now() - 300_000),
        heartbeatAt: new Date(Date.now() - 300_000),
      })
      .returning();
    const replica = createModelService(database, testModelOptions({ heartbeatTimeoutMs: 1000 }));
    extra.push(replica);
    await replica.start();
    await until(async () => (await service.runs.get(orphan!.id))?.status === 'FAILED', 10_000);
    expect((await service.runs.get(orphan!.id))?.error).toMatch(/gone-host:4242\) has not reported since .*process died/);
  }, 30_000);

  it('two replicas share one queue and each run executes exactly once', async () => {
    const replica = createModelService(database);
    extra.push(replica);
    await replica.start();
    const runs = await Promise.all([1, 2, 3].map(() => service.queue({ epochs: 2 }, 'MANUAL', 'test')));
    for (const run of runs) await untilDone(service, run.id);
    for (const run of runs) {
      const history = await service.runs.history(run.id);
      expect(history.filter((e) => e.kind === 'STATUS' && e.status === 'RUNNING')).toHaveLength(1);
      expect((await service.runs.get(run.id))?.status).toBe('COMPLETED');
    }
  }, 180_000);

  it('a follower that unsubscribes while waiting for the next event ends at once', async () => {
    // A run nobody will train (no job): the follower gets its history, then waits.
    const run = await service.runs.create({ config: TEST_TRAINING, trigger: 'MANUAL', startedBy: 'test' });
    const follower = service.events.follow(run.id);
    expect((await follower.next()).value).toMatchObject({ kind: 'STATUS', status: 'QUEUED' });
    const pending = follower.next();
    await new Promise((r) => setTimeout(r, 50));
    await follower.return?.();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    await service.runs.finish(run.id, 'CANCELLED', 'test cleanup');
  });

  it('refuses bad configs field by field, and datasets below the minimum', async () => {
    await expect(service.queue({ epochs: 0, learningRate: -1 }, 'MANUAL', 'test')).rejects.toMatchObject({
      extensions: {
        code: 'BAD_USER_INPUT',
        fieldErrors: expect.arrayContaining([
          expect.objectContaining({ path: 'input.epochs' }),
          expect.objectContaining({ path: 'input.learningRate' }),
        ]),
      },
    });
    await expect(service.queue({ minDatasetSize: 100_000 }, 'MANUAL', 'test')).rejects.toMatchObject({
      extensions: { code: 'DATASET_TOO_SMALL', required: 100_000 },
    });
  });

  it('continuous learning queues a run once enough new data has arrived since the last run', async () => {
    const learner = createModelService(database, {
      ...testModelOptions(),
      trainsModels: false,
      continuousLearning: { afterTrajectories: 10, afterRatings: 0, checkIntervalMs: 60_000, promoteTo: ['staging'] },
    });
    extra.push(learner);
    await learner.start();
    expect(await learner.learning.check()).toBeNull();
    await seedTrajectories(database, 30, 11);
    const reason = await learner.learning.check();
    expect(reason).toMatch(/new valid trajectories/);
    const [latest] = (await service.runs.list({ first: 1, after: null, status: null })) ?? [];
    expect(latest).toMatchObject({ trigger: 'AUTOMATIC' });
    expect(latest!.config.promoteTo).toEqual(['staging']);
    // Right after queueing, nothing new has arrived since: no second run.
    expect(await learner.learning.check()).toBeNull();
    await untilDone(service, latest!.id);
    expect((await service.registry.alias('staging'))?.versionId).toBe((await service.runs.get(latest!.id))?.modelVersionId);
  }, 120_000);
});
