import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { FEATURE_DIM } from '../featurizer.js';

/**
 * The reward model: FEATURE_DIM → hidden ReLU layers → 1 linear output, MSE, Adam.
 * Initialisers are seeded so two runs with the same data and seed start from the same weights.
 */
export function buildRewardNetwork(options: { hiddenUnits: number[]; learningRate: number; seed: number }): tfl.LayersModel {
  const model = tfl.sequential();
  options.hiddenUnits.forEach((units, i) => {
    model.add(
      tfl.layers.dense({
        ...(i === 0 ? { inputShape: [FEATURE_DIM] } : {}),
        units,
        activation: 'relu',
        kernelInitializer: tfl.initializers.heNormal({ seed: options.seed + i }),
        name: `hidden_${i + 1}`,
      }),
    );
  });
  model.add(
    tfl.layers.dense({
      units: 1,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: options.seed + 100 }),
      name: 'reward',
    }),
  );
  model.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'meanSquaredError' });
  return model;
}

/** The artifacts a model saves to, captured in memory (for the worker to send back). */
export async function captureArtifacts(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured) throw new Error('model.save did not hand over its artifacts');
  return captured;
}

/** Weights as one ArrayBuffer, whichever shape the IO layer handed them in. */
export function weightBytes(artifacts: tf.io.ModelArtifacts): Uint8Array {
  const data = artifacts.weightData;
  if (!data) throw new Error('model artifacts carry no weights');
  const buffer = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
  return new Uint8Array(buffer);
}

/**
 * Predictions for a row-major [n, FEATURE_DIM] matrix, clipped to the reward range unless told
 * otherwise. One fused matMul + bias + ReLU per layer over the whole batch: LayersModel.predict
 * splits batches into chunks of 32 and costs 4× as much for a page of 100 (docs/performance.md).
 */
export function predictBatch(model: tfl.LayersModel, features: Float32Array, n: number, clip = true): Float32Array {
  return predictLayers(denseLayers(model), features, n, clip);
}

/** predictBatch over layers given as kernels and biases (the trainer's, between steps). */
export function predictLayers(layers: readonly DenseLayer[], features: Float32Array, n: number, clip = true): Float32Array {
  if (n === 0) return new Float32Array(0);
  return tf.tidy(() => {
    const out = forward(layers, tf.tensor2d(features, [n, FEATURE_DIM]));
    return (clip ? tf.clipByValue(out, 0, 1) : out).dataSync() as Float32Array;
  });
}

export interface DenseLayer {
  kernel: tf.Tensor2D;
  bias: tf.Tensor;
  activation: 'relu' | 'linear';
}

/** The network's layers as kernels and biases, for the fused forward pass. */
export function denseLayers(model: tfl.LayersModel): DenseLayer[] {
  return model.layers.map((layer) => {
    const [kernel, bias] = layer.getWeights();
    if (!kernel || !bias) throw new Error(`layer ${layer.name} is not a dense layer with a bias`);
    return { kernel: kernel as tf.Tensor2D, bias, activation: layer.getConfig().activation === 'relu' ? 'relu' : 'linear' };
  });
}

/** One fused matMul + bias + activation per layer (differentiable, for explanations too). */
export function forward(layers: readonly DenseLayer[], x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  for (const { kernel, bias, activation } of layers) h = tf.fused.matMul({ a: h, b: kernel, bias, activation }) as tf.Tensor2D;
  return h;
}
