import type { AssessmentState } from '../../assessment/state.js';
import type { TrajectoryRow } from '../../db/schema/trajectory.js';

/** Trajectory fields resolve from the stored row; nested findings come from `row.state`. */
export type Trajectory = TrajectoryRow;
export type Image = AssessmentState['image'];
