import type { BackendName, BackendPreference } from '../tf-backend.js';
import type { ProgressReport, TrainingData, TrainingOutcome } from './trainer.js';
import type { TrainingConfig } from '../../../domain/model/training-config.js';

/** Messages between the Model service and its training worker thread. */
export type ToWorker =
  | { kind: 'start'; data: TrainingData; config: TrainingConfig; backend: BackendPreference; niceness: number }
  | { kind: 'cancel' };

/** What the worker sends back: the trainer's outcome, weights transferred, not copied. */
export type WorkerOutcome = TrainingOutcome;

export type FromWorker =
  | { kind: 'backend'; backend: BackendName; skipped: { backend: BackendName; reason: string }[]; priority: string }
  | { kind: 'progress'; report: ProgressReport }
  | { kind: 'done'; outcome: WorkerOutcome }
  | { kind: 'error'; message: string };
