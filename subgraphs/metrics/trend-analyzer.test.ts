import { describe, expect, it } from 'vitest';
import { analyzeTrend, mannKendall, median, normalCdf, robustZScores, theilSen } from './trend-analyzer.js';

const HOUR = 3_600_000;
const series = (values: (number | null)[]) =>
  values.map((value, i) => ({ bucketStart: new Date(Date.UTC(2026, 10, 1) + i * HOUR), value }));

describe('statistics', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[7], 7],
  ])('median(%j) = %d', (xs, m) => expect(median(xs)).toBe(m));

  it.each([
    [0, 0.5],
    [1.96, 0.975],
    [-1.96, 0.025],
    [3, 0.99865],
  ])('normalCdf(%d) ≈ %d', (z, p) => expect(normalCdf(z)).toBeCloseTo(p, 4));

  it('Mann–Kendall: S, variance and p by hand for 1,2,3,4,5', () => {
    // all 10 pairs increase: S = 10; Var = 5·4·15/18 = 16.667; z = 9/4.082 = 2.205; p = 0.0275
    const r = mannKendall([1, 2, 3, 4, 5]);
    expect(r.s).toBe(10);
    expect(r.variance).toBeCloseTo(16.6667, 3);
    expect(r.z).toBeCloseTo(2.2045, 3);
    expect(r.pValue).toBeCloseTo(0.0275, 3);
  });

  it('Mann–Kendall corrects the variance for ties', () => {
    // ties: value 1 twice → t=2 term 2·1·9 = 18; Var = (4·3·13 − 18)/18 = 7.667
    expect(mannKendall([1, 1, 2, 3]).variance).toBeCloseTo(7.6667, 3);
  });

  it('Theil–Sen ignores a wild outlier that would drag least squares', () => {
    const xs = [0, 1, 2, 3, 4, 5, 6];
    const ys = [0, 2, 4, 6, 100, 10, 12];
    const { slope, intercept } = theilSen(xs, ys);
    expect(slope).toBe(2);
    expect(intercept).toBe(0);
  });

  it('robust z flags the outlier and only it', () => {
    const z = robustZScores([10, 11, 9, 10, 12, 10, 50]);
    expect(z.map((v) => Math.abs(v) > 3.5)).toEqual([false, false, false, false, false, false, true]);
  });
});

describe('analyzeTrend', () => {
  it('a clear rise is RISING with its slope and a forecast that continues it', () => {
    const r = analyzeTrend(series([10, 12, 14, 16, 18, 20, 22, 24, 26, 28]), HOUR, 2);
    expect(r.direction).toBe('RISING');
    expect(r.slopePerBucket).toBe(2);
    expect(r.confidence).toBeGreaterThan(0.99);
    expect(r.forecast.map((f) => f.value)).toEqual([30, 32]);
    expect(r.forecast[0]?.bucketStart.getTime()).toBe(Date.UTC(2026, 10, 1) + 10 * HOUR);
  });

  it('noise without a trend is FLAT', () => {
    const r = analyzeTrend(series([5, 7, 4, 6, 5, 7, 4, 6, 5, 7, 4, 6]), HOUR, 0);
    expect(r.direction).toBe('FLAT');
    expect(r.pValue).toBeGreaterThan(0.05);
  });

  it('a falling series with one spike: FALLING, and the spike is a HIGH anomaly', () => {
    const r = analyzeTrend(series([20, 19, 18, 17, 60, 15, 14, 13, 12, 11, 10]), HOUR, 0);
    expect(r.direction).toBe('FALLING');
    expect(r.slopePerBucket).toBe(-1);
    expect(r.anomalies).toHaveLength(1);
    expect(r.anomalies[0]).toMatchObject({ value: 60, kind: 'HIGH' });
  });

  it('skips empty buckets and refuses to judge fewer than 4 points', () => {
    expect(analyzeTrend(series([1, null, 2, null, null]), HOUR, 3)).toMatchObject({
      direction: 'INSUFFICIENT_DATA',
      forecast: [],
    });
    expect(analyzeTrend(series([1, null, 2, 3, null, 4, 5]), HOUR, 0).direction).toBe('RISING');
  });
});

describe('anomalies in a series with a daily rhythm', () => {
  // Three days of hourly counts: busy working hours, quiet nights, as the demo's week is.
  const rhythm = (hour: number) =>
    Math.round(0.3 + 8 * Math.exp(-(((hour - 10) / 2.2) ** 2)) + 6 * Math.exp(-(((hour - 15) / 2.4) ** 2)));
  const noise = [0, 1, -1, 0, 2, -1, 1, 0, -2, 1];
  const days = (spike?: { at: number; value: number }) =>
    Array.from({ length: 72 }, (_, k) => ({
      bucketStart: new Date(Date.UTC(2026, 11, 1) + k * HOUR),
      value: spike?.at === k ? spike.value : Math.max(0, rhythm(k % 24) + (noise[k % noise.length] ?? 0)),
    }));

  it('is not an anomaly every morning', () => {
    // On spread alone, the quiet nights make the busy hours' small wobbles look extreme.
    expect(analyzeTrend(days(), HOUR, 0).anomalies.length).toBeGreaterThan(0);
    expect(analyzeTrend(days(), HOUR, 0, { counts: true }).anomalies).toEqual([]);
  });

  it('still finds a real burst, even at a busy hour', () => {
    const night = analyzeTrend(days({ at: 51, value: 40 }), HOUR, 0, { counts: true }).anomalies;
    expect(night.map((a) => [a.bucketStart.getUTCHours(), a.kind])).toEqual([[3, 'HIGH']]);
    const noon = analyzeTrend(days({ at: 58, value: 45 }), HOUR, 0, { counts: true }).anomalies;
    expect(noon.map((a) => a.bucketStart.getUTCHours())).toEqual([10]);
  });
});
