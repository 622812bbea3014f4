import { createHash } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { AssessmentState } from '../../../domain/assessment/state.js';
import type { Database } from '../../../db/client.js';
import { rubrics, trajectories } from '../../../db/schema/index.js';
import { calculateReward } from '../../../domain/rubric/reward-calculator.js';
import { rubricDefinitionOf } from '../../../domain/rubric/rubric-definition.js';
import { FEATURE_DIM, FEATURIZER_VERSION, featurize } from '../featurizer.js';
import type { Split, TrainingData } from './trainer.js';
import type { DatasetSummary } from '../../../domain/model/model-records.js';
import type { TargetSource, TrainingConfig } from '../../../domain/model/training-config.js';

export type { DatasetSummary };

/** One trainable trajectory with both candidate targets. */
export interface Sample {
  trajectoryId: string;
  imageSha256: string;
  audience: string;
  state: AssessmentState;
  rubricReward: number;
  meanRating: number | null;
}

export interface LabelledSample extends Sample {
  target: number;
  targetFrom: 'RATING' | 'RUBRIC';
}

export interface SplitSamples {
  train: LabelledSample[];
  validation: LabelledSample[];
  test: LabelledSample[];
}

/** The educator's mean rating where one exists (if configured), else the rubric reward. */
export function labelSamples(samples: Sample[], source: TargetSource): LabelledSample[] {
  return samples.map((s) =>
    source === 'RATING_ELSE_RUBRIC' && s.meanRating !== null
      ? { ...s, target: s.meanRating, targetFrom: 'RATING' }
      : { ...s, target: s.rubricReward, targetFrom: 'RUBRIC' },
  );
}

/**
 * Split by image: every trajectory of one image lands in the same split, so a model is never
 * tested on an image it trained on. The split of an image depends only on its hash and the seed.
 */
export function splitByImage<T extends { imageSha256: string }>(
  samples: T[],
  options: { seed: number; validationShare: number; testShare: number },
): { train: T[]; validation: T[]; test: T[] } {
  const out = { train: [] as T[], validation: [] as T[], test: [] as T[] };
  for (const s of samples) {
    const digest = createHash('sha256').update(`${options.seed}:${s.imageSha256}`).digest();
    const u = digest.readUInt32BE(0) / 2 ** 32;
    const bucket = u < options.testShare ? 'test' : u < options.testShare + options.validationShare ? 'validation' : 'train';
    out[bucket].push(s);
  }
  return out;
}

/** Identifies exactly which samples and targets a model saw, for lineage and for caching. */
export function datasetDigest(samples: LabelledSample[], featurizerVersion: string): string {
  const hash = createHash('sha256').update(featurizerVersion);
  for (const s of [...samples].sort((a, b) => a.trajectoryId.localeCompare(b.trajectoryId))) {
    hash.update(`\n${s.trajectoryId}:${s.target.toFixed(6)}`);
  }
  return hash.digest('hex');
}

export function toSplit(samples: LabelledSample[]): Split {
  const x = new Float32Array(samples.length * FEATURE_DIM);
  const y = new Float32Array(samples.length);
  samples.forEach((s, i) => {
    x.set(featurize(s.state), i * FEATURE_DIM);
    y[i] = s.target;
  });
  return { x, y, n: samples.length };
}

export interface PreparedDataset {
  summary: DatasetSummary;
  samples: SplitSamples;
  data: TrainingData;
}

export function prepareDataset(
  samples: Sample[],
  config: Pick<TrainingConfig, 'targetSource' | 'seed' | 'validationShare' | 'testShare'>,
  rubricVersion: number,
): PreparedDataset {
  const labelled = labelSamples(samples, config.targetSource);
  const split = splitByImage(labelled, config);
  const fromRatings = labelled.filter((s) => s.targetFrom === 'RATING').length;
  return {
    summary: {
      size: labelled.length,
      digest: datasetDigest(labelled, FEATURIZER_VERSION),
      featurizerVersion: FEATURIZER_VERSION,
      rubricVersion,
      targetSource: config.targetSource,
      targetsFromRatings: fromRatings,
      targetsFromRubric: labelled.length - fromRatings,
      distinctImages: new Set(labelled.map((s) => s.imageSha256)).size,
      split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
    },
    samples: split,
    data: { train: toSplit(split.train), validation: toSplit(split.validation), test: toSplit(split.test) },
  };
}

/**
 * Every VALID trajectory (duplicates and low-quality ones are left out), with the active
 * rubric's reward computed from its state and the mean of its educator ratings.
 */
export async function loadSamples(db: Database, ids?: readonly string[]): Promise<{ samples: Sample[]; rubricVersion: number }> {
  const [active] = await db.select().from(rubrics).where(eq(rubrics.active, true)).limit(1);
  if (!active) throw new Error('no active rubric');
  const rubric = rubricDefinitionOf(active);
  const rows = await db
    .select({
      id: trajectories.id,
      imageSha256: trajectories.imageSha256,
      audience: trajectories.audience,
      state: trajectories.state,
      // Spelled out: drizzle renders a bare column name inside a correlated subquery.
      meanRating: sql<
        number | null
      >`(select avg(f.score) from educator_feedback f where f.trajectory_id = trajectories.id and f.superseded_at is null)`,
    })
    .from(trajectories)
    .where(
      // One jsonb parameter, whatever the count: the statement text stays the same, so the
      // prepared-statement cache (db/client.ts) holds one entry instead of one per list length.
      ids
        ? sql`${trajectories.id} in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`
        : eq(trajectories.status, 'VALID'),
    )
    .orderBy(asc(trajectories.id));
  return {
    rubricVersion: active.version,
    samples: rows.map((r) => ({
      trajectoryId: r.id,
      imageSha256: r.imageSha256,
      audience: r.audience,
      state: r.state,
      rubricReward: calculateReward(r.state, rubric).total,
      meanRating: r.meanRating === null ? null : Number(r.meanRating),
    })),
  };
}
