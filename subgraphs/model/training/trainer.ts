import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { seededRandom } from '../../../platform/seeded-random.js';
import { FEATURE_DIM } from '../featurizer.js';
import { buildRewardNetwork, captureArtifacts, predictBatch } from './reward-network.js';
import type { TrainingConfig } from '../../../domain/model/training-config.js';

/** Row-major features [n, FEATURE_DIM] and targets [n]. */
export interface Split {
  x: Float32Array;
  y: Float32Array;
  n: number;
}

export interface TrainingData {
  train: Split;
  validation: Split;
  test: Split;
}

export interface ProgressReport {
  epoch: number;
  iteration: number;
  /** Mean training loss (MSE) of the epoch so far. */
  loss: number;
  /** Validation MSE and MAE after the last completed epoch (null before the first ends). */
  validationLoss: number | null;
  validationMae: number | null;
  samplesPerSecond: number;
  etaSeconds: number;
  endOfEpoch: boolean;
}

export type StopReason = 'EARLY_STOPPING' | 'EPOCHS' | 'MAX_ITERATIONS' | 'CANCELLED';

export interface TrainingOutcome {
  artifacts: tf.io.ModelArtifacts;
  parameterCount: number;
  stopReason: StopReason;
  epochs: number;
  iterations: number;
  bestEpoch: number;
  bestIteration: number;
  bestValidationLoss: number;
  /** The best weights' predictions on the three splits (the educator correction fits on train's). */
  trainPredictions: Float32Array;
  validationPredictions: Float32Array;
  testPredictions: Float32Array;
  trainSeconds: number;
  samplesPerSecond: number;
}

export interface TrainingHooks {
  onProgress(report: ProgressReport): void | Promise<void>;
  /** Checked between batches; true stops the run with stopReason CANCELLED. */
  shouldStop(): boolean;
}

/**
 * The training loop: seeded batch order, one optimizer step per batch, validation after each
 * epoch, early stopping that restores the best weights. Runs on whatever backend is active.
 * Yields to the event loop between batches so a cancel message can arrive.
 */
export async function trainRewardModel(
  data: TrainingData,
  config: TrainingConfig,
  hooks: TrainingHooks,
): Promise<TrainingOutcome> {
  if (data.train.n === 0 || data.validation.n === 0)
    throw new Error('training needs samples in both train and validation splits');
  const model = buildRewardNetwork(config);
  const rand = seededRandom(config.seed);
  const trainX = tf.tensor2d(data.train.x, [data.train.n, FEATURE_DIM]);
  const trainY = tf.tensor2d(data.train.y, [data.train.n, 1]);
  const batchesPerEpoch = Math.ceil(data.train.n / config.batchSize);
  const plannedIterations = Math.min(config.maxIterations, batchesPerEpoch * config.epochs);

  let best = { loss: Number.POSITIVE_INFINITY, epoch: 0, iteration: 0, weights: [] as tf.Tensor[] };
  let iteration = 0;
  let epoch = 0;
  let stopReason: StopReason = 'EPOCHS';
  let lastReportAt = 0;
  let lastValidation: { loss: number; mae: number } | null = null;
  const started = performance.now();
  let samplesSeen = 0;
  const rate = () => samplesSeen / Math.max(1e-3, (performance.now() - started) / 1000);
  const eta = () => ((plannedIterations - iteration) * Math.min(config.batchSize, data.train.n)) / Math.max(1e-9, rate());
  let lossSum = 0;
  let batches = 0;
  const report = (endOfEpoch: boolean): ProgressReport => ({
    epoch,
    iteration,
    loss: lossSum / Math.max(1, batches),
    validationLoss: lastValidation?.loss ?? null,
    validationMae: lastValidation?.mae ?? null,
    samplesPerSecond: rate(),
    etaSeconds: eta(),
    endOfEpoch,
  });

  try {
    training: for (epoch = 1; epoch <= config.epochs; epoch++) {
      const order = shuffled(data.train.n, rand);
      lossSum = 0;
      batches = 0;
      for (let start = 0; start < data.train.n; start += config.batchSize) {
        if (hooks.shouldStop()) {
          stopReason = 'CANCELLED';
          break training;
        }
        const idx = tf.tensor1d(order.subarray(start, start + config.batchSize), 'int32');
        const batchX = tf.gather(trainX, idx);
        const batchY = tf.gather(trainY, idx);
        lossSum += (await model.trainOnBatch(batchX, batchY)) as number;
        samplesSeen += idx.shape[0];
        tf.dispose([idx, batchX, batchY]);
        batches++;
        iteration++;
        const now = performance.now();
        if (now - lastReportAt >= config.progressIntervalMs && start + config.batchSize < data.train.n) {
          lastReportAt = now;
          await hooks.onProgress(report(false));
        }
        if (iteration >= config.maxIterations) {
          stopReason = 'MAX_ITERATIONS';
          lastValidation = validate(model, data.validation);
          noteBest();
          await hooks.onProgress(report(true));
          break training;
        }
        // Let messages (cancel) in; setImmediate is a macrotask, unlike an awaited promise.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      lastValidation = validate(model, data.validation);
      const improved = noteBest();
      lastReportAt = performance.now();
      await hooks.onProgress(report(true));
      if (!improved && epoch - best.epoch >= config.patience) {
        stopReason = 'EARLY_STOPPING';
        break;
      }
    }
    epoch = Math.min(epoch, config.epochs);
    const trainSeconds = (performance.now() - started) / 1000;
    if (best.weights.length > 0) model.setWeights(best.weights);
    return {
      artifacts: await captureArtifacts(model),
      parameterCount: model.countParams(),
      stopReason,
      epochs: epoch,
      iterations: iteration,
      bestEpoch: best.epoch,
      bestIteration: best.iteration,
      bestValidationLoss: best.loss,
      trainPredictions: predictBatch(model, data.train.x, data.train.n),
      validationPredictions: predictBatch(model, data.validation.x, data.validation.n),
      testPredictions: predictBatch(model, data.test.x, data.test.n),
      trainSeconds,
      samplesPerSecond: samplesSeen / Math.max(1e-3, trainSeconds),
    };
  } finally {
    trainX.dispose();
    trainY.dispose();
    best.weights.forEach((w) => w.dispose());
    model.dispose();
  }

  function noteBest(): boolean {
    if (!lastValidation || !(lastValidation.loss < best.loss * (1 - config.minImprovement))) return false;
    best.weights.forEach((w) => w.dispose());
    best = { loss: lastValidation.loss, epoch, iteration, weights: model.getWeights().map((w) => w.clone()) };
    return true;
  }
}

function validate(model: tfl.LayersModel, split: Split): { loss: number; mae: number } {
  const predictions = predictBatch(model, split.x, split.n, false);
  let se = 0;
  let ae = 0;
  for (let i = 0; i < split.n; i++) {
    const d = (predictions[i] ?? 0) - (split.y[i] ?? 0);
    se += d * d;
    ae += Math.abs(d);
  }
  return { loss: se / split.n, mae: ae / split.n };
}

/** Fisher–Yates over 0..n-1 with the run's seeded generator. */
function shuffled(n: number, rand: () => number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i] ?? i;
    order[i] = order[j] ?? j;
    order[j] = t;
  }
  return order;
}
