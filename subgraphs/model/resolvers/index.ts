import { provenIdentity } from '../../../platform/security/caller.js';
import { AssessmentStateSchema } from '../../../domain/assessment/state.js';
import { parseArgument, strictBase64 } from '../../../platform/input.js';
import { BadUserInputError, NotFoundError, present } from '../../../platform/errors.js';
import { connection, decodeCursor, encodeCursor } from '../../../platform/keyset-cursor.js';
import { isUuid } from '../../../platform/ids.js';
import { DateTimeScalar, JSONScalar, ModalityScalar, modalityToMatch } from '../../../platform/scalars.js';
import { ratingQueue } from '../serving/rating-queue.js';
import { FEATURE_DIM, FEATURIZER_VERSION } from '../featurizer.js';
import { bestTrial, searchStatus } from '../training/hyperparameter-search.js';
import type { Resolvers } from '../generated/resolvers-types.js';
import type { TrainingEvent } from '../model.mappers.js';
import type { ModelContext } from '../context.js';
import type { HyperparameterSearchRow, TrainingRunRow } from '../../../db/schema/model.js';

function decodeBase64(value: string, path: string): Buffer {
  const bytes = strictBase64(value);
  if (!bytes) throw new BadUserInputError(`${path} is not base64`, [{ path, message: 'not base64' }]);
  return bytes;
}

/** Stores return one row more than asked for, which says whether there is a next page. */
const page = <T extends { createdAt: Date; id: string }>(rows: T[], first: number) =>
  connection(rows.slice(0, first), (node) => encodeCursor(node.createdAt, node.id), rows.length > first);
/** A page size within 1..max, `fallback` when none is asked for. */
const clampFirst = (first: number | null | undefined, fallback = 20, max = 100) => Math.min(max, Math.max(1, first ?? fallback));

