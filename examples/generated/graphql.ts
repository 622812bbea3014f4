/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** One agent's run inside the assessment, in the order they started. */
export type AgentStepInput = {
  /** snake_case agent name, e.g. medical_terms, blooms_taxonomy, cognitive_load, visual_analysis. */
  agent: string;
  /** The agent's own confidence, 0..1. */
  confidence?: number | null | undefined;
  /** Non-negative, at most one hour. */
  durationMs: number;
  error?: string | null | undefined;
  outputSummary?: string | null | undefined;
  startedAt: string;
  status: StepStatus;
};

export type AliasAction =
  | 'AUTO_PROMOTE'
  | 'PROMOTE'
  | 'ROLLBACK';

export type AnomalyKind =
  | 'HIGH'
  | 'LOW';

/** Everything the assessment agents produced for one image. Findings are null when their agent failed. */
export type AssessmentStateInput = {
  audience: LearnerLevel;
  bloom?: BloomAnalysisInput | null | undefined;
  cognitiveLoad?: CognitiveLoadInput | null | undefined;
  image: ImageInput;
  medicalTerms?: MedicalTermsFindingsInput | null | undefined;
  /** 1..50 steps. */
  steps: Array<AgentStepInput>;
  visual?: VisualMetricsInput | null | undefined;
};

export type BloomAnalysisInput = {
  /** Verbs the illustration invites the learner to do (label, compare, predict …). At most 100. */
  actionVerbs: Array<string>;
  observedLevel: BloomLevel;
  /** Learning objectives the illustration serves. At most 50. */
  targetObjectives: Array<string>;
};

/** Bloom's revised taxonomy (Anderson & Krathwohl, 2001), lowest to highest. */
export type BloomLevel =
  | 'ANALYZE'
  | 'APPLY'
  | 'CREATE'
  | 'EVALUATE'
  | 'REMEMBER'
  | 'UNDERSTAND';

export type Bucket =
  | 'DAY'
  | 'HOUR';

/** Business metrics computed from the database. */
export type BusinessMetric =
  /** Distinct submitters. */
  | 'ACTIVE_USERS'
  /** Trajectories stored per bucket. */
  | 'ASSESSMENTS'
  /** Mean data-quality score. */
  | 'AVERAGE_QUALITY'
  /** Mean educator score. */
  | 'AVERAGE_RATING'
  /** Mean rubric reward (active rubric) of trajectories stored in the bucket. */
  | 'AVERAGE_REWARD'
  /** accepted / (accepted + rejected); null when nothing was submitted. */
  | 'CAPTURE_RATE'
  /** Educator ratings recorded. */
  | 'EDUCATOR_RATINGS';

/** Estimates after cognitive load theory (Sweller). All fractions are 0..1. */
export type CognitiveLoadInput = {
  /** Distinct visual elements. */
  elementCount: number;
  extraneous: number;
  germane: number;
  intrinsic: number;
  labelCount: number;
  /** Share of the image area covered by text, 0..1. */
  textDensity: number;
};

export type HighlightSeverity =
  | 'INFO'
  | 'WARNING';

export type HyperparameterSearchInput = {
  batchSizes: Array<number>;
  /** Shared by every trial; unset: the service's defaults. */
  epochs?: number | null | undefined;
  /** Each entry is one network's hidden layers, e.g. [[256, 128, 64], [128, 64]]. */
  hiddenUnits: Array<Array<number>>;
  learningRates: Array<number>;
  patience?: number | null | undefined;
  seed?: number | null | undefined;
};

/** Exactly one of the two. */
export type ImageContentInput = {
  /** The image's bytes, base64-encoded. */
  base64?: string | null | undefined;
  /** Where the platform fetches it from: only origins in IMAGE_FETCH_ORIGINS, no redirects. */
  url?: string | null | undefined;
};

export type ImageFormat =
  | 'DICOM'
  | 'JPEG'
  | 'PNG'
  | 'SVG'
  | 'TIFF'
  | 'WEBP';

/**
 * The illustration that was assessed, declared by its hash, size and format. With `content`
 * (capture only), the platform also keeps the image itself, so educators see what they rate.
 */
export type ImageInput = {
  /**
   * The image itself, at capture: its bytes, or a URL on an origin the platform is configured to
   * fetch from (IMAGE_FETCH_ORIGINS). Checked by its first bytes (PNG, JPEG, WebP, TIFF, SVG,
   * DICOM) against `format`, its sha256 against `sha256`, its size against `width`/`height`, at
   * most IMAGE_MAX_BYTES; an SVG must be a picture only (no script, handlers or outside
   * references). Stored once per sha256. Ignored by predictReward.
   */
  content?: ImageContentInput | null | undefined;
  format: ImageFormat;
  /** Pixels, 1..20000. */
  height: number;
  modality: string;
  /** sha256 of the image bytes, 64 lowercase hex characters. */
  sha256: string;
  /** What it shows, e.g. 'Cardiac conduction system'. 1..200 characters. */
  topic: string;
  /** Pixels, 1..20000. */
  width: number;
};

export type IssueSeverity =
  | 'INFO'
  | 'WARNING';

/** Who the illustration is for. Sets the Bloom's band, the term targets and the intrinsic-load target. */
export type LearnerLevel =
  | 'MEDICAL_STUDENT'
  | 'PATIENT'
  | 'RESIDENT'
  | 'SPECIALIST'
  | 'UNDERGRADUATE';

export type MedicalTermInput = {
  category: TermCategory;
  /** Confidence that the term is correct and correctly placed, 0..1. */
  confidence: number;
  /** Whether the term appears as a label in the image. */
  labelled: boolean;
  term: string;
};

export type MedicalTermsFindingsInput = {
  /** How many terms the topic calls for, when the agent knows it; else the audience's target is used. */
  expectedTermCount?: number | null | undefined;
  /** At most 500 terms. */
  terms: Array<MedicalTermInput>;
};

export type RewardComponentName =
  | 'BLOOMS_TAXONOMY'
  | 'COGNITIVE_LOAD'
  | 'MEDICAL_TERMS'
  | 'VISUAL_QUALITY';

/** viewer < annotator < ml_engineer < admin; each role can do what the roles before it can. */
export type Role =
  | 'ADMIN'
  | 'ANNOTATOR'
  | 'ML_ENGINEER'
  | 'VIEWER';

export type StartTrainingInput = {
  batchSize?: number | null | undefined;
  epochs?: number | null | undefined;
  /** Units of each hidden layer, e.g. [256, 128, 64]. */
  hiddenUnits?: Array<number> | null | undefined;
  learningRate?: number | null | undefined;
  /** Cap on optimizer steps (batches). */
  maxIterations?: number | null | undefined;
  minDatasetSize?: number | null | undefined;
  /** A validation loss counts as better only when it is this share (0–0.5) below the best so far. */
  minImprovement?: number | null | undefined;
  /** Epochs without a better validation loss before stopping early. */
  patience?: number | null | undefined;
  /** Move this alias to the new version when it passes the promotion gate. */
  promoteTo?: string | null | undefined;
  seed?: number | null | undefined;
  targetSource?: TargetSource | null | undefined;
};

