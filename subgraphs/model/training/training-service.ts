import { hostname } from 'node:os';
import { Worker } from 'node:worker_threads';
import { count, eq } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import { ZodError } from 'zod';
import type { DatabaseHandle } from '../../../db/client.js';
import { trajectories, type TrainingRunRow, type TrainingTrigger } from '../../../db/schema/index.js';
import { AppError, BadUserInputError, ErrorCode, fieldErrorsFromZod, NotFoundError, present } from '../../../platform/errors.js';
import { isUuid } from '../../../platform/ids.js';
import type { Logger } from '../../../platform/logger.js';
import type { RequestAudit } from '../../../platform/security/audit-log.js';
import { evaluate } from '../evaluator.js';
import { renderModelCard } from '../registry/model-card.js';
import type { ModelRegistry } from '../registry/model-registry.js';
import type { BackendPreference } from '../tf-backend.js';
import { loadSamples, prepareDataset, type LabelledSample, type PreparedDataset } from './dataset.js';
import {
  buildCorrection,
  correctedPrediction,
  intervalCoverage,
  learningCurve,
  type EducatorCorrection,
  type LearningCurvePoint,
} from './educator-correction.js';
import { featurize } from '../featurizer.js';
import type { FromWorker, ToWorker, WorkerOutcome } from './training-protocol.js';
import { TERMINAL_STATUSES, type TrainingRunStore } from './training-runs.js';
import { resolveTrainingConfig, type TrainingConfig } from '../../../domain/model/training-config.js';
import { createJobQueue, ensureQueue } from '../../../platform/job-queue.js';

/**
 * The worker's entry: from sources (tsx), a bootstrap that registers tsx in the thread; from the
 * compiled build (the production image), the compiled module itself.
 */
const TRAINING_WORKER_ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./training-worker.mjs', import.meta.url)
  : new URL('./training-worker-main.js', import.meta.url);

export const TRAINING_QUEUE = 'reward-model-training';
const CANCEL_CHANNEL = 'mi_training_cancel';

export interface TrainingServiceOptions {
  defaults: TrainingConfig;
  backend: BackendPreference;
  /** Scheduling niceness of training threads (0 = as requests; 19 = only idle CPU). */
  niceness: number;
  /** A RUNNING run with no heartbeat for this long belongs to a dead worker: it is marked FAILED. */
  heartbeatTimeoutMs: number;
  /** How often this replica polls the queue and checks for dead runs. */
  pollIntervalMs: number;
  /** Longest a run may take before the queue gives up on it. */
  maxRunSeconds: number;
  /** Runs this replica trains at once (each in its own worker thread). */
  concurrency: number;
}

export interface TrainingHooks {
  /** A run ended here; completed runs also report their training throughput. */
  onFinished?(run: TrainingRunRow, status: string, samplesPerSecond?: number): void;
  onVersion?(versionId: string, run: TrainingRunRow): Promise<void>;
}

interface ActiveRun {
  worker: Worker;
  /** Serialises this run's writes so its events keep their order. */
  writes: Promise<unknown>;
  /** Set by killWorker: the reason the run fails with when the thread exits. */
  killed?: string;
  /** Resolves once the run's last write is done. */
  finished: Promise<void>;
}

/**
 * Queues training runs in Postgres (pg-boss, so any replica may take a run and each runs once),
 * trains each in a worker thread, records its progress, and registers the result as a version.
 */
