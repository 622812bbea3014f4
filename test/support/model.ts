import type { DatabaseHandle } from '../../db/client.js';
import { generateTrajectories } from '../../demo/trajectory-generator.js';
import { ServiceMetrics } from '../../platform/metrics.js';
import { ModelService, type ModelServiceOptions } from '../../subgraphs/model/model-service.js';
import type { TrainingConfig } from '../../domain/model/training-config.js';
import { createSubgraphs, silentLog, TEST_IDENTITY } from './subgraphs.js';

/** Small, fast defaults: enough to learn something, quick on two cores. */
export const TEST_TRAINING: TrainingConfig = {
  epochs: 6,
  batchSize: 32,
  learningRate: 0.001,
  patience: 50,
  minImprovement: 0,
  maxIterations: 10_000,
  minDatasetSize: 20,
  hiddenUnits: [256, 128, 64],
  targetSource: 'RATING_ELSE_RUBRIC',
  seed: 42,
  validationShare: 0.15,
  testShare: 0.15,
  progressIntervalMs: 50,
  promoteTo: [],
};

export function testModelOptions(
  overrides: Partial<ModelServiceOptions['training']> = {},
  defaults: Partial<TrainingConfig> = {},
): ModelServiceOptions {
  return {
    training: {
      defaults: { ...TEST_TRAINING, ...defaults },
      backend: 'auto',
      niceness: 10,
      heartbeatTimeoutMs: 60_000,
      pollIntervalMs: 500,
      maxRunSeconds: 600,
      concurrency: 1,
      ...overrides,
    },
    trainsModels: true,
    continuousLearning: { afterTrajectories: 0, afterRatings: 0, checkIntervalMs: 60_000, promoteTo: [] },
    maxLoadedModels: 4,
  };
}

export function createModelService(database: DatabaseHandle, options: ModelServiceOptions = testModelOptions()): ModelService {
  return new ModelService(database, new ServiceMetrics('model'), silentLog, options);
}

/** Captures generated trajectories through the real pipeline (validated, rewarded) and rates some. */
export async function seedTrajectories(database: DatabaseHandle, count: number, seed = 3): Promise<string[]> {
  const { trajectory, reward } = await createSubgraphs(database);
  const generated = generateTrajectories({ count, seed, idPrefix: `t${seed}-` });
  const ids: string[] = [];
  for (let i = 0; i < generated.length; i += 50) {
    const outcomes = await trajectory.capture.submitMany(
      generated.slice(i, i + 50).map((g) => g.input),
      TEST_IDENTITY,
    );
    for (const o of outcomes) if (o.ok && o.trajectory.status === 'VALID') ids.push(o.trajectory.id);
  }
  const rewards = await reward.rewards.rewardsFor(ids.slice(0, 20), null);
  for (const [i, id] of ids.slice(0, 20).entries()) {
    await reward.rewards.rate(
      {
        trajectoryId: id,
        score: Math.min(1, (rewards[i]?.total ?? 0.5) + 0.02),
        comment: null,
        ratedBy: 'dr.test',
      },
      TEST_IDENTITY,
      undefined,
      { perRaterLimit: false },
    );
  }
  return ids;
}
