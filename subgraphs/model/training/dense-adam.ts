import * as tf from '@tensorflow/tfjs-core';
import type { DenseLayer } from './reward-network.js';

/** Adam's constants as tf.train.adam uses them (epsilon is the Layers backend's 1e-7). */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/**
 * One training step of the reward network — forward, backward and Adam — written out by hand
 * for a stack of dense layers (ReLU hidden, linear output) under mean squared error.
 *
 * Why not `model.trainOnBatch`: on the wasm backend, the gradients autograd derives for matMul
 * use its transposeA/transposeB flags, which leave XNNPACK's fast path (a 32×512 by 32×256
 * product with transposeA took 6 ms against 0.4 ms for the same product on an explicitly
 * transposed operand), and the Layers step adds its own per-op overhead. With explicit
 * transposes the step costs about 4 ms instead of 15 at batch 32 (docs/performance.md). The
 * arithmetic is the same as tf.train.adam's; `dense-adam.test.ts` checks a step against
 * trainOnBatch's.
 */
export class DenseAdam {
  private params: tf.Tensor[];
  private m: tf.Tensor[];
  private v: tf.Tensor[];
  private readonly activations: DenseLayer['activation'][];
  private steps = 0;

  constructor(
    initial: readonly DenseLayer[],
    private readonly learningRate: number,
  ) {
    this.activations = initial.map((l) => l.activation);
    this.params = initial.flatMap((l) => [l.kernel.clone(), l.bias.clone()]);
    this.m = this.params.map((p) => tf.zerosLike(p));
    this.v = this.params.map((p) => tf.zerosLike(p));
  }

  /** The current weights as layers (owned by this object: clone to keep them past the next step). */
  layers(): DenseLayer[] {
    return this.activations.map((activation, i) => ({
      kernel: this.params[2 * i] as tf.Tensor2D,
      bias: this.params[2 * i + 1] as tf.Tensor,
      activation,
    }));
  }

  /** Weights in getWeights() order (kernel, bias per layer), cloned. */
  snapshot(): tf.Tensor[] {
    return this.params.map((p) => p.clone());
  }

  /** One Adam step on a batch; returns the batch's loss (MSE) before the step. */
  step(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    this.steps++;
    const t = this.steps;
    const layers = this.layers();
    const out = tf.tidy(() => {
      const inputs: tf.Tensor2D[] = [x];
      layers.forEach(({ kernel, bias, activation }, i) =>
        inputs.push(tf.fused.matMul({ a: inputs[i] as tf.Tensor2D, b: kernel, bias, activation }) as tf.Tensor2D),
      );
      const diff = tf.sub(inputs[layers.length] as tf.Tensor2D, y);
      const loss = tf.mean(tf.square(diff)) as tf.Scalar;
      const grads: tf.Tensor[] = new Array<tf.Tensor>(this.params.length);
      let delta: tf.Tensor2D = tf.mul(diff, tf.scalar(2 / x.shape[0]));
      for (let i = layers.length - 1; i >= 0; i--) {
        const input = inputs[i] as tf.Tensor2D;
        grads[2 * i] = tf.matMul(tf.transpose(input), delta);
        grads[2 * i + 1] = tf.sum(delta, 0);
        // The input of layer i is layer i-1's ReLU output: its derivative is 1 where positive.
        if (i > 0)
          delta = tf.mul(tf.matMul(delta, tf.transpose((layers[i] as DenseLayer).kernel)), tf.step(input)) as tf.Tensor2D;
      }
      const beta1 = tf.scalar(BETA1);
      const beta2 = tf.scalar(BETA2);
      const oneMinusBeta1 = tf.scalar(1 - BETA1);
      const oneMinusBeta2 = tf.scalar(1 - BETA2);
      const correction1 = tf.scalar(1 - BETA1 ** t);
      const correction2 = tf.scalar(1 - BETA2 ** t);
      const epsilon = tf.scalar(EPSILON);
      const minusRate = tf.scalar(-this.learningRate);
      const m = grads.map((g, k) => tf.add(tf.mul(this.m[k] as tf.Tensor, beta1), tf.mul(g, oneMinusBeta1)));
      const v = grads.map((g, k) => tf.add(tf.mul(this.v[k] as tf.Tensor, beta2), tf.mul(tf.square(g), oneMinusBeta2)));
      const params = this.params.map((p, k) => {
        const mHat = tf.div(m[k] as tf.Tensor, correction1);
        const vHat = tf.div(v[k] as tf.Tensor, correction2);
        return tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), minusRate), p);
      });
      return { loss, m, v, params };
    });
    tf.dispose([...this.params, ...this.m, ...this.v]);
    this.params = out.params;
    this.m = out.m;
    this.v = out.v;
    return out.loss;
  }

  dispose(): void {
    tf.dispose([...this.params, ...this.m, ...this.v]);
  }
}
