import type { RequestContext } from '../../platform/request-context.js';
import type { TrajectoryCapture } from './trajectory-capture.js';
import type { TrajectoryStore } from './trajectory-store.js';
import type DataLoader from 'dataloader';
import type { TrajectoryRow } from '../../db/schema/trajectory.js';

export interface TrajectoryContext extends RequestContext {
  capture: TrajectoryCapture;
  store: TrajectoryStore;
  /** Per request, so entity lookups of one query become one SQL statement. */
  trajectoryById: DataLoader<string, TrajectoryRow | null>;
  /** Whether the platform holds an image's bytes, by sha256: one query per page. */
  imageHeld: DataLoader<string, boolean>;
  /** The state of a listed row, loaded for the whole page in one query when first asked for. */
  stateOf(row: { id: string; state?: TrajectoryRow['state'] }): Promise<TrajectoryRow['state']>;
}
