import { Counter, Gauge, Histogram } from 'prom-client';
import { METRIC_PREFIX, type ServiceMetrics } from '../../platform/metrics.js';

/** Training and serving metrics (names match monitoring/alerts and the Training dashboard). */
export class ModelMetrics {
  readonly trainingRuns: Counter<'status'>;
  readonly backend: Gauge<'backend'>;
  readonly productionAccuracy: Gauge;
  readonly productionVersion: Gauge;
  readonly trainingSamplesPerSecond: Gauge;
  readonly predictions: Counter<'model_version'>;
  readonly predictionDuration: Histogram;

  /** `refreshProduction` sets the production gauges from the registry at scrape time. */
  constructor(metrics: ServiceMetrics, refreshProduction: () => Promise<void>) {
    const registers = [metrics.registry];
    this.trainingRuns = new Counter({
      name: `${METRIC_PREFIX}training_runs_total`,
      help: 'Training runs that ended on this replica, by final status (COMPLETED, FAILED, CANCELLED)',
      labelNames: ['status'],
      registers,
    });
    this.backend = new Gauge({
      name: `${METRIC_PREFIX}tfjs_backend_info`,
      help: 'The TensorFlow.js backend this replica runs on (value 1)',
      labelNames: ['backend'],
      registers,
    });
    this.productionAccuracy = new Gauge({
      name: `${METRIC_PREFIX}production_model_accuracy`,
      help: "Share of the production model's held-out test predictions within ±0.1 of the target",
      registers,
      collect: refreshProduction,
    });
    this.productionVersion = new Gauge({
      name: `${METRIC_PREFIX}production_model_version`,
      help: 'Version number the production alias points at',
      registers,
    });
    this.trainingSamplesPerSecond = new Gauge({
      name: `${METRIC_PREFIX}training_samples_per_second`,
      help: 'Training throughput of the last completed run on this replica',
      registers,
    });
    this.predictions = new Counter({
      name: `${METRIC_PREFIX}model_predictions_total`,
      help: 'Rewards predicted, by model version',
      labelNames: ['model_version'],
      registers,
    });
    this.predictionDuration = new Histogram({
      name: `${METRIC_PREFIX}model_prediction_duration_seconds`,
      help: 'Time of one batched prediction (one tensor operation)',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers,
    });
  }
}
