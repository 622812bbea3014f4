import { seededRandom } from '../../../platform/seeded-random.js';
import { pearson, ranks } from '../evaluator.js';

/** A difference (b − a) with its 95% paired-bootstrap interval. */
export interface Interval {
  a: number;
  b: number;
  difference: number;
  low: number;
  high: number;
}

export interface Comparison {
  testSize: number;
  mae: Interval;
  spearman: Interval;
}

const RESAMPLES = 1000;

const mae = (pred: readonly number[], target: readonly number[]) =>
  pred.reduce((s, p, i) => s + Math.abs(p - (target[i] ?? 0)), 0) / Math.max(1, pred.length);
const spearman = (pred: readonly number[], target: readonly number[]) => pearson(ranks(pred), ranks(target));

/**
 * Two versions' predictions of the same trajectories against the same targets: MAE and Spearman
 * of each, and their differences (b − a) with 95% intervals from a paired bootstrap (the same
 * resampled trajectories for both, 1,000 times, seeded), so the interval is about the versions,
 * not about which trajectories happened to be in the test split.
 */
export function comparePaired(a: readonly number[], b: readonly number[], target: readonly number[], seed = 7): Comparison {
  const n = target.length;
  const rand = seededRandom(seed);
  const dMae: number[] = [];
  const dSpearman: number[] = [];
  const pa = new Array<number>(n);
  const pb = new Array<number>(n);
  const t = new Array<number>(n);
  for (let r = 0; r < RESAMPLES; r++) {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(rand() * n);
      pa[i] = a[k] ?? 0;
      pb[i] = b[k] ?? 0;
      t[i] = target[k] ?? 0;
    }
    dMae.push(mae(pb, t) - mae(pa, t));
    const sb = spearman(pb, t);
    const sa = spearman(pa, t);
    if (Number.isFinite(sb) && Number.isFinite(sa)) dSpearman.push(sb - sa);
  }
  const interval = (x: number, y: number, ds: number[]): Interval => {
    const sorted = [...ds].sort((p, q) => p - q);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))] ?? Number.NaN;
    return { a: x, b: y, difference: y - x, low: at(0.025), high: at(0.975) };
  };
  return {
    testSize: n,
    mae: interval(mae(a, target), mae(b, target), dMae),
    spearman: interval(spearman(a, target), spearman(b, target), dSpearman),
  };
}