export type StepStatus =
  | 'FAILED'
  | 'SKIPPED'
  | 'SUCCEEDED'
  | 'TIMED_OUT';

export type SubmitTrajectoryInput = {
  /**
   * Optional, 1..200 characters. Submitting the same key with the same payload returns the
   * first trajectory; the same key with a different payload is an IDEMPOTENCY_CONFLICT.
   */
  idempotencyKey?: string | null | undefined;
  /** Free JSON object, at most 16 KiB serialised. */
  metadata?: unknown;
  state: AssessmentStateInput;
  /** A display name for who ran the assessment (user or service), 1..200 characters; 'anonymous' when absent. Not verified: the server records the authenticated caller as `Trajectory.submitter`. */
  submittedBy?: string | null | undefined;
};

export type TargetSource =
  /** The mean educator rating where one exists, else the rubric reward. */
  | 'RATING_ELSE_RUBRIC'
  /** Always the rubric reward. */
  | 'RUBRIC';

export type TermCategory =
  | 'ANATOMY'
  | 'DIAGNOSTIC'
  | 'OTHER'
  | 'PATHOLOGY'
  | 'PHARMACOLOGY'
  | 'PHYSIOLOGY'
  | 'PROCEDURE';

export type TimeRangeInput = {
  from: string;
  /** Exclusive. At most 2000 buckets between from and to. */
  to: string;
};

export type TrainingEventKind =
  | 'PROGRESS'
  | 'STATUS';

export type TrainingRunStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING';

export type TrainingTrigger =
  | 'AUTOMATIC'
  | 'CLI'
  | 'MANUAL'
  /** A trial of a hyperparameter search (TrainingRun.search). */
  | 'SEARCH'
  | 'STARTUP';

export type TrajectoryFilter = {
  audience?: Array<LearnerLevel> | null | undefined;
  imageSha256?: string | null | undefined;
  maxQuality?: number | null | undefined;
  minQuality?: number | null | undefined;
  /** Any of these modalities (built-in or not; see modalities). */
  modality?: Array<string> | null | undefined;
  status?: Array<TrajectoryStatus> | null | undefined;
  submittedAfter?: string | null | undefined;
  submittedBefore?: string | null | undefined;
  submittedBy?: string | null | undefined;
  topic?: string | null | undefined;
};

export type TrajectoryStatus =
  /** Same content as an earlier trajectory: stored, excluded from training. */
  | 'DUPLICATE'
  /** Valid but below the quality threshold: stored and flagged. */
  | 'LOW_QUALITY'
  /** Valid and of good quality: used for training. */
  | 'VALID';

export type TrendDirection =
  | 'FALLING'
  | 'FLAT'
  /** Fewer than 4 buckets with data. */
  | 'INSUFFICIENT_DATA'
  | 'RISING';

/** Visual measurements, each 0..1 (1 best). Resolution comes from the image size. */
export type VisualMetricsInput = {
  colorBalance: number;
  contrast: number;
  labelLegibility: number;
  sharpness: number;
};

export type CaptureStatisticsQueryVariables = Exact<{
  since?: string | null | undefined;
  until?: string | null | undefined;
}>;


export type CaptureStatisticsQuery = { captureStatistics: { accepted: number, rejected: number, lowQuality: number, duplicates: number, captureRate: number, averageQuality: number | null } };

export type StartHyperparameterSearchMutationVariables = Exact<{
  input: HyperparameterSearchInput;
}>;


export type StartHyperparameterSearchMutation = { startHyperparameterSearch: { id: string, status: TrainingRunStatus, trials: Array<{ id: string, status: TrainingRunStatus, bestValidationLoss: number | null, config: { learningRate: number, batchSize: number, hiddenUnits: Array<number> }, modelVersion: { id: string, version: number } | null }>, best: { id: string, bestValidationLoss: number | null } | null } };

export type HyperparameterSearchesQueryVariables = Exact<{ [key: string]: never; }>;


export type HyperparameterSearchesQuery = { hyperparameterSearches: Array<{ id: string, status: TrainingRunStatus, createdAt: Date | string, best: { bestValidationLoss: number | null, modelVersion: { version: number } | null } | null }> };

export type MetricsQueryVariables = Exact<{
  range: TimeRangeInput;
}>;


export type MetricsQuery = { systemOverview: { totalTrajectories: number, totalRatings: number, assessmentsLastHour: number, assessmentsPerHour: number, averageReward24h: number | null, averageQuality24h: number | null, captureRate24h: number, activeUsers24h: number, activeRubricVersion: number }, trend: { direction: TrendDirection, slopePerBucket: number, confidence: number, anomalies: Array<{ bucketStart: Date | string, value: number, robustZ: number, kind: AnomalyKind }>, forecast: Array<{ bucketStart: Date | string, value: number, lower: number, upper: number }>, series: { points: Array<{ bucketStart: Date | string, value: number | null, sampleCount: number }> } }, report: { volume: number, averageReward: number | null, markdown: string, highlights: Array<{ kind: string, severity: HighlightSeverity, message: string }> } };

export type ModalitiesQueryVariables = Exact<{ [key: string]: never; }>;


export type ModalitiesQuery = { modalities: Array<{ code: string, builtIn: boolean, trajectoryCount: number, firstSeenAt: Date | string | null, lastSeenAt: Date | string | null }> };

export type ModelVersionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ModelVersionsQuery = { modelVersions: { edges: Array<{ node: { id: string, version: number, createdAt: Date | string, createdBy: string, backend: string, aliases: Array<string>, trainSize: number, testSize: number, metrics: { stopReason: string, bestIteration: number, test: { mae: number, r2: number, spearman: number, pairwiseAccuracy: number, accuracyWithin: number }, rubricBaseline: { count: number, mae: number, accuracyWithin: number } | null } } }> }, modelAliases: Array<{ name: string, version: { version: number }, history: Array<{ action: AliasAction, forced: boolean, reason: string | null, actor: string, at: Date | string, from: { version: number } | null, to: { version: number } }> }> };

export type PredictRewardQueryVariables = Exact<{
  state: AssessmentStateInput;
}>;


export type PredictRewardQuery = { predictReward: { value: number, modelVersion: { version: number } }, trajectories: { edges: Array<{ node: { id: string, reward: { total: number } | null, predictedReward: { value: number } | null } }> } };

export type PromoteModelMutationVariables = Exact<{
  versionId: string | number;
  alias: string;
  force?: boolean | null | undefined;
  reason?: string | null | undefined;
}>;


