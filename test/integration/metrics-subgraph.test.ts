import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { generateTrajectories } from '../../demo/trajectory-generator.js';
import { createMetricsSubgraph } from '../../subgraphs/metrics/server.js';
import { loadConfig } from '../../platform/config.js';
import { TrajectoryCapture } from '../../subgraphs/trajectory/trajectory-capture.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { CAPTURE, createSubgraphs, exec, silentLog, TEST_IDENTITY } from '../support/subgraphs.js';

const HOUR = 3_600_000;
// A fixed "now" on an hour boundary, so buckets are predictable.
const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

interface Captured {
  at: number;
  audience: string;
  submittedBy: string;
  quality: number;
  status: string;
  reward: number;
}

describe.each(BACKENDS)('Metrics subgraph on %s', (backend) => {
  let database: DatabaseHandle;
  let metrics: ReturnType<typeof createMetricsSubgraph>;
  const captured: Captured[] = [];
  let rejectedInLastDay = 0;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    const subgraphs = await createSubgraphs(database);
    metrics = createMetricsSubgraph({
      database,
      auditLog: subgraphs.auditLog,
      log: silentLog,
      isProduction: false,
      reports: loadConfig({}).reports,
    });
    // 10 hours of traffic, growing: hour h gets 2 + h trajectories; a rejection every other hour.
    for (let h = 0; h < 10; h++) {
      const arrival = NOW - (10 - h) * HOUR + 5 * 60_000;
      const capture = new TrajectoryCapture(database.db, CAPTURE, {
        listeners: [subgraphs.reward.rewards],
        clock: () => new Date(arrival),
      });
      const batch = generateTrajectories({ count: 2 + h, seed: 100 + h, idPrefix: `m${h}`, endAt: new Date(arrival - 60_000) });
      const inputs = batch.map((g) => g.input);
      if (h % 2 === 0)
        inputs.push({ ...inputs[0]!, idempotencyKey: null, state: { ...inputs[0]!.state, audience: 'NOBODY' as never } });
      const outcomes = await capture.submitMany(inputs, TEST_IDENTITY);
      const ids = outcomes.flatMap((o) => (o.ok ? [o.trajectory] : []));
      const rewards = await subgraphs.reward.rewards.rewardsFor(
        ids.map((t) => t.id),
        null,
      );
      ids.forEach((t, i) =>
        captured.push({
          at: arrival,
          audience: t.audience,
          submittedBy: t.submittedBy,
          quality: t.qualityScore,
          status: t.status,
          reward: rewards[i]!.total,
        }),
      );
      if (h % 2 === 0) rejectedInLastDay++;
    }
  });
  afterAll(async () => database?.close());

  const range = { from: new Date(NOW - 10 * HOUR).toISOString(), to: new Date(NOW).toISOString() };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it('ASSESSMENTS per hour match the captured rows', async () => {
    const res = await exec<never, { metricSeries: { points: { bucketStart: string; value: number; sampleCount: number }[] } }>(
      metrics as never,
      `query ($r: TimeRangeInput!) { metricSeries(metric: ASSESSMENTS, range: $r, bucket: HOUR) { points { bucketStart value sampleCount } } }`,
      { r: range },
    );
    expect(res.errors).toBeUndefined();
    const points = res.data!.metricSeries.points;
    expect(points).toHaveLength(10);
    points.forEach((p, h) => {
      expect(p.bucketStart).toBe(new Date(NOW - (10 - h) * HOUR).toISOString());
      expect(p.value).toBe(captured.filter((c) => c.at >= NOW - (10 - h) * HOUR && c.at < NOW - (9 - h) * HOUR).length);
    });
  });

  it('AVERAGE_REWARD, AVERAGE_QUALITY, ACTIVE_USERS and CAPTURE_RATE per hour match values computed here', async () => {
    for (const [metric, expected] of [
      ['AVERAGE_REWARD', (rows: Captured[]) => mean(rows.map((r) => r.reward))],
      ['AVERAGE_QUALITY', (rows: Captured[]) => mean(rows.map((r) => r.quality))],
      ['ACTIVE_USERS', (rows: Captured[]) => new Set(rows.map((r) => r.submittedBy)).size],
      ['CAPTURE_RATE', (rows: Captured[], h: number) => rows.length / (rows.length + (h % 2 === 0 ? 1 : 0))],
    ] as const) {
      const res = await exec<never, { metricSeries: { points: { value: number | null }[] } }>(
        metrics as never,
        `query ($r: TimeRangeInput!) { metricSeries(metric: ${metric}, range: $r) { points { value } } }`,
        { r: range },
      );
      res.data!.metricSeries.points.forEach((p, h) => {
        const rows = captured.filter((c) => c.at >= NOW - (10 - h) * HOUR && c.at < NOW - (9 - h) * HOUR);
        expect(p.value, `${metric} hour ${h}`).toBeCloseTo(expected(rows, h), 9);
      });
    }
  });

  it('trend: the growing volume is RISING at one trajectory per hour', async () => {
    const res = await exec<
      never,
      { trend: { direction: string; slopePerBucket: number; confidence: number; forecast: { value: number }[] } }
    >(
      metrics as never,
      `query ($r: TimeRangeInput!) { trend(metric: ASSESSMENTS, range: $r, forecastBuckets: 2) { direction slopePerBucket confidence forecast { value } } }`,
      { r: range },
    );
    expect(res.data?.trend).toMatchObject({ direction: 'RISING', slopePerBucket: 1 });
    expect(res.data?.trend.confidence).toBeGreaterThan(0.99);
    expect(res.data?.trend.forecast.map((f) => f.value)).toEqual([12, 13]);
  });

  it('a daily report matches the window, with markdown and highlights', async () => {
    const res = await exec<
      never,
      {
        report: {
          volume: number;
          previousVolume: number;
          averageReward: number;
          captureRate: number;
          markdown: string;
          highlights: { kind: string }[];
        };
      }
    >(
      metrics as never,
      `query ($e: DateTime) { report(period: DAY, endingAt: $e) { volume previousVolume averageReward captureRate markdown highlights { kind } } }`,
      { e: new Date(NOW).toISOString() },
    );
    const r = res.data!.report;
    expect(r.volume).toBe(captured.length);
    expect(r.previousVolume).toBe(0);
    expect(r.averageReward).toBeCloseTo(mean(captured.map((c) => c.reward)), 9);
    expect(r.captureRate).toBeCloseTo(captured.length / (captured.length + rejectedInLastDay), 9);
    expect(r.markdown).toContain(`| trajectories captured | ${captured.length} | 0 |`);
    expect(r.highlights.map((h) => h.kind)).toEqual(expect.arrayContaining(['VOLUME', 'QUALITY', 'CAPTURE']));
  });

  it('systemOverview totals match the database', async () => {
    const res = await exec<never, { systemOverview: { totalTrajectories: number; activeRubricVersion: number } }>(
      metrics as never,
      `{ systemOverview { totalTrajectories activeRubricVersion } }`,
    );
    expect(res.data?.systemOverview).toEqual({ totalTrajectories: captured.length, activeRubricVersion: 1 });
  });

  it.each([
    [
      'from after to',
      `metricSeries(metric: ASSESSMENTS, range: { from: "2026-11-02T00:00:00Z", to: "2026-11-01T00:00:00Z" }) { metric }`,
    ],
    [
      'too many buckets',
      `metricSeries(metric: ASSESSMENTS, range: { from: "2020-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }) { metric }`,
    ],
    [
      'forecast too long',
      `trend(metric: ASSESSMENTS, range: { from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }, forecastBuckets: 100) { direction }`,
    ],
  ])('refuses %s with BAD_USER_INPUT', async (_n, field) => {
    const res = await exec(metrics, `{ ${field} }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a malformed date: GRAPHQL_VALIDATION_FAILED as a literal, BAD_USER_INPUT as a variable', async () => {
    const literal = await exec(
      metrics,
      `{ metricSeries(metric: ASSESSMENTS, range: { from: "yesterday", to: "2026-11-02T00:00:00Z" }) { metric } }`,
    );
    expect(literal.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const variable = await exec(
      metrics,
      `query ($r: TimeRangeInput!) { metricSeries(metric: ASSESSMENTS, range: $r) { metric } }`,
      {
        r: { from: 'yesterday', to: '2026-11-02T00:00:00Z' },
      },
    );
    expect(variable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(variable.errors?.[0]?.message).toMatch(/ISO-8601/);
  });

  it('business gauges on /metrics report the database figures', async () => {
    const text = await metrics.metrics.registry.metrics();
    const valid = captured.filter((c) => c.status === 'VALID').length;
    expect(text).toContain(`mi_training_data_collected{kind="valid_trajectories",service="metrics"} ${valid}`);
    expect(text).toMatch(/# TYPE mi_capture_rate gauge/);
    const last = Math.max(...captured.map((c) => c.at)) / 1000;
    expect(text).toContain(`mi_last_trajectory_timestamp_seconds{service="metrics"} ${last}`);
  });
});
