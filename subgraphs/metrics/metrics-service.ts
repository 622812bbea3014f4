import { BadUserInputError } from '../../platform/errors.js';
import { BUCKET_MS, BusinessMetrics, checkRange, type Bucket, type BusinessMetric, type Window } from './business-metrics.js';
import { highlights, renderMarkdown, type Period } from './report-generator.js';
import { analyzeTrend } from './trend-analyzer.js';

const HOUR = 3_600_000;
const DAY_MS = 24 * HOUR;
const PERIOD_MS: Record<Period, number> = { DAY: DAY_MS, WEEK: 7 * DAY_MS };
/** Series that count things per bucket: judged against Poisson noise as well (trend-analyzer.ts). */
const COUNT_METRICS: ReadonlySet<BusinessMetric> = new Set(['ASSESSMENTS', 'ACTIVE_USERS', 'EDUCATOR_RATINGS']);
export const MAX_FORECAST = 48;

/** What the Metrics subgraph answers: overview, series, trends and reports, all from the database. */
export class MetricsService {
  constructor(
    private readonly figures: BusinessMetrics,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async overview() {
    const now = this.clock();
    const day = { from: new Date(now.getTime() - 24 * HOUR), to: now };
    const hour = { from: new Date(now.getTime() - HOUR), to: now };
    const [d, h, totals] = await Promise.all([this.figures.window(day), this.figures.window(hour), this.figures.totals()]);
    return {
      generatedAt: now,
      totalTrajectories: totals.trajectories,
      totalRatings: totals.ratings,
      assessmentsLastHour: h.accepted,
      assessmentsPerHour: d.accepted / 24,
      averageReward24h: d.averageReward,
      averageQuality24h: d.averageQuality,
      captureRate24h: d.captureRate,
      activeUsersLastHour: h.activeUsers,
      activeUsers24h: d.activeUsers,
      lowQualityShare24h: d.accepted ? d.lowQuality / d.accepted : null,
      activeRubricVersion: totals.activeRubricVersion,
    };
  }

  async series(metric: BusinessMetric, range: { from: string; to: string }, bucket: Bucket) {
    const w = checkRange(range, bucket);
    return { metric, bucket, from: w.from, to: w.to, points: await this.figures.series(metric, w, bucket) };
  }

  async trend(metric: BusinessMetric, range: { from: string; to: string }, bucket: Bucket, forecastBuckets: number) {
    if (!Number.isInteger(forecastBuckets) || forecastBuckets < 0 || forecastBuckets > MAX_FORECAST) {
      throw new BadUserInputError(`forecastBuckets must be 0..${MAX_FORECAST}`, [
        { path: 'forecastBuckets', message: `must be 0..${MAX_FORECAST}` },
      ]);
    }
    const series = await this.series(metric, range, bucket);
    return {
      metric,
      series,
      ...analyzeTrend(series.points, BUCKET_MS[bucket], forecastBuckets, { counts: COUNT_METRICS.has(metric) }),
    };
  }

  async report(period: Period, endingAt?: string | null) {
    const to = endingAt ? new Date(endingAt) : this.clock();
    const span = PERIOD_MS[period];
    const window: Window = { from: new Date(to.getTime() - span), to };
    const previousWindow: Window = { from: new Date(to.getTime() - 2 * span), to: window.from };
    const [current, previous, modelChanges, modelEvents, volume] = await Promise.all([
      this.figures.window(window),
      this.figures.window(previousWindow),
      this.figures.rubricChanges(window),
      this.figures.modelEvents(window),
      // A week before the window too, so the hour-of-day rhythm is known (trend-analyzer.ts dailyProfile).
      this.figures.series('ASSESSMENTS', { from: new Date(window.from.getTime() - 7 * DAY_MS), to: window.to }, 'HOUR'),
    ]);
    const anomalies = analyzeTrend(volume, HOUR, 0, { counts: true }).anomalies.filter((a) => a.bucketStart >= window.from);
    const input = { period, from: window.from, to: window.to, current, previous, anomalies, modelChanges, modelEvents };
    const items = highlights(input);
    return {
      period,
      from: window.from,
      to: window.to,
      volume: current.accepted,
      previousVolume: previous.accepted,
      averageReward: current.averageReward,
      previousAverageReward: previous.averageReward,
      averageQuality: current.averageQuality,
      captureRate: current.captureRate,
      ratings: current.ratings,
      modelChanges: [...modelChanges, ...modelEvents],
      anomalies,
      highlights: items,
      markdown: renderMarkdown(input, items),
    };
  }
}