export type PromoteModelMutation = { promoteModel: { name: string, updatedBy: string, updatedAt: Date | string, version: { version: number } } };

export type RateTrajectoryMutationVariables = Exact<{
  trajectoryId: string | number;
  score: number;
  comment?: string | null | undefined;
  ratedBy?: string | null | undefined;
}>;


export type RateTrajectoryMutation = { rateTrajectory: { id: string, trajectoryId: string, score: number, comment: string | null, ratedBy: string, createdAt: Date | string } };

export type ScoreAssessmentQueryVariables = Exact<{
  state: AssessmentStateInput;
}>;


export type ScoreAssessmentQuery = { scoreAssessment: { total: number, rubricVersion: number, components: Array<{ name: RewardComponentName, score: number, weight: number, contribution: number, reasons: Array<string> }> } };

export type StartTrainingMutationVariables = Exact<{
  input?: StartTrainingInput | null | undefined;
}>;


export type StartTrainingMutation = { startTraining: { id: string, status: TrainingRunStatus, config: { epochs: number, batchSize: number, learningRate: number, hiddenUnits: Array<number>, targetSource: TargetSource } } };

export type SubmitTrajectoriesMutationVariables = Exact<{
  inputs: Array<SubmitTrajectoryInput> | SubmitTrajectoryInput;
}>;


export type SubmitTrajectoriesMutation = { submitTrajectories: { acceptedCount: number, rejectedCount: number, results: Array<{ index: number, created: boolean, trajectory: { id: string, status: TrajectoryStatus } | null, error: { code: string, message: string, fieldErrors: Array<{ path: string, message: string }> } | null }> } };

export type SubmitTrajectoryMutationVariables = Exact<{
  input: SubmitTrajectoryInput;
}>;


export type SubmitTrajectoryMutation = { submitTrajectory: { created: boolean, trajectory: { id: string, status: TrajectoryStatus, quality: { score: number, flagged: boolean, issues: Array<{ code: string, path: string | null, message: string }> }, reward: { total: number, rubricVersion: number, components: Array<{ name: RewardComponentName, score: number, weight: number, contribution: number, reasons: Array<string> }> } | null } } };

export type TrainingProgressSubscriptionVariables = Exact<{
  runId: string | number;
}>;


export type TrainingProgressSubscription = { trainingProgress: { sequence: number, kind: TrainingEventKind, status: TrainingRunStatus, epoch: number | null, iteration: number | null, loss: number | null, validationLoss: number | null, validationMae: number | null, samplesPerSecond: number | null, etaSeconds: number | null, message: string | null, run: { id: string, modelVersion: { id: string, version: number } | null } } };

export type TrajectoriesWithRewardsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: TrajectoryFilter | null | undefined;
}>;


export type TrajectoriesWithRewardsQuery = { trajectories: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, audience: LearnerLevel, submittedAt: Date | string, status: TrajectoryStatus, averageRating: number | null, image: { topic: string, modality: string }, quality: { score: number }, reward: { total: number, components: Array<{ name: RewardComponentName, score: number, weight: number, contribution: number, reasons: Array<string> }> } | null } }> } };

export type TrajectoryQueryVariables = Exact<{
  id: string | number;
}>;


export type TrajectoryQuery = { trajectory: { id: string, contentHash: string, duplicateOf: string | null, audience: LearnerLevel, totalDurationMs: number, submittedBy: string, submittedAt: Date | string, metadata: unknown, status: TrajectoryStatus, averageRating: number | null, image: { sha256: string, width: number, height: number, megapixels: number, format: ImageFormat, topic: string, modality: string }, steps: Array<{ agent: string, startedAt: Date | string, durationMs: number, status: StepStatus, confidence: number | null, outputSummary: string | null, error: string | null }>, medicalTerms: { expectedTermCount: number | null, terms: Array<{ term: string, category: TermCategory, confidence: number, labelled: boolean }> } | null, bloom: { observedLevel: BloomLevel, actionVerbs: Array<string>, targetObjectives: Array<string> } | null, cognitiveLoad: { elementCount: number, labelCount: number, textDensity: number, intrinsic: number, extraneous: number, germane: number } | null, visual: { contrast: number, sharpness: number, colorBalance: number, labelLegibility: number } | null, quality: { score: number, flagged: boolean, issues: Array<{ code: string, path: string | null, message: string, severity: IssueSeverity }> }, reward: { total: number, rubricVersion: number, computedAt: Date | string, components: Array<{ name: RewardComponentName, score: number, weight: number, contribution: number, reasons: Array<string> }> } | null, feedback: Array<{ id: string, score: number, comment: string | null, ratedBy: string, createdAt: Date | string }> } | null };

export type ConsoleAgreementFragment = { count: number, mae: number, rmse: number, r2: number, spearman: number, pairwiseAccuracy: number, accuracyWithin: number };

export type ConsoleModelsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleModelsQuery = { modelVersions: { edges: Array<{ node: { id: string, version: number, createdAt: Date | string, createdBy: string, backend: string, aliases: Array<string>, trainSize: number, testSize: number, targetSource: TargetSource, featurizerVersion: string, modelCard: string, config: { learningRate: number, batchSize: number, hiddenUnits: Array<number> }, run: { trigger: TrainingTrigger, search: { id: string } | null, dataset: { targetsFromRatings: number, targetsFromRubric: number } | null } | null, metrics: { stopReason: string, epochs: number, test: { count: number, mae: number, rmse: number, r2: number, spearman: number, pairwiseAccuracy: number, accuracyWithin: number }, ratedTest: { count: number, mae: number, rmse: number, r2: number, spearman: number, pairwiseAccuracy: number, accuracyWithin: number } | null, rubricBaseline: { count: number, mae: number, rmse: number, r2: number, spearman: number, pairwiseAccuracy: number, accuracyWithin: number } | null, calibration: Array<{ from: number, to: number, count: number, meanPrediction: number | null, meanTarget: number | null }>, perAudience: Array<{ audience: string, count: number, mae: number, accuracyWithin: number }> } } }> }, modelAliases: Array<{ name: string, updatedAt: Date | string, updatedBy: string, version: { id: string, version: number }, history: Array<{ action: AliasAction, forced: boolean, reason: string | null, actor: string, at: Date | string, from: { version: number } | null, to: { version: number } }> }> };

export type ConsolePromoteMutationVariables = Exact<{
  versionId: string | number;
  alias: string;
}>;


export type ConsolePromoteMutation = { promoteModel: { name: string, version: { version: number } } };

export type ConsoleRollbackMutationVariables = Exact<{
  alias: string;
}>;


export type ConsoleRollbackMutation = { rollbackModel: { name: string, version: { version: number } } };

