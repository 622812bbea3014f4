import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { modelVersions } from '../../../db/schema/index.js';
import type { EducatorCorrectionRecord } from '../../../domain/model/model-records.js';
import type { TrainingConfig } from '../../../domain/model/training-config.js';
import { evaluate } from '../evaluator.js';
import { matrixFor, SERVABLE_FEATURIZERS } from '../featurizer.js';
import { servePredictions } from '../serving/reward-predictor.js';
import { loadSamples, prepareDataset } from '../training/dataset.js';
import { weightBytes } from '../training/reward-network.js';
import { AppError, BadUserInputError, ErrorCode } from '../../../platform/errors.js';
import type { ModelRegistry } from './model-registry.js';
import { loadFrom } from './postgres-model-io.js';
import type { WeightStores } from './weight-store.js';

export const ARTIFACT_FILES = { model: 'model.json', weights: 'weights.bin', card: 'model-card.md' } as const;

/** What travels with the weights in model.json (`userDefinedMetadata.medillustrator`). */
export interface ArtifactMetadata {
  version: number;
  featurizerVersion: string;
  rubricVersion: number;
  targetSource: string;
  datasetDigest: string;
  config: TrainingConfig;
  correction: EducatorCorrectionRecord | null;
}

/** A model directory's three files, in memory: what travels through the API and onto disk. */
export interface ArtifactFiles {
  modelJson: string;
  weights: Buffer;
  card: string;
}

/**
 * A version as a TensorFlow.js model directory: `model.json` (layers-model format: topology,
 * weights manifest, and our metadata: featurizer version, educator correction, lineage),
 * `weights.bin`, and `model-card.md`. Any TensorFlow.js runtime loads it with
 * `tf.loadLayersModel('…/model.json')` (the network alone; the correction is in the metadata).
 */
export async function artifactOf(db: Database, stores: WeightStores, versionId: string): Promise<ArtifactFiles> {
  const [row] = await db.select().from(modelVersions).where(eq(modelVersions.id, versionId));
  if (!row) throw new Error(`model version ${versionId} does not exist`);
  const artifacts = await (loadFrom(db, versionId, stores).load?.() ?? Promise.reject(new Error('no loader')));
  const metadata: ArtifactMetadata = {
    version: row.version,
    featurizerVersion: row.featurizerVersion,
    rubricVersion: row.rubricVersion,
    targetSource: row.targetSource,
    datasetDigest: row.datasetDigest,
    config: row.config,
    correction: row.correction ?? null,
  };
  const modelJson = {
    format: 'layers-model',
    generatedBy: `medillustrator-platform (reward model v${row.version})`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [ARTIFACT_FILES.weights], weights: artifacts.weightSpecs ?? [] }],
    userDefinedMetadata: { medillustrator: metadata },
  };
  return { modelJson: JSON.stringify(modelJson, null, 2), weights: Buffer.from(weightBytes(artifacts)), card: row.modelCard };
}

export async function writeArtifact(files: ArtifactFiles, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, ARTIFACT_FILES.model), files.modelJson);
  await writeFile(join(dir, ARTIFACT_FILES.weights), files.weights);
  await writeFile(join(dir, ARTIFACT_FILES.card), files.card);
}

export async function readArtifactFiles(dir: string): Promise<ArtifactFiles> {
  return {
    modelJson: await readFile(join(dir, ARTIFACT_FILES.model), 'utf8'),
    weights: await readFile(join(dir, ARTIFACT_FILES.weights)),
    card: await readFile(join(dir, ARTIFACT_FILES.card), 'utf8').catch(() => ''),
  };
}

export async function exportVersion(db: Database, stores: WeightStores, versionId: string, dir: string): Promise<void> {
  await writeArtifact(await artifactOf(db, stores, versionId), dir);
}

interface ModelJson {
  format?: string;
  modelTopology?: tf.io.ModelArtifacts['modelTopology'];
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  userDefinedMetadata?: { medillustrator?: ArtifactMetadata };
}

const invalid = (message: string) => new BadUserInputError(message, [{ path: 'input.modelJson', message }]);

