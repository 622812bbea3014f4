/**
 * Held-out evaluation of a reward model: error, fit, ranking and calibration, per audience,
 * and — where educator ratings are the target — how well the rubric alone agrees with them,
 * so a reader can see whether the learned model beats the rubric. Pure functions of numbers.
 */

import type { Agreement, CalibrationBin, EvalSample, Evaluation } from '../../domain/model/model-records.js';

export type { Agreement, CalibrationBin, EvalSample, Evaluation };

export const PAIR_MARGIN = 0.05;
export const WITHIN = 0.1;

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Ranks from 1, ties sharing the average of the ranks they span. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]?.[1] as number] = rank;
    i = j + 1;
  }
  return out;
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const ma = mean([...a]);
  const mb = mean([...b]);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] as number) - ma;
    const y = (b[i] as number) - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return da === 0 || db === 0 ? 0 : num / Math.sqrt(da * db);
}

export const spearman = (a: readonly number[], b: readonly number[]) => pearson(ranks(a), ranks(b));

/** Share of pairs whose targets differ by more than `margin` that the predictions order the same way. */
export function pairwiseAccuracy(pred: readonly number[], target: readonly number[], margin = PAIR_MARGIN): number {
  let pairs = 0;
  let right = 0;
  for (let i = 0; i < target.length; i++) {
    for (let j = i + 1; j < target.length; j++) {
      const dt = (target[i] as number) - (target[j] as number);
      if (Math.abs(dt) <= margin) continue;
      pairs++;
      if (((pred[i] as number) - (pred[j] as number)) * dt > 0) right++;
    }
  }
  return pairs ? right / pairs : 0;
}

export function agreement(pred: readonly number[], target: readonly number[]): Agreement {
  const n = target.length;
  const errors = target.map((t, i) => (pred[i] as number) - t);
  const mt = mean([...target]);
  const ssRes = errors.reduce((s, e) => s + e * e, 0);
  const ssTot = target.reduce((s, t) => s + (t - mt) ** 2, 0);
  return {
    count: n,
    mae: mean(errors.map(Math.abs)),
    rmse: Math.sqrt(ssRes / Math.max(1, n)),
    r2: ssTot === 0 ? 0 : 1 - ssRes / ssTot,
    spearman: spearman(pred, target),
    pairwiseAccuracy: pairwiseAccuracy(pred, target),
    accuracyWithin: n ? errors.filter((e) => Math.abs(e) <= WITHIN + 1e-12).length / n : 0,
  };
}

export function calibration(pred: readonly number[], target: readonly number[], bins = 10): CalibrationBin[] {
  return Array.from({ length: bins }, (_, b) => {
    const from = b / bins;
    const to = (b + 1) / bins;
    const idx = pred.flatMap((p, i) => ((p >= from && p < to) || (b === bins - 1 && p >= 1) || (b === 0 && p < 0) ? [i] : []));
    return {
      from,
      to,
      count: idx.length,
      meanPrediction: idx.length ? mean(idx.map((i) => pred[i] as number)) : null,
      meanTarget: idx.length ? mean(idx.map((i) => target[i] as number)) : null,
    };
  });
}

export function evaluate(samples: readonly EvalSample[]): Evaluation {
  const pred = samples.map((s) => s.prediction);
  const target = samples.map((s) => s.target);
  const audiences = [...new Set(samples.map((s) => s.audience))].sort();
  const withRubric = samples.filter((s): s is EvalSample & { rubric: number } => typeof s.rubric === 'number');
  return {
    ...agreement(pred, target),
    calibration: calibration(pred, target),
    perAudience: Object.fromEntries(
      audiences.map((a) => {
        const sub = samples.filter((s) => s.audience === a);
        return [
          a,
          agreement(
            sub.map((s) => s.prediction),
            sub.map((s) => s.target),
          ),
        ];
      }),
    ),
    rubricBaseline: withRubric.length
      ? agreement(
          withRubric.map((s) => s.rubric),
          withRubric.map((s) => s.target),
        )
      : null,
    // The model on exactly the trajectories the rubric is scored on (the rated ones): the only
    // fair comparison, since elsewhere the target is the rubric's own score.
    ratedTest: withRubric.length
      ? agreement(
          withRubric.map((s) => s.prediction),
          withRubric.map((s) => s.target),
        )
      : null,
  };
}
