import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { educatorRating } from '../../demo/educator-panel.js';
import { generateTrajectories, seededRandom } from '../../demo/trajectory-generator.js';
import { BusinessMetrics } from '../../subgraphs/metrics/business-metrics.js';
import type { ModelService } from '../../subgraphs/model/model-service.js';
import { driftReason, DriftWatch, measureDrift, psi } from '../../subgraphs/model/serving/drift-monitor.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { captureValid, createModelService, seedTrajectories } from '../support/model.js';
import { createSubgraphs, silentLog } from '../support/subgraphs.js';

describe('population stability index', () => {
  it('is about 0 for the same distribution and large for a shifted one', () => {
    const rand = seededRandom(1);
    const sample = (shift: number) => Float32Array.from({ length: 2000 }, () => rand() + shift);
    expect(psi(sample(0), sample(0))).toBeLessThan(0.05);
    expect(psi(sample(0), sample(0.5))).toBeGreaterThan(1);
    // One-hot columns: the share of ones moving from 20% to 60%.
    const share = (p: number) => Float32Array.from({ length: 2000 }, () => (rand() < p ? 1 : 0));
    expect(psi(share(0.2), share(0.6))).toBeGreaterThan(0.25);
  });
});

describe.each(BACKENDS)('live drift of the production model (%s)', (backend) => {
  let database: DatabaseHandle;
  let model: ModelService;
  let production: { id: string; version: number; createdAt: Date };
  const queued: string[] = [];
  const retrainRuns: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await seedTrajectories(database, 160);
    model = createModelService(database);
    await model.start();
    const run = await model.queue({ epochs: 6, promoteTo: ['production'] }, 'MANUAL', 'test');
    for await (const _ of model.events.follow(run.id));
    const info = (await model.registry.get((await model.runs.get(run.id))!.modelVersionId!))!;
    production = { id: info.id, version: info.version, createdAt: info.createdAt };
  }, 120_000);
  afterAll(async () => {
    await model?.stop();
    await database?.close();
  });

  it('sees no drift before anything new arrives', async () => {
    const m = await measureDrift(database.db, model.predictor, model.features, production);
    expect(m.referenceSize).toBeGreaterThan(100);
    expect(m.currentSize).toBe(0);
    expect(m.live.count).toBe(0);
    expect(driftReason(m, { minRatings: 30, withinBelow: 0.8, psiAbove: 0.25 })).toBeNull();
  });

  it('detects a shifted audience mix and ratings that disagree, exports both, retrains once, and reports it', async () => {
    // New trajectories, all for patients, rated by a panel that judges unlike the rubric.
    const { trajectory, reward } = await createSubgraphs(database);
    const shifted = generateTrajectories({ count: 120, seed: 99, idPrefix: 'drift-' }).map((g) => ({
      ...g.input,
      state: { ...g.input.state, audience: 'PATIENT' as const },
    }));
    const stored = await captureValid(trajectory.capture, shifted);
    const ids = stored.map((s) => s.id);
    const rewards = await reward.rewards.rewardsFor(ids, null);
    const rand = seededRandom(3);
    // Educators now judge these much lower than before (the panel's view, less 0.25).
    for (const [i, { id, state }] of stored.slice(0, 60).entries()) {
      const score = Math.max(0, educatorRating('panel', state, rewards[i]!, rand) - 0.25);
      await reward.rewards.rate({ trajectoryId: id, score }, { id: 'api_key:panel', name: 'panel' }, undefined, {
        perRaterLimit: false,
      });
    }

    const watch = new DriftWatch(
      {
        db: database.db,
        predictor: model.predictor,
        features: model.features,
        production: async () => production,
        lastRunQueuedAt: () => model.learning.lastQueuedAt(),
        enqueue: async (reason) => {
          queued.push(reason);
          retrainRuns.push((await model.queue({}, 'AUTOMATIC', `continuous-learning (${reason})`)).id);
        },
        onMeasured: () => {},
        log: silentLog,
      },
      { checkIntervalMs: 0, minRatings: 30, withinBelow: 0.8, psiAbove: 0.25, retrain: true },
    );
    const m = (await watch.check())!;
    process.stdout.write(
      `drift (${backend}): input PSI audience ${m.psi.audience?.toFixed(3)}; live agreement within ±0.1 ${m.live.within?.toFixed(3)} (MAE ${m.live.mae?.toFixed(3)}) on ${m.live.count} ratings since v${production.version}; queued: ${queued.join('; ')}\n`,
    );
    expect(m.currentSize).toBe(ids.length);
    expect(m.psi.audience).toBeGreaterThan(0.25);
    expect(m.live.count).toBe(60);
    expect(m.live.within!).toBeLessThan(0.8);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatch(/^drift: live agreement 0\.\d{3} within ±0\.1 on 60 trajectories rated since v\d+/);
    // Retraining is under way: a second check does not queue another run.
    await watch.check();
    expect(queued).toHaveLength(1);
    // The retraining it queued trains to the end (and is not cut off by the teardown).
    for await (const _ of model.events.follow(retrainRuns[0]!));
    expect((await model.runs.get(retrainRuns[0]!))?.status).toBe('COMPLETED');

    // The service's own watch exports the figures.
    await model.drift.check();
    expect((await model.metrics.inputPsi.get()).values.find((v) => v.labels.group === 'audience')?.value).toBeGreaterThan(0.25);
    expect((await model.metrics.liveRatings.get()).values[0]?.value).toBe(60);

    // And the period's report says so.
    const lines = await new BusinessMetrics(database.db).modelEvents({
      from: new Date(Date.now() - 3_600_000),
      to: new Date(Date.now() + 60_000),
    });
    expect(lines.at(-1)).toMatch(
      /^Drift of model v\d+: live agreement 0\.\d{3} within ±0\.1 \(MAE 0\.\d{3}\) on 60 trajectories rated since it; largest input PSI \d+\.\d{3} \(audience\)$/,
    );
  }, 120_000);
});