export type ConsoleOverviewQueryVariables = Exact<{
  range: TimeRangeInput;
  metric: BusinessMetric;
  bucket: Bucket;
}>;


export type ConsoleOverviewQuery = { systemOverview: { generatedAt: Date | string, totalTrajectories: number, totalRatings: number, assessmentsLastHour: number, assessmentsPerHour: number, averageReward24h: number | null, averageQuality24h: number | null, captureRate24h: number, activeUsers24h: number, activeRubricVersion: number }, trend: { direction: TrendDirection, slopePerBucket: number, confidence: number, series: { points: Array<{ bucketStart: Date | string, value: number | null, sampleCount: number }> }, forecast: Array<{ bucketStart: Date | string, value: number, lower: number, upper: number }>, anomalies: Array<{ bucketStart: Date | string, value: number, robustZ: number, kind: AnomalyKind }> }, today: { from: Date | string, to: Date | string, markdown: string, highlights: Array<{ kind: string, severity: HighlightSeverity, message: string }> }, reports: Array<{ generatedAt: Date | string, report: { from: Date | string, to: Date | string, markdown: string, highlights: Array<{ kind: string, severity: HighlightSeverity, message: string }> } }> };

export type ConsoleRatingQueueQueryVariables = Exact<{
  first: number;
  modality?: string | null | undefined;
}>;


export type ConsoleRatingQueueQuery = { ratingQueue: { unrated: number, ratedByYou: number, total: number, candidates: Array<{ rubricReward: number, predictedReward: number | null, disagreement: number | null, uncertainty: number | null, ratings: number, reason: string, trajectory: { id: string, audience: LearnerLevel, submittedAt: Date | string, image: { sha256: string, width: number, height: number, format: ImageFormat, topic: string, modality: string, url: string | null }, steps: Array<{ agent: string, status: StepStatus, confidence: number | null, outputSummary: string | null, error: string | null }>, reward: { components: Array<{ name: RewardComponentName, score: number, reasons: Array<string> }> } | null } }> } };

export type ConsoleRateMutationVariables = Exact<{
  trajectoryId: string | number;
  score: number;
  comment?: string | null | undefined;
}>;


export type ConsoleRateMutation = { rateTrajectory: { id: string, trajectoryId: string, score: number, rater: string } };

export type ConsoleWithdrawRatingMutationVariables = Exact<{
  trajectoryId: string | number;
}>;


export type ConsoleWithdrawRatingMutation = { withdrawRating: { trajectoryId: string, restored: { score: number } | null } };

export type ConsoleSearchesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleSearchesQuery = { hyperparameterSearches: Array<{ id: string, status: TrainingRunStatus, createdAt: Date | string, trials: Array<{ id: string }> }> };

export type ConsoleSearchQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleSearchQuery = { hyperparameterSearch: { id: string, status: TrainingRunStatus, startedBy: string, createdAt: Date | string, trials: Array<{ id: string, status: TrainingRunStatus, epochsCompleted: number, bestValidationLoss: number | null, error: string | null, config: { learningRate: number, batchSize: number, hiddenUnits: Array<number>, epochs: number }, modelVersion: { id: string, version: number, metrics: { test: { mae: number, spearman: number } } } | null }>, best: { id: string } | null } | null };

export type ConsoleStartSearchMutationVariables = Exact<{
  input: HyperparameterSearchInput;
}>;


export type ConsoleStartSearchMutation = { startHyperparameterSearch: { id: string } };

export type ConsoleCancelSearchMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleCancelSearchMutation = { cancelHyperparameterSearch: { id: string } };

export type ConsoleMeQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleMeQuery = { me: { name: string, role: Role, identity: string } };

export type ConsoleTrainingRunsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleTrainingRunsQuery = { trainingRuns: { edges: Array<{ node: { id: string, status: TrainingRunStatus, trigger: TrainingTrigger, createdAt: Date | string, config: { epochs: number } } }> } };

export type ConsoleStartTrainingMutationVariables = Exact<{
  input?: StartTrainingInput | null | undefined;
}>;


export type ConsoleStartTrainingMutation = { startTraining: { id: string, config: { epochs: number } } };

export type ConsoleTrainingProgressSubscriptionVariables = Exact<{
  runId: string | number;
}>;


export type ConsoleTrainingProgressSubscription = { trainingProgress: { kind: TrainingEventKind, status: TrainingRunStatus, epoch: number | null, loss: number | null, validationLoss: number | null, validationMae: number | null, samplesPerSecond: number | null, etaSeconds: number | null, message: string | null, at: Date | string, run: { modelVersion: { version: number, aliases: Array<string>, metrics: { test: { count: number, mae: number, r2: number, spearman: number, pairwiseAccuracy: number, accuracyWithin: number }, rubricBaseline: { count: number, mae: number, r2: number, spearman: number, pairwiseAccuracy: number, accuracyWithin: number } | null } } | null } } };

export type ConsoleTrajectoriesQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: TrajectoryFilter | null | undefined;
}>;


export type ConsoleTrajectoriesQuery = { trajectories: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, submittedAt: Date | string, audience: LearnerLevel, status: TrajectoryStatus, submittedBy: string, averageRating: number | null, image: { topic: string, modality: string, format: ImageFormat }, reward: { total: number } | null, predictedReward: { value: number } | null } }> } };

export type ConsoleTrajectoryQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleTrajectoryQuery = { trajectory: { id: string, submittedAt: Date | string, submittedBy: string, submitter: string, audience: LearnerLevel, status: TrajectoryStatus, totalDurationMs: number, averageRating: number | null, image: { sha256: string, width: number, height: number, format: ImageFormat, topic: string, modality: string, url: string | null }, steps: Array<{ agent: string, status: StepStatus, durationMs: number, confidence: number | null, outputSummary: string | null, error: string | null }>, medicalTerms: { expectedTermCount: number | null, terms: Array<{ term: string, category: TermCategory, confidence: number, labelled: boolean }> } | null, bloom: { observedLevel: BloomLevel, actionVerbs: Array<string>, targetObjectives: Array<string> } | null, cognitiveLoad: { elementCount: number, labelCount: number, textDensity: number, intrinsic: number, extraneous: number, germane: number } | null, visual: { contrast: number, sharpness: number, colorBalance: number, labelLegibility: number } | null, reward: { total: number, rubricVersion: number, components: Array<{ name: RewardComponentName, score: number, weight: number, contribution: number, reasons: Array<string> }> } | null, predictedReward: { value: number, uncertainty: number | null, explanation: Array<{ group: string, contribution: number }>, modelVersion: { version: number } } | null, feedback: Array<{ id: string, score: number, comment: string | null, ratedBy: string, rater: string, createdAt: Date | string }> } | null };

export type ConsoleModalitiesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleModalitiesQuery = { modalities: Array<{ code: string, builtIn: boolean, trajectoryCount: number }> };

