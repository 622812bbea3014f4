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
  readonly liveAgreement: Gauge<'measure'>;
  readonly liveRatings: Gauge;
  readonly inputPsi: Gauge<'group'>;

  /** `refreshProduction` sets the production gauges from the registry at scrape time. */
  constructor(metrics: ServiceMetrics, refreshProduction: () => Promise<void>) {
    const registers = [metrics.registry];
    // One refresh per scrape, awaited by every metric it sets (prom-client collects them concurrently).
    let refreshing: Promise<void> | null = null;
    const refresh = () => (refreshing ??= refreshProduction().finally(() => (refreshing = null)));
    this.trainingRuns = new Counter({
      name: `${METRIC_PREFIX}training_runs_total`,
      help: 'Training runs that ended on this replica, by final status (COMPLETED, FAILED, CANCELLED)',
      labelNames: ['status'],
      registers,
    });
    // Every final status from the first scrape: increase() then sees the first FAILED run after
    // a restart (a series born at 1 has no increase), and dashboards show 0 instead of no data.
    for (const status of ['COMPLETED', 'FAILED', 'CANCELLED']) this.trainingRuns.inc({ status }, 0);
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
      collect: refresh,
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
      collect: refresh,
    });
    this.liveAgreement = new Gauge({
      name: `${METRIC_PREFIX}model_live_agreement`,
      help: 'The production model against ratings given since it was made: within (share within ±0.1) and mae',
      labelNames: ['measure'],
      registers,
    });
    this.liveRatings = new Gauge({
      name: `${METRIC_PREFIX}model_live_ratings`,
      help: 'Rated trajectories (ratings since the production model was made) behind mi_model_live_agreement',
      registers,
    });
    this.inputPsi = new Gauge({
      name: `${METRIC_PREFIX}model_input_psi`,
      help: 'Population stability index of recent trajectories against those before the production model, per feature group',
      labelNames: ['group'],
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
