import { bigserial, doublePrecision, index, integer, jsonb, pgTable, serial, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { io } from '@tensorflow/tfjs-core';
import type { DatasetSummary, EducatorCorrectionRecord, ModelMetrics } from '../../domain/model/model-records.js';
import type { TrainingConfig } from '../../domain/model/training-config.js';
import { timestamptz } from '../columns.js';
import { encryptedBytes } from '../encryption/columns.js';

export type TrainingRunStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type TrainingTrigger = 'MANUAL' | 'CLI' | 'STARTUP' | 'AUTOMATIC' | 'SEARCH';

/** One training run, from the queue to a registered version (or a reason it has none). */
export const trainingRuns = pgTable(
  'training_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    status: text('status').$type<TrainingRunStatus>().notNull(),
    trigger: text('trigger').$type<TrainingTrigger>().notNull(),
    /** The resolved training configuration (defaults plus what the caller set). */
    config: jsonb('config').$type<TrainingConfig>().notNull(),
    startedBy: text('started_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    /** Written with every progress event; a RUNNING run whose heartbeat stops is marked FAILED. */
    heartbeatAt: timestamptz('heartbeat_at'),
    /** Which replica runs it (host:pid). */
    worker: text('worker'),
    backend: text('backend'),
    cancelRequested: integer('cancel_requested').notNull().default(0),
    error: text('error'),
    dataset: jsonb('dataset').$type<DatasetSummary>(),
    epochsCompleted: integer('epochs_completed').notNull().default(0),
    iterations: integer('iterations').notNull().default(0),
    bestIteration: integer('best_iteration'),
    bestValidationLoss: doublePrecision('best_validation_loss'),
    modelVersionId: uuid('model_version_id'),
    /** The hyperparameter search this run is a trial of (lineage: version → run → search). */
    searchId: uuid('search_id'),
  },
  (t) => [
    index('training_runs_created_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('training_runs_status_idx').on(t.status),
    index('training_runs_search_idx').on(t.searchId),
  ],
);

/** The grid a hyperparameter search tries: every combination is one training run (a trial). */
export interface SearchSpace {
  learningRates: number[];
  batchSizes: number[];
  hiddenUnits: number[][];
}

export const hyperparameterSearches = pgTable('hyperparameter_searches', {
  id: uuid('id').primaryKey().defaultRandom(),
  space: jsonb('space').$type<SearchSpace>().notNull(),
  /** What every trial shares (epochs, seed, …), as the caller set it. */
  base: jsonb('base').$type<Record<string, unknown>>().notNull(),
  startedBy: text('started_by').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});
export type HyperparameterSearchRow = typeof hyperparameterSearches.$inferSelect;

export type TrainingEventKind = 'STATUS' | 'PROGRESS';

/** A run's history: every status change and progress report, in order. */
export const trainingEvents = pgTable(
  'training_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: uuid('run_id')
      .notNull()
      .references(() => trainingRuns.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    kind: text('kind').$type<TrainingEventKind>().notNull(),
    status: text('status').$type<TrainingRunStatus>().notNull(),
    epoch: integer('epoch'),
    iteration: integer('iteration'),
    loss: doublePrecision('loss'),
    validationLoss: doublePrecision('validation_loss'),
    validationMae: doublePrecision('validation_mae'),
    samplesPerSecond: doublePrecision('samples_per_second'),
    etaSeconds: doublePrecision('eta_seconds'),
    message: text('message'),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('training_events_run_seq_uq').on(t.runId, t.seq)],
);

/** A trained reward model: weights, lineage, evaluation and card. */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    version: serial('version').notNull(),
    runId: uuid('run_id').references(() => trainingRuns.id, { onDelete: 'set null' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    featurizerVersion: text('featurizer_version').notNull(),
    rubricVersion: integer('rubric_version').notNull(),
    targetSource: text('target_source').notNull(),
    datasetDigest: text('dataset_digest').notNull(),
    splitSizes: jsonb('split_sizes').$type<{ train: number; validation: number; test: number }>().notNull(),
    /** The held-out trajectories, so the promotion gate compares two versions on the same data. */
    testTrajectoryIds: jsonb('test_trajectory_ids').$type<string[]>().notNull(),
    config: jsonb('config').$type<TrainingConfig>().notNull(),
    metrics: jsonb('metrics').$type<ModelMetrics>().notNull(),
    backend: text('backend').notNull(),
    parameterCount: integer('parameter_count').notNull(),
    /** tf.io.ModelArtifacts: topology and weight specs as JSON, weights as raw bytes. */
    topology: jsonb('topology').$type<NonNullable<io.ModelArtifacts['modelTopology']>>().notNull(),
    weightSpecs: jsonb('weight_specs').$type<io.WeightsManifestEntry[]>().notNull(),
    /** Encrypted at rest when ENCRYPT_MODEL_WEIGHTS is on (db/encryption). Null when another store holds them. */
    weights: encryptedBytes('model_versions', 'weights'),
    /** Where the weights are: `postgres` (the column above) or `filesystem` (registry/weight-store.ts). */
    weightsStore: text('weights_store').notNull().default('postgres'),
    modelCard: text('model_card').notNull(),
    /** What educators' ratings add to the rubric, with its uncertainty; null without enough ratings. */
    correction: jsonb('correction').$type<EducatorCorrectionRecord>(),
  },
  (t) => [uniqueIndex('model_versions_version_uq').on(t.version)],
);

/** Named pointers (production, staging, …) to a version; they move on promote and rollback. */
export const modelAliases = pgTable('model_aliases', {
  name: text('name').primaryKey(),
  versionId: uuid('version_id')
    .notNull()
    .references(() => modelVersions.id),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

export type AliasAction = 'PROMOTE' | 'ROLLBACK' | 'AUTO_PROMOTE';

/** Every move of every alias; rollback walks this back. */
export const modelAliasHistory = pgTable(
  'model_alias_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alias: text('alias').notNull(),
    fromVersionId: uuid('from_version_id'),
    toVersionId: uuid('to_version_id').notNull(),
    action: text('action').$type<AliasAction>().notNull(),
    forced: integer('forced').notNull().default(0),
    reason: text('reason'),
    actor: text('actor').notNull(),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [index('model_alias_history_alias_idx').on(t.alias, t.id.desc().nullsFirst())],
);

export type PromotionRequestStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

/**
 * A forced promotion to production waiting for a second person: created by the requester,
 * decided (approved and carried out, or rejected) by someone with another identity.
 */
export const promotionRequests = pgTable(
  'promotion_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    alias: text('alias').notNull(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => modelVersions.id),
    reason: text('reason').notNull(),
    status: text('status').$type<PromotionRequestStatus>().notNull(),
    requestedById: text('requested_by_id').notNull(),
    requestedByName: text('requested_by_name').notNull(),
    requestedAt: timestamptz('requested_at').notNull().defaultNow(),
    decidedById: text('decided_by_id'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamptz('decided_at'),
  },
  (t) => [index('promotion_requests_status_idx').on(t.status, t.requestedAt)],
);

export type PromotionRequestRow = typeof promotionRequests.$inferSelect;
export type TrainingRunRow = typeof trainingRuns.$inferSelect;
export type TrainingEventRow = typeof trainingEvents.$inferSelect;
export type ModelVersionRow = typeof modelVersions.$inferSelect;
export type ModelAliasRow = typeof modelAliases.$inferSelect;
export type ModelAliasHistoryRow = typeof modelAliasHistory.$inferSelect;

/** One live-drift check of the production model (subgraphs/model/serving/drift-monitor.ts). */
export const modelDriftChecks = pgTable(
  'model_drift_checks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    at: timestamptz('at').notNull().defaultNow(),
    /** Rated trajectories whose ratings came after the version, and its agreement with them. */
    liveCount: integer('live_count').notNull(),
    liveMae: doublePrecision('live_mae'),
    liveWithin: doublePrecision('live_within'),
    /** Population stability index per feature group, recent trajectories vs those before the version. */
    psi: jsonb('psi').$type<Record<string, number>>().notNull(),
    currentSize: integer('current_size').notNull(),
    referenceSize: integer('reference_size').notNull(),
  },
  (t) => [index('model_drift_checks_at_idx').on(t.at)],
);
