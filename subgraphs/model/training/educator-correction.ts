import type { EducatorCorrectionRecord } from '../../../domain/model/model-records.js';
import { DEFAULT_WEIGHTS } from '../../../domain/rubric/rubric-definition.js';
import { AUDIENCE_DIMS, FEATURE_LAYOUT, MODALITY_DIMS, RUBRIC_COMPONENT_DIMS } from '../featurizer.js';

/**
 * The educator correction: a Bayesian ridge regression, fitted on the rated trajectories only,
 * of what educators said minus the default rubric's reward, over a small interpretable view of
 * the state (the summary features 0..63, the rubric's component scores among them, each
 * component score per audience, how far the network departs from the rubric, whether the
 * modality or the topic is a new one, and shortfalls of the score-like features; listed
 * below). The reward
 * is then the rubric's plus the correction: with no evidence the prior keeps it at the rubric,
 * ratings move it where educators judge differently, and the network's view counts as far as
 * the ratings bear it out (measured: docs/model.md, "Learning beyond the rubric").
 *
 * Why: the network trains on every trajectory, mostly on rubric targets (a rating exists for a
 * few), so where educators judge differently from the rubric it learns mostly the rubric. With
 * 10–20% rated, the 512-dimension network cannot learn the difference from the ratings alone
 * without overfitting; 120 coefficients with a prior can. Being Bayesian, it also says how sure it
 * is: the predictive standard deviation grows away from the rated data (a new modality, an
 * audience seldom rated), which is the prediction's uncertainty and what active learning asks for.
 */
export type EducatorCorrection = EducatorCorrectionRecord;

/**
 * The inputs, in order: 1 (intercept), the summary features 0..63, 4 components × 5 audiences,
 * the network's departure from the rubric (educator-correction-v1 ends here), then (v2) 1 when the
 * modality is none of the built-in codes. That last input is 0 on every rated trajectory until
 * educators rate a new modality, so its coefficient stays at the prior: a new modality's
 * prediction carries the prior's variance too, i.e. a higher uncertainty, until it is rated.
 */
export const AUDIENCE_COMPONENTS_AT = 65;
export const NETWORK_VIEW_AT = AUDIENCE_COMPONENTS_AT + RUBRIC_COMPONENT_DIMS.length * AUDIENCE_DIMS.length;
export const NEW_MODALITY_AT = NETWORK_VIEW_AT + 1;
/**
 * (v2) Shortfalls of the score-like summary features below a third and two thirds, max(0, k − x):
 * educators often judge a weak point more harshly than in proportion (illegible labels, a failed
 * agent), which a linear term cannot say. Term confidence and coverage, the cognitive-load and
 * visual scores, the failed-step share and the rubric's four component scores.
 */
export const SHORTFALL_DIMS = [37, 38, 41, 45, 46, 47, 48, 50, 51, 52, 53, 55, 60, 61, 62, 63] as const;
export const SHORTFALL_KNOTS = [1 / 3, 2 / 3] as const;
export const SHORTFALLS_AT = NEW_MODALITY_AT + 1;
/**
 * (v2) How new the topic is: the share of the state's topic-word buckets that no rated training
 * trajectory had (the record keeps which it had). Like the new-modality input, it is 0 on every
 * rated training trajectory, so an unfamiliar topic carries the prior's variance.
 */
export const NEW_TOPIC_AT = SHORTFALLS_AT + SHORTFALL_DIMS.length * SHORTFALL_KNOTS.length;
export const CORRECTION_DIM = NEW_TOPIC_AT + 1;
const TOPIC_DIMS = FEATURE_LAYOUT.find((g) => g.name === 'topic words (hashed)') ?? { from: 448, to: 511 };

/** The topic-word buckets a vector uses. */
export function topicBuckets(vector: Float32Array): number[] {
  const used: number[] = [];
  for (let d = TOPIC_DIMS.from; d <= TOPIC_DIMS.to; d++) if ((vector[d] ?? 0) !== 0) used.push(d);
  return used;
}
export const CORRECTION_KIND = 'educator-correction-v2';
/** Fewer rated training trajectories than this: no correction (and no uncertainty). */
export const MIN_RATED_FOR_CORRECTION = 20;
/** The stated interval is ±Z_90 · uncertainty: 90% of ratings should fall inside. */
export const Z_90 = 1.6449;
/** Prior precision (in units of the noise): chosen on the demo panel at 10–20% rated (docs/model.md). */
export const CORRECTION_LAMBDA = 0.3;

