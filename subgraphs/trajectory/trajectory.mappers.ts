import type { AssessmentState } from '../../domain/assessment/state.js';
import type { TrajectorySummary } from './trajectory-store.js';

/**
 * Trajectory fields resolve from the stored row; nested findings come from `row.state`, which
 * listed rows leave out and resolvers load (batched) only when a query asks for them.
 */
export type Trajectory = TrajectorySummary;
export type Image = AssessmentState['image'];

/** A page of trajectories; `totalCount` resolves only when asked for (see TrajectoryStore.list). */
export interface TrajectoryConnection {
  edges: { node: Trajectory; cursor: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  countTotal: () => Promise<number>;
}