// trials, status and best of one search in one answer share a single read of its trials.
const trialsRead = new WeakMap<HyperparameterSearchRow, Promise<TrainingRunRow[]>>();
function searchTrials(search: HyperparameterSearchRow, ctx: ModelContext): Promise<TrainingRunRow[]> {
  let read = trialsRead.get(search);
  if (!read) trialsRead.set(search, (read = ctx.model.searches.trials(search.id)));
  return read;
}

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Modality: ModalityScalar,
  Query: {
    hyperparameterSearch: (_, { id }, ctx) => ctx.searches.load(id),
    hyperparameterSearches: (_, { first }, ctx) => ctx.model.searches.list(clampFirst(first, 10, 50)),
    trainingRun: (_, { id }, ctx) => (isUuid(id) ? ctx.model.runs.get(id) : null),
    trainingRuns: async (_, args, ctx) => {
      const first = clampFirst(args.first);
      const rows = await ctx.model.runs.list({
        first,
        after: args.after ? decodeCursor(args.after) : null,
        status: args.status ?? null,
      });
      return page(rows, first);
    },
    modelVersion: (_, { id }, ctx) => ctx.model.registry.get(id),
    promotionRequests: (_, { status }, ctx) => ctx.model.registry.promotionRequests(status ?? null),
    modelVersions: async (_, args, ctx) => {
      const first = clampFirst(args.first);
      return page(await ctx.model.registry.list({ first, after: args.after ? decodeCursor(args.after) : null }), first);
    },
    modelAlias: (_, { name }, ctx) => ctx.model.registry.alias(name),
    modelAliases: (_, __, ctx) => ctx.model.registry.aliases(),
    predictReward: async (_, { state, modelVersionId }, ctx) => {
      const [prediction] = await ctx.model.predictor.predictStates(
        [parseArgument(AssessmentStateSchema, state, 'state')],
        modelVersionId ?? null,
      );
      return present(prediction, 'the prediction');
    },
    ratingQueue: (_, { first, modality }, ctx) =>
      ratingQueue(
        ctx.model.db,
        provenIdentity(ctx.caller),
        clampFirst(first, 5, 50),
        (ids) =>
          ctx
            .predictions(null)
            .loadMany(ids)
            .then((all) => all.map((p) => (p instanceof Error ? null : p))),
        modality == null ? null : modalityToMatch(modality, 'modality'),
      ),
    compareModelVersions: async (_, { a, b }, ctx) => {
      const [va, vb] = await Promise.all([ctx.model.registry.get(a), ctx.model.registry.get(b)]);
      if (!va) throw new NotFoundError('Model version', a);
      if (!vb) throw new NotFoundError('Model version', b);
      const c = await ctx.model.registry.compare(va.id, vb);
      return c && { ...c, a: va, b: vb, verdict: verdictOf(va.version, vb.version, c.mae) };
    },
    modelArtifact: async (_, { version }, ctx) => {
      const { version: row, files } = await ctx.model.exportArtifact(version);
      return { version: row, modelJson: files.modelJson, weightsBase64: files.weights.toString('base64'), modelCard: files.card };
    },
    modelRuntime: (_, __, ctx) => ({
      backend: ctx.model.runtime?.backend ?? 'not started',
      skipped: (ctx.model.runtime?.skipped ?? []).map((s) => `${s.backend}: ${s.reason}`),
      featurizerVersion: FEATURIZER_VERSION,
      featureDimensions: FEATURE_DIM,
    }),
  },
  Mutation: {
    startTraining: (_, { input }, ctx) => {
      const { promoteTo, ...overrides } = input ?? {};
      return ctx.model.training.enqueue(
        {
          overrides: { ...overrides, promoteTo: promoteTo ? [promoteTo] : undefined },
          trigger: 'MANUAL',
          startedBy: ctx.caller.name,
        },
        ctx.audit,
      );
    },
    startHyperparameterSearch: (_, { input }, ctx) => {
      const { learningRates, batchSizes, hiddenUnits, ...shared } = input;
      const base = Object.fromEntries(Object.entries(shared).filter(([, v]) => v !== null && v !== undefined));
      return ctx.model.searches.start(
        { space: { learningRates, batchSizes, hiddenUnits }, base, startedBy: ctx.caller.name },
        ctx.audit,
      );
    },
    cancelTraining: (_, { runId }, ctx) => ctx.model.training.cancel(runId, ctx.audit),
    cancelHyperparameterSearch: (_, { id }, ctx) => ctx.model.searches.cancel(id, ctx.audit),
    promoteModel: (_, args, ctx) =>
      ctx.model.registry.promote(
        {
          versionId: args.versionId,
          alias: args.alias,
          force: args.force ?? false,
          reason: args.reason ?? null,
          actor: ctx.caller.name,
          requester: provenIdentity(ctx.caller),
        },
        ctx.audit,
      ),
    approvePromotion: (_, { requestId }, ctx) =>
      ctx.model.registry.decide(requestId, true, provenIdentity(ctx.caller), ctx.audit),
    rejectPromotion: (_, { requestId }, ctx) =>
      ctx.model.registry.decide(requestId, false, provenIdentity(ctx.caller), ctx.audit),
    importModelArtifact: async (_, { input }, ctx) => {
      const imported = await ctx.model.importArtifact(
        {
          modelJson: input.modelJson,
          weights: decodeBase64(input.weightsBase64, 'input.weightsBase64'),
          card: input.modelCard ?? '',
        },
        `import (${ctx.caller.name})`,
        input.source ?? 'the uploaded artifact',
      );
      await ctx.audit.record(ctx.model.db);
      return present(await ctx.model.registry.get(imported.id), 'the imported version');
    },
    rollbackModel: (_, { alias }, ctx) => ctx.model.registry.rollback(alias, ctx.caller.name, ctx.audit),
  },
  PromotionRequest: {
    version: async (r, _, ctx) => present(await ctx.versions.load(r.versionId), `version ${r.versionId}`),
    requestedBy: (r) => r.requestedByName,
    decidedBy: (r) => r.decidedByName,
  },
  Subscription: {
    trainingProgress: {
      subscribe: (_, { runId }, ctx) => ctx.model.events.follow(runId),
      resolve: (event: TrainingEvent) => event,
    },
  },
  Trajectory: {
    __resolveReference: (ref) => ({ id: ref.id }),
    predictedReward: (t, { modelVersionId }, ctx) => ctx.predictions(modelVersionId ?? null).load(t.id),
  },
  TrainingRun: {
    config: (run) => run.config,
    dataset: (run) => {
      const d = run.dataset;
      if (!d?.split) return null;
      return { ...d, trainSize: d.split.train, validationSize: d.split.validation, testSize: d.split.test };
    },
    modelVersion: (run, _, ctx) => (run.modelVersionId ? ctx.versions.load(run.modelVersionId) : null),
    search: (run, _, ctx) => (run.searchId ? ctx.searches.load(run.searchId) : null),
    events: (run, _, ctx) => ctx.model.runs.history(run.id),
  },
  HyperparameterSearch: {
    learningRates: (s) => s.space.learningRates,
    batchSizes: (s) => s.space.batchSizes,
    hiddenUnits: (s) => s.space.hiddenUnits,
    trials: (s, _, ctx) => searchTrials(s, ctx),
    status: async (s, _, ctx) => searchStatus(await searchTrials(s, ctx)),
    best: async (s, _, ctx) => bestTrial(await searchTrials(s, ctx)),
  },
  TrainingEvent: {
    sequence: (e) => e.seq,
    run: async (e, _, ctx) => present(await ctx.model.runs.get(e.runId), `run ${e.runId}`),
  },
  ModelVersion: {
    __resolveReference: (ref, ctx) => ctx.versions.load(ref.id),
    run: (v, _, ctx) => (v.runId ? ctx.model.runs.get(v.runId) : null),
    trainSize: (v) => v.splitSizes.train,
    validationSize: (v) => v.splitSizes.validation,
    testSize: (v) => v.splitSizes.test,
    config: (v) => v.config,
    metrics: (v) => v.metrics,
    topology: (v) => [FEATURE_DIM, ...v.config.hiddenUnits, 1],
    aliases: (v, _, ctx) => ctx.model.registry.aliasesOf(v.id),
  },
  ModelMetrics: {
    test: (m) => m,
    perAudience: (m) => Object.entries(m.perAudience).map(([audience, a]) => ({ audience, ...a })),
    rubricBaseline: (m) => m.rubricBaseline,
    ratedTest: (m) => m.ratedTest ?? null,
    intervalCoverage: (m) => m.intervalCoverage?.coverage ?? null,
    stopReason: (m) => m.training.stopReason,
    epochs: (m) => m.training.epochs,
    iterations: (m) => m.training.iterations,
    bestIteration: (m) => m.training.bestIteration,
    trainSeconds: (m) => m.training.trainSeconds,
    samplesPerSecond: (m) => m.training.samplesPerSecond,
  },
  ModelAlias: {
    version: async (a, _, ctx) => present(await ctx.versions.load(a.versionId), `version ${a.versionId}`),
    history: (a, _, ctx) => ctx.model.registry.aliasHistory(a.name),
  },
  AliasMove: {
    from: (m, _, ctx) => (m.fromVersionId ? ctx.versions.load(m.fromVersionId) : null),
    to: async (m, _, ctx) => present(await ctx.versions.load(m.toVersionId), `version ${m.toVersionId}`),
    forced: (m) => m.forced === 1,
  },
  RewardPrediction: {
    explanation: (p) => p.explain(),
    modelVersion: async (p, _, ctx) => present(await ctx.versions.load(p.modelVersionId), `version ${p.modelVersionId}`),
  },
};

function verdictOf(a: number, b: number, mae: { difference: number; low: number; high: number }): string {
  const range = `MAE difference ${mae.difference.toFixed(4)}, 95% interval ${mae.low.toFixed(4)} to ${mae.high.toFixed(4)}`;
  if (mae.high < 0) return `v${b} is better than v${a} (${range})`;
  if (mae.low > 0) return `v${b} is worse than v${a} (${range}); the promotion gate would refuse it`;
  return `v${b} and v${a} are within noise of each other (${range})`;
}
