import { calculateReward } from '../../domain/rubric/reward-calculator.js';
import { DEFAULT_THRESHOLDS, DEFAULT_WEIGHTS } from '../../domain/rubric/rubric-definition.js';
import {
  BLOOM_LEVELS,
  IMAGE_FORMATS,
  isBuiltInModality,
  LEARNER_LEVELS,
  MODALITIES,
  type AssessmentState,
} from '../../domain/assessment/state.js';

/**
 * Assessment state → 512-dim Float32 vector for the reward model. Deterministic and versioned:
 * a model stores the featurizer version it was trained with, and serving refuses a mismatch.
 * Numeric features are scaled to about 0..1; terms, verbs, agents and topic words are
 * feature-hashed (FNV-1a, signed) so no vocabulary has to be downloaded or shipped.
 */
export const FEATURIZER_VERSION = 'featurizer-v3';
/**
 * Versions whose vectors this featurizer can still produce: v1 is v2 with the rubric-component
 * dimensions (60..63) at zero; v2 is v3 for every built-in modality (v3 only adds how a modality
 * outside them is written, which v2 never saw). Models trained on either keep serving (vectorFor).
 */
export const SERVABLE_FEATURIZERS = ['featurizer-v1', 'featurizer-v2', FEATURIZER_VERSION] as const;
/** The built-in modality one-hot (dimensions 5..12, in MODALITIES order); all zero for any other code. */
export const MODALITY_DIMS = [5, 6, 7, 8, 9, 10, 11, 12] as const;
/** Where the default rubric's component scores sit (v2): terms, Bloom's, cognitive load, visual. */
export const RUBRIC_COMPONENT_DIMS = [60, 61, 62, 63] as const;
/** The audience one-hot (dimensions 0..4, in LEARNER_LEVELS order). */
export const AUDIENCE_DIMS = [0, 1, 2, 3, 4] as const;
export const FEATURE_DIM = 512;

/** Dimension by dimension, for the model card. */
export const FEATURE_LAYOUT: { from: number; to: number; name: string; description: string }[] = [
  { from: 0, to: 4, name: 'audience', description: `one-hot: ${LEARNER_LEVELS.join(', ')}` },
  {
    from: 5,
    to: 12,
    name: 'modality',
    description: `one-hot over the built-in codes: ${MODALITIES.join(', ')}; all zero for any other code (v3 hashes that code with the topic words)`,
  },
  { from: 13, to: 18, name: 'format', description: `one-hot: ${IMAGE_FORMATS.join(', ')}` },
  {
    from: 19,
    to: 22,
    name: 'resolution',
    description: 'log width, log height (÷ log 20000), megapixels ÷ 20, short side ÷ 2048 (capped at 1)',
  },
  { from: 23, to: 28, name: 'bloom level', description: `one-hot observed level: ${BLOOM_LEVELS.join(', ')}` },
  {
    from: 29,
    to: 33,
    name: 'bloom summary',
    description: 'findings present, level ÷ 5, distance to the audience band ÷ 5, verbs ÷ 20, objectives ÷ 10',
  },
  {
    from: 34,
    to: 41,
    name: 'medical terms',
    description: 'present, terms ÷ 50, labelled ÷ 50, mean confidence, min confidence, labelled share, expected ÷ 50, coverage',
  },
  {
    from: 42,
    to: 48,
    name: 'cognitive load',
    description: 'present, log elements, log labels (÷ log 1001), text density, intrinsic, extraneous, germane',
  },
  { from: 49, to: 53, name: 'visual', description: 'present, contrast, sharpness, colour balance, label legibility' },
  {
    from: 54,
    to: 59,
    name: 'agent steps',
    description: 'steps ÷ 10, failed share, skipped share, mean confidence, log total ms, log longest ms (÷ log 600001)',
  },
  {
    from: 60,
    to: 63,
    name: 'rubric components',
    description:
      'the default rubric’s component scores: medical terms, Bloom’s, cognitive load, visual quality (v2; zero in featurizer-v1)',
  },
  {
    from: 64,
    to: 191,
    name: 'terms (hashed)',
    description: '128 signed buckets of lower-cased terms, weighted by confidence (labelled 1, unlabelled 0.5), ÷ √terms',
  },
  { from: 192, to: 255, name: 'term categories (hashed)', description: '64 signed buckets of category × labelled, ÷ √terms' },
  { from: 256, to: 383, name: 'action verbs (hashed)', description: '128 signed buckets of lower-cased verbs, ÷ √verbs' },
  { from: 384, to: 447, name: 'agents (hashed)', description: '64 signed buckets of agent × status, ÷ √steps' },
  {
    from: 448,
    to: 511,
    name: 'topic words (hashed)',
    description:
      '64 signed buckets of lower-cased topic words and, for a modality outside the built-in codes, that code (v3), ÷ √items',
  },
];

