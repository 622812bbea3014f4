import { and, desc, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { educatorFeedback, modelDriftChecks, trajectories } from '../../../db/schema/index.js';
import { FEATURE_DIM, FEATURE_LAYOUT } from '../featurizer.js';
import type { FeatureCache } from './feature-cache.js';
import type { RewardPredictor } from './reward-predictor.js';

/** Recent trajectories compared with what the version trained on, and ratings since it. */
export const DRIFT_WINDOW = { current: 500, reference: 2000, ratings: 300 };
const PSI_BINS = 10;
const EPSILON = 1e-4;

export interface LiveAgreement {
  /** Rated trajectories (mean current rating each) whose ratings came after the version was made. */
  count: number;
  mae: number | null;
  within: number | null;
}

export interface DriftMeasurement {
  versionId: string;
  version: number;
  at: Date;
  live: LiveAgreement;
  /** Population stability index per feature group (FEATURE_LAYOUT names), current vs reference. */
  psi: Record<string, number>;
  currentSize: number;
  referenceSize: number;
}

/**
 * Population stability index of one dimension: reference deciles as bins (ties merged), then
 * Σ (current − reference) · ln(current / reference) over the bins' shares. 0 = same
 * distribution; above 0.1 moderate, above 0.25 large (the usual reading).
 */
export function psi(reference: Float32Array, current: Float32Array): number {
  if (reference.length === 0 || current.length === 0) return 0;
  const sorted = Float32Array.from(reference).sort();
  const edges: number[] = [];
  for (let b = 1; b < PSI_BINS; b++) {
    const edge = sorted[Math.floor((b * sorted.length) / PSI_BINS)] ?? 0;
    if (edges.length === 0 || edge > (edges[edges.length - 1] ?? -Infinity)) edges.push(edge);
  }
  const shares = (values: Float32Array) => {
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (const v of values) {
      let bin = 0;
      while (bin < edges.length && v > (edges[bin] ?? 0)) bin++;
      counts[bin] = (counts[bin] ?? 0) + 1;
    }
    return counts.map((c) => Math.max(EPSILON, c / values.length));
  };
  const r = shares(reference);
  const c = shares(current);
  return r.reduce((sum, ri, i) => sum + ((c[i] ?? EPSILON) - ri) * Math.log((c[i] ?? EPSILON) / ri), 0);
}

/** Per feature group, the largest PSI of its dimensions (a shift in any one of them shows). */
export function groupPsi(reference: Float32Array[], current: Float32Array[]): Record<string, number> {
  const column = (rows: Float32Array[], d: number) => Float32Array.from(rows, (r) => r[d] ?? 0);
  const out: Record<string, number> = {};
  for (const group of FEATURE_LAYOUT) {
    let worst = 0;
    for (let d = group.from; d <= group.to && d < FEATURE_DIM; d++)
      worst = Math.max(worst, psi(column(reference, d), column(current, d)));
    out[group.name] = Math.round(worst * 1e4) / 1e4;
  }
  return out;
}

/**
 * Live drift of a (production) version: how well it agrees with the ratings educators gave after
 * it was made (the stored test metric cannot change; this does), and how far the trajectories
 * coming in since then differ from those it trained on.
 */
export async function measureDrift(
  db: Database,
  predictor: RewardPredictor,
  features: FeatureCache,
  version: { id: string; version: number; createdAt: Date },
): Promise<DriftMeasurement> {
  const stateRows = (where: ReturnType<typeof and>, limit: number) =>
    db
      .select({ id: trajectories.id, state: trajectories.state })
      .from(trajectories)
      .where(where)
      .orderBy(desc(trajectories.submittedAt))
      .limit(limit);
  const valid = eq(trajectories.status, 'VALID');
  const [reference, current] = await Promise.all([
    stateRows(and(valid, lte(trajectories.submittedAt, version.createdAt)), DRIFT_WINDOW.reference),
    stateRows(and(valid, gt(trajectories.submittedAt, version.createdAt)), DRIFT_WINDOW.current),
  ]);

  // Ratings given after the version existed, the latest per trajectory first.
  const ratings = await db
    .select({ trajectoryId: educatorFeedback.trajectoryId, score: educatorFeedback.score })
    .from(educatorFeedback)
    .where(and(isNull(educatorFeedback.supersededAt), gt(educatorFeedback.createdAt, version.createdAt)))
    .orderBy(desc(educatorFeedback.createdAt))
    .limit(DRIFT_WINDOW.ratings);
  const byTrajectory = new Map<string, number[]>();
  for (const r of ratings) byTrajectory.set(r.trajectoryId, [...(byTrajectory.get(r.trajectoryId) ?? []), r.score]);
  const ratedIds = [...byTrajectory.keys()];
  const rated = ratedIds.length
    ? await db
        .select({ id: trajectories.id, state: trajectories.state })
        .from(trajectories)
        .where(inArray(trajectories.id, ratedIds))
    : [];
  let live: LiveAgreement = { count: 0, mae: null, within: null };
  if (rated.length > 0) {
    const predictions = await predictor.predictVectors(
      rated.map((r) => features.of(r.id, r.state)),
      version.id,
    );
    let ae = 0;
    let inside = 0;
    rated.forEach((r, i) => {
      const scores = byTrajectory.get(r.id) ?? [];
      const mean = scores.reduce((a, b) => a + b, 0) / Math.max(1, scores.length);
      const error = Math.abs((predictions[i]?.value ?? 0) - mean);
      ae += error;
      if (error <= 0.1) inside++;
    });
    live = { count: rated.length, mae: ae / rated.length, within: inside / rated.length };
  }
  return {
    versionId: version.id,
    version: version.version,
    at: new Date(),
    live,
    psi: current.length
      ? groupPsi(
          reference.map((r) => features.of(r.id, r.state)),
          current.map((r) => features.of(r.id, r.state)),
        )
      : {},
    currentSize: current.length,
    referenceSize: reference.length,
  };
}

/** Kept for reports and history (one row per check). */
export async function recordDrift(db: Database, m: DriftMeasurement): Promise<void> {
  await db.insert(modelDriftChecks).values({
    versionId: m.versionId,
    version: m.version,
    at: m.at,
    liveCount: m.live.count,
    liveMae: m.live.mae,
    liveWithin: m.live.within,
    psi: m.psi,
    currentSize: m.currentSize,
    referenceSize: m.referenceSize,
  });
}

export interface DriftWatchOptions {
  /** Between checks (0: off). */
  checkIntervalMs: number;
  /** Live agreement counts only with at least this many rated trajectories. */
  minRatings: number;
  /** Drifted when live within ±0.1 falls below this… */
  withinBelow: number;
  /** …or any feature group's PSI rises above this. */
  psiAbove: number;
  /** Queue a retraining run when drifted (continuous learning on drift). */
  retrain: boolean;
}

/** Why a measurement counts as drift, or null. */
export function driftReason(
  m: DriftMeasurement,
  o: Pick<DriftWatchOptions, 'minRatings' | 'withinBelow' | 'psiAbove'>,
): string | null {
  if (m.live.count >= o.minRatings && m.live.within !== null && m.live.within < o.withinBelow) {
    return `live agreement ${m.live.within.toFixed(3)} within ±0.1 on ${m.live.count} trajectories rated since v${m.version} (below ${o.withinBelow})`;
  }
  const [group, worst] = Object.entries(m.psi).sort((a, b) => b[1] - a[1])[0] ?? [];
  if (group !== undefined && worst !== undefined && worst > o.psiAbove) {
    return `input drift: PSI ${worst.toFixed(3)} on ${group} over ${m.currentSize} trajectories since v${m.version} (above ${o.psiAbove})`;
  }
  return null;
}

/**
 * Measures the production version's live drift on a timer, records it, hands it to the gauges,
 * and (if configured) queues a retraining run when it drifts, once per production version: a run
 * queued after the version was made means retraining is already under way.
 */
export class DriftWatch {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<DriftMeasurement | null> | null = null;
  latest: DriftMeasurement | null = null;

  constructor(
    private readonly deps: {
      db: Database;
      predictor: RewardPredictor;
      /** The service's featurized trajectories: a check featurizes only what arrived since the last. */
      features: FeatureCache;
      production: () => Promise<{ id: string; version: number; createdAt: Date } | null>;
      lastRunQueuedAt: () => Promise<Date | null>;
      enqueue: (reason: string) => Promise<void>;
      onMeasured: (m: DriftMeasurement) => void;
      log: { info(o: object, m: string): void; error(o: object, m: string): void };
    },
    private readonly options: DriftWatchOptions,
  ) {}

  start(): void {
    if (this.options.checkIntervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One check (concurrent callers share it); null without a production version. */
  check(): Promise<DriftMeasurement | null> {
    this.running ??= this.checkOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async checkOnce(): Promise<DriftMeasurement | null> {
    try {
      const version = await this.deps.production();
      if (!version) return null;
      const m = await measureDrift(this.deps.db, this.deps.predictor, this.deps.features, version);
      await recordDrift(this.deps.db, m);
      this.latest = m;
      this.deps.onMeasured(m);
      const reason = driftReason(m, this.options);
      if (reason && this.options.retrain) {
        const last = await this.deps.lastRunQueuedAt();
        if (!last || last <= version.createdAt) {
          this.deps.log.info({ reason }, 'queueing retraining on drift');
          await this.deps.enqueue(`drift: ${reason}`);
        }
      }
      return m;
    } catch (err) {
      this.deps.log.error({ err }, 'drift check failed');
      return null;
    }
  }
}
