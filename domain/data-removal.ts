/**
 * The removal contract: the Access subgraph deletes trajectories past their retention and erases
 * a person's data on request; the owners of what hangs off those trajectories (the Trajectory
 * subgraph's image bytes) remove their part once the change has committed. The platform wires
 * listeners in, as it does for capture (capture.ts); no subgraph imports another.
 */
export interface RemovalListener {
  /**
   * `trajectoryIds` were deleted (retention) or erased (their submitter anonymised); their
   * images are `imageSha256s`. What no other trajectory still needs is to go. Runs after commit:
   * a failure is logged and retried by the next sweep, never undoes the removal.
   */
  onRemoved(removed: { trajectoryIds: readonly string[]; imageSha256s: readonly string[] }): Promise<void>;
}
