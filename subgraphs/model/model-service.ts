import type { Database, DatabaseHandle } from '../../db/client.js';
import type { TrainingTrigger } from '../../db/schema/index.js';
import { componentLogger, type Logger } from '../../platform/logger.js';
import type { ServiceMetrics } from '../../platform/metrics.js';
import { ModelMetrics } from './model-metrics.js';
import { NotFoundError } from '../../platform/errors.js';
import { artifactOf, importVersion, type ArtifactFiles } from './registry/model-artifacts.js';
import { ModelRegistry, PRODUCTION, PromotionRejectedError, type ModelVersionInfo } from './registry/model-registry.js';
import { FeatureCache } from './serving/feature-cache.js';
import { DriftWatch, type DriftWatchOptions } from './serving/drift-monitor.js';
import { RewardPredictor } from './serving/reward-predictor.js';
import { weightStores, type WeightStoreName, type WeightStores } from './registry/weight-store.js';
import { selectBackend, type BackendChoice } from './tf-backend.js';
import { ContinuousLearning, type ContinuousLearningOptions } from './training/continuous-learning.js';
import { HyperparameterSearches } from './training/hyperparameter-search.js';
import { TrainingEventHub } from './training/training-event-hub.js';
import { TrainingRunStore } from './training/training-runs.js';
import { TrainingService, type TrainingServiceOptions } from './training/training-service.js';

export interface ModelServiceOptions {
  training: TrainingServiceOptions;
  continuousLearning: ContinuousLearningOptions & { promoteTo: string[] };
  /** Whether this replica takes runs from the queue (serving-only replicas set false). */
  trainsModels: boolean;
  maxLoadedModels: number;
  /** Live drift of the production model (serving/drift-monitor.ts); off when absent. */
  drift?: DriftWatchOptions;
  /** Where new versions' weights are written; default Postgres (registry/weight-store.ts). */
  weights?: { store: WeightStoreName; dir: string };
}

/**
 * Everything the Model subgraph does, wired once: the run store and its event hub, the
 * training queue and workers, the registry, the predictor and automatic retraining.
 */
export class ModelService {
  readonly runs: TrainingRunStore;
  readonly events: TrainingEventHub;
  readonly predictor: RewardPredictor;
  readonly registry: ModelRegistry;
  readonly training: TrainingService;
  readonly searches: HyperparameterSearches;
  readonly learning: ContinuousLearning;
  readonly drift: DriftWatch;
  readonly metrics: ModelMetrics;
  /** Featurized stored trajectories (immutable, so never stale): 20,000 × 2 KB at most. */
  readonly features = new FeatureCache(20_000);
  runtime: BackendChoice | null = null;
  private readonly stores: WeightStores;
  /** For read-only queries that span the other subgraphs' tables (the rating queue). */
  readonly db: Database;

  constructor(
    private readonly database: DatabaseHandle,
    serviceMetrics: ServiceMetrics,
    private readonly log: Logger,
    private readonly options: ModelServiceOptions,
  ) {
    const { db, notifications } = database;
    this.db = db;
    this.metrics = new ModelMetrics(serviceMetrics, () => this.refreshProductionGauges());
    this.runs = new TrainingRunStore(db, notifications);
    this.events = new TrainingEventHub(notifications, this.runs);
    const stores = weightStores(options.weights ?? { store: 'postgres', dir: '.data/models' });
    this.stores = stores;
    this.predictor = new RewardPredictor(db, notifications, {
      maxLoadedModels: options.maxLoadedModels,
      weightStores: stores,
      onPredict: (version, n, seconds) => {
        this.metrics.predictions.inc({ model_version: String(version) }, n);
        this.metrics.predictionDuration.observe(seconds);
      },
    });
    this.registry = new ModelRegistry(db, notifications, this.predictor, stores.write);
    this.training = new TrainingService(database, this.runs, this.registry, componentLogger(log, 'training'), options.training, {
      onFinished: (_run, status, samplesPerSecond) => {
        this.metrics.trainingRuns.inc({ status });
        if (samplesPerSecond !== undefined) this.metrics.trainingSamplesPerSecond.set(samplesPerSecond);
      },
      onVersion: (versionId, run) => this.promoteAfterTraining(versionId, run.config.promoteTo),
    });
    this.searches = new HyperparameterSearches(db, this.training);
    this.learning = new ContinuousLearning(
      db,
      options.continuousLearning,
      async (reason) => {
        await this.queue({ promoteTo: options.continuousLearning.promoteTo }, 'AUTOMATIC', `continuous-learning (${reason})`);
      },
      componentLogger(log, 'continuous-learning'),
    );
    this.drift = new DriftWatch(
      {
        db,
        predictor: this.predictor,
        features: this.features,
        production: async () => {
          const alias = await this.registry.alias(PRODUCTION);
          return alias ? this.registry.get(alias.versionId) : null;
        },
        lastRunQueuedAt: () => this.learning.lastQueuedAt(),
        enqueue: async (reason) => {
          await this.queue({ promoteTo: options.continuousLearning.promoteTo }, 'AUTOMATIC', `continuous-learning (${reason})`);
        },
        onMeasured: (m) => {
          if (m.live.within !== null) this.metrics.liveAgreement.set({ measure: 'within' }, m.live.within);
          if (m.live.mae !== null) this.metrics.liveAgreement.set({ measure: 'mae' }, m.live.mae);
          this.metrics.liveRatings.set(m.live.count);
          for (const [group, value] of Object.entries(m.psi)) this.metrics.inputPsi.set({ group }, value);
        },
        log: componentLogger(log, 'drift'),
      },
      options.drift ?? { checkIntervalMs: 0, minRatings: 30, withinBelow: 0.8, psiAbove: 0.25, retrain: false },
    );
  }

