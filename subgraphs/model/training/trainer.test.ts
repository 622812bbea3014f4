import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../platform/seeded-random.js';
import { FEATURE_DIM } from '../featurizer.js';
import { selectBackend } from '../tf-backend.js';
import { trainRewardModel, type ProgressReport, type Split } from './trainer.js';
import { resolveTrainingConfig, type TrainingConfig } from '../../../domain/model/training-config.js';

/** A learnable synthetic task: the target is a fixed linear function of a few features. */
function synthetic(n: number, seed: number): Split {
  const rand = seededRandom(seed);
  const x = new Float32Array(n * FEATURE_DIM);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 8; j++) x[i * FEATURE_DIM + j] = rand();
    y[i] = 0.2 + 0.3 * x[i * FEATURE_DIM]! + 0.2 * x[i * FEATURE_DIM + 1]! + 0.1 * x[i * FEATURE_DIM + 2]!;
  }
  return { x, y, n };
}

const config: TrainingConfig = {
  epochs: 15,
  batchSize: 16,
  learningRate: 0.001,
  patience: 100,
  minImprovement: 0,
  maxIterations: 100_000,
  minDatasetSize: 3,
  hiddenUnits: [32, 16],
  targetSource: 'RUBRIC',
  seed: 7,
  validationShare: 0.15,
  testShare: 0.15,
  progressIntervalMs: 60_000,
  promoteTo: [],
};
const data = { train: synthetic(160, 1), validation: synthetic(40, 2), test: synthetic(40, 3) };
const noHooks = { onProgress: () => undefined, shouldStop: () => false };

describe('trainRewardModel', () => {
  beforeAll(async () => {
    await selectBackend('auto');
  });

  it('learns, reports every epoch, and keeps the best weights', async () => {
    const reports: ProgressReport[] = [];
    const out = await trainRewardModel(data, config, { ...noHooks, onProgress: (r) => void reports.push(r) });
    const epochEnds = reports.filter((r) => r.endOfEpoch);
    expect(epochEnds.map((r) => r.epoch)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(epochEnds.at(-1)!.validationLoss!).toBeLessThan(epochEnds[0]!.validationLoss!);
    expect(out.iterations).toBe(15 * Math.ceil(160 / 16));
    expect(out.bestValidationLoss).toBe(Math.min(...epochEnds.map((r) => r.validationLoss!)));
    expect(out.testPredictions).toHaveLength(40);
    expect(out.artifacts.weightSpecs?.map((w) => w.shape)).toEqual([[512, 32], [32], [32, 16], [16], [16, 1], [1]]);
  });

  it('is reproducible: same data, config and seed give the same predictions', async () => {
    const a = await trainRewardModel(data, { ...config, epochs: 3 }, noHooks);
    const b = await trainRewardModel(data, { ...config, epochs: 3 }, noHooks);
    expect(Array.from(b.testPredictions)).toEqual(Array.from(a.testPredictions));
    const c = await trainRewardModel(data, { ...config, epochs: 3, seed: 8 }, noHooks);
    expect(Array.from(c.testPredictions)).not.toEqual(Array.from(a.testPredictions));
  });

  it('stops early, at the iteration cap, and when cancelled', async () => {
    const early = await trainRewardModel(data, { ...config, epochs: 500, patience: 2, minImprovement: 0.5 }, noHooks);
    expect(early.stopReason).toBe('EARLY_STOPPING');
    expect(early.epochs).toBeLessThan(500);
    const capped = await trainRewardModel(data, { ...config, maxIterations: 25 }, noHooks);
    expect(capped).toMatchObject({ stopReason: 'MAX_ITERATIONS', iterations: 25 });
    let batches = 0;
    const cancelled = await trainRewardModel(data, config, { onProgress: () => undefined, shouldStop: () => ++batches > 5 });
    expect(cancelled).toMatchObject({ stopReason: 'CANCELLED', iterations: 5 });
  });
});

describe('resolveTrainingConfig', () => {
  it('overrides only what is given and rejects out-of-range values', () => {
    expect(resolveTrainingConfig(config, { epochs: 3, batchSize: null, seed: undefined })).toMatchObject({
      epochs: 3,
      batchSize: 16,
      seed: 7,
    });
    expect(() => resolveTrainingConfig(config, { learningRate: 0 })).toThrow();
    expect(() => resolveTrainingConfig(config, { hiddenUnits: [] })).toThrow();
    expect(() => resolveTrainingConfig(config, { promoteTo: ['Prod!'] })).toThrow();
  });
});
