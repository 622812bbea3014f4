import { and, count, desc, eq, gt } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { educatorFeedback, trainingRuns, trajectories } from '../../../db/schema/index.js';
import type { Logger } from '../../../platform/logger.js';

export interface ContinuousLearningOptions {
  /** Queue a run after this many new VALID trajectories (0: off). */
  afterTrajectories: number;
  /** Queue a run after this many new educator ratings (0: off). */
  afterRatings: number;
  checkIntervalMs: number;
}

/**
 * Retrains as data arrives: counts what was captured since the last run was queued (any
 * replica's, so replicas do not pile up runs) and queues one when a threshold is crossed.
 */
export class ContinuousLearning {
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    private readonly db: Database,
    private readonly options: ContinuousLearningOptions,
    private readonly enqueue: (reason: string) => Promise<void>,
    private readonly log: Logger,
  ) {}

  get enabled(): boolean {
    return this.options.afterTrajectories > 0 || this.options.afterRatings > 0;
  }

  start(): void {
    if (!this.enabled || this.timer) return;
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One check; returns the reason a run was queued, or null. */
  async check(): Promise<string | null> {
    if (this.checking) return null;
    this.checking = true;
    try {
      const since = (await this.lastQueuedAt()) ?? new Date(0);
      const [t] = await this.db
        .select({ n: count() })
        .from(trajectories)
        .where(and(eq(trajectories.status, 'VALID'), gt(trajectories.submittedAt, since)));
      const [r] = await this.db.select({ n: count() }).from(educatorFeedback).where(gt(educatorFeedback.createdAt, since));
      const newTrajectories = t?.n ?? 0;
      const newRatings = r?.n ?? 0;
      let reason: string | null = null;
      if (this.options.afterTrajectories > 0 && newTrajectories >= this.options.afterTrajectories) {
        reason = `${newTrajectories} new valid trajectories since the last run`;
      } else if (this.options.afterRatings > 0 && newRatings >= this.options.afterRatings) {
        reason = `${newRatings} new educator ratings since the last run`;
      }
      if (reason) {
        this.log.info({ reason }, 'queueing automatic retraining');
        await this.enqueue(reason);
      }
      return reason;
    } catch (err) {
      this.log.error({ err }, 'continuous learning check failed');
      return null;
    } finally {
      this.checking = false;
    }
  }

  /** When any replica last queued a run (drift retraining waits for none since the version). */
  async lastQueuedAt(): Promise<Date | null> {
    const [latest] = await this.db
      .select({ at: trainingRuns.createdAt })
      .from(trainingRuns)
      .orderBy(desc(trainingRuns.createdAt))
      .limit(1);
    return latest?.at ?? null;
  }
}
