import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import {
  hyperparameterSearches,
  trainingRuns,
  type HyperparameterSearchRow,
  type SearchSpace,
  type TrainingRunRow,
} from '../../../db/schema/model.js';
import { AppError, BadUserInputError, ErrorCode, NotFoundError } from '../../../platform/errors.js';
import { isUuid } from '../../../platform/ids.js';
import type { RequestAudit } from '../../../platform/security/audit-log.js';
import type { TrainingConfig } from '../../../domain/model/training-config.js';
import { TERMINAL_STATUSES } from './training-runs.js';
import type { TrainingService } from './training-service.js';

/** Enough to compare a few settings on two cores; a larger grid belongs in several searches. */
export const MAX_TRIALS = 12;

type Overrides = Partial<Record<keyof TrainingConfig, unknown>>;

/** Every combination of the grid, in a stable order (learning rate, then batch size, then layers). */
export function trialsOf(space: SearchSpace): Overrides[] {
  return space.learningRates.flatMap((learningRate) =>
    space.batchSizes.flatMap((batchSize) => space.hiddenUnits.map((hiddenUnits) => ({ learningRate, batchSize, hiddenUnits }))),
  );
}

/**
 * A small grid search over learning rate, batch size and hidden units. Each combination is an
 * ordinary training run (trigger SEARCH) on the same data, split and seed, so its version is
 * registered, evaluated and comparable like any other, and carries its lineage to the search. The
 * best trial is the one with the lowest validation loss (the test split stays for judging it).
 */
export class HyperparameterSearches {
  constructor(
    private readonly db: Database,
    private readonly training: TrainingService,
  ) {}

  async start(
    input: { space: SearchSpace; base: Overrides; startedBy: string },
    audit?: RequestAudit,
  ): Promise<HyperparameterSearchRow> {
    const { space } = input;
    const empty = (['learningRates', 'batchSizes', 'hiddenUnits'] as const).find((k) => space[k].length === 0);
    if (empty)
      throw new BadUserInputError(`A search needs at least one value in ${empty}`, [
        { path: `input.${empty}`, message: 'is empty' },
      ]);
    const trials = trialsOf(space);
    if (trials.length > MAX_TRIALS)
      throw new BadUserInputError(`A search may have at most ${MAX_TRIALS} trials; this grid has ${trials.length}`, [
        { path: 'input', message: `${trials.length} combinations` },
      ]);
    // Every trial's config is checked before anything is queued: a bad grid queues nothing.
    for (const trial of trials) this.training.resolve({ ...input.base, ...trial });
    const [search] = await this.db
      .insert(hyperparameterSearches)
      .values({ space, base: input.base, startedBy: input.startedBy })
      .returning();
    if (!search) throw new Error('insert returned no search');
    for (const trial of trials)
      await this.training.enqueue({
        overrides: { ...input.base, ...trial },
        trigger: 'SEARCH',
        startedBy: input.startedBy,
        searchId: search.id,
      });
    await audit?.record(this.db);
    return search;
  }

  /** Cancels every trial still queued or running; the completed ones and their versions stay. */
  async cancel(id: string, audit?: RequestAudit): Promise<HyperparameterSearchRow> {
    const search = isUuid(id) ? await this.get(id) : null;
    if (!search) throw new NotFoundError('Hyperparameter search', id);
    const open = (await this.trials(id)).filter((t) => !TERMINAL_STATUSES.includes(t.status));
    if (open.length === 0)
      throw new AppError(ErrorCode.INVALID_STATE, `Search ${id} has no trial left to cancel.`, { status: 'ENDED' });
    for (const trial of open) {
      // A trial may end between the listing and its cancel; that one simply stays as it ended.
      await this.training.cancel(trial.id).catch((err: unknown) => {
        if (!(err instanceof AppError && err.extensions.code === ErrorCode.INVALID_STATE)) throw err;
      });
    }
    await audit?.record(this.db);
    return search;
  }

  async get(id: string): Promise<HyperparameterSearchRow | null> {
    const [row] = await this.db.select().from(hyperparameterSearches).where(eq(hyperparameterSearches.id, id));
    return row ?? null;
  }

  /** Searches by id, in the order asked (null where none): a page of runs asking for theirs is one query. */
  async getMany(ids: readonly string[]): Promise<(HyperparameterSearchRow | null)[]> {
    const valid = ids.filter(isUuid);
    const rows = valid.length
      ? await this.db.select().from(hyperparameterSearches).where(inArray(hyperparameterSearches.id, valid))
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The newest `first` searches. */
  list(first: number): Promise<HyperparameterSearchRow[]> {
    return this.db
      .select()
      .from(hyperparameterSearches)
      .orderBy(desc(hyperparameterSearches.createdAt), desc(hyperparameterSearches.id))
      .limit(first);
  }

  trials(searchId: string): Promise<TrainingRunRow[]> {
    return this.db
      .select()
      .from(trainingRuns)
      .where(eq(trainingRuns.searchId, searchId))
      .orderBy(asc(trainingRuns.createdAt), asc(trainingRuns.id));
  }
}

/** RUNNING while a trial is queued or running; then COMPLETED if one completed, else how they all ended. */
export function searchStatus(trials: readonly Pick<TrainingRunRow, 'status'>[]): TrainingRunRow['status'] {
  if (trials.some((t) => !TERMINAL_STATUSES.includes(t.status))) return 'RUNNING';
  if (trials.some((t) => t.status === 'COMPLETED')) return 'COMPLETED';
  return trials.every((t) => t.status === 'CANCELLED') ? 'CANCELLED' : 'FAILED';
}

/** The completed trial with the lowest validation loss, or null while none has completed. */
export function bestTrial<T extends TrainingRunRow>(trials: readonly T[]): T | null {
  let best: T | null = null;
  for (const t of trials) {
    if (t.status !== 'COMPLETED' || t.bestValidationLoss === null || !t.modelVersionId) continue;
    if (!best || t.bestValidationLoss < (best.bestValidationLoss ?? Infinity)) best = t;
  }
  return best;
}
