import type { Config } from '../../platform/config.js';
import type { ModelServiceOptions } from './model-service.js';

/** The Model service's settings from the platform config (one place for all-in-one and standalone). */
export function modelServiceOptions(config: Config): ModelServiceOptions {
  const m = config.model;
  return {
    training: {
      defaults: m.training,
      backend: m.backend,
      niceness: m.niceness,
      heartbeatTimeoutMs: m.heartbeatTimeoutMs,
      pollIntervalMs: m.pollIntervalMs,
      maxRunSeconds: m.maxRunSeconds,
      concurrency: Math.max(1, m.concurrency),
    },
    trainsModels: m.concurrency > 0,
    continuousLearning: m.continuousLearning,
    drift: m.drift,
    weights: m.weights,
    maxLoadedModels: 4,
  };
}
