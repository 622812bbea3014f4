/**
 * The capture contract between the Trajectory subgraph, which stores assessment runs, and the
 * subgraphs that record something about each run in the same transaction (the Reward subgraph
 * stores the rubric reward there, so a stored trajectory always has one). The platform wires
 * listeners in; no subgraph imports another.
 */
export interface CaptureListener<Tx, Captured> {
  /** Runs inside the capture transaction; throwing rolls the capture back. */
  onCaptured(tx: Tx, captured: Captured[]): Promise<void>;
}

/** Share of submissions that were stored; 1 when nothing was submitted (no evidence of loss). */
export const captureRate = (accepted: number, rejected: number): number =>
  accepted + rejected === 0 ? 1 : accepted / (accepted + rejected);