/** Reads a model directory's files; says what is missing or wrong (naming `source`) rather than failing later. */
export function parseArtifact(
  files: ArtifactFiles,
  source: string,
): { artifacts: tf.io.ModelArtifacts; metadata: ArtifactMetadata; card: string } {
  let json: ModelJson;
  try {
    json = JSON.parse(files.modelJson) as ModelJson;
  } catch {
    throw invalid(`${source}/model.json is not JSON`);
  }
  const metadata = json.userDefinedMetadata?.medillustrator;
  const manifest = json.weightsManifest?.[0];
  if (json.format !== 'layers-model' || !json.modelTopology || !manifest)
    throw invalid(`${source}/model.json is not a TensorFlow.js layers model`);
  if (!metadata) throw invalid(`${source}/model.json carries no medillustrator metadata (featurizer version, lineage)`);
  if (!(SERVABLE_FEATURIZERS as readonly string[]).includes(metadata.featurizerVersion)) {
    throw invalid(
      `${source} was trained with ${metadata.featurizerVersion}; this platform serves ${SERVABLE_FEATURIZERS.join(', ')}`,
    );
  }
  const weightData = new ArrayBuffer(files.weights.byteLength);
  new Uint8Array(weightData).set(files.weights);
  return {
    artifacts: {
      modelTopology: json.modelTopology,
      weightSpecs: manifest.weights,
      weightData,
      format: 'layers-model',
    },
    metadata,
    card: files.card,
  };
}

/**
 * Registers an exported model directory (its files, read from disk or sent through the API) as a new version: evaluated like a trained one, on the current
 * data's held-out split (the training defaults' seed and shares), with the lineage it carries.
 * It is not promoted; `promoteModel` (through the gate) does that.
 */
export async function importVersion(
  db: Database,
  registry: ModelRegistry,
  files: ArtifactFiles,
  options: { by: string; source: string; defaults: TrainingConfig },
): Promise<{ id: string; version: number }> {
  const dir = options.source;
  const { artifacts, metadata, card } = parseArtifact(files, dir);
  const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  try {
    const { samples, rubricVersion } = await loadSamples(db);
    const dataset = prepareDataset(samples, { ...options.defaults, targetSource: 'RATING_ELSE_RUBRIC' }, rubricVersion);
    const test = dataset.samples.test;
    if (test.length === 0)
      throw new AppError(ErrorCode.DATASET_TOO_SMALL, 'no held-out trajectories to evaluate the imported model on');
    // Served exactly as the predictor will serve it: the network, then the correction it carries.
    const predictions = servePredictions(
      { model, correction: metadata.correction },
      matrixFor(metadata.featurizerVersion, dataset.data.test.x, test.length),
      test.length,
    ).map((p) => p.value);
    const evaluation = evaluate(
      test.map((s, i) => ({
        prediction: predictions[i] ?? Number.NaN,
        target: s.target,
        audience: s.audience,
        rubric: s.targetFrom === 'RATING' ? s.rubricReward : null,
      })),
    );
    const row = await registry.register(
      {
        version: await registry.nextVersionNumber(),
        runId: null,
        createdBy: options.by,
        createdAt: new Date(),
        featurizerVersion: metadata.featurizerVersion,
        rubricVersion: metadata.rubricVersion,
        targetSource: metadata.targetSource,
        datasetDigest: metadata.datasetDigest,
        splitSizes: dataset.summary.split,
        testTrajectoryIds: test.map((s) => s.trajectoryId),
        config: metadata.config,
        metrics: {
          ...evaluation,
          training: {
            stopReason: 'IMPORTED',
            epochs: 0,
            iterations: 0,
            bestEpoch: 0,
            bestIteration: 0,
            trainSeconds: 0,
            samplesPerSecond: 0,
            bestValidationLoss: 0,
          },
          intervalCoverage: null,
        },
        backend: 'imported',
        parameterCount: model.countParams(),
        correction: metadata.correction,
        modelCard:
          `> Imported from \`${dir}\` by ${options.by} (exported from v${metadata.version}); the metrics below are from its training, ` +
          `re-evaluated here on ${test.length} held-out trajectories: MAE ${evaluation.mae.toFixed(3)}, within ±0.1 ${evaluation.accuracyWithin.toFixed(3)}.\n\n${card}`,
      },
      artifacts,
    );
    return { id: row.id, version: row.version };
  } finally {
    model.dispose();
  }
}
