/**
 * The shapes a trained reward model is stored with (training_runs and model_versions jsonb
 * columns): its held-out evaluation, how it trained, and the data it saw. Shared by the
 * database schema, the Model subgraph and the tools that read versions.
 */
import type { TargetSource } from './training-config.js';

export interface EvalSample {
  prediction: number;
  target: number;
  audience: string;
  /** The rubric reward of the same trajectory, when the target is an educator rating. */
  rubric?: number | null;
}

export interface CalibrationBin {
  from: number;
  to: number;
  count: number;
  meanPrediction: number | null;
  meanTarget: number | null;
}

export interface Agreement {
  count: number;
  mae: number;
  rmse: number;
  r2: number;
  spearman: number;
  pairwiseAccuracy: number;
  accuracyWithin: number;
}

export interface Evaluation extends Agreement {
  calibration: CalibrationBin[];
  perAudience: Record<string, Agreement>;
  /** The rubric against the same targets, for samples that have both. */
  rubricBaseline: Agreement | null;
  /** The model on the same samples as rubricBaseline (absent in versions registered before it existed). */
  ratedTest?: Agreement | null;
}

/** How a run trained: why it stopped and how fast. */
export interface TrainingSummary {
  stopReason: string;
  epochs: number;
  iterations: number;
  bestEpoch: number;
  bestIteration: number;
  trainSeconds: number;
  samplesPerSecond: number;
  bestValidationLoss: number;
}

/** A version's metrics: the held-out evaluation plus the training summary. */
export type ModelMetrics = Evaluation & {
  training: TrainingSummary;
  /** Of the rated test trajectories, the share whose rating lay in the stated 90% interval. */
  intervalCoverage?: { coverage: number; rated: number } | null;
};

/** The educator correction stored with a version (subgraphs/model/training/educator-correction.ts). */
export interface EducatorCorrectionRecord {
  /** v1 lacks v2's last input (a modality outside the built-in codes). */
  kind: 'educator-correction-v1' | 'educator-correction-v2';
  lambda: number;
  weights: number[];
  covariance: number[];
  noiseVariance: number;
  scale: number;
  ratedTrain: number;
  ratedValidation: number;
  /** (v2) The topic-word buckets (featurizer dimensions) the rated training trajectories used. */
  seenTopicBuckets?: number[];
}

export interface DatasetSummary {
  size: number;
  digest: string;
  featurizerVersion: string;
  rubricVersion: number;
  targetSource: TargetSource;
  targetsFromRatings: number;
  targetsFromRubric: number;
  distinctImages: number;
  split: { train: number; validation: number; test: number };
}
