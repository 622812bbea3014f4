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

type Capture = Awaited<ReturnType<typeof createSubgraphs>>['trajectory']['capture'];
type CaptureInput = Parameters<Capture['submitMany']>[0][number];

/**
 * Submits through the real pipeline in batches of 50 (submitMany's limit here) and returns the
 * trajectories stored as VALID, each with the state it was submitted with.
 */
export async function captureValid<T extends CaptureInput>(
  capture: Capture,
  inputs: readonly T[],
): Promise<{ id: string; state: T['state'] }[]> {
  const stored: { id: string; state: T['state'] }[] = [];
  for (let i = 0; i < inputs.length; i += 50) {
    const outcomes = await capture.submitMany(inputs.slice(i, i + 50), TEST_IDENTITY);
    outcomes.forEach((o, k) => {
      const input = inputs[i + k];
      if (o.ok && o.trajectory.status === 'VALID' && input) stored.push({ id: o.trajectory.id, state: input.state });
    });
  }
  return stored;
}

/** Captures generated trajectories through the real pipeline (validated, rewarded) and rates some. */
export async function seedTrajectories(database: DatabaseHandle, count: number, seed = 3): Promise<string[]> {
  const { trajectory, reward } = await createSubgraphs(database);
  const generated = generateTrajectories({ count, seed, idPrefix: `t${seed}-` });
  const ids = (
    await captureValid(
      trajectory.capture,
      generated.map((g) => g.input),
    )
  ).map((s) => s.id);
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