const BAND: Record<(typeof LEARNER_LEVELS)[number], [number, number]> = {
  PATIENT: [0, 1],
  UNDERGRADUATE: [1, 2],
  MEDICAL_STUDENT: [2, 3],
  RESIDENT: [3, 4],
  SPECIALIST: [4, 5],
};

/** FNV-1a, 32-bit. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const logScale = (x: number, max: number) => clamp01(Math.log1p(Math.max(0, x)) / Math.log1p(max));

function hashInto(out: Float32Array, offset: number, size: number, items: [string, number][]): void {
  if (items.length === 0) return;
  const norm = 1 / Math.sqrt(items.length);
  for (const [key, weight] of items) {
    const h = fnv1a(key);
    const sign = h & 0x80000000 ? -1 : 1;
    const i = offset + (h % size);
    out[i] = (out[i] ?? 0) + sign * weight * norm;
  }
}

function oneHot(out: Float32Array, offset: number, values: readonly string[], value: string | undefined): void {
  const i = value === undefined ? -1 : values.indexOf(value);
  if (i >= 0) out[offset + i] = 1;
}

/** The vector a model trained with `featurizerVersion` expects, from this featurizer's vector. */
export function vectorFor(featurizerVersion: string, vector: Float32Array): Float32Array {
  if (featurizerVersion !== 'featurizer-v1') return vector;
  const v1 = vector.slice();
  for (const i of RUBRIC_COMPONENT_DIMS) v1[i] = 0;
  return v1;
}

/** vectorFor over a row-major [n, FEATURE_DIM] matrix (the same matrix when nothing changes). */
export function matrixFor(featurizerVersion: string, features: Float32Array, n: number): Float32Array {
  if (featurizerVersion !== 'featurizer-v1') return features;
  const own = new Float32Array(features.length);
  for (let i = 0; i < n; i++)
    own.set(vectorFor(featurizerVersion, features.subarray(i * FEATURE_DIM, (i + 1) * FEATURE_DIM)), i * FEATURE_DIM);
  return own;
}

const DEFAULT_RUBRIC = { version: 0, weights: DEFAULT_WEIGHTS, thresholds: DEFAULT_THRESHOLDS };

export function featurize(state: AssessmentState): Float32Array {
  const f = new Float32Array(FEATURE_DIM);
  // The rubric's view as features: the model can then learn how educators weigh its components
  // differently (per audience), which raw findings make hard to learn from few ratings.
  calculateReward(state, DEFAULT_RUBRIC).components.forEach((c, k) => (f[60 + k] = c.score));
  const set = (i: number, v: number) => (f[i] = Number.isFinite(v) ? v : 0);
  oneHot(f, 0, LEARNER_LEVELS, state.audience);
  oneHot(f, 5, MODALITIES, state.image.modality);
  oneHot(f, 13, IMAGE_FORMATS, state.image.format);
  const { width, height } = state.image;
  set(19, logScale(width, 20_000));
  set(20, logScale(height, 20_000));
  set(21, clamp01((width * height) / 20e6));
  set(22, clamp01(Math.min(width, height) / 2048));

  const bloom = state.bloom;
  if (bloom) {
    oneHot(f, 23, BLOOM_LEVELS, bloom.observedLevel);
    const level = BLOOM_LEVELS.indexOf(bloom.observedLevel);
    const [lo, hi] = BAND[state.audience];
    set(29, 1);
    set(30, level / 5);
    set(31, (level < lo ? lo - level : level > hi ? level - hi : 0) / 5);
    set(32, clamp01(bloom.actionVerbs.length / 20));
    set(33, clamp01(bloom.targetObjectives.length / 10));
  }

  const mt = state.medicalTerms;
  if (mt) {
    const terms = mt.terms;
    const labelled = terms.filter((t) => t.labelled).length;
    const expected = mt.expectedTermCount ?? 0;
    set(34, 1);
    set(35, clamp01(terms.length / 50));
    set(36, clamp01(labelled / 50));
    set(37, terms.length ? terms.reduce((s, t) => s + t.confidence, 0) / terms.length : 0);
    set(38, terms.length ? Math.min(...terms.map((t) => t.confidence)) : 0);
    set(39, terms.length ? labelled / terms.length : 0);
    set(40, clamp01(expected / 50));
    set(41, expected > 0 ? clamp01(labelled / expected) : labelled > 0 ? 1 : 0);
    hashInto(
      f,
      64,
      128,
      terms.map((t) => [`t:${t.term.toLowerCase()}`, t.confidence * (t.labelled ? 1 : 0.5)]),
    );
    hashInto(
      f,
      192,
      64,
      terms.map((t) => [`c:${t.category}:${t.labelled ? 1 : 0}`, 1]),
    );
  }

  const cl = state.cognitiveLoad;
  if (cl) {
    set(42, 1);
    set(43, logScale(cl.elementCount, 1000));
    set(44, logScale(cl.labelCount, 1000));
    set(45, cl.textDensity);
    set(46, cl.intrinsic);
    set(47, cl.extraneous);
    set(48, cl.germane);
  }

  const v = state.visual;
  if (v) {
    set(49, 1);
    set(50, v.contrast);
    set(51, v.sharpness);
    set(52, v.colorBalance);
    set(53, v.labelLegibility);
  }

  const steps = state.steps;
  const confidences = steps.flatMap((s) => (s.confidence == null ? [] : [s.confidence]));
  set(54, clamp01(steps.length / 10));
  set(55, steps.filter((s) => s.status === 'FAILED' || s.status === 'TIMED_OUT').length / Math.max(1, steps.length));
  set(56, steps.filter((s) => s.status === 'SKIPPED').length / Math.max(1, steps.length));
  set(57, confidences.length ? confidences.reduce((a, b) => a + b, 0) / confidences.length : 0);
  set(
    58,
    logScale(
      steps.reduce((s, x) => s + x.durationMs, 0),
      600_000,
    ),
  );
  set(59, logScale(Math.max(0, ...steps.map((s) => s.durationMs)), 600_000));

  if (bloom)
    hashInto(
      f,
      256,
      128,
      bloom.actionVerbs.map((verb) => [`v:${verb.trim().toLowerCase()}`, 1]),
    );
  hashInto(
    f,
    384,
    64,
    steps.map((s) => [`a:${s.agent}:${s.status}`, 1]),
  );
  const words = state.image.topic
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w): [string, number] => [`w:${w}`, 1]);
  // A modality without a dimension of its own still gets a feature the network can learn once
  // it is rated; built-in ones add nothing here, so their vectors are v2's.
  const { modality } = state.image;
  if (!isBuiltInModality(modality)) words.push([`m:${modality.toLowerCase()}`, 1]);
  hashInto(f, 448, 64, words);
  return f;
}
