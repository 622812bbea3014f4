import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { EducatorCorrectionRecord } from '../../../domain/model/model-records.js';
import { DEFAULT_WEIGHTS } from '../../../domain/rubric/rubric-definition.js';
import { FEATURE_DIM, FEATURE_LAYOUT, RUBRIC_COMPONENT_DIMS } from '../featurizer.js';
import {
  AUDIENCE_COMPONENTS_AT,
  NETWORK_VIEW_AT,
  NEW_MODALITY_AT,
  NEW_TOPIC_AT,
  SHORTFALL_DIMS,
  SHORTFALL_KNOTS,
  SHORTFALLS_AT,
  correctionInput,
  seenTopicsOf,
} from '../training/educator-correction.js';
import { denseLayers, forward } from '../training/reward-network.js';

export interface Contribution {
  /** A feature group of the featurizer's layout, a rubric component, or a part of the model. */
  group: string;
  /** Reward points this group adds (negative: takes away); the contributions sum to the reward before clipping to 0..1. */
  contribution: number;
}

const RUBRIC_PARTS: [string, number][] = [
  ['rubric: medical terms', DEFAULT_WEIGHTS.medicalTerms],
  ['rubric: Bloom’s taxonomy', DEFAULT_WEIGHTS.bloomsTaxonomy],
  ['rubric: cognitive load', DEFAULT_WEIGHTS.cognitiveLoad],
  ['rubric: visual quality', DEFAULT_WEIGHTS.visualQuality],
];

const byMagnitude = (xs: Contribution[]) =>
  xs.filter((c) => c.contribution !== 0).sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));

/**
 * With an educator correction the reward is linear in its inputs, so the explanation is exact:
 * the rubric's four weighted components, then what the correction adds per feature group (its
 * coefficients × the inputs), the per-audience re-weighting of components, and the network's view.
 */
export function explainCorrected(
  correction: Pick<EducatorCorrectionRecord, 'weights' | 'seenTopicBuckets'>,
  vector: Float32Array,
  network: number,
): Contribution[] {
  const w = correction.weights;
  const x = correctionInput(vector, network, w.length, seenTopicsOf(correction));
  const parts: Contribution[] = RUBRIC_PARTS.map(([group, weight], k) => ({
    group,
    contribution: weight * (vector[RUBRIC_COMPONENT_DIMS[k] ?? 0] ?? 0),
  }));
  parts.push({ group: 'educators: baseline shift', contribution: w[0] ?? 0 });
  for (const g of FEATURE_LAYOUT) {
    if (g.from >= 64) break;
    let sum = 0;
    for (let d = g.from; d <= g.to; d++) sum += (w[1 + d] ?? 0) * (x[1 + d] ?? 0);
    // A feature's shortfall terms count with its group.
    SHORTFALL_DIMS.forEach((d, i) => {
      if (d < g.from || d > g.to) return;
      for (let j = 0; j < SHORTFALL_KNOTS.length; j++) {
        const at = SHORTFALLS_AT + i * SHORTFALL_KNOTS.length + j;
        sum += (w[at] ?? 0) * (x[at] ?? 0);
      }
    });
    parts.push({ group: `educators: ${g.name}`, contribution: sum });
  }
  let perAudience = 0;
  for (let i = AUDIENCE_COMPONENTS_AT; i < NETWORK_VIEW_AT; i++) perAudience += (w[i] ?? 0) * (x[i] ?? 0);
  parts.push({ group: 'educators: rubric components for this audience', contribution: perAudience });
  parts.push({ group: 'educators: the network’s view', contribution: (w[NETWORK_VIEW_AT] ?? 0) * (x[NETWORK_VIEW_AT] ?? 0) });
  if (x.length > NEW_TOPIC_AT)
    parts.push({
      group: 'educators: a topic unlike the rated ones',
      contribution: (w[NEW_TOPIC_AT] ?? 0) * (x[NEW_TOPIC_AT] ?? 0),
    });
  if (x.length > NEW_MODALITY_AT)
    parts.push({
      group: 'educators: a modality outside the built-in codes',
      contribution: (w[NEW_MODALITY_AT] ?? 0) * (x[NEW_MODALITY_AT] ?? 0),
    });
  return byMagnitude(parts.map((p) => ({ ...p, contribution: Math.round(p.contribution * 1e4) / 1e4 })));
}

/**
 * Without a correction, the network alone: gradient × input summed per feature group (the
 * featurizer's documented layout), and what the network gives an all-zero input. For a ReLU
 * network this is a local, first-order account; the parts sum to the reward only approximately.
 */
export function explainNetwork(model: tfl.LayersModel, vector: Float32Array): Contribution[] {
  const layers = denseLayers(model);
  const output = (x: tf.Tensor): tf.Tensor => tf.sum(forward(layers, tf.reshape(x, [1, FEATURE_DIM]) as tf.Tensor2D));
  const { gradient, atZero } = tf.tidy(() => {
    const x = tf.tensor2d(vector, [1, FEATURE_DIM]);
    return {
      gradient: tf.grad(output)(x).dataSync() as Float32Array,
      atZero: output(tf.zeros([1, FEATURE_DIM])).dataSync()[0] ?? 0,
    };
  });
  const parts: Contribution[] = [{ group: 'network: baseline (all-zero input)', contribution: atZero }];
  for (const g of FEATURE_LAYOUT) {
    let sum = 0;
    for (let d = g.from; d <= g.to; d++) sum += (gradient[d] ?? 0) * (vector[d] ?? 0);
    parts.push({ group: g.name, contribution: sum });
  }
  return byMagnitude(parts.map((p) => ({ ...p, contribution: Math.round(p.contribution * 1e4) / 1e4 })));
}

export const EVERYTHING_ELSE = 'everything else (clipping to 0..1, rounding, the network’s nonlinearity)';

/**
 * The parts with one more row, so they add up to the prediction a reader sees: the clipping to
 * 0..1 and rounding for the correction, and for the network alone what its first-order account
 * leaves out. Without it, a sum that misses the value reads as an error.
 */
export function addingUpTo(value: number, parts: readonly Contribution[]): Contribution[] {
  const rest = Math.round((value - parts.reduce((s, p) => s + p.contribution, 0)) * 1e4) / 1e4;
  return rest === 0 ? [...parts] : [...parts, { group: EVERYTHING_ELSE, contribution: rest }];
}
