/**
 * Trend analysis for a bucketed series, robust to the outliers and skew that business
 * metrics have: the Mann–Kendall test says whether there is a monotonic trend, the Theil–Sen
 * estimator how steep it is, and median/MAD robust z-scores which buckets are anomalies.
 */

export interface SeriesValue {
  bucketStart: Date;
  value: number | null;
}

export type Direction = 'RISING' | 'FALLING' | 'FLAT' | 'INSUFFICIENT_DATA';

export interface TrendResult {
  direction: Direction;
  slopePerBucket: number;
  intercept: number;
  mannKendallS: number;
  pValue: number;
  confidence: number;
  anomalies: { bucketStart: Date; value: number; robustZ: number; kind: 'HIGH' | 'LOW' }[];
  forecast: { bucketStart: Date; value: number; lower: number; upper: number }[];
}

export const MIN_POINTS = 4;
export const ANOMALY_Z = 3.5;
const SIGNIFICANCE = 0.05;

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Mann–Kendall S, its variance (with the tie correction), and the two-sided p-value. */
export function mannKendall(ys: readonly number[]): { s: number; variance: number; z: number; pValue: number } {
  const n = ys.length;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign((ys[j] as number) - (ys[i] as number));
  const ties = new Map<number, number>();
  for (const y of ys) ties.set(y, (ties.get(y) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of ties.values()) tieTerm += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const z = variance === 0 ? 0 : s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
  return { s, variance, z, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/** Theil–Sen line: the median of pairwise slopes, and the median intercept. */
export function theilSen(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const dx = (xs[j] as number) - (xs[i] as number);
      if (dx !== 0) slopes.push(((ys[j] as number) - (ys[i] as number)) / dx);
    }
  }
  const slope = slopes.length ? median(slopes) : 0;
  return { slope, intercept: median(ys.map((y, i) => y - slope * (xs[i] as number))) };
}

/**
 * Robust z-scores: 0.6745 (x − median) / MAD (Iglewicz & Hoaglin). When more than half the
 * values are equal (MAD = 0) the mean absolute deviation × 1.2533 stands in for it.
 */
export function robustZScores(ys: readonly number[]): number[] {
  const m = median(ys);
  const deviations = ys.map((y) => Math.abs(y - m));
  const mad = median(deviations);
  if (mad > 0) return ys.map((y) => (0.6745 * (y - m)) / mad);
  const meanAd = deviations.reduce((a, b) => a + b, 0) / Math.max(1, ys.length);
  return meanAd > 0 ? ys.map((y) => (y - m) / (1.2533 * meanAd)) : ys.map(() => 0);
}

const DAY = 24 * 60 * 60 * 1000;

export interface TrendOptions {
  /**
   * The values are counts (assessments per hour): a deviation within a count's own Poisson
   * noise is never an anomaly, however quiet the rest of the series is.
   */
  counts?: boolean;
}

/**
 * What a day's rhythm explains, for buckets shorter than a day once the series covers two days:
 * per time of day, the median of the (detrended) values at that time. Without it, a busy
 * weekday morning would be "unusually high" every day.
 */
export function dailyProfile(points: readonly { bucketStart: Date; residual: number }[], bucketMs: number): number[] {
  const span = points.length
    ? (points.at(-1) as { bucketStart: Date }).bucketStart.getTime() - (points[0] as { bucketStart: Date }).bucketStart.getTime()
    : 0;
  if (bucketMs >= DAY || span + bucketMs < 2 * DAY) return points.map(() => 0);
  const slotOf = (at: Date) => Math.floor((at.getTime() % DAY) / bucketMs);
  const bySlot = new Map<number, number[]>();
  for (const p of points) bySlot.set(slotOf(p.bucketStart), [...(bySlot.get(slotOf(p.bucketStart)) ?? []), p.residual]);
  return points.map((p) => median(bySlot.get(slotOf(p.bucketStart)) ?? [0]));
}

export function analyzeTrend(
  points: readonly SeriesValue[],
  bucketMs: number,
  forecastBuckets: number,
  options: TrendOptions = {},
): TrendResult {
  const present = points
    .map((p, i) => ({ ...p, i }))
    .filter((p): p is SeriesValue & { i: number; value: number } => p.value !== null);
  if (present.length < MIN_POINTS) {
    return {
      direction: 'INSUFFICIENT_DATA',
      slopePerBucket: 0,
      intercept: 0,
      mannKendallS: 0,
      pValue: 1,
      confidence: 0,
      anomalies: [],
      forecast: [],
    };
  }
  const xs = present.map((p) => p.i);
  const ys = present.map((p) => p.value);
  const mk = mannKendall(ys);
  const { slope, intercept } = theilSen(xs, ys);
  const direction: Direction = mk.pValue < SIGNIFICANCE && slope !== 0 ? (slope > 0 ? 'RISING' : 'FALLING') : 'FLAT';
  // Anomalies are judged on what the trend and the time of day do not explain.
  const detrended = ys.map((y, k) => y - (intercept + slope * (xs[k] as number)));
  const profile = dailyProfile(
    present.map((p, k) => ({ bucketStart: p.bucketStart, residual: detrended[k] as number })),
    bucketMs,
  );
  const residuals = detrended.map((r, k) => r - (profile[k] as number));
  const robust = robustZScores(residuals);
  const z = residuals.map((r, k) => {
    const zk = robust[k] as number;
    if (!options.counts || r === 0) return zk;
    // Of the two, the milder: the series' own spread, and the count's Poisson noise (Anscombe's
    // variance-stabilised residual, near N(0, 1) even for a handful per hour).
    const expected = Math.max(0, (ys[k] as number) - r);
    const poisson = 2 * (Math.sqrt((ys[k] as number) + 3 / 8) - Math.sqrt(expected + 3 / 8));
    return Math.abs(poisson) < Math.abs(zk) ? poisson : zk;
  });
  const anomalies = present.flatMap((p, k) => {
    const zk = z[k] as number;
    return Math.abs(zk) > ANOMALY_Z
      ? [{ bucketStart: p.bucketStart, value: p.value, robustZ: zk, kind: zk > 0 ? ('HIGH' as const) : ('LOW' as const) }]
      : [];
  });
  const sigma = 1.4826 * median(residuals.map((r) => Math.abs(r - median(residuals))));
  const last = points.at(-1);
  const lastIndex = points.length - 1;
  const forecast = last
    ? Array.from({ length: forecastBuckets }, (_, h) => {
        const x = lastIndex + h + 1;
        const value = intercept + slope * x;
        const spread = 1.96 * sigma * Math.sqrt(1 + (h + 1) / present.length);
        return {
          bucketStart: new Date(last.bucketStart.getTime() + (h + 1) * bucketMs),
          value,
          lower: value - spread,
          upper: value + spread,
        };
      })
    : [];
  return {
    direction,
    slopePerBucket: slope,
    intercept,
    mannKendallS: mk.s,
    pValue: mk.pValue,
    confidence: 1 - mk.pValue,
    anomalies,
    forecast,
  };
}
