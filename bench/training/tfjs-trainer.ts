/**
 * One TensorFlow.js training measurement in its own process (a backend is chosen once per
 * process): reads the same float32 file as the PyTorch baseline, trains the platform's own
 * trainer, prints one JSON line per batch size.
 */
import { readFileSync } from 'node:fs';
import { FEATURE_DIM } from '../../subgraphs/model/featurizer.js';
import { selectBackend, type BackendPreference } from '../../subgraphs/model/tf-backend.js';
import { trainRewardModel, type Split } from '../../subgraphs/model/training/trainer.js';
import type { TrainingConfig } from '../../domain/model/training-config.js';

const [file = '', nArg, epochsArg, batchesArg = '32', backendArg] = process.argv.slice(2);
const n = Number(nArg);
const epochs = Number(epochsArg);
const raw = new Float32Array(readFileSync(file).buffer.slice(0));
const nTrain = Math.floor(n * 0.85);
const split = (from: number, to: number): Split => ({
  x: raw.slice(from * FEATURE_DIM, to * FEATURE_DIM),
  y: raw.slice(n * FEATURE_DIM + from, n * FEATURE_DIM + to),
  n: to - from,
});
const data = { train: split(0, nTrain), validation: split(nTrain, n), test: split(nTrain, n) };
const choice = await selectBackend((backendArg ?? 'auto') as BackendPreference);

for (const batch of batchesArg.split(',').map(Number)) {
  const config: TrainingConfig = {
    epochs,
    batchSize: batch,
    learningRate: 0.001,
    patience: 10_000,
    minImprovement: 0,
    maxIterations: 10_000_000,
    minDatasetSize: 3,
    hiddenUnits: [256, 128, 64],
    targetSource: 'RUBRIC',
    seed: 42,
    validationShare: 0.15,
    testShare: 0.15,
    progressIntervalMs: 60_000,
    promoteTo: [],
  };
  const hooks = { onProgress: () => undefined, shouldStop: () => false };
  await trainRewardModel(data, { ...config, epochs: 1 }, hooks); // warm-up: kernels compiled, memory grown
  const out = await trainRewardModel(data, config, hooks);
  process.stdout.write(
    `${JSON.stringify({ framework: 'tfjs', backend: choice.backend, threads: 1, batch, samples_per_second: out.samplesPerSecond, seconds: out.trainSeconds, validation_mse: out.bestValidationLoss })}\n`,
  );
}