export const ConsoleAgreementFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleAgreement"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agreement"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"mae"}},{"kind":"Field","name":{"kind":"Name","value":"rmse"}},{"kind":"Field","name":{"kind":"Name","value":"r2"}},{"kind":"Field","name":{"kind":"Name","value":"spearman"}},{"kind":"Field","name":{"kind":"Name","value":"pairwiseAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"accuracyWithin"}}]}}]} as unknown as DocumentNode<ConsoleAgreementFragment, unknown>;
export const CaptureStatisticsDocument = {"__meta__":{"hash":"sha256:37d6b31ed7a9f641cd84aa40634cb0887e39773f718a0a05e2cedb720e55c92c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CaptureStatistics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"captureStatistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accepted"}},{"kind":"Field","name":{"kind":"Name","value":"rejected"}},{"kind":"Field","name":{"kind":"Name","value":"lowQuality"}},{"kind":"Field","name":{"kind":"Name","value":"duplicates"}},{"kind":"Field","name":{"kind":"Name","value":"captureRate"}},{"kind":"Field","name":{"kind":"Name","value":"averageQuality"}}]}}]}}]} as unknown as DocumentNode<CaptureStatisticsQuery, CaptureStatisticsQueryVariables>;
export const StartHyperparameterSearchDocument = {"__meta__":{"hash":"sha256:a5e3d0c05aeee39504fc4e6c0d283cf185cb94eb3ec7e0962e56770f4f18ad99"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartHyperparameterSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"HyperparameterSearchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startHyperparameterSearch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"learningRate"}},{"kind":"Field","name":{"kind":"Name","value":"batchSize"}},{"kind":"Field","name":{"kind":"Name","value":"hiddenUnits"}}]}},{"kind":"Field","name":{"kind":"Name","value":"bestValidationLoss"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"best"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"bestValidationLoss"}}]}}]}}]}}]} as unknown as DocumentNode<StartHyperparameterSearchMutation, StartHyperparameterSearchMutationVariables>;
export const HyperparameterSearchesDocument = {"__meta__":{"hash":"sha256:caf404014d3594745c56c9c2bca54117140b35a2222240c94be8d1739daf5705"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HyperparameterSearches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hyperparameterSearches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"best"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"bestValidationLoss"}}]}}]}}]}}]} as unknown as DocumentNode<HyperparameterSearchesQuery, HyperparameterSearchesQueryVariables>;
export const MetricsDocument = {"__meta__":{"hash":"sha256:9ecaac8a13a5749ebd647469d1c82b9eb09e4021a20253a68f13b4b78cf9e92c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Metrics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TimeRangeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"systemOverview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalTrajectories"}},{"kind":"Field","name":{"kind":"Name","value":"totalRatings"}},{"kind":"Field","name":{"kind":"Name","value":"assessmentsLastHour"}},{"kind":"Field","name":{"kind":"Name","value":"assessmentsPerHour"}},{"kind":"Field","name":{"kind":"Name","value":"averageReward24h"}},{"kind":"Field","name":{"kind":"Name","value":"averageQuality24h"}},{"kind":"Field","name":{"kind":"Name","value":"captureRate24h"}},{"kind":"Field","name":{"kind":"Name","value":"activeUsers24h"}},{"kind":"Field","name":{"kind":"Name","value":"activeRubricVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trend"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"metric"},"value":{"kind":"EnumValue","value":"ASSESSMENTS"}},{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}},{"kind":"Argument","name":{"kind":"Name","value":"bucket"},"value":{"kind":"EnumValue","value":"HOUR"}},{"kind":"Argument","name":{"kind":"Name","value":"forecastBuckets"},"value":{"kind":"IntValue","value":"6"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"slopePerBucket"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"anomalies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bucketStart"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"robustZ"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","name":{"kind":"Name","value":"forecast"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bucketStart"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"lower"}},{"kind":"Field","name":{"kind":"Name","value":"upper"}}]}},{"kind":"Field","name":{"kind":"Name","value":"series"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"points"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bucketStart"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"sampleCount"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"report"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"EnumValue","value":"DAY"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"volume"}},{"kind":"Field","name":{"kind":"Name","value":"averageReward"}},{"kind":"Field","name":{"kind":"Name","value":"highlights"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"markdown"}}]}}]}}]} as unknown as DocumentNode<MetricsQuery, MetricsQueryVariables>;
export const ModalitiesDocument = {"__meta__":{"hash":"sha256:207a13dcfa508d1047db78e938f3ae8b6e3cd5170f41ef69af4d24cc3f819866"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Modalities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modalities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}},{"kind":"Field","name":{"kind":"Name","value":"trajectoryCount"}},{"kind":"Field","name":{"kind":"Name","value":"firstSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}}]}}]}}]} as unknown as DocumentNode<ModalitiesQuery, ModalitiesQueryVariables>;
export const ModelVersionsDocument = {"__meta__":{"hash":"sha256:33ae20c9026e6a1e443c5b0769f479a53cf26d16ff98cb525a46d255817b2484"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"backend"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"trainSize"}},{"kind":"Field","name":{"kind":"Name","value":"testSize"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"test"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mae"}},{"kind":"Field","name":{"kind":"Name","value":"r2"}},{"kind":"Field","name":{"kind":"Name","value":"spearman"}},{"kind":"Field","name":{"kind":"Name","value":"pairwiseAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"accuracyWithin"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rubricBaseline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"mae"}},{"kind":"Field","name":{"kind":"Name","value":"accuracyWithin"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stopReason"}},{"kind":"Field","name":{"kind":"Name","value":"bestIteration"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelAliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"forced"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ModelVersionsQuery, ModelVersionsQueryVariables>;
export const PredictRewardDocument = {"__meta__":{"hash":"sha256:7f15473663bc55470c4cec545305677fcf2f9777ab6d38198a35b0f37932c0ab"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PredictReward"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"state"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssessmentStateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predictReward"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"state"},"value":{"kind":"Variable","name":{"kind":"Name","value":"state"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"trajectories"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reward"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"predictedReward"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PredictRewardQuery, PredictRewardQueryVariables>;
export const PromoteModelDocument = {"__meta__":{"hash":"sha256:ca10ecc842a1d6c99371e5df4bd1a6a5df3998e2228904a959f3aa90e6e3e158"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PromoteModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"versionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"alias"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"force"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"promoteModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"versionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"versionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"alias"},"value":{"kind":"Variable","name":{"kind":"Name","value":"alias"}}},{"kind":"Argument","name":{"kind":"Name","value":"force"},"value":{"kind":"Variable","name":{"kind":"Name","value":"force"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<PromoteModelMutation, PromoteModelMutationVariables>;
export const RateTrajectoryDocument = {"__meta__":{"hash":"sha256:23546f0cd4463e0f55e59062221cc14757901703648896eea7da335492dc382d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RateTrajectory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trajectoryId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"score"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"comment"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ratedBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rateTrajectory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"trajectoryId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trajectoryId"}}},{"kind":"Argument","name":{"kind":"Name","value":"score"},"value":{"kind":"Variable","name":{"kind":"Name","value":"score"}}},{"kind":"Argument","name":{"kind":"Name","value":"comment"},"value":{"kind":"Variable","name":{"kind":"Name","value":"comment"}}},{"kind":"Argument","name":{"kind":"Name","value":"ratedBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ratedBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trajectoryId"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"ratedBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<RateTrajectoryMutation, RateTrajectoryMutationVariables>;
export const ScoreAssessmentDocument = {"__meta__":{"hash":"sha256:6abcb95ae278f31e9189e97f60b929fad225c145a60b495a6227b6b709ec6feb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ScoreAssessment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"state"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssessmentStateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scoreAssessment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"state"},"value":{"kind":"Variable","name":{"kind":"Name","value":"state"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"rubricVersion"}},{"kind":"Field","name":{"kind":"Name","value":"components"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"contribution"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}}]}}]}}]}}]} as unknown as DocumentNode<ScoreAssessmentQuery, ScoreAssessmentQueryVariables>;
export const StartTrainingDocument = {"__meta__":{"hash":"sha256:abe7e3fb9ea5555179b85bace850702ae366c62b5170c19bee2e8c6f12c51136"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartTraining"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"StartTrainingInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startTraining"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"epochs"}},{"kind":"Field","name":{"kind":"Name","value":"batchSize"}},{"kind":"Field","name":{"kind":"Name","value":"learningRate"}},{"kind":"Field","name":{"kind":"Name","value":"hiddenUnits"}},{"kind":"Field","name":{"kind":"Name","value":"targetSource"}}]}}]}}]}}]} as unknown as DocumentNode<StartTrainingMutation, StartTrainingMutationVariables>;
export const SubmitTrajectoriesDocument = {"__meta__":{"hash":"sha256:d3ac0236e42e99fea066a297b68cc298936052390c70d103063d991dab6f2dcb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitTrajectories"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitTrajectoryInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitTrajectories"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"inputs"},"value":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptedCount"}},{"kind":"Field","name":{"kind":"Name","value":"rejectedCount"}},{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"trajectory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SubmitTrajectoriesMutation, SubmitTrajectoriesMutationVariables>;
export const SubmitTrajectoryDocument = {"__meta__":{"hash":"sha256:021ece29d2ff6debf03cbcc38487b5c56fffd09b45c7abe265c1e8e59b9eedfe"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitTrajectory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitTrajectoryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitTrajectory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"trajectory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"quality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"flagged"}},{"kind":"Field","name":{"kind":"Name","value":"issues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"reward"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"rubricVersion"}},{"kind":"Field","name":{"kind":"Name","value":"components"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"contribution"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SubmitTrajectoryMutation, SubmitTrajectoryMutationVariables>;
export const TrainingProgressDocument = {"__meta__":{"hash":"sha256:386d16dd7eb4eeb8afa08b35431a93f9611cf443574034ddf950eeb822bf5b40"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"TrainingProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainingProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"iteration"}},{"kind":"Field","name":{"kind":"Name","value":"loss"}},{"kind":"Field","name":{"kind":"Name","value":"validationLoss"}},{"kind":"Field","name":{"kind":"Name","value":"validationMae"}},{"kind":"Field","name":{"kind":"Name","value":"samplesPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TrainingProgressSubscription, TrainingProgressSubscriptionVariables>;
export const TrajectoriesWithRewardsDocument = {"__meta__":{"hash":"sha256:af50a177207d57c9022795404d2f4077ba7522578a190564ce1d0d05cd8b7004"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrajectoriesWithRewards"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TrajectoryFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trajectories"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"audience"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"topic"}},{"kind":"Field","name":{"kind":"Name","value":"modality"}}]}},{"kind":"Field","name":{"kind":"Name","value":"quality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reward"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"components"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"contribution"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"averageRating"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TrajectoriesWithRewardsQuery, TrajectoriesWithRewardsQueryVariables>;
export const TrajectoryDocument = {"__meta__":{"hash":"sha256:bf691006b39fe547a48bfa4f6c70ea8f8b8aa2096ba9733fc43045fd1b1f4c66"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Trajectory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trajectory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"contentHash"}},{"kind":"Field","name":{"kind":"Name","value":"duplicateOf"}},{"kind":"Field","name":{"kind":"Name","value":"audience"}},{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"megapixels"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"topic"}},{"kind":"Field","name":{"kind":"Name","value":"modality"}}]}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"outputSummary"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"Field","name":{"kind":"Name","value":"medicalTerms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expectedTermCount"}},{"kind":"Field","name":{"kind":"Name","value":"terms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"term"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"labelled"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"bloom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"observedLevel"}},{"kind":"Field","name":{"kind":"Name","value":"actionVerbs"}},{"kind":"Field","name":{"kind":"Name","value":"targetObjectives"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cognitiveLoad"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"elementCount"}},{"kind":"Field","name":{"kind":"Name","value":"labelCount"}},{"kind":"Field","name":{"kind":"Name","value":"textDensity"}},{"kind":"Field","name":{"kind":"Name","value":"intrinsic"}},{"kind":"Field","name":{"kind":"Name","value":"extraneous"}},{"kind":"Field","name":{"kind":"Name","value":"germane"}}]}},{"kind":"Field","name":{"kind":"Name","value":"visual"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contrast"}},{"kind":"Field","name":{"kind":"Name","value":"sharpness"}},{"kind":"Field","name":{"kind":"Name","value":"colorBalance"}},{"kind":"Field","name":{"kind":"Name","value":"labelLegibility"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDurationMs"}},{"kind":"Field","name":{"kind":"Name","value":"submittedBy"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"quality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"flagged"}},{"kind":"Field","name":{"kind":"Name","value":"issues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"reward"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"rubricVersion"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}},{"kind":"Field","name":{"kind":"Name","value":"components"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"contribution"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"feedback"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"ratedBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"averageRating"}}]}}]}}]} as unknown as DocumentNode<TrajectoryQuery, TrajectoryQueryVariables>;
export const ConsoleModelsDocument = {"__meta__":{"hash":"sha256:294cc2cbbee840cd53cc6ff70ed5706bd371bd871b87570239b79cd82aa1148f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleModels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"backend"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"trainSize"}},{"kind":"Field","name":{"kind":"Name","value":"testSize"}},{"kind":"Field","name":{"kind":"Name","value":"targetSource"}},{"kind":"Field","name":{"kind":"Name","value":"featurizerVersion"}},{"kind":"Field","name":{"kind":"Name","value":"modelCard"}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"learningRate"}},{"kind":"Field","name":{"kind":"Name","value":"batchSize"}},{"kind":"Field","name":{"kind":"Name","value":"hiddenUnits"}}]}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"search"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"targetsFromRatings"}},{"kind":"Field","name":{"kind":"Name","value":"targetsFromRubric"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"test"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleAgreement"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ratedTest"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleAgreement"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rubricBaseline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleAgreement"}}]}},{"kind":"Field","name":{"kind":"Name","value":"calibration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"meanPrediction"}},{"kind":"Field","name":{"kind":"Name","value":"meanTarget"}}]}},{"kind":"Field","name":{"kind":"Name","value":"perAudience"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audience"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"mae"}},{"kind":"Field","name":{"kind":"Name","value":"accuracyWithin"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stopReason"}},{"kind":"Field","name":{"kind":"Name","value":"epochs"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelAliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"forced"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleAgreement"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agreement"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"mae"}},{"kind":"Field","name":{"kind":"Name","value":"rmse"}},{"kind":"Field","name":{"kind":"Name","value":"r2"}},{"kind":"Field","name":{"kind":"Name","value":"spearman"}},{"kind":"Field","name":{"kind":"Name","value":"pairwiseAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"accuracyWithin"}}]}}]} as unknown as DocumentNode<ConsoleModelsQuery, ConsoleModelsQueryVariables>;
export const ConsolePromoteDocument = {"__meta__":{"hash":"sha256:f4cf223e6e4a795e018d52338f5a13032e33e576886a73467fcc1c6de10e2b37"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsolePromote"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"versionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"alias"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"promoteModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"versionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"versionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"alias"},"value":{"kind":"Variable","name":{"kind":"Name","value":"alias"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]} as unknown as DocumentNode<ConsolePromoteMutation, ConsolePromoteMutationVariables>;
export const ConsoleRollbackDocument = {"__meta__":{"hash":"sha256:b3e647a82943db83879ec7bc0913c1ddbdb79c82b5c0107b6f09273181d67f90"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRollback"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"alias"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rollbackModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"alias"},"value":{"kind":"Variable","name":{"kind":"Name","value":"alias"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleRollbackMutation, ConsoleRollbackMutationVariables>;
export const ConsoleOverviewDocument = {"__meta__":{"hash":"sha256:dd0625b7ef1d8ec627929cdb444a14d1de4db99b487b7f4032d82827d914d339"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleOverview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TimeRangeInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"metric"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BusinessMetric"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"bucket"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Bucket"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"systemOverview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"generatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"totalTrajectories"}},{"kind":"Field","name":{"kind":"Name","value":"totalRatings"}},{"kind":"Field","name":{"kind":"Name","value":"assessmentsLastHour"}},{"kind":"Field","name":{"kind":"Name","value":"assessmentsPerHour"}},{"kind":"Field","name":{"kind":"Name","value":"averageReward24h"}},{"kind":"Field","name":{"kind":"Name","value":"averageQuality24h"}},{"kind":"Field","name":{"kind":"Name","value":"captureRate24h"}},{"kind":"Field","name":{"kind":"Name","value":"activeUsers24h"}},{"kind":"Field","name":{"kind":"Name","value":"activeRubricVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trend"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"metric"},"value":{"kind":"Variable","name":{"kind":"Name","value":"metric"}}},{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}},{"kind":"Argument","name":{"kind":"Name","value":"bucket"},"value":{"kind":"Variable","name":{"kind":"Name","value":"bucket"}}},{"kind":"Argument","name":{"kind":"Name","value":"forecastBuckets"},"value":{"kind":"IntValue","value":"6"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"slopePerBucket"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"series"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"points"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bucketStart"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"sampleCount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"forecast"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bucketStart"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"lower"}},{"kind":"Field","name":{"kind":"Name","value":"upper"}}]}},{"kind":"Field","name":{"kind":"Name","value":"anomalies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bucketStart"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"robustZ"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"today"},"name":{"kind":"Name","value":"report"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"EnumValue","value":"DAY"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"markdown"}},{"kind":"Field","name":{"kind":"Name","value":"highlights"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"reports"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"EnumValue","value":"DAY"}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"generatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"markdown"}},{"kind":"Field","name":{"kind":"Name","value":"highlights"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleOverviewQuery, ConsoleOverviewQueryVariables>;
export const ConsoleRatingQueueDocument = {"__meta__":{"hash":"sha256:fab09e4550294c3fdea8100881a946d32d8d0b7aa6d7df8c0d51c8d7e5631c16"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleRatingQueue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"modality"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Modality"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ratingQueue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"modality"},"value":{"kind":"Variable","name":{"kind":"Name","value":"modality"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unrated"}},{"kind":"Field","name":{"kind":"Name","value":"ratedByYou"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"candidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rubricReward"}},{"kind":"Field","name":{"kind":"Name","value":"predictedReward"}},{"kind":"Field","name":{"kind":"Name","value":"disagreement"}},{"kind":"Field","name":{"kind":"Name","value":"uncertainty"}},{"kind":"Field","name":{"kind":"Name","value":"ratings"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"trajectory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"audience"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"topic"}},{"kind":"Field","name":{"kind":"Name","value":"modality"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"outputSummary"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reward"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"components"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleRatingQueueQuery, ConsoleRatingQueueQueryVariables>;
export const ConsoleRateDocument = {"__meta__":{"hash":"sha256:b45206b580f241a3319a29bf1ebb7b3aacdc875007b672ee9cb061e8a6778dd6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trajectoryId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"score"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"comment"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rateTrajectory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"trajectoryId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trajectoryId"}}},{"kind":"Argument","name":{"kind":"Name","value":"score"},"value":{"kind":"Variable","name":{"kind":"Name","value":"score"}}},{"kind":"Argument","name":{"kind":"Name","value":"comment"},"value":{"kind":"Variable","name":{"kind":"Name","value":"comment"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trajectoryId"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"rater"}}]}}]}}]} as unknown as DocumentNode<ConsoleRateMutation, ConsoleRateMutationVariables>;
export const ConsoleWithdrawRatingDocument = {"__meta__":{"hash":"sha256:65b8b1101db4c1c759221908fb9affc0f2b6f7bc39d760def8ca57ab8e171987"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleWithdrawRating"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trajectoryId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"withdrawRating"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"trajectoryId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trajectoryId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trajectoryId"}},{"kind":"Field","name":{"kind":"Name","value":"restored"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleWithdrawRatingMutation, ConsoleWithdrawRatingMutationVariables>;
export const ConsoleSearchesDocument = {"__meta__":{"hash":"sha256:1165d52cd9bb32412e3b83ba1b52eb72369b3def9f9724e84ccd5a6a8758633b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleSearches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hyperparameterSearches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"trials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleSearchesQuery, ConsoleSearchesQueryVariables>;
export const ConsoleSearchDocument = {"__meta__":{"hash":"sha256:c1d137803822b9832034402db71e8ded9ab4e18a21019886f1ddfc32391a4818"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hyperparameterSearch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startedBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"trials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"epochsCompleted"}},{"kind":"Field","name":{"kind":"Name","value":"bestValidationLoss"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"learningRate"}},{"kind":"Field","name":{"kind":"Name","value":"batchSize"}},{"kind":"Field","name":{"kind":"Name","value":"hiddenUnits"}},{"kind":"Field","name":{"kind":"Name","value":"epochs"}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"test"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mae"}},{"kind":"Field","name":{"kind":"Name","value":"spearman"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"best"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleSearchQuery, ConsoleSearchQueryVariables>;
export const ConsoleStartSearchDocument = {"__meta__":{"hash":"sha256:39bfab3c1fccd20f2202da32c0544fe58b4dac62d281afe04e6eba06f0ad77a6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleStartSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"HyperparameterSearchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startHyperparameterSearch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<ConsoleStartSearchMutation, ConsoleStartSearchMutationVariables>;
export const ConsoleCancelSearchDocument = {"__meta__":{"hash":"sha256:dc1cbec2ad0ba9dc83943adc97f565cb2435f908d10002b38bb222cef5c7ba27"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCancelSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelHyperparameterSearch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<ConsoleCancelSearchMutation, ConsoleCancelSearchMutationVariables>;
export const ConsoleMeDocument = {"__meta__":{"hash":"sha256:b65974336d811bc91b589aa565acf5ef1d1d88998fd425d805482fdc178cf45f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleMe"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"identity"}}]}}]}}]} as unknown as DocumentNode<ConsoleMeQuery, ConsoleMeQueryVariables>;
export const ConsoleTrainingRunsDocument = {"__meta__":{"hash":"sha256:d5ea4dcea6cf450ab2b5e3e72696df75287a6813bf569e729daaa8cc87c025c2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleTrainingRuns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainingRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"epochs"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleTrainingRunsQuery, ConsoleTrainingRunsQueryVariables>;
export const ConsoleStartTrainingDocument = {"__meta__":{"hash":"sha256:ca872531e36da6f63755667f6276bf4b899d2eea52c8b16b4464a648e7a1b6e0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleStartTraining"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"StartTrainingInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startTraining"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"epochs"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleStartTrainingMutation, ConsoleStartTrainingMutationVariables>;
export const ConsoleTrainingProgressDocument = {"__meta__":{"hash":"sha256:eaeffd259358c9aee1404286ceecf942e5ba2c6789600790a9e4ac2919d4725c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsoleTrainingProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainingProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"loss"}},{"kind":"Field","name":{"kind":"Name","value":"validationLoss"}},{"kind":"Field","name":{"kind":"Name","value":"validationMae"}},{"kind":"Field","name":{"kind":"Name","value":"samplesPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"test"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"mae"}},{"kind":"Field","name":{"kind":"Name","value":"r2"}},{"kind":"Field","name":{"kind":"Name","value":"spearman"}},{"kind":"Field","name":{"kind":"Name","value":"pairwiseAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"accuracyWithin"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rubricBaseline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"mae"}},{"kind":"Field","name":{"kind":"Name","value":"r2"}},{"kind":"Field","name":{"kind":"Name","value":"spearman"}},{"kind":"Field","name":{"kind":"Name","value":"pairwiseAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"accuracyWithin"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleTrainingProgressSubscription, ConsoleTrainingProgressSubscriptionVariables>;
export const ConsoleTrajectoriesDocument = {"__meta__":{"hash":"sha256:3ecd19ddf15ee694dc94b0020599670fca17502761446d0d4b43867b7666c366"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleTrajectories"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TrajectoryFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trajectories"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"audience"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"submittedBy"}},{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"topic"}},{"kind":"Field","name":{"kind":"Name","value":"modality"}},{"kind":"Field","name":{"kind":"Name","value":"format"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reward"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"predictedReward"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"averageRating"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleTrajectoriesQuery, ConsoleTrajectoriesQueryVariables>;
export const ConsoleTrajectoryDocument = {"__meta__":{"hash":"sha256:1d9b36d8036ba741c4688d8ac41e6965cd73965858b74143e3db08692beb58ac"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleTrajectory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trajectory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"submittedBy"}},{"kind":"Field","name":{"kind":"Name","value":"submitter"}},{"kind":"Field","name":{"kind":"Name","value":"audience"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalDurationMs"}},{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"topic"}},{"kind":"Field","name":{"kind":"Name","value":"modality"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"outputSummary"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"Field","name":{"kind":"Name","value":"medicalTerms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expectedTermCount"}},{"kind":"Field","name":{"kind":"Name","value":"terms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"term"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"labelled"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"bloom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"observedLevel"}},{"kind":"Field","name":{"kind":"Name","value":"actionVerbs"}},{"kind":"Field","name":{"kind":"Name","value":"targetObjectives"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cognitiveLoad"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"elementCount"}},{"kind":"Field","name":{"kind":"Name","value":"labelCount"}},{"kind":"Field","name":{"kind":"Name","value":"textDensity"}},{"kind":"Field","name":{"kind":"Name","value":"intrinsic"}},{"kind":"Field","name":{"kind":"Name","value":"extraneous"}},{"kind":"Field","name":{"kind":"Name","value":"germane"}}]}},{"kind":"Field","name":{"kind":"Name","value":"visual"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contrast"}},{"kind":"Field","name":{"kind":"Name","value":"sharpness"}},{"kind":"Field","name":{"kind":"Name","value":"colorBalance"}},{"kind":"Field","name":{"kind":"Name","value":"labelLegibility"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reward"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"rubricVersion"}},{"kind":"Field","name":{"kind":"Name","value":"components"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"contribution"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"predictedReward"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"uncertainty"}},{"kind":"Field","name":{"kind":"Name","value":"explanation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"group"}},{"kind":"Field","name":{"kind":"Name","value":"contribution"}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"averageRating"}},{"kind":"Field","name":{"kind":"Name","value":"feedback"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"ratedBy"}},{"kind":"Field","name":{"kind":"Name","value":"rater"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleTrajectoryQuery, ConsoleTrajectoryQueryVariables>;
export const ConsoleModalitiesDocument = {"__meta__":{"hash":"sha256:501efe173e2cc67bc782449a8b9bb940b2102627aae6d7e703c3227d2e7154f1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleModalities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modalities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}},{"kind":"Field","name":{"kind":"Name","value":"trajectoryCount"}}]}}]}}]} as unknown as DocumentNode<ConsoleModalitiesQuery, ConsoleModalitiesQueryVariables>;