import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { evaluate } from '../../subgraphs/model/evaluator.js';
import type { ModelService } from '../../subgraphs/model/model-service.js';
import type { ModelVersionInfo } from '../../subgraphs/model/registry/model-registry.js';
import { loadFrom } from '../../subgraphs/model/registry/postgres-model-io.js';
import { RewardPredictor } from '../../subgraphs/model/serving/reward-predictor.js';
import { labelSamples, loadSamples, toSplit } from '../../subgraphs/model/training/dataset.js';
import { buildRewardNetwork, captureArtifacts, predictBatch } from '../../subgraphs/model/training/reward-network.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { exampleState } from '../support/fixtures.js';
import { createModelService, seedTrajectories } from '../support/model.js';

describe.each(BACKENDS)('model registry, promotion gate and serving (%s)', (backend) => {
  let database: DatabaseHandle;
  let service: ModelService;
  let trained: ModelVersionInfo;
  let untrained: ModelVersionInfo;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await seedTrajectories(database, 140);
    service = createModelService(database);
    await service.start();
    const run = await service.queue({ epochs: 8 }, 'MANUAL', 'test');
    for await (const _ of service.events.follow(run.id));
    trained = (await service.registry.get((await service.runs.get(run.id))!.modelVersionId!))!;
    // A version that never learned, evaluated on the same test trajectories: the gate must stop it.
    const artifacts = await captureArtifacts(buildRewardNetwork({ hiddenUnits: [256, 128, 64], learningRate: 0.001, seed: 999 }));
    const { id: _id, ...lineage } = trained;
    const row = await service.registry.register(
      {
        ...lineage,
        createdBy: 'test',
        createdAt: new Date(),
        version: trained.version + 100,
        runId: null,
        modelCard: '# untrained',
      },
      artifacts,
    );
    untrained = (await service.registry.get(row.id))!;
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    await database?.close();
  });

  it('stores topology and weights through the IO handler: a reloaded model predicts exactly as evaluated', async () => {
    const model = await tfl.loadLayersModel(loadFrom(database.db, trained.id));
    const { samples } = await loadSamples(database.db, trained.testTrajectoryIds);
    const labelled = labelSamples(samples, 'RATING_ELSE_RUBRIC');
    const split = toSplit(labelled);
    const predictions = predictBatch(model, split.x, split.n);
    const again = evaluate(labelled.map((s, i) => ({ prediction: predictions[i]!, target: s.target, audience: s.audience })));
    expect(again.count).toBe(trained.splitSizes.test);
    expect(again.mae).toBeCloseTo(trained.metrics.mae, 6);
    model.dispose();
  });

  it('promotes, gates, forces, keeps history and rolls back step by step', async () => {
    const registry = service.registry;
    // No production yet: nothing to compare with.
    await registry.promote({ versionId: untrained.id, alias: 'production', force: false, reason: null, actor: 'ml' });
    // Better than production on its own test data: allowed.
    await registry.promote({ versionId: trained.id, alias: 'production', force: false, reason: null, actor: 'ml' });
    expect((await registry.alias('production'))?.versionId).toBe(trained.id);

    // Worse: refused, with the numbers, and the alias does not move.
    const refused = registry.promote({ versionId: untrained.id, alias: 'production', force: false, reason: null, actor: 'ml' });
    await expect(refused).rejects.toMatchObject({ extensions: { code: 'PROMOTION_REJECTED' } });
    const err = (await refused.catch((e: unknown) => e)) as {
      message: string;
      extensions: {
        gate: {
          candidateMae: number;
          productionMae: number;
          testSize: number;
          maeDifference: { low: number; high: number; difference: number };
        };
      };
    };
    expect(err.extensions.gate.candidateMae).toBeGreaterThan(err.extensions.gate.productionMae);
    expect(err.extensions.gate.testSize).toBe(untrained.splitSizes.test);
    expect(err.message).toMatch(/does worse than production .* force: true/);
    // The gate judged by the interval: the whole 95% interval of the MAE difference above zero.
    const gate = err.extensions.gate;
    expect(gate.maeDifference.low).toBeGreaterThan(0);
    expect(gate.maeDifference.difference).toBeCloseTo(err.extensions.gate.candidateMae - err.extensions.gate.productionMae, 10);
    expect(err.message).toMatch(/95% interval 0\.\d{4} to 0\.\d{4}/);
    expect((await registry.alias('production'))?.versionId).toBe(trained.id);

    // Forced: allowed and recorded as forced, with the reason.
    await registry.promote({ versionId: untrained.id, alias: 'production', force: true, reason: 'incident drill', actor: 'ml' });
    const [latest] = await registry.aliasHistory('production');
    expect(latest).toMatchObject({
      toVersionId: untrained.id,
      fromVersionId: trained.id,
      forced: 1,
      reason: 'incident drill',
      action: 'PROMOTE',
    });

    // Rollbacks walk back through the promotions: untrained → trained → untrained → nothing.
    expect((await registry.rollback('production', 'ml')).versionId).toBe(trained.id);
    expect((await registry.rollback('production', 'ml')).versionId).toBe(untrained.id);
    await expect(registry.rollback('production', 'ml')).rejects.toMatchObject({ extensions: { code: 'INVALID_STATE' } });
    expect((await registry.aliasHistory('production')).map((m) => m.action)).toEqual([
      'ROLLBACK',
      'ROLLBACK',
      'PROMOTE',
      'PROMOTE',
      'PROMOTE',
    ]);

    // Other aliases are not gated.
    await registry.promote({ versionId: untrained.id, alias: 'staging', force: false, reason: null, actor: 'ml' });
    expect(await registry.aliasesOf(untrained.id)).toEqual(['production', 'staging']);
  });

  it('a forced promotion to production waits for a second person, who is not the requester', async () => {
    const registry = service.registry;
    const alice = { id: 'api_key:alice', name: 'alice' };
    const bob = { id: 'api_key:bob', name: 'bob' };
    await registry.promote({ versionId: trained.id, alias: 'production', force: false, reason: null, actor: 'ml' });
    const force = (reason: string | null) =>
      registry.promote({ versionId: untrained.id, alias: 'production', force: true, reason, actor: 'alice', requester: alice });

    await expect(force(null)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const asked = (await force('incident drill').catch((e: unknown) => e)) as {
      extensions: { code: string; promotionRequestId: string };
    };
    expect(asked.extensions.code).toBe('APPROVAL_REQUIRED');
    const requestId = asked.extensions.promotionRequestId;
    expect((await registry.alias('production'))?.versionId).toBe(trained.id);
    expect(await registry.promotionRequests('PENDING')).toMatchObject([
      { id: requestId, requestedByName: 'alice', versionId: untrained.id },
    ]);

    await expect(registry.decide(requestId, true, alice)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect((await registry.alias('production'))?.versionId).toBe(trained.id);

    const approved = await registry.decide(requestId, true, bob);
    expect(approved).toMatchObject({ status: 'APPROVED', decidedByName: 'bob' });
    expect((await registry.alias('production'))?.versionId).toBe(untrained.id);
    const [move] = await registry.aliasHistory('production');
    expect(move).toMatchObject({
      forced: 1,
      actor: 'bob',
      reason: 'incident drill (forced; requested by alice, approved by bob)',
    });
    await expect(registry.decide(requestId, true, bob)).rejects.toMatchObject({ extensions: { code: 'INVALID_STATE' } });

    // A rejected request moves nothing; a rollback stays one person's decision.
    const again = (await force('second try').catch((e: unknown) => e)) as { extensions: { promotionRequestId: string } };
    expect(await registry.decide(again.extensions.promotionRequestId, false, bob)).toMatchObject({ status: 'REJECTED' });
    expect((await registry.alias('production'))?.versionId).toBe(untrained.id);
    expect((await registry.rollback('production', 'alice')).versionId).toBe(trained.id);
  });

  it('refuses bad alias names, unknown versions and unknown aliases with coded errors', async () => {
    await expect(
      service.registry.promote({ versionId: trained.id, alias: 'Prod!', force: false, reason: null, actor: 'ml' }),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    await expect(
      service.registry.promote({
        versionId: '00000000-0000-4000-8000-000000000000',
        alias: 'staging',
        force: false,
        reason: null,
        actor: 'ml',
      }),
    ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await expect(service.registry.rollback('nope', 'ml')).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('another serving replica follows a promotion within a second, without restarting', async () => {
    const replica = new RewardPredictor(database.db, database.notifications, { maxLoadedModels: 2 });
    await replica.start();
    try {
      await service.registry.promote({ versionId: trained.id, alias: 'production', force: true, reason: 'setup', actor: 'ml' });
      const before = await replica.predictStates([exampleState()], null);
      expect(before[0]!.modelVersionId).toBe(trained.id);
      await service.registry.promote({
        versionId: untrained.id,
        alias: 'production',
        force: true,
        reason: 'switch',
        actor: 'ml',
      });
      const deadline = Date.now() + 1000;
      let now = before[0]!.modelVersionId;
      while (now !== untrained.id && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        now = (await replica.predictStates([exampleState()], null))[0]!.modelVersionId;
      }
      expect(now).toBe(untrained.id);
    } finally {
      await replica.stop();
    }
  });

  it('loads many versions in the order asked, null for unknown or malformed ids', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const rows = await service.registry.getMany([untrained.id, unknown, trained.id, 'not-a-uuid', trained.id]);
    expect(rows.map((r) => r?.id ?? null)).toEqual([untrained.id, null, trained.id, null, trained.id]);
    expect(rows[0]).not.toHaveProperty('weights');
  });

  it('scores a batch in one call, each state the same as alone', async () => {
    const { samples } = await loadSamples(database.db);
    const states = samples.slice(0, 100).map((s) => s.state);
    const batch = await service.predictor.predictStates(states, trained.id);
    expect(batch).toHaveLength(100);
    for (const i of [0, 37, 99]) {
      const [alone] = await service.predictor.predictStates([states[i]!], trained.id);
      expect(batch[i]!.value).toBeCloseTo(alone!.value, 5);
    }
  });

  it('compares two versions on the same test split with paired bootstrap intervals', async () => {
    const c = (await service.registry.compare(untrained.id, trained))!;
    expect(c.testSize).toBe(trained.splitSizes.test);
    expect(c.mae.b).toBeCloseTo(trained.metrics.mae, 6);
    expect(c.mae.difference).toBeCloseTo(c.mae.b - c.mae.a, 12);
    // The trained version is better beyond noise: its whole MAE interval lies below zero.
    expect(c.mae.high).toBeLessThan(0);
    expect(c.mae.low).toBeLessThanOrEqual(c.mae.difference);
    expect(c.mae.high).toBeGreaterThanOrEqual(c.mae.difference);
    expect(c.spearman.low).toBeLessThanOrEqual(c.spearman.high);
    // A version against itself: no difference, and an interval of zero width.
    const same = (await service.registry.compare(trained.id, trained))!;
    expect([same.mae.difference, same.mae.low, same.mae.high]).toEqual([0, 0, 0]);
  });
});
