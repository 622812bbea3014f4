import * as tfl from '@tensorflow/tfjs-layers';
import { eq } from 'drizzle-orm';
import type { AssessmentState } from '../../../domain/assessment/state.js';
import type { Database, Notifications } from '../../../db/client.js';
import { modelAliases, modelVersions } from '../../../db/schema/index.js';
import { AppError, ErrorCode } from '../../../platform/errors.js';
import { isUuid } from '../../../platform/ids.js';
import type { EducatorCorrectionRecord } from '../../../domain/model/model-records.js';
import { FEATURE_DIM, FEATURIZER_VERSION, SERVABLE_FEATURIZERS, featurize, matrixFor, vectorFor } from '../featurizer.js';
import { correctedPrediction } from '../training/educator-correction.js';
import { addingUpTo, explainCorrected, explainNetwork, type Contribution } from './explanations.js';
import { loadFrom } from '../registry/postgres-model-io.js';
import type { WeightStores } from '../registry/weight-store.js';
import { predictBatch } from '../training/reward-network.js';

export const MODEL_ALIAS_CHANNEL = 'mi_model_alias';
export const DEFAULT_ALIAS = 'production';

export interface Prediction {
  value: number;
  /** Standard deviation of the reward (the stated 90% interval is ±1.645×); null without a correction. */
  uncertainty: number | null;
  modelVersionId: string;
  modelVersion: number;
  /** What each feature group contributed (computed when asked: explanations.ts). */
  explain(): Contribution[];
}

interface LoadedModel {
  model: tfl.LayersModel;
  id: string;
  version: number;
  featurizerVersion: string;
  correction: EducatorCorrectionRecord | null;
}

/**
 * Serves predictions. Models load from the registry once and stay in memory (a few, most
 * recent first); alias lookups are cached and dropped when any replica moves an alias
 * (NOTIFY), so a promotion reaches every replica without a restart.
 */
export class RewardPredictor {
  private readonly models = new Map<string, Promise<LoadedModel>>();
  private readonly aliases = new Map<string, Promise<string | null>>();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Database,
    private readonly notifications: Notifications,
    private readonly options: {
      maxLoadedModels: number;
      onPredict?: (modelVersion: number, count: number, seconds: number) => void;
      /** Where versions' weights may be (default: Postgres only). */
      weightStores?: WeightStores;
    },
  ) {}

  async start(): Promise<void> {
    this.unlisten ??= await this.notifications.listen(MODEL_ALIAS_CHANNEL, (alias) => this.aliases.delete(alias));
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
    for (const loaded of this.models.values()) void loaded.then((m) => m.model.dispose()).catch(() => undefined);
    this.models.clear();
  }

  /** The version an alias points at, or null. */
  aliasTarget(alias: string): Promise<string | null> {
    let target = this.aliases.get(alias);
    if (!target) {
      target = this.db
        .select({ versionId: modelAliases.versionId })
        .from(modelAliases)
        .where(eq(modelAliases.name, alias))
        .then(([row]) => row?.versionId ?? null);
      this.aliases.set(alias, target);
      target.catch(() => this.aliases.delete(alias));
    }
    return target;
  }

  /** Scores states in one tensor operation with a version (or the production alias's). */
  predictStates(states: readonly AssessmentState[], versionId: string | null | undefined): Promise<Prediction[]> {
    return this.predictVectors(
      states.map((s) => featurize(s)),
      versionId,
    );
  }

  /** Scores featurized states (one FEATURE_DIM vector each) in one tensor operation. */
  async predictVectors(vectors: readonly Float32Array[], versionId: string | null | undefined): Promise<Prediction[]> {
    const loaded = await this.load(versionId ?? null);
    const features = new Float32Array(vectors.length * FEATURE_DIM);
    vectors.forEach((v, i) => features.set(vectorFor(loaded.featurizerVersion, v), i * FEATURE_DIM));
    const started = performance.now();
    const predictions = servePredictions(loaded, features, vectors.length);
    this.options.onPredict?.(loaded.version, vectors.length, (performance.now() - started) / 1000);
    return predictions.map((p) => ({ ...p, modelVersionId: loaded.id, modelVersion: loaded.version }));
  }

  /** Raw features → predictions (the promotion gate compares versions on the same rows). */
  async predictFeatures(features: Float32Array, n: number, versionId: string): Promise<Float32Array> {
    const loaded = await this.load(versionId);
    return Float32Array.from(servePredictions(loaded, matrixFor(loaded.featurizerVersion, features, n), n), (p) => p.value);
  }

  private async load(versionId: string | null): Promise<LoadedModel> {
    const id = versionId ?? (await this.aliasTarget(DEFAULT_ALIAS));
    if (!id) {
      throw new AppError(
        ErrorCode.MODEL_NOT_READY,
        'No reward model is in production yet: start a training run (startTraining) and promote its version (promoteModel).',
      );
    }
    // Not an id any version could have (the column is a uuid; Postgres would refuse the query).
    if (!isUuid(id)) throw new AppError(ErrorCode.NOT_FOUND, `Model version ${id} does not exist`, { id });
    let loaded = this.models.get(id);
    if (!loaded) {
      loaded = this.read(id);
      this.models.set(id, loaded);
      loaded.catch(() => this.models.delete(id));
      while (this.models.size > this.options.maxLoadedModels) {
        const [oldest, evicted] = this.models.entries().next().value as [string, Promise<LoadedModel>];
        this.models.delete(oldest);
        void evicted.then((m) => m.model.dispose()).catch(() => undefined);
      }
    } else {
      // Most recently used last, so eviction drops the least recently used.
      this.models.delete(id);
      this.models.set(id, loaded);
    }
    return loaded;
  }

  private async read(id: string): Promise<LoadedModel> {
    const [row] = await this.db
      .select({
        version: modelVersions.version,
        featurizerVersion: modelVersions.featurizerVersion,
        correction: modelVersions.correction,
      })
      .from(modelVersions)
      .where(eq(modelVersions.id, id));
    if (!row) throw new AppError(ErrorCode.NOT_FOUND, `Model version ${id} does not exist`, { id });
    if (!(SERVABLE_FEATURIZERS as readonly string[]).includes(row.featurizerVersion)) {
      throw new AppError(
        ErrorCode.MODEL_NOT_READY,
        `Model version ${row.version} was trained with ${row.featurizerVersion}; this service featurizes with ${FEATURIZER_VERSION}. Retrain or roll back.`,
      );
    }
    const model = await tfl.loadLayersModel(loadFrom(this.db, id, this.options.weightStores));
    return { model, id, version: row.version, featurizerVersion: row.featurizerVersion, correction: row.correction ?? null };
  }
}

/** The network's predictions, corrected by what educators' ratings taught the version if it has a correction. */
export function servePredictions(
  loaded: Pick<LoadedModel, 'model' | 'correction'>,
  features: Float32Array,
  n: number,
): { value: number; uncertainty: number | null; explain(): Contribution[] }[] {
  const network = predictBatch(loaded.model, features, n);
  const correction = loaded.correction;
  return Array.from(network, (value, i) => {
    const vector = features.subarray(i * FEATURE_DIM, (i + 1) * FEATURE_DIM);
    if (!correction) return { value, uncertainty: null, explain: () => addingUpTo(value, explainNetwork(loaded.model, vector)) };
    const corrected = correctedPrediction(correction, vector, value);
    return { ...corrected, explain: () => addingUpTo(corrected.value, explainCorrected(correction, vector, value)) };
  });
}