const COMPONENT_WEIGHTS = [
  DEFAULT_WEIGHTS.medicalTerms,
  DEFAULT_WEIGHTS.bloomsTaxonomy,
  DEFAULT_WEIGHTS.cognitiveLoad,
  DEFAULT_WEIGHTS.visualQuality,
];

/** The default rubric's reward, from the component scores in the vector (featurizer v2). */
export function rubricBase(vector: Float32Array): number {
  return RUBRIC_COMPONENT_DIMS.reduce((sum, dim, k) => sum + (COMPONENT_WEIGHTS[k] ?? 0) * (vector[dim] ?? 0), 0);
}

/**
 * The correction's inputs for a state's vector. `dim` is a stored correction's length (v1: 86);
 * `seenTopics`, the topic-word buckets of the rated training trajectories (none given: the
 * topic counts as familiar).
 */
export function correctionInput(
  vector: Float32Array,
  networkPrediction: number,
  dim: number = CORRECTION_DIM,
  seenTopics?: ReadonlySet<number>,
): Float64Array {
  const x = new Float64Array(CORRECTION_DIM);
  x[0] = 1;
  x[NETWORK_VIEW_AT] = networkPrediction - rubricBase(vector);
  for (let i = 0; i < 64; i++) x[1 + i] = vector[i] ?? 0;
  AUDIENCE_DIMS.forEach((a, ai) => {
    if ((vector[a] ?? 0) === 0) return;
    RUBRIC_COMPONENT_DIMS.forEach(
      (c, ci) => (x[AUDIENCE_COMPONENTS_AT + ai * RUBRIC_COMPONENT_DIMS.length + ci] = vector[c] ?? 0),
    );
  });
  x[NEW_MODALITY_AT] = MODALITY_DIMS.some((d) => (vector[d] ?? 0) !== 0) ? 0 : 1;
  SHORTFALL_DIMS.forEach((d, i) =>
    SHORTFALL_KNOTS.forEach((k, j) => (x[SHORTFALLS_AT + i * SHORTFALL_KNOTS.length + j] = Math.max(0, k - (vector[d] ?? 0)))),
  );
  const topic = seenTopics ? topicBuckets(vector) : [];
  x[NEW_TOPIC_AT] = topic.length === 0 ? 0 : topic.filter((d) => !seenTopics?.has(d)).length / topic.length;
  return dim === CORRECTION_DIM ? x : x.subarray(0, dim);
}

/** Fits the correction to `residuals` (rating − rubricBase) of rated trajectories. */
export function fitCorrection(
  inputs: Float64Array[],
  residuals: number[],
  lambda = CORRECTION_LAMBDA,
): Omit<EducatorCorrection, 'scale' | 'ratedValidation'> {
  const d = inputs[0]?.length ?? CORRECTION_DIM;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  for (let n = 0; n < inputs.length; n++) {
    const x = inputs[n] ?? new Float64Array(d);
    const y = residuals[n] ?? 0;
    for (let i = 0; i < d; i++) {
      const xi = x[i] ?? 0;
      if (xi === 0) continue;
      b[i] = (b[i] ?? 0) + xi * y;
      for (let j = 0; j < d; j++) a[i * d + j] = (a[i * d + j] ?? 0) + xi * (x[j] ?? 0);
    }
  }
  // The intercept gets a weak prior only, so the mean difference is learnt whole.
  for (let i = 0; i < d; i++) a[i * d + i] = (a[i * d + i] ?? 0) + (i === 0 ? 1e-6 : lambda);
  const covariance = invert(a, d);
  const weights = Array.from({ length: d }, (_, i) => {
    let w = 0;
    for (let j = 0; j < d; j++) w += (covariance[i * d + j] ?? 0) * (b[j] ?? 0);
    return w;
  });
  // σ² over the residual degrees of freedom (n − trace of the hat matrix): with about as many
  // inputs as ratings, the in-sample residuals alone would make the model look far surer than it is.
  let sse = 0;
  let leverage = 0;
  inputs.forEach((x, n) => {
    sse += ((residuals[n] ?? 0) - dot(weights, x)) ** 2;
    leverage += quadratic(covariance, x);
  });
  return {
    kind: CORRECTION_KIND,
    lambda,
    weights,
    covariance: Array.from(covariance),
    noiseVariance: Math.max(1e-5, sse / Math.max(1, inputs.length - leverage)),
    ratedTrain: inputs.length,
  };
}

