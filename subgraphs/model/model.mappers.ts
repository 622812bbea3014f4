import type {
  HyperparameterSearchRow,
  ModelAliasHistoryRow,
  ModelAliasRow,
  PromotionRequestRow,
  TrainingRunRow,
} from '../../db/schema/model.js';
import type { ModelMetrics as Metrics } from '../../domain/model/model-records.js';
import type { ModelVersionInfo } from './registry/model-registry.js';
import type { Prediction } from './serving/reward-predictor.js';
import type { DatasetSummary as Summary } from './training/dataset.js';
import type { TrainingConfig as Config } from '../../domain/model/training-config.js';
import type { TrainingEvent as Event } from './training/training-runs.js';

/** The Model subgraph knows a trajectory by id and reads its state itself (same database). */
export interface TrajectoryRef {
  id: string;
}
export type TrainingRun = TrainingRunRow;
export type HyperparameterSearch = HyperparameterSearchRow;
export type TrainingEvent = Event;
export type TrainingConfig = Config;
export type DatasetSummary = Summary;
export type ModelVersion = ModelVersionInfo;
export type ModelMetrics = Metrics;
export type ModelAlias = ModelAliasRow;
export type AliasMove = ModelAliasHistoryRow;
export type RewardPrediction = Prediction;

/** A forced promotion waiting for (or decided by) a second person. */
export type PromotionRequest = PromotionRequestRow;
