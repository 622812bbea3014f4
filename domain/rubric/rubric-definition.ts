import { z } from 'zod';
import { BLOOM_LEVELS, LEARNER_LEVELS, type LearnerLevel } from '../assessment/state.js';

const range = z
  .tuple([z.number().min(0), z.number().min(0)])
  .refine(([lo, hi]) => lo <= hi, 'range must be [low, high] with low <= high');

const AudienceThresholdsSchema = z.object({
  /** Bloom's levels this audience should be working at (inclusive band). */
  bloomBand: z.tuple([z.enum(BLOOM_LEVELS), z.enum(BLOOM_LEVELS)]),
  /** Labelled terms expected when the agent does not say how many the topic calls for. */
  termTarget: z.number().int().min(0),
  /** Workable number of distinct terms for this audience. */
  termRange: range,
  /** Intrinsic load that matches the audience's expertise (0..1). */
  intrinsicTarget: z.number().min(0).max(1),
  /** Workable number of visual elements. */
  elementRange: range,
});

export const ThresholdsSchema = z.object({
  audiences: z.object(
    Object.fromEntries(LEARNER_LEVELS.map((l) => [l, AudienceThresholdsSchema])) as Record<
      LearnerLevel,
      typeof AudienceThresholdsSchema
    >,
  ),
  /** Score lost per Bloom level outside the audience band. */
  bloomDistancePenalty: z.number().min(0).max(1),
  /** Text density above which the redundancy principle starts to cost. */
  maxTextDensity: z.number().min(0).max(1),
  resolution: z.object({ minShortSidePx: z.number().int().min(1), goodShortSidePx: z.number().int().min(1) }),
});

export type Thresholds = z.infer<typeof ThresholdsSchema>;
export type AudienceThresholds = z.infer<typeof AudienceThresholdsSchema>;

export const WeightsSchema = z
  .object({
    medicalTerms: z.number().min(0),
    bloomsTaxonomy: z.number().min(0),
    cognitiveLoad: z.number().min(0),
    visualQuality: z.number().min(0),
  })
  .refine((w) => w.medicalTerms + w.bloomsTaxonomy + w.cognitiveLoad + w.visualQuality > 0, 'weights must not all be zero');
export type Weights = z.infer<typeof WeightsSchema>;

/** The weights the platform was specified with: 0.30 / 0.25 / 0.25 / 0.20. */
export const DEFAULT_WEIGHTS: Weights = { medicalTerms: 0.3, bloomsTaxonomy: 0.25, cognitiveLoad: 0.25, visualQuality: 0.2 };

export const DEFAULT_THRESHOLDS: Thresholds = {
  audiences: {
    PATIENT: {
      bloomBand: ['REMEMBER', 'UNDERSTAND'],
      termTarget: 4,
      termRange: [2, 8],
      intrinsicTarget: 0.3,
      elementRange: [3, 9],
    },
    UNDERGRADUATE: {
      bloomBand: ['UNDERSTAND', 'APPLY'],
      termTarget: 8,
      termRange: [4, 14],
      intrinsicTarget: 0.45,
      elementRange: [5, 15],
    },
    MEDICAL_STUDENT: {
      bloomBand: ['APPLY', 'ANALYZE'],
      termTarget: 12,
      termRange: [6, 20],
      intrinsicTarget: 0.6,
      elementRange: [6, 20],
    },
    RESIDENT: {
      bloomBand: ['ANALYZE', 'EVALUATE'],
      termTarget: 14,
      termRange: [8, 26],
      intrinsicTarget: 0.7,
      elementRange: [8, 25],
    },
    SPECIALIST: {
      bloomBand: ['EVALUATE', 'CREATE'],
      termTarget: 16,
      termRange: [8, 30],
      intrinsicTarget: 0.8,
      elementRange: [8, 30],
    },
  },
  bloomDistancePenalty: 0.35,
  maxTextDensity: 0.25,
  resolution: { minShortSidePx: 256, goodShortSidePx: 1024 },
};

export interface RubricDefinition {
  version: number;
  weights: Weights;
  thresholds: Thresholds;
}

/**
 * A stored rubric (weights and partial threshold overrides as saved) as a checked definition.
 * Stored rows are validated again because older rows may predate a threshold.
 */
export function rubricDefinitionOf(stored: { version: number; weights: unknown; thresholds: unknown }): RubricDefinition {
  return {
    version: stored.version,
    weights: WeightsSchema.parse(stored.weights),
    thresholds: resolveThresholds(stored.thresholds),
  };
}

/** Deep-merges partial overrides onto the defaults and validates the result. */
export function resolveThresholds(overrides: unknown): Thresholds {
  const merged = deepMerge(DEFAULT_THRESHOLDS, overrides ?? {});
  return ThresholdsSchema.parse(merged);
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v;
    return out;
  }
  return over === undefined ? base : over;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
