import type * as tf from '@tensorflow/tfjs-core';
import type { BackendName, BackendPreference } from '../tf-backend.js';
import type { ProgressReport, StopReason, TrainingData } from './trainer.js';
import type { TrainingConfig } from './training-config.js';

/** Messages between the Model service and its training worker thread. */
export type ToWorker =
  { kind: 'start'; data: TrainingData; config: TrainingConfig; backend: BackendPreference } | { kind: 'cancel' };

export interface WorkerOutcome {
  artifacts: tf.io.ModelArtifacts;
  parameterCount: number;
  stopReason: StopReason;
  epochs: number;
  iterations: number;
  bestEpoch: number;
  bestIteration: number;
  bestValidationLoss: number;
  validationPredictions: Float32Array;
  testPredictions: Float32Array;
  trainSeconds: number;
  samplesPerSecond: number;
}

export type FromWorker =
  | { kind: 'backend'; backend: BackendName; skipped: { backend: BackendName; reason: string }[] }
  | { kind: 'progress'; report: ProgressReport }
  | { kind: 'done'; outcome: WorkerOutcome }
  | { kind: 'error'; message: string };
