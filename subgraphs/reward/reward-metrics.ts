import { Counter, Histogram } from 'prom-client';
import { METRIC_PREFIX, type ServiceMetrics } from '../../platform/metrics.js';

/** Reward metrics: rewards computed (by rubric version), their distribution, educator ratings. */
export class RewardMetrics {
  readonly computed: Counter<'rubric_version'>;
  readonly value: Histogram<'rubric_version'>;
  readonly ratings: Counter;

  constructor(metrics: ServiceMetrics) {
    const registers = [metrics.registry];
    this.computed = new Counter({
      name: `${METRIC_PREFIX}rewards_computed_total`,
      help: 'Rubric rewards computed and stored, by rubric version',
      labelNames: ['rubric_version'],
      registers,
    });
    this.value = new Histogram({
      name: `${METRIC_PREFIX}reward_value`,
      help: 'Distribution of stored rubric rewards (0..1)',
      labelNames: ['rubric_version'],
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      registers,
    });
    this.ratings = new Counter({ name: `${METRIC_PREFIX}educator_ratings_total`, help: 'Educator ratings recorded', registers });
  }
}
