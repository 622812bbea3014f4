import { and, asc, count, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { AssessmentStateSchema } from '../../domain/assessment/state.js';
import { parseArgument } from '../../platform/input.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import { blindIndex, indexMatches } from '../../db/encryption/columns.js';
import type { Database, Executor } from '../../db/client.js';
import { educatorFeedback, rewards, rubrics, type FeedbackRow, type RubricRow } from '../../db/schema/reward.js';
import { trajectories, type TrajectoryRow } from '../../db/schema/trajectory.js';
import { isUuid } from '../../platform/ids.js';
import { AppError, BadUserInputError, ErrorCode, NotFoundError, type FieldError } from '../../platform/errors.js';
import type { ProvenIdentity } from '../../platform/security/caller.js';
import type { CaptureListener } from '../../domain/capture.js';
import type { RequestAudit } from '../../platform/security/audit-log.js';
import type { RewardMetrics } from './reward-metrics.js';
import type { Reward } from './reward.mappers.js';
import { calculateReward } from '../../domain/rubric/reward-calculator.js';
import {
  DEFAULT_THRESHOLDS,
  DEFAULT_WEIGHTS,
  resolveThresholds,
  rubricDefinitionOf,
  WeightsSchema,
  type RubricDefinition,
  type Weights,
} from '../../domain/rubric/rubric-definition.js';

const COMMENT_MAX = 2000;
const RECOMPUTE_CHUNK = 500;
export const DEFAULT_RATINGS_PER_MINUTE = 60;

/**
 * Rubric rewards and educator feedback. Rewards are stored per (trajectory, rubric version):
 * at capture for the active rubric, and on first request for any other version.
 */
export class RewardService implements CaptureListener<Executor, TrajectoryRow> {
  /** The active rubric, cached briefly: every capture needs it, and it changes rarely. */
  private active: { row: RubricRow; until: number } | null = null;

  private readonly activeRubricTtlMs: number;
  private readonly metrics: RewardMetrics | undefined;
  private readonly ratingsPerMinute: number;

  constructor(
    private readonly db: Database,
    options: { activeRubricTtlMs?: number; metrics?: RewardMetrics; ratingsPerMinute?: number } = {},
  ) {
    this.activeRubricTtlMs = options.activeRubricTtlMs ?? 1000;
    this.ratingsPerMinute = options.ratingsPerMinute ?? DEFAULT_RATINGS_PER_MINUTE;
    this.metrics = options.metrics;
  }

  /** Version 1 is the specified rubric; created once, active unless another one is. */
  async ensureDefaultRubric(): Promise<void> {
    await this.db
      .insert(rubrics)
      .values({
        version: 1,
        active: true,
        description: 'Default rubric: medical terms 0.30, Bloom’s 0.25, cognitive load 0.25, visual 0.20',
        weights: DEFAULT_WEIGHTS,
        thresholds: DEFAULT_THRESHOLDS,
        createdBy: 'system',
      })
      .onConflictDoNothing();
  }

  /** Another replica's activation shows here within activeRubricTtlMs; this replica's at once. */
  async activeRubric(db: Executor = this.db): Promise<RubricRow> {
    if (this.active && this.active.until > Date.now()) return this.active.row;
    const [row] = await db.select().from(rubrics).where(eq(rubrics.active, true)).limit(1);
    if (!row) throw new Error('no active rubric; ensureDefaultRubric was not run');
    this.active = { row, until: Date.now() + this.activeRubricTtlMs };
    return row;
  }

  async rubric(version: number): Promise<RubricRow | null> {
    const [row] = await this.db.select().from(rubrics).where(eq(rubrics.version, version));
    return row ?? null;
  }

  rubrics(): Promise<RubricRow[]> {
    return this.db.select().from(rubrics).orderBy(asc(rubrics.version));
  }

  private async definition(version: number | null | undefined, db: Executor = this.db): Promise<RubricDefinition> {
    if (version == null) return rubricDefinitionOf(await this.activeRubric(db));
    const row = await this.rubric(version);
    if (!row) throw new NotFoundError('Rubric version', String(version));
    return rubricDefinitionOf(row);
  }

  /** Scores a state without storing anything. */
  async score(state: unknown, version?: number | null): Promise<Reward> {
    const parsed = parseArgument(AssessmentStateSchema, state, 'state');
    return { ...calculateReward(parsed, await this.definition(version)), computedAt: new Date() };
  }

  /** CaptureListener: store the active rubric's reward in the capture transaction. */
  async onCaptured(tx: Executor, rows: TrajectoryRow[]): Promise<void> {
    const rubric = rubricDefinitionOf(await this.activeRubric(tx));
    await this.store(tx, rubric, rows);
  }

  /** Computes and stores rewards; returns how many were new. */
  private async store(db: Executor, rubric: RubricDefinition, rows: Pick<TrajectoryRow, 'id' | 'state'>[]): Promise<number> {
    if (rows.length === 0) return 0;
    const computedAt = new Date();
    const values = rows.map((r) => {
      const reward = calculateReward(r.state, rubric);
      return {
        trajectoryId: r.id,
        rubricVersion: rubric.version,
        total: reward.total,
        components: reward.components,
        computedAt,
      };
    });
    const inserted = await bulkInsert(db, rewards, values, {
      onConflict: sql`on conflict do nothing`,
      returning: sql`trajectory_id`,
    });
    if (this.metrics && inserted.length > 0) {
      const version = String(rubric.version);
      const stored = new Set(inserted.map((r) => r.trajectory_id));
      this.metrics.computed.inc({ rubric_version: version }, inserted.length);
      for (const v of values) if (stored.has(v.trajectoryId)) this.metrics.value.observe({ rubric_version: version }, v.total);
    }
    return inserted.length;
  }

  /** Rewards for many trajectories under one version (active when null); null for unknown trajectories. */
  async rewardsFor(ids: readonly string[], version: number | null): Promise<(Reward | null)[]> {
    const rubric = await this.definition(version);
    const stored = await this.db
      .select()
      .from(rewards)
      .where(and(inArray(rewards.trajectoryId, [...ids]), eq(rewards.rubricVersion, rubric.version)));
    const byId = new Map(stored.map((r) => [r.trajectoryId, r]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      const states = await this.db
        .select({ id: trajectories.id, state: trajectories.state })
        .from(trajectories)
        .where(inArray(trajectories.id, missing));
      await this.store(this.db, rubric, states);
      const filled = await this.db
        .select()
        .from(rewards)
        .where(and(inArray(rewards.trajectoryId, missing), eq(rewards.rubricVersion, rubric.version)));
      for (const r of filled) byId.set(r.trajectoryId, r);
    }
    return ids.map((id) => {
      const r = byId.get(id);
      return r ? { total: r.total, rubricVersion: r.rubricVersion, components: r.components, computedAt: r.computedAt } : null;
    });
  }

  /** Each trajectory's current ratings: the latest of each rater. */
  async feedbackFor(ids: readonly string[]): Promise<FeedbackRow[][]> {
    const rows = await this.db
      .select()
      .from(educatorFeedback)
      .where(and(inArray(educatorFeedback.trajectoryId, [...ids]), isNull(educatorFeedback.supersededAt)))
      .orderBy(asc(educatorFeedback.createdAt), asc(educatorFeedback.id));
    return ids.map((id) => rows.filter((r) => r.trajectoryId === id));
  }

  /**
   * The caller's rating of a trajectory. One rating counts per rater and trajectory: a new one
   * supersedes the rater's previous one (kept as history), so no caller can move a trajectory's
   * training target by rating it again and again. At most `ratingsPerMinute` per rater.
   */
  async rate(
    args: { trajectoryId: string; score: number; comment?: string | null; ratedBy?: string | null },
    by: ProvenIdentity,
    audit?: RequestAudit,
    /** Off only for loading ratings given elsewhere and earlier (the demo's seeding), never for a caller. */
    options: { perRaterLimit: boolean } = { perRaterLimit: true },
  ): Promise<FeedbackRow> {
    const errors: FieldError[] = [];
    if (!(args.score >= 0 && args.score <= 1)) errors.push({ path: 'score', message: 'must be between 0 and 1' });
    if (args.comment && args.comment.length > COMMENT_MAX)
      errors.push({ path: 'comment', message: `must be at most ${COMMENT_MAX} characters` });
    const ratedBy = args.ratedBy ?? by.name;
    if (ratedBy.trim().length === 0 || ratedBy.length > 200)
      errors.push({ path: 'ratedBy', message: 'must be 1..200 characters' });
    if (errors.length) throw new BadUserInputError(`Invalid rating: ${errors[0]?.path} ${errors[0]?.message}`, errors);
    const [exists] = isUuid(args.trajectoryId)
      ? await this.db.select({ id: trajectories.id }).from(trajectories).where(eq(trajectories.id, args.trajectoryId))
      : [];
    if (!exists) throw new NotFoundError('Trajectory', args.trajectoryId);
    const row = await this.db.transaction(async (tx) => {
      // One rater's ratings of one trajectory are serialised, so exactly one stays current.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${args.trajectoryId} || '/' || ${by.id}))`);
      const now = new Date();
      const [recent] = options.perRaterLimit
        ? await tx
            .select({ n: count() })
            .from(educatorFeedback)
            .where(
              and(
                indexMatches(educatorFeedback.raterIdIndex, by.id),
                gt(educatorFeedback.createdAt, new Date(now.getTime() - 60_000)),
              ),
            )
        : [];
      if ((recent?.n ?? 0) >= this.ratingsPerMinute) {
        throw new AppError(
          ErrorCode.RATE_LIMITED,
          `At most ${this.ratingsPerMinute} ratings a minute per rater; retry in a minute.`,
          {
            retryAfterSeconds: 60,
          },
        );
      }
      await tx
        .update(educatorFeedback)
        .set({ supersededAt: now })
        .where(
          and(
            eq(educatorFeedback.trajectoryId, args.trajectoryId),
            indexMatches(educatorFeedback.raterIdIndex, by.id),
            isNull(educatorFeedback.supersededAt),
          ),
        );
      const [inserted] = await tx
        .insert(educatorFeedback)
        .values({
          trajectoryId: args.trajectoryId,
          score: args.score,
          comment: args.comment ?? null,
          ratedBy,
          raterId: by.id,
          raterIdIndex: blindIndex(by.id),
          raterName: by.name,
        })
        .returning();
      if (!inserted) throw new Error('insert returned no row');
      await audit?.record(tx);
      return inserted;
    });
    this.metrics?.ratings.inc();
    return row;
  }

  /**
   * Undo of the caller's current rating of a trajectory (the console's undo): the rating is
   * deleted, not kept as history, since it was a mistake; the caller's previous rating of the
   * trajectory, if any, becomes current again, as if the mistaken one had never been given.
   */
  async withdraw(
    trajectoryId: string,
    by: ProvenIdentity,
    audit?: RequestAudit,
  ): Promise<{ trajectoryId: string; withdrawn: FeedbackRow; restored: FeedbackRow | null }> {
    if (!isUuid(trajectoryId)) throw new NotFoundError('Rating of trajectory', trajectoryId);
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${trajectoryId} || '/' || ${by.id}))`);
      const mine = and(eq(educatorFeedback.trajectoryId, trajectoryId), indexMatches(educatorFeedback.raterIdIndex, by.id));
      const [withdrawn] = await tx
        .delete(educatorFeedback)
        .where(and(mine, isNull(educatorFeedback.supersededAt)))
        .returning();
      if (!withdrawn) throw new NotFoundError('Your current rating of trajectory', trajectoryId);
      const [previous] = await tx
        .select({ id: educatorFeedback.id })
        .from(educatorFeedback)
        .where(mine)
        .orderBy(desc(educatorFeedback.createdAt), desc(educatorFeedback.id))
        .limit(1);
      const [restored] = previous
        ? await tx.update(educatorFeedback).set({ supersededAt: null }).where(eq(educatorFeedback.id, previous.id)).returning()
        : [];
      await audit?.record(tx);
      return { trajectoryId, withdrawn, restored: restored ?? null };
    });
  }

  async createRubric(
    input: { description: string; weights: Weights; thresholds?: unknown; createdBy?: string | null },
    audit?: RequestAudit,
  ): Promise<RubricRow> {
    const errors: FieldError[] = [];
    const weights = WeightsSchema.safeParse(input.weights);
    if (!weights.success) errors.push({ path: 'input.weights', message: weights.error.issues[0]?.message ?? 'invalid' });
    let thresholds: unknown;
    try {
      thresholds = resolveThresholds(input.thresholds);
    } catch (err) {
      errors.push({ path: 'input.thresholds', message: err instanceof Error ? err.message.slice(0, 500) : 'invalid' });
    }
    if (input.description.trim().length === 0 || input.description.length > 500) {
      errors.push({ path: 'input.description', message: 'must be 1..500 characters' });
    }
    if (errors.length || !weights.success) throw new BadUserInputError('Invalid rubric', errors);
    return this.db.transaction(async (tx) => {
      // Serialise version numbering across concurrent creators.
      await tx.execute(sql`lock table ${rubrics} in share row exclusive mode`);
      const [last] = await tx.select({ v: rubrics.version }).from(rubrics).orderBy(desc(rubrics.version)).limit(1);
      const [row] = await tx
        .insert(rubrics)
        .values({
          version: (last?.v ?? 0) + 1,
          active: false,
          description: input.description,
          weights: weights.data,
          thresholds: thresholds as Record<string, unknown>,
          createdBy: input.createdBy ?? 'anonymous',
        })
        .returning();
      if (!row) throw new Error('insert returned no row');
      await audit?.record(tx);
      return row;
    });
  }

  async activateRubric(version: number, audit?: RequestAudit): Promise<RubricRow> {
    return this.db.transaction(async (tx) => {
      const [target] = await tx.select().from(rubrics).where(eq(rubrics.version, version));
      if (!target) throw new NotFoundError('Rubric version', String(version));
      await tx.update(rubrics).set({ active: false }).where(eq(rubrics.active, true));
      const [row] = await tx.update(rubrics).set({ active: true }).where(eq(rubrics.version, version)).returning();
      if (!row) throw new Error('update returned no row');
      await audit?.record(tx);
      this.active = null;
      return row;
    });
  }

  /** Stores rewards under `version` for every trajectory that has none, in chunks of one transaction. */
  async recompute(version: number, audit?: RequestAudit): Promise<number> {
    const rubric = await this.definition(version);
    return this.db.transaction(async (tx) => {
      const computed = await this.recomputeIn(tx, rubric, version);
      await audit?.record(tx);
      return computed;
    });
  }

  private async recomputeIn(db: Executor, rubric: RubricDefinition, version: number): Promise<number> {
    let computed = 0;
    for (;;) {
      const batch = await db
        .select({ id: trajectories.id, state: trajectories.state })
        .from(trajectories)
        .leftJoin(rewards, and(eq(rewards.trajectoryId, trajectories.id), eq(rewards.rubricVersion, version)))
        .where(isNull(rewards.trajectoryId))
        .limit(RECOMPUTE_CHUNK);
      if (batch.length === 0) return computed;
      computed += await this.store(db, rubric, batch);
    }
  }
}
