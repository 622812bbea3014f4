import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../platform/seeded-random.js';
import { FEATURE_DIM } from '../featurizer.js';
import { selectBackend } from '../tf-backend.js';
import { DenseAdam } from './dense-adam.js';
import { buildRewardNetwork, denseLayers } from './reward-network.js';

function batch(n: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const rand = seededRandom(seed);
  return {
    x: tf.tensor2d(
      Float32Array.from({ length: n * FEATURE_DIM }, () => rand()),
      [n, FEATURE_DIM],
    ),
    y: tf.tensor2d(
      Float32Array.from({ length: n }, () => rand()),
      [n, 1],
    ),
  };
}

const maxDifference = (a: readonly tf.Tensor[], b: readonly tf.Tensor[]): number =>
  Math.max(...a.map((t, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(t, b[i] as tf.Tensor))).dataSync()[0] ?? Infinity)));

describe('DenseAdam', () => {
  beforeAll(async () => {
    await selectBackend('auto');
  });

  it('takes the same steps as tf.train.adam through trainOnBatch (the hand-written backward pass is right)', async () => {
    const reference = buildRewardNetwork({ hiddenUnits: [64, 32, 16], learningRate: 0.01, seed: 5 });
    const ours = new DenseAdam(denseLayers(reference), 0.01);
    for (let s = 0; s < 5; s++) {
      const { x, y } = batch(24, s);
      const expectedLoss = (await reference.trainOnBatch(x, y)) as number;
      const loss = ours.step(x, y);
      // float32 sums in a different order: agree to about 1e-5 relative.
      expect(Math.abs((loss.dataSync()[0] ?? 0) - expectedLoss) / expectedLoss).toBeLessThan(1e-4);
      tf.dispose([x, y, loss]);
    }
    const theirs = reference.getWeights();
    const mine = ours.snapshot();
    // Weights moved by ~5 × 0.01 each; agreement to 1e-5 means the same gradients and moments.
    expect(
      maxDifference(
        theirs,
        denseLayers(buildRewardNetwork({ hiddenUnits: [64, 32, 16], learningRate: 0.01, seed: 5 })).flatMap((l) => [
          l.kernel,
          l.bias,
        ]),
      ),
    ).toBeGreaterThan(0.01);
    expect(maxDifference(mine, theirs)).toBeLessThan(1e-5);
    tf.dispose(mine);
    ours.dispose();
    reference.dispose();
  });

  it('keeps no tensors beyond its weights and moments between steps', () => {
    const model = buildRewardNetwork({ hiddenUnits: [16], learningRate: 0.001, seed: 1 });
    const ours = new DenseAdam(denseLayers(model), 0.001);
    const { x, y } = batch(8, 1);
    ours.step(x, y).dispose();
    const before = tf.memory().numTensors;
    for (let s = 0; s < 3; s++) ours.step(x, y).dispose();
    expect(tf.memory().numTensors).toBe(before);
    ours.dispose();
    tf.dispose([x, y]);
    model.dispose();
  });
});
