import { inArray } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { startPlatform, type RunningPlatform } from '../../app/platform.js';
import { educatorFeedback, trajectories } from '../../db/schema/index.js';
import { educatorRating } from '../../demo/educator-panel.js';
import { seededRandom } from '../../demo/trajectory-generator.js';
import { calculateReward } from '../../domain/rubric/reward-calculator.js';
import { DEFAULT_THRESHOLDS, DEFAULT_WEIGHTS } from '../../domain/rubric/rubric-definition.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import { evaluate } from '../../subgraphs/model/evaluator.js';
import { intervalCoverage } from '../../subgraphs/model/training/educator-correction.js';
import { createTestDatabase, RUNS_PGLITE } from '../support/database.js';
import { post, TEST_ADMIN_KEY } from '../support/graphql-client.js';

/**
 * Learning what educators value beyond the rubric from few ratings (#13): 1,000 demo
 * trajectories, 15% rated by a panel whose judgement differs from the rubric and depends on the
 * audience (demo/educator-panel.ts), the first model trained with the shipped defaults. Judged on
 * the held-out trajectories nobody rated, against what that panel would say of them.
 */
describe.runIf(RUNS_PGLITE)('few ratings from a panel that differs from the rubric (15% rated)', () => {
  let database: DatabaseHandle;
  let platform: RunningPlatform;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const config = loadConfig({
      ...EPHEMERAL_PORTS,
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      LOG_LEVEL: 'silent',
      DEMO_TRAJECTORIES: '1000',
      DEMO_EDUCATOR_PREFERENCE: 'panel',
      DEMO_RATED_SHARE: '0.15',
      // The target (#13) was set on the generator's mix of raster and vector images, where the
      // rubric's resolution check finds the small raster ones; the demo's drawn images are all
      // SVG, which that check passes. Hashes only keeps this measurement comparable.
      DEMO_IMAGES: 'false',
    });
    platform = await startPlatform(config, pino({ level: 'silent' }), { database });
  }, 180_000);
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  it('beats the rubric on held-out, never-rated trajectories, with a calibrated 90% interval', async () => {
    const run = platform.firstRun!;
    for await (const _ of platform.model.events.follow(run.id));
    const versionId = (await platform.model.runs.get(run.id))!.modelVersionId!;
    const version = (await platform.model.registry.get(versionId))!;

    // The model card reports the learning curve: quality against the number of ratings.
    const curve = version.modelCard.slice(version.modelCard.indexOf('### Learning curve'));
    const points = curve
      .split('\n')
      .slice(0, 12)
      .filter((l) => /^\| \d+ \|/.test(l))
      .map((l) => l.split('|').map((c) => c.trim()));
    expect(points.length).toBeGreaterThanOrEqual(3);
    expect(Number(points.at(-1)![3])).toBeGreaterThan(Number(points[0]![3]));
    process.stdout.write(
      `learning curve (ratings, MAE, within ±0.1): ${points.map((p) => `${p[1]}: ${p[2]} / ${p[3]}`).join('; ')}\n`,
    );

    const rows = await database.db
      .select({ id: trajectories.id, state: trajectories.state })
      .from(trajectories)
      .where(inArray(trajectories.id, version.testTrajectoryIds));
    const ratedIds = new Set(
      (await database.db.select({ id: educatorFeedback.trajectoryId }).from(educatorFeedback)).map((r) => r.id),
    );
    const unrated = rows.filter((r) => !ratedIds.has(r.id));
    const rand = seededRandom(2026);
    const rubric = { version: 1, weights: DEFAULT_WEIGHTS, thresholds: DEFAULT_THRESHOLDS };
    const panel = unrated.map((r) => educatorRating('panel', r.state, calculateReward(r.state, rubric), rand));
    const predictions = await platform.model.predictor.predictStates(
      unrated.map((r) => r.state),
      versionId,
    );
    const model = evaluate(
      unrated.map((r, i) => ({ prediction: predictions[i]!.value, target: panel[i]!, audience: r.state.audience })),
    );
    const base = evaluate(
      unrated.map((r, i) => ({
        prediction: calculateReward(r.state, rubric).total,
        target: panel[i]!,
        audience: r.state.audience,
      })),
    );
    const coverage = intervalCoverage(
      unrated.map((_, i) => ({
        prediction: predictions[i]!.value,
        target: panel[i]!,
        uncertainty: predictions[i]!.uncertainty!,
      })),
    );
    process.stdout.write(
      `few ratings (${version.metrics.intervalCoverage?.rated ?? 0} rated in test; ${unrated.length} never rated): ` +
        `model Spearman ${model.spearman.toFixed(3)} within ±0.1 ${model.accuracyWithin.toFixed(3)} MAE ${model.mae.toFixed(3)}; ` +
        `rubric ${base.spearman.toFixed(3)} / ${base.accuracyWithin.toFixed(3)} / ${base.mae.toFixed(3)}; 90% interval coverage ${coverage.toFixed(3)}\n`,
    );
    expect(unrated.length).toBeGreaterThan(100);
    expect(predictions.every((p) => p.uncertainty !== null && p.uncertainty > 0)).toBe(true);
    // #13's target at 15% rated: at least +0.05 in Spearman and +0.15 within ±0.1 over the rubric.
    expect(model.accuracyWithin).toBeGreaterThanOrEqual(base.accuracyWithin + 0.15);
    expect(model.spearman).toBeGreaterThanOrEqual(base.spearman + 0.05);
    expect(model.mae).toBeLessThan(base.mae - 0.01);
    expect(coverage).toBeGreaterThan(0.8);
    expect(coverage).toBeLessThan(0.99);

    // Through the graph: the uncertainty of a prediction, and the version's measured coverage.
    const res = await post<{
      modelVersion: { metrics: { intervalCoverage: number | null } };
      trajectory: {
        predictedReward: { value: number; uncertainty: number | null; explanation: { group: string; contribution: number }[] };
      };
    }>(
      platform.gatewayUrl,
      `query ($v: ID!, $t: ID!) { modelVersion(id: $v) { metrics { intervalCoverage } }
         trajectory(id: $t) { predictedReward(modelVersionId: $v) { value uncertainty explanation { group contribution } } } }`,
      { v: versionId, t: unrated[0]!.id },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.modelVersion.metrics.intervalCoverage).toBeGreaterThan(0.7);
    expect(res.body.data!.trajectory.predictedReward.value).toBeCloseTo(predictions[0]!.value, 6);
    expect(res.body.data!.trajectory.predictedReward.uncertainty).toBeCloseTo(predictions[0]!.uncertainty!, 6);
    // The explanation is exact with a correction: its parts sum to the reward (unless clipped).
    const explained = res.body.data!.trajectory.predictedReward;
    const sum = explained.explanation.reduce((a, p) => a + p.contribution, 0);
    if (explained.value > 0 && explained.value < 1) expect(sum).toBeCloseTo(explained.value, 2);
    expect(explained.explanation.map((p) => p.group)).toEqual(
      expect.arrayContaining(['rubric: visual quality', 'educators: rubric components for this audience']),
    );
  }, 300_000);
});
