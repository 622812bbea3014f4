import type { FeedbackRow, RubricRow } from '../../db/schema/reward.js';
import type { ComputedReward } from '../../domain/rubric/reward-calculator.js';

/** The Reward subgraph knows a trajectory only by id; everything else it loads itself. */
export interface TrajectoryRef {
  id: string;
}
export type Reward = ComputedReward & { computedAt: Date };
export type Rubric = RubricRow;
export type EducatorFeedback = FeedbackRow;
