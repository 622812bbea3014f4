import { provenIdentity } from '../../../platform/security/caller.js';
import { DateTimeScalar, JSONScalar, ModalityScalar } from '../../../platform/scalars.js';
import type { Resolvers } from '../generated/resolvers-types.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Modality: ModalityScalar,
  Query: {
    scoreAssessment: (_, { state, rubricVersion }, ctx) => ctx.rewards.score(state, rubricVersion),
    activeRubric: (_, __, ctx) => ctx.rewards.activeRubric(),
    rubric: (_, { version }, ctx) => ctx.rewards.rubric(version),
    rubrics: (_, __, ctx) => ctx.rewards.rubrics(),
  },
  Mutation: {
    rateTrajectory: (_, args, ctx) => ctx.rewards.rate(args, provenIdentity(ctx.caller), ctx.audit),
    withdrawRating: (_, { trajectoryId }, ctx) => ctx.rewards.withdraw(trajectoryId, provenIdentity(ctx.caller), ctx.audit),
    createRubric: (_, { input }, ctx) => ctx.rewards.createRubric(input, ctx.audit),
    activateRubric: (_, { version }, ctx) => ctx.rewards.activateRubric(version, ctx.audit),
    recomputeRewards: async (_, { rubricVersion }, ctx) => ({
      rubricVersion,
      computed: await ctx.rewards.recompute(rubricVersion, ctx.audit),
    }),
  },
  Trajectory: {
    __resolveReference: (ref) => ({ id: ref.id }),
    reward: (t, { rubricVersion }, ctx) => ctx.loaders.reward(rubricVersion ?? null).load(t.id),
    feedback: (t, _, ctx) => ctx.loaders.feedback.load(t.id),
    averageRating: async (t, _, ctx) => {
      const feedback = await ctx.loaders.feedback.load(t.id);
      return feedback.length ? feedback.reduce((s, f) => s + f.score, 0) / feedback.length : null;
    },
  },
  EducatorFeedback: {
    rater: (f) => f.raterName,
  },
  Rubric: {
    createdAt: (r) => r.createdAt,
  },
};
