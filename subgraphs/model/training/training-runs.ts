import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Database, Notifications } from '../../../db/client.js';
import type { TrainingConfig } from '../../../domain/model/training-config.js';
import {
  trainingEvents,
  trainingRuns,
  type TrainingEventKind,
  type TrainingEventRow,
  type TrainingRunRow,
  type TrainingRunStatus,
  type TrainingTrigger,
} from '../../../db/schema/index.js';
import { keysetAfter } from '../../../platform/keyset-cursor.js';
import type { ProgressReport } from './trainer.js';

export const TRAINING_EVENTS_CHANNEL = 'mi_training_events';
export const TERMINAL_STATUSES: readonly TrainingRunStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

/** A persisted event as published on the channel (dates as ISO strings on the wire). */
export type TrainingEvent = TrainingEventRow;

export function eventFromWire(payload: string): TrainingEvent {
  const parsed = JSON.parse(payload) as Omit<TrainingEvent, 'at'> & { at: string };
  return { ...parsed, at: new Date(parsed.at) };
}

/**
 * Runs and their history. Every status change and progress report is a numbered row, then a
 * NOTIFY, so any replica's subscribers see it and a late subscriber can replay it.
 */
export class TrainingRunStore {
  constructor(
    private readonly db: Database,
    private readonly notifications: Notifications,
  ) {}

  async create(input: {
    config: TrainingConfig;
    trigger: TrainingTrigger;
    startedBy: string;
    searchId?: string | null;
  }): Promise<TrainingRunRow> {
    const [run] = await this.db
      .insert(trainingRuns)
      .values({ status: 'QUEUED', ...input })
      .returning();
    if (!run) throw new Error('insert returned no run');
    await this.event(run.id, 'STATUS', 'QUEUED', { message: `queued (${input.trigger.toLowerCase()})` });
    return run;
  }

  async get(id: string): Promise<TrainingRunRow | null> {
    const [row] = await this.db.select().from(trainingRuns).where(eq(trainingRuns.id, id));
    return row ?? null;
  }

  list(options: {
    first: number;
    after: { at: Date; id: string } | null;
    status: TrainingRunStatus | null;
  }): Promise<TrainingRunRow[]> {
    return this.db
      .select()
      .from(trainingRuns)
      .where(
        and(
          options.status ? eq(trainingRuns.status, options.status) : undefined,
          options.after ? keysetAfter(trainingRuns.createdAt, trainingRuns.id, options.after) : undefined,
        ),
      )
      .orderBy(desc(trainingRuns.createdAt), desc(trainingRuns.id))
      .limit(options.first + 1);
  }

  /** QUEUED → RUNNING for exactly one worker; null if the run was cancelled or taken meanwhile. */
  async claim(id: string, worker: string): Promise<TrainingRunRow | null> {
    const [row] = await this.db
      .update(trainingRuns)
      .set({ status: 'RUNNING', worker, startedAt: new Date(), heartbeatAt: new Date() })
      .where(and(eq(trainingRuns.id, id), eq(trainingRuns.status, 'QUEUED')))
      .returning();
    if (row) await this.event(id, 'STATUS', 'RUNNING', { message: `running on ${worker}` });
    return row ?? null;
  }

  async update(id: string, values: Partial<Pick<TrainingRunRow, 'backend' | 'dataset' | 'config'>>): Promise<void> {
    await this.db.update(trainingRuns).set(values).where(eq(trainingRuns.id, id));
  }

  async progress(id: string, report: ProgressReport): Promise<TrainingEvent> {
    await this.db
      .update(trainingRuns)
      .set({
        heartbeatAt: new Date(),
        epochsCompleted: report.endOfEpoch ? report.epoch : report.epoch - 1,
        iterations: report.iteration,
      })
      .where(eq(trainingRuns.id, id));
    return this.event(id, 'PROGRESS', 'RUNNING', {
      epoch: report.epoch,
      iteration: report.iteration,
      loss: report.loss,
      validationLoss: report.validationLoss,
      validationMae: report.validationMae,
      samplesPerSecond: report.samplesPerSecond,
      etaSeconds: report.etaSeconds,
    });
  }

  /** Moves a run to a terminal status, unless it already has one; returns whether it moved. */
  async finish(
    id: string,
    status: Exclude<TrainingRunStatus, 'QUEUED' | 'RUNNING'>,
    message: string,
    values: Partial<
      Pick<TrainingRunRow, 'error' | 'modelVersionId' | 'bestIteration' | 'bestValidationLoss' | 'epochsCompleted' | 'iterations'>
    > = {},
    from: TrainingRunStatus[] = ['QUEUED', 'RUNNING'],
  ): Promise<boolean> {
    const [row] = await this.db
      .update(trainingRuns)
      .set({ ...values, status, finishedAt: new Date() })
      .where(and(eq(trainingRuns.id, id), or(...from.map((s) => eq(trainingRuns.status, s)))))
      .returning({ id: trainingRuns.id });
    if (row) await this.event(id, 'STATUS', status, { message });
    return Boolean(row);
  }

  async requestCancel(id: string): Promise<void> {
    await this.db.update(trainingRuns).set({ cancelRequested: 1 }).where(eq(trainingRuns.id, id));
  }

  /** RUNNING runs whose worker stopped reporting: their replica died with them. */
  async stale(olderThan: Date): Promise<TrainingRunRow[]> {
    return this.db
      .select()
      .from(trainingRuns)
      .where(and(eq(trainingRuns.status, 'RUNNING'), lt(trainingRuns.heartbeatAt, olderThan)));
  }

  history(id: string): Promise<TrainingEvent[]> {
    return this.db.select().from(trainingEvents).where(eq(trainingEvents.runId, id)).orderBy(trainingEvents.seq);
  }

  private async event(
    runId: string,
    kind: TrainingEventKind,
    status: TrainingRunStatus,
    fields: Partial<Omit<TrainingEventRow, 'id' | 'runId' | 'seq' | 'kind' | 'status' | 'at'>>,
  ): Promise<TrainingEvent> {
    const [row] = await this.db
      .insert(trainingEvents)
      .values({
        runId,
        kind,
        status,
        ...fields,
        seq: sql`(select coalesce(max(seq), 0) + 1 from training_events where run_id = ${runId})`,
      })
      .returning();
    if (!row) throw new Error('insert returned no event');
    await this.notifications.notify(TRAINING_EVENTS_CHANNEL, JSON.stringify(row));
    return row;
  }
}