  async start(): Promise<void> {
    this.runtime = await selectBackend(this.options.training.backend);
    this.metrics.backend.set({ backend: this.runtime.backend }, 1);
    this.log.info({ backend: this.runtime.backend, skipped: this.runtime.skipped }, 'TensorFlow.js backend selected');
    await this.predictor.start();
    await this.events.start();
    await this.training.start(this.options.trainsModels);
    this.learning.start();
    this.drift.start();
  }

  async stop(): Promise<void> {
    this.drift.stop();
    this.learning.stop();
    await this.training.stop();
    await this.events.stop();
    await this.predictor.stop();
  }

  /** A version by number, id or alias, as operators name one; NOT_FOUND names what was asked for. */
  async versionNamed(ref: string): Promise<ModelVersionInfo> {
    const byNumber = /^\d+$/.test(ref) ? await this.registry.byNumber(Number(ref)) : null;
    const alias = byNumber ? null : await this.registry.alias(ref);
    const version = byNumber ?? (await this.registry.get(alias?.versionId ?? ref));
    if (!version) throw new NotFoundError('Model version', `${ref} (a version number, an id, or an alias)`);
    return version;
  }

  /** A version as a TensorFlow.js model directory's files (`npm run model -- export`). */
  async exportArtifact(ref: string): Promise<{ version: ModelVersionInfo; files: ArtifactFiles }> {
    const version = await this.versionNamed(ref);
    return { version, files: await artifactOf(this.db, this.stores, version.id) };
  }

  /** Registers a model directory's files as a new version, evaluated on the current held-out split; not promoted. */
  importArtifact(files: ArtifactFiles, by: string, source: string) {
    return importVersion(this.db, this.registry, files, { by, source, defaults: this.options.training.defaults });
  }

  queue(overrides: Record<string, unknown>, trigger: TrainingTrigger, startedBy: string) {
    return this.training.enqueue({ overrides, trigger, startedBy });
  }

  private async promoteAfterTraining(versionId: string, aliases: string[]): Promise<void> {
    for (const alias of aliases) {
      try {
        await this.registry.promote({
          versionId,
          alias,
          force: false,
          reason: 'passed the promotion gate after training',
          actor: 'training',
          action: 'AUTO_PROMOTE',
        });
        this.log.info({ versionId, alias }, 'promoted after training');
      } catch (err) {
        if (!(err instanceof PromotionRejectedError)) throw err;
        this.log.warn({ versionId, alias, reason: err.message }, 'not promoted after training');
        return;
      }
    }
  }

  private async refreshProductionGauges(): Promise<void> {
    const alias = await this.registry.alias(PRODUCTION).catch(() => null);
    const version = alias ? await this.registry.get(alias.versionId) : null;
    const within = version?.metrics.accuracyWithin;
    if (version && typeof within === 'number') {
      this.metrics.productionAccuracy.set(within);
      this.metrics.productionVersion.set(version.version);
      // The production version's prediction counter exists before its first prediction.
      this.metrics.predictions.inc({ model_version: String(version.version) }, 0);
    }
  }
}