export class TrainingService {
  readonly workerId = `${hostname()}:${process.pid}`;
  private readonly boss: PgBoss;
  private readonly active = new Map<string, ActiveRun>();
  private sweeper: NodeJS.Timeout | undefined;
  private unlistenCancel: (() => Promise<void>) | undefined;
  private started = false;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly runs: TrainingRunStore,
    private readonly registry: ModelRegistry,
    private readonly log: Logger,
    readonly options: TrainingServiceOptions,
    private readonly hooks: TrainingHooks = {},
  ) {
    // Our own sweeper fails dead runs; pg-boss's supervisor only archives its own rows.
    this.boss = createJobQueue(database, { supervise: true, schedule: false }, log, 'job queue');
  }

  /** Connects to the queue; with `work`, this replica also takes runs and fails dead ones. */
  async start(work = true): Promise<void> {
    await this.boss.start();
    await ensureQueue(this.boss, TRAINING_QUEUE, {
      retryLimit: 0,
      expireInSeconds: this.options.maxRunSeconds,
    });
    this.started = true;
    if (!work) return;
    for (let i = 0; i < this.options.concurrency; i++) {
      await this.boss.work<{ runId: string }>(
        TRAINING_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: Math.max(0.5, this.options.pollIntervalMs / 1000) },
        async ([job]) => {
          if (job) await this.execute(job.data.runId);
        },
      );
    }
    this.unlistenCancel = await this.database.notifications.listen(CANCEL_CHANNEL, (runId) =>
      this.active.get(runId)?.worker.postMessage({ kind: 'cancel' } satisfies ToWorker),
    );
    this.sweeper = setInterval(
      () => void this.failDeadRuns().catch((err: unknown) => this.log.error({ err }, 'sweeper failed')),
      this.options.pollIntervalMs,
    );
    this.sweeper.unref();
    await this.failDeadRuns();
  }

  /** Stop taking runs; runs still training here are failed with a reason, not left RUNNING. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    clearInterval(this.sweeper);
    await this.unlistenCancel?.();
    const ids = [...this.active.keys()];
    await Promise.all(ids.map((id) => this.killWorker(id, 'the Model service shut down during the run')));
    await this.boss
      .stop({ graceful: false, wait: true, close: true })
      .catch((err: unknown) => this.log.warn({ err }, 'job queue stop'));
  }

  /** The defaults with the caller's overrides, or BAD_USER_INPUT naming the first bad field. */
  resolve(overrides: Partial<Record<keyof TrainingConfig, unknown>>): TrainingConfig {
    try {
      return resolveTrainingConfig(this.options.defaults, overrides);
    } catch (err) {
      if (err instanceof ZodError) {
        const errors = fieldErrorsFromZod(err, 'input');
        throw new BadUserInputError(`Invalid training config: ${errors[0]?.path} ${errors[0]?.message}`, errors);
      }
      throw err;
    }
  }

  /** Validates and queues a run. */
  async enqueue(
    input: {
      overrides: Partial<Record<keyof TrainingConfig, unknown>>;
      trigger: TrainingTrigger;
      startedBy: string;
      searchId?: string;
    },
    audit?: RequestAudit,
  ): Promise<TrainingRunRow> {
    const config = this.resolve(input.overrides);
    const available = await this.validTrajectories();
    if (available < config.minDatasetSize) {
      throw new AppError(
        ErrorCode.DATASET_TOO_SMALL,
        `Training needs at least ${config.minDatasetSize} valid trajectories; there are ${available}. Submit more or lower minDatasetSize.`,
        { available, required: config.minDatasetSize },
      );
    }
    const run = await this.runs.create({
      config,
      trigger: input.trigger,
      startedBy: input.startedBy,
      searchId: input.searchId ?? null,
    });
    await audit?.record(this.database.db);
    await this.boss.send(TRAINING_QUEUE, { runId: run.id }, { singletonKey: run.id });
    return run;
  }

  async cancel(runId: string, audit?: RequestAudit): Promise<TrainingRunRow> {
    const run = isUuid(runId) ? await this.runs.get(runId) : null;
    if (!run) throw new NotFoundError('Training run', runId);
    if (TERMINAL_STATUSES.includes(run.status)) {
      throw new AppError(ErrorCode.INVALID_STATE, `Run ${runId} already ended (${run.status}).`, { status: run.status });
    }
    if (!(await this.runs.finish(runId, 'CANCELLED', 'cancelled before it started', {}, ['QUEUED']))) {
      // Already training somewhere: tell whichever replica has it.
      await this.runs.requestCancel(runId);
      await this.database.notifications.notify(CANCEL_CHANNEL, runId);
    }
    await audit?.record(this.database.db);
    return present(await this.runs.get(runId), `run ${runId}`);
  }

  /** Ends a run's worker thread at once (operators, and the tests that prove a dead worker fails its run). */
  async killWorker(runId: string, reason = 'training worker was terminated'): Promise<boolean> {
    const active = this.active.get(runId);
    if (!active) return false;
    active.killed = reason;
    await active.worker.terminate();
    await active.finished;
    return true;
  }

  isTraining(runId: string): boolean {
    return this.active.has(runId);
  }

  private async validTrajectories(): Promise<number> {
    const [row] = await this.database.db.select({ n: count() }).from(trajectories).where(eq(trajectories.status, 'VALID'));
    return row?.n ?? 0;
  }

  private async failDeadRuns(): Promise<void> {
    const stale = await this.runs.stale(new Date(Date.now() - this.options.heartbeatTimeoutMs));
    for (const run of stale) {
      if (this.active.has(run.id)) continue;
      const seconds = Math.round(this.options.heartbeatTimeoutMs / 1000);
      const error = `The worker (${run.worker ?? 'unknown'}) has not reported since ${run.heartbeatAt?.toISOString() ?? 'it started'} (limit ${seconds} s): its process died or lost the database.`;
      if (await this.runs.finish(run.id, 'FAILED', 'worker lost', { error })) {
        this.log.warn({ runId: run.id, worker: run.worker }, 'training run failed: worker lost');
        this.hooks.onFinished?.(run, 'FAILED');
      }
    }
  }

  private async fail(runId: string, error: string): Promise<void> {
    const run = await this.runs.get(runId);
    if (await this.runs.finish(runId, 'FAILED', error, { error })) {
      this.log.warn({ runId, error }, 'training run failed');
      if (run) this.hooks.onFinished?.(run, 'FAILED');
    }
  }

  /** One run, on this replica. Every path ends the run in a terminal status. */
  private async execute(runId: string): Promise<void> {
    const run = await this.runs.claim(runId, this.workerId);
    if (!run) return;
    const config = run.config;
    const log = this.log.child({ runId });
    try {
      const { samples, rubricVersion } = await loadSamples(this.database.db);
      const dataset = prepareDataset(samples, config, rubricVersion);
      await this.runs.update(runId, { dataset: { ...dataset.summary } });
      if (
        dataset.summary.size < config.minDatasetSize ||
        dataset.summary.split.validation === 0 ||
        dataset.summary.split.train === 0
      ) {
        await this.fail(
          runId,
          `Dataset too small: ${dataset.summary.size} valid trajectories (split ${JSON.stringify(dataset.summary.split)}), need ${config.minDatasetSize}.`,
        );
        return;
      }
      log.info({ dataset: dataset.summary }, 'training started');
      const outcome = await this.train(runId, dataset, config);
      if (!outcome) return;
      if (outcome.stopReason === 'CANCELLED') {
        await this.runs.finish(runId, 'CANCELLED', `cancelled after ${outcome.iterations} iterations`, {
          epochsCompleted: outcome.epochs,
          iterations: outcome.iterations,
        });
        this.hooks.onFinished?.(run, 'CANCELLED');
        return;
      }
      const version = await this.registerVersion(run, dataset, config, outcome);
      // Promotions first, so a client that sees COMPLETED also sees where the version went.
      await this.hooks.onVersion?.(version.id, run);
      await this.runs.finish(runId, 'COMPLETED', `registered model version ${version.version}`, {
        modelVersionId: version.id,
        bestIteration: outcome.bestIteration,
        bestValidationLoss: outcome.bestValidationLoss,
        epochsCompleted: outcome.epochs,
        iterations: outcome.iterations,
      });
      log.info({ version: version.version, stopReason: outcome.stopReason }, 'training completed');
      this.hooks.onFinished?.(run, 'COMPLETED', outcome.samplesPerSecond);
    } catch (err) {
      log.error({ err }, 'training run crashed');
      await this.fail(runId, `Training failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Runs the worker thread; null when the run was failed meanwhile (worker died or killed). */
  private train(runId: string, dataset: PreparedDataset, config: TrainingConfig): Promise<WorkerOutcome | null> {
    return new Promise((resolve) => {
      const worker = new Worker(TRAINING_WORKER_ENTRY, { stdout: false, stderr: false });
      const done: { resolve?: () => void } = {};
      const finish = () => done.resolve?.();
      const active: ActiveRun = { worker, writes: Promise.resolve(), finished: new Promise<void>((r) => (done.resolve = r)) };
      this.active.set(runId, active);
      let settled = false;
      const write = (task: () => Promise<unknown>) => {
        active.writes = active.writes
          .then(task)
          .catch((err: unknown) => this.log.error({ err, runId }, 'training progress not recorded'));
        return active.writes;
      };
      const settle = (value: WorkerOutcome | null) => {
        if (settled) return;
        settled = true;
        this.active.delete(runId);
        void active.writes.then(() => {
          finish();
          resolve(value);
        });
      };
      worker.on('message', (message: FromWorker) => {
        if (settled) return;
        switch (message.kind) {
          case 'backend':
            this.log.info({ runId, backend: message.backend }, message.priority);
            void write(() => this.runs.update(runId, { backend: message.backend }));
            break;
          case 'progress':
            void write(() => this.runs.progress(runId, message.report));
            break;
          case 'done':
            settle(message.outcome);
            void worker.terminate();
            break;
          case 'error':
            void write(() => this.fail(runId, `Training failed: ${message.message}`));
            settle(null);
            void worker.terminate();
            break;
        }
      });
      worker.on('error', (err) => {
        void write(() => this.fail(runId, `Training worker crashed: ${err.message}`));
        settle(null);
      });
      worker.on('exit', (code) => {
        if (settled) return;
        void write(() => this.fail(runId, active.killed ?? `Training worker exited (code ${code}) before finishing.`));
        settle(null);
      });
      // A cancel that arrived before the worker existed is on the row.
      // (Written through `write`: a read that fails, the database gone during shutdown, is logged
      // like any other, not left as an unhandled rejection that ends the process.)
      void write(async () => {
        const row = await this.runs.get(runId);
        if (row?.cancelRequested) worker.postMessage({ kind: 'cancel' } satisfies ToWorker);
      });
      const { train, validation, test } = dataset.data;
      worker.postMessage(
        {
          kind: 'start',
          data: dataset.data,
          config,
          backend: this.options.backend,
          niceness: this.options.niceness,
        } satisfies ToWorker,
        [train.x.buffer as ArrayBuffer, validation.x.buffer as ArrayBuffer, test.x.buffer as ArrayBuffer],
      );
    });
  }

  private async registerVersion(run: TrainingRunRow, dataset: PreparedDataset, config: TrainingConfig, outcome: WorkerOutcome) {
    const test = dataset.samples.test;
    const { correction, testPredictions, curve } = correctNetwork(dataset, config, outcome);
    const evaluation = evaluate(
      test.map((s, i) => ({
        prediction: testPredictions[i]?.value ?? Number.NaN,
        target: s.target,
        audience: s.audience,
        rubric: s.targetFrom === 'RATING' ? s.rubricReward : null,
      })),
    );
    const ratedTest = test.flatMap((s, i) => {
      const p = testPredictions[i];
      return s.targetFrom === 'RATING' && p?.uncertainty != null
        ? [{ prediction: p.value, target: s.target, uncertainty: p.uncertainty }]
        : [];
    });
    const intervalCoverageOfTest =
      correction && ratedTest.length ? { coverage: intervalCoverage(ratedTest), rated: ratedTest.length } : null;
    const versionNumber = await this.registry.nextVersionNumber();
    const current = await this.runs.get(run.id);
    const backend = current?.backend ?? 'unknown';
    const createdAt = new Date();
    const training = {
      stopReason: outcome.stopReason,
      epochs: outcome.epochs,
      iterations: outcome.iterations,
      bestEpoch: outcome.bestEpoch,
      bestIteration: outcome.bestIteration,
      trainSeconds: outcome.trainSeconds,
    };
    return this.registry.register(
      {
        version: versionNumber,
        runId: run.id,
        createdBy: run.startedBy,
        createdAt,
        featurizerVersion: dataset.summary.featurizerVersion,
        rubricVersion: dataset.summary.rubricVersion,
        targetSource: config.targetSource,
        datasetDigest: dataset.summary.digest,
        splitSizes: dataset.summary.split,
        testTrajectoryIds: test.map((s) => s.trajectoryId),
        config: { ...config },
        metrics: {
          ...evaluation,
          training: { ...training, samplesPerSecond: outcome.samplesPerSecond, bestValidationLoss: outcome.bestValidationLoss },
          intervalCoverage: intervalCoverageOfTest,
        },
        correction,
        backend,
        parameterCount: outcome.parameterCount,
        modelCard: renderModelCard({
          version: versionNumber,
          createdBy: run.startedBy,
          createdAt,
          backend,
          parameterCount: outcome.parameterCount,
          config,
          searchId: run.searchId,
          dataset: dataset.summary,
          training,
          evaluation,
          correction: correction && { ...correction, coverage: intervalCoverageOfTest, curve },
        }),
      },
      outcome.artifacts,
    );
  }
}

/**
 * The educator correction for a trained network (educator-correction.ts), fitted on the rated
 * training trajectories and calibrated on the rated validation ones, and the corrected test
 * predictions. Without enough ratings (or when training on the rubric only), the network alone.
 */
function correctNetwork(
  dataset: PreparedDataset,
  config: TrainingConfig,
  outcome: WorkerOutcome,
): {
  correction: EducatorCorrection | null;
  testPredictions: { value: number; uncertainty: number | null }[];
  curve: LearningCurvePoint[];
} {
  const rated = (samples: LabelledSample[], network: Float32Array) =>
    samples.flatMap((s, i) =>
      s.targetFrom === 'RATING' ? [{ vector: featurize(s.state), network: network[i] ?? 0, rating: s.target }] : [],
    );
  const train = rated(dataset.samples.train, outcome.trainPredictions);
  const validation = rated(dataset.samples.validation, outcome.validationPredictions);
  const correction = config.targetSource === 'RATING_ELSE_RUBRIC' ? buildCorrection(train, validation) : null;
  const curve = correction ? learningCurve(train, [...validation, ...rated(dataset.samples.test, outcome.testPredictions)]) : [];
  const testPredictions = dataset.samples.test.map((s, i) => {
    const network = outcome.testPredictions[i] ?? Number.NaN;
    return correction ? correctedPrediction(correction, featurize(s.state), network) : { value: network, uncertainty: null };
  });
  return { correction, testPredictions, curve };
}
