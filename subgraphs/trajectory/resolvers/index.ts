import { connection } from '../../../platform/keyset-cursor.js';
import { provenIdentity } from '../../../platform/security/caller.js';
import { DateTimeScalar, JSONScalar, ModalityScalar } from '../../../platform/scalars.js';
import type { LearnerLevel, Resolvers } from '../generated/resolvers-types.js';
import { encodeTrajectoryCursor } from '../trajectory-store.js';
import { imagePath } from '../images/image-route.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Modality: ModalityScalar,
  Query: {
    trajectory: (_, { id }, ctx) => ctx.trajectoryById.load(id),
    trajectories: async (_, args, ctx) => {
      const page = await ctx.store.list({ first: args.first ?? 20, after: args.after, filter: args.filter });
      return connection(page.rows, encodeTrajectoryCursor, page.hasNextPage, { countTotal: page.totalCount });
    },
    captureStatistics: (_, args, ctx) => ctx.store.captureStatistics(args),
    modalities: (_, __, ctx) => ctx.store.modalities(),
  },
  TrajectoryConnection: {
    totalCount: (page) => page.countTotal(),
  },
  Mutation: {
    submitTrajectory: (_, { input }, ctx) => ctx.capture.submit(input, provenIdentity(ctx.caller), ctx.audit),
    submitTrajectories: async (_, { inputs }, ctx) => {
      const outcomes = await ctx.capture.submitMany(inputs, provenIdentity(ctx.caller), ctx.audit);
      const results = outcomes.map((o, index) =>
        o.ok
          ? { index, trajectory: o.trajectory, created: o.created, error: null }
          : {
              index,
              trajectory: null,
              created: false,
              error: {
                code: String(o.error.extensions.code),
                message: o.error.message,
                fieldErrors: 'fieldErrors' in o.error ? o.error.fieldErrors : [],
              },
            },
      );
      const acceptedCount = outcomes.filter((o) => o.ok).length;
      return { results, acceptedCount, rejectedCount: outcomes.length - acceptedCount };
    },
  },
  Trajectory: {
    submitter: (t) => t.submitterName,
    __resolveReference: (ref, ctx) => ctx.trajectoryById.load(ref.id),
    image: async (t, _, ctx) => (await ctx.stateOf(t)).image,
    // A column with the same value (written from the validated state): no state needed.
    audience: (t) => t.audience as LearnerLevel,
    steps: async (t, _, ctx) => (await ctx.stateOf(t)).steps,
    medicalTerms: async (t, _, ctx) => (await ctx.stateOf(t)).medicalTerms ?? null,
    bloom: async (t, _, ctx) => (await ctx.stateOf(t)).bloom ?? null,
    cognitiveLoad: async (t, _, ctx) => (await ctx.stateOf(t)).cognitiveLoad ?? null,
    visual: async (t, _, ctx) => (await ctx.stateOf(t)).visual ?? null,
    quality: (t) => ({
      score: t.qualityScore,
      flagged: t.flagged,
      issues: t.qualityIssues.map(({ code, path, message, severity }) => ({ code, path, message, severity })),
    }),
  },
  Image: {
    megapixels: (image) => Math.round((image.width * image.height) / 10_000) / 100,
    url: async (image, _, ctx) => ((await ctx.imageHeld.load(image.sha256)) ? imagePath(image.sha256) : null),
    thumbnailUrl: async (image, _, ctx) =>
      image.format !== 'DICOM' && (await ctx.imageHeld.load(image.sha256)) ? `${imagePath(image.sha256)}/thumbnail` : null,
  },
};