/** The correction and the predictive sd (uncalibrated when scale is 1). */
export function applyCorrection(
  c: AppliedCorrection,
  vector: Float32Array,
  networkPrediction: number,
): { delta: number; sd: number } {
  const x = correctionInput(vector, networkPrediction, c.weights.length, seenTopicsOf(c));
  const quad = quadratic(c.covariance, x);
  return { delta: dot(c.weights, x), sd: c.scale * Math.sqrt(c.noiseVariance * (1 + Math.max(0, quad))) };
}

/** The reward (0..1) and its uncertainty: the rubric's reward plus the correction. */
export function correctedPrediction(
  c: AppliedCorrection,
  vector: Float32Array,
  networkPrediction: number,
): { value: number; uncertainty: number } {
  const { delta, sd } = applyCorrection(c, vector, networkPrediction);
  return { value: Math.min(1, Math.max(0, rubricBase(vector) + delta)), uncertainty: sd };
}

/** What serving a correction needs of its record. */
export type AppliedCorrection = Pick<
  EducatorCorrection,
  'weights' | 'covariance' | 'noiseVariance' | 'scale' | 'seenTopicBuckets'
>;

const seenTopicSets = new WeakMap<object, ReadonlySet<number>>();
/** The record's seen topic buckets as a set, made once per record (serving asks per prediction). */
export function seenTopicsOf(c: Pick<EducatorCorrection, 'seenTopicBuckets'>): ReadonlySet<number> | undefined {
  if (!c.seenTopicBuckets) return undefined;
  let seen = seenTopicSets.get(c);
  if (!seen) seenTopicSets.set(c, (seen = new Set(c.seenTopicBuckets)));
  return seen;
}

/**
 * Fits on rated trajectories, with the topic buckets they use as the familiar ones. `dim` below
 * CORRECTION_DIM fits an earlier input layout (v1: 86), for comparison (bench/few-ratings).
 */
export function fitOnRated(
  rated: { vector: Float32Array; network: number; rating: number }[],
  lambda = CORRECTION_LAMBDA,
  dim = CORRECTION_DIM,
) {
  const seen = new Set(rated.flatMap((t) => topicBuckets(t.vector)));
  const inputs = rated.map((t) => correctionInput(t.vector, t.network, dim, seen));
  const residuals = rated.map((t) => t.rating - rubricBase(t.vector));
  const fit = { ...fitCorrection(inputs, residuals, lambda), seenTopicBuckets: [...seen].sort((a, b) => a - b) };
  return { inputs, residuals, fit };
}

/**
 * Fits and calibrates the correction for a trained network: `train`/`validation` are the rated
 * trajectories with the network's predictions; null when too few are rated.
 */
export function buildCorrection(
  train: { vector: Float32Array; network: number; rating: number }[],
  validation: { vector: Float32Array; network: number; rating: number }[],
): EducatorCorrection | null {
  if (train.length < MIN_RATED_FOR_CORRECTION) return null;
  const { inputs, residuals, fit } = fitOnRated(train);
  const unscaled = { ...fit, scale: 1 };
  // Calibrated on the validation ratings and on the training ratings left out one at a time
  // (exact for ridge: residual ÷ (1 − leverage)): twenty-odd validation ratings alone put the
  // 90% quantile anywhere between the 80th and the 99th.
  const leftOut = inputs.map((x, n) => {
    const leverage = quadratic(fit.covariance, x);
    const residual = ((residuals[n] ?? 0) - dot(fit.weights, x)) / Math.max(1e-6, 1 - leverage);
    return residual / Math.sqrt(fit.noiseVariance * (1 + leverage));
  });
  const scale = calibrationScale([
    ...leftOut,
    ...validation.map((v) => {
      const p = correctedPrediction(unscaled, v.vector, v.network);
      return (v.rating - p.value) / p.uncertainty;
    }),
  ]);
  return { ...fit, scale, ratedValidation: validation.length };
}

