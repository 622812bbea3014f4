import { Gauge } from 'prom-client';
import { METRIC_PREFIX, type ServiceMetrics } from '../../platform/metrics.js';
import type { BusinessMetrics } from './business-metrics.js';

const HOUR = 3_600_000;

/**
 * Business gauges computed from the database when Prometheus scrapes, so every replica reports
 * the same truth (counters in one process would only see that process's traffic). One query
 * set serves all gauges of a scrape.
 */
export function registerBusinessGauges(
  metrics: ServiceMetrics,
  figures: BusinessMetrics,
  clock: () => Date = () => new Date(),
): void {
  let snapshot: { at: number; value: Promise<Snapshot> } | null = null;
  const read = (): Promise<Snapshot> => {
    const now = clock().getTime();
    if (!snapshot || now - snapshot.at > 1000) snapshot = { at: now, value: take(figures, new Date(now)) };
    return snapshot.value;
  };
  const registers = [metrics.registry];
  const gauge = (name: string, help: string, pick: (s: Snapshot) => number, labelNames: string[] = []) =>
    new Gauge({
      name: `${METRIC_PREFIX}${name}`,
      help,
      labelNames,
      registers,
      async collect() {
        this.set(pick(await read()));
      },
    });
  gauge('users_active', 'Distinct submitters in the last hour', (s) => s.hour.activeUsers);
  gauge('assessments_per_hour', 'Trajectories captured in the last hour', (s) => s.hour.accepted);
  gauge(
    'average_quality_score',
    'Mean data-quality score of trajectories captured in the last 24 hours (0 when none)',
    (s) => s.day.averageQuality ?? 0,
  );
  gauge(
    'average_reward',
    'Mean rubric reward of trajectories captured in the last 24 hours (0 when none)',
    (s) => s.day.averageReward ?? 0,
  );
  gauge(
    'capture_rate',
    'accepted / (accepted + rejected) over the last hour; 1 when nothing was submitted',
    (s) => s.hour.captureRate,
  );
  gauge(
    'last_trajectory_timestamp_seconds',
    'Unix time of the newest stored trajectory (0 when none)',
    (s) => (s.day.lastSubmittedAt?.getTime() ?? 0) / 1000,
  );
  new Gauge({
    name: `${METRIC_PREFIX}training_data_collected`,
    help: 'Training data available: valid trajectories and educator ratings',
    labelNames: ['kind'],
    registers,
    async collect() {
      const s = await read();
      this.set({ kind: 'valid_trajectories' }, s.totals.validTrajectories);
      this.set({ kind: 'educator_ratings' }, s.totals.ratings);
    },
  });
}

type Snapshot = Awaited<ReturnType<typeof take>>;

async function take(figures: BusinessMetrics, now: Date) {
  const [hour, day, totals] = await Promise.all([
    figures.window({ from: new Date(now.getTime() - HOUR), to: now }),
    figures.window({ from: new Date(now.getTime() - 24 * HOUR), to: now }),
    figures.totals(),
  ]);
  return { hour, day, totals };
}
