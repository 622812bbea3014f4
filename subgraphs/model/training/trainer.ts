import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '../../../platform/seeded-random.js';
import { FEATURE_DIM } from '../featurizer.js';
import { DenseAdam } from './dense-adam.js';
import { buildRewardNetwork, captureArtifacts, denseLayers, predictLayers, type DenseLayer } from './reward-network.js';
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
 * Yields to the event loop between batches so a cancel message can arrive. The Layers model
 * gives the seeded initial weights and, at the end, the artifacts; the steps are DenseAdam's.
 */
export async function trainRewardModel(
  data: TrainingData,
  config: TrainingConfig,
  hooks: TrainingHooks,
): Promise<TrainingOutcome> {
  if (data.train.n === 0 || data.validation.n === 0)
    throw new Error('training needs samples in both train and validation splits');
  const model = buildRewardNetwork(config);
  const optimizer = new DenseAdam(denseLayers(model), config.learningRate);
  const rand = seededRandom(config.seed);
  // Batches are gathered on the JS side: a slice or gather of one big tensor costs the wasm
  // backend 0.5–4 ms per batch, a copy of 32 rows into a fresh tensor 5 µs.
  const batchX = new Float32Array(Math.min(config.batchSize, data.train.n) * FEATURE_DIM);
  const batchY = new Float32Array(Math.min(config.batchSize, data.train.n));
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
        const rows = order.subarray(start, start + config.batchSize);
        rows.forEach((row, k) => {
          batchX.set(data.train.x.subarray(row * FEATURE_DIM, (row + 1) * FEATURE_DIM), k * FEATURE_DIM);
          batchY[k] = data.train.y[row] ?? 0;
        });
        const x = tf.tensor2d(batchX.subarray(0, rows.length * FEATURE_DIM), [rows.length, FEATURE_DIM]);
        const y = tf.tensor2d(batchY.subarray(0, rows.length), [rows.length, 1]);
        const loss = optimizer.step(x, y);
        lossSum += loss.dataSync()[0] ?? 0;
        samplesSeen += rows.length;
        tf.dispose([x, y, loss]);
        batches++;
        iteration++;
        const now = performance.now();
        if (now - lastReportAt >= config.progressIntervalMs && start + config.batchSize < data.train.n) {
          lastReportAt = now;
          await hooks.onProgress(report(false));
        }
        if (iteration >= config.maxIterations) {
          stopReason = 'MAX_ITERATIONS';
          lastValidation = validate(optimizer.layers(), data.validation);
          noteBest();
          await hooks.onProgress(report(true));
          break training;
        }
        // Let messages (cancel) in; setImmediate is a macrotask, unlike an awaited promise.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      lastValidation = validate(optimizer.layers(), data.validation);
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
    model.setWeights(best.weights.length > 0 ? best.weights : optimizer.layers().flatMap((l) => [l.kernel, l.bias]));
    const layers = denseLayers(model);
    return {
      artifacts: await captureArtifacts(model),
      parameterCount: model.countParams(),
      stopReason,
      epochs: epoch,
      iterations: iteration,
      bestEpoch: best.epoch,
      bestIteration: best.iteration,
      bestValidationLoss: best.loss,
      trainPredictions: predictLayers(layers, data.train.x, data.train.n),
      validationPredictions: predictLayers(layers, data.validation.x, data.validation.n),
      testPredictions: predictLayers(layers, data.test.x, data.test.n),
      trainSeconds,
      samplesPerSecond: samplesSeen / Math.max(1e-3, trainSeconds),
    };
  } finally {
    optimizer.dispose();
    best.weights.forEach((w) => w.dispose());
    model.dispose();
  }

  function noteBest(): boolean {
    if (!lastValidation || !(lastValidation.loss < best.loss * (1 - config.minImprovement))) return false;
    best.weights.forEach((w) => w.dispose());
    best = { loss: lastValidation.loss, epoch, iteration, weights: optimizer.snapshot() };
    return true;
  }
}

function validate(layers: readonly DenseLayer[], split: Split): { loss: number; mae: number } {
  const predictions = predictLayers(layers, split.x, split.n, false);
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