/**
 * The factor on the sd that makes ±Z_90·sd hold 90% of the validation ratings (the smallest
 * factor that covers 90% of |error| / sd). Without enough validation ratings, 1.
 */
export function calibrationScale(errorsOverSd: number[]): number {
  if (errorsOverSd.length < 5) return 1;
  const sorted = errorsOverSd.map(Math.abs).sort((a, b) => a - b);
  const q90 = sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)] ?? Z_90;
  return Math.max(0.25, q90 / Z_90);
}

/** Share of samples whose target lies within ±Z_90·uncertainty of the prediction. */
export function intervalCoverage(samples: { prediction: number; target: number; uncertainty: number }[]): number {
  if (samples.length === 0) return Number.NaN;
  return samples.filter((s) => Math.abs(s.target - s.prediction) <= Z_90 * s.uncertainty).length / samples.length;
}

/** xᵀ C x for a row-major d×d C, d = x.length. */
function quadratic(c: ArrayLike<number>, x: ArrayLike<number>): number {
  const d = x.length;
  let quad = 0;
  for (let i = 0; i < d; i++) {
    const xi = x[i] ?? 0;
    if (xi === 0) continue;
    for (let j = 0; j < d; j++) quad += xi * (c[i * d + j] ?? 0) * (x[j] ?? 0);
  }
  return quad;
}

function dot(w: ArrayLike<number>, x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (w[i] ?? 0) * (x[i] ?? 0);
  return s;
}

/** Gauss–Jordan with partial pivoting; `a` is symmetric positive definite here (ridge). */
function invert(a: Float64Array, d: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) inv[i * d + i] = 1;
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(m[r * d + col] ?? 0) > Math.abs(m[pivot * d + col] ?? 0)) pivot = r;
    if (pivot !== col) {
      for (let k = 0; k < d; k++) {
        [m[col * d + k], m[pivot * d + k]] = [m[pivot * d + k] ?? 0, m[col * d + k] ?? 0];
        [inv[col * d + k], inv[pivot * d + k]] = [inv[pivot * d + k] ?? 0, inv[col * d + k] ?? 0];
      }
    }
    const p = m[col * d + col] ?? 1;
    for (let k = 0; k < d; k++) {
      m[col * d + k] = (m[col * d + k] ?? 0) / p;
      inv[col * d + k] = (inv[col * d + k] ?? 0) / p;
    }
    for (let r = 0; r < d; r++) {
      if (r === col) continue;
      const f = m[r * d + col] ?? 0;
      if (f === 0) continue;
      for (let k = 0; k < d; k++) {
        m[r * d + k] = (m[r * d + k] ?? 0) - f * (m[col * d + k] ?? 0);
        inv[r * d + k] = (inv[r * d + k] ?? 0) - f * (inv[col * d + k] ?? 0);
      }
    }
  }
  return inv;
}

export interface LearningCurvePoint {
  /** Rated training trajectories the correction was fitted on. */
  ratings: number;
  /** On the rated held-out trajectories (validation and test): MAE and share within ±0.1. */
  mae: number;
  within: number;
}

/**
 * Quality against the number of ratings: the correction refitted on the first 25%, 50%, 75% and
 * all of the rated training trajectories (in their seeded order), each judged on the rated
 * held-out ones; the first point (0 ratings) is the network alone. For the model card.
 */
export function learningCurve(
  train: { vector: Float32Array; network: number; rating: number }[],
  heldOut: { vector: Float32Array; network: number; rating: number }[],
): LearningCurvePoint[] {
  if (heldOut.length === 0) return [];
  const judge = (predict: (h: (typeof heldOut)[number]) => number, ratings: number): LearningCurvePoint => {
    const errors = heldOut.map((h) => Math.abs(predict(h) - h.rating));
    return {
      ratings,
      mae: errors.reduce((a, b) => a + b, 0) / errors.length,
      within: errors.filter((e) => e <= 0.1).length / errors.length,
    };
  };
  const points = [judge((h) => h.network, 0)];
  for (const share of [0.25, 0.5, 0.75, 1]) {
    const subset = train.slice(0, Math.round(share * train.length));
    if (subset.length < MIN_RATED_FOR_CORRECTION) continue;
    const fit = { ...fitOnRated(subset).fit, scale: 1 };
    points.push(judge((h) => correctedPrediction(fit, h.vector, h.network).value, subset.length));
  }
  return points;
}
