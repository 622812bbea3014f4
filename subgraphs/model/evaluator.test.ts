import { describe, expect, it } from 'vitest';
import { agreement, calibration, evaluate, pairwiseAccuracy, pearson, ranks, spearman } from './evaluator.js';

describe('evaluator metrics, against values computed by hand', () => {
  it.each([
    [
      [10, 20, 30],
      [1, 2, 3],
    ],
    [
      [3, 1, 2],
      [3, 1, 2],
    ],
    [
      [5, 5, 1, 9],
      [2.5, 2.5, 1, 4],
    ],
    [
      [7, 7, 7],
      [2, 2, 2],
    ],
  ])('ranks(%j) = %j', (xs, expected) => expect(ranks(xs)).toEqual(expected));

  it('MAE, RMSE, R² and accuracy within ±0.1', () => {
    // errors: +0.1, -0.2, 0, +0.3 → MAE 0.15, RMSE √(0.14/4) = 0.18708
    // targets 0.2, 0.4, 0.6, 0.8 (mean 0.5, SStot 0.2) → R² = 1 − 0.14/0.2 = 0.3
    const a = agreement([0.3, 0.2, 0.6, 1.1], [0.2, 0.4, 0.6, 0.8]);
    expect(a.mae).toBeCloseTo(0.15, 12);
    expect(a.rmse).toBeCloseTo(Math.sqrt(0.035), 12);
    expect(a.r2).toBeCloseTo(0.3, 12);
    expect(a.accuracyWithin).toBe(0.5); // +0.1 and 0 are within; -0.2 and +0.3 are not
  });

  it('pairwise accuracy ignores pairs whose targets differ by 0.05 or less', () => {
    // targets 0.1, 0.12, 0.5: pairs (0,1) ignored (Δ 0.02); (0,2) and (1,2) count.
    // predictions order (0,2) right, (1,2) wrong → 1/2
    expect(pairwiseAccuracy([0.2, 0.9, 0.8], [0.1, 0.12, 0.5])).toBe(0.5);
    expect(pairwiseAccuracy([0.1, 0.2, 0.3], [0.1, 0.2, 0.3])).toBe(1);
    expect(pairwiseAccuracy([0.3, 0.2, 0.1], [0.1, 0.2, 0.3])).toBe(0);
  });

  it('Spearman is Pearson on ranks: 1 for any increasing map, −1 reversed', () => {
    expect(spearman([1, 2, 3, 4], [10, 100, 1000, 10000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // ranks of [1,2,3,4] vs [1,3,2,4]: d² = 0+1+1+0 = 2 → 1 − 6·2/(4·15) = 0.8
    expect(spearman([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
  });

  it('calibration bins predictions by value and averages both sides', () => {
    const bins = calibration([0.05, 0.07, 0.55, 1], [0.1, 0.0, 0.5, 0.9], 10);
    expect(bins[0]?.count).toBe(2);
    expect(bins[0]?.meanPrediction).toBeCloseTo(0.06, 12);
    expect(bins[0]?.meanTarget).toBeCloseTo(0.05, 12);
    expect(bins[5]).toMatchObject({ count: 1, meanPrediction: 0.55, meanTarget: 0.5 });
    expect(bins[9]).toMatchObject({ count: 1, meanPrediction: 1, meanTarget: 0.9 });
    expect(bins[3]).toMatchObject({ count: 0, meanPrediction: null, meanTarget: null });
  });

  it('breaks down by audience and reports the rubric baseline where it exists', () => {
    const e = evaluate([
      { prediction: 0.5, target: 0.5, audience: 'PATIENT', rubric: 0.7 },
      { prediction: 0.6, target: 0.7, audience: 'PATIENT', rubric: 0.7 },
      { prediction: 0.2, target: 0.2, audience: 'RESIDENT' },
    ]);
    expect(Object.keys(e.perAudience)).toEqual(['PATIENT', 'RESIDENT']);
    expect(e.perAudience.PATIENT?.mae).toBeCloseTo(0.05, 12);
    expect(e.rubricBaseline?.count).toBe(2);
    expect(e.rubricBaseline?.mae).toBeCloseTo(0.1, 12);
    // The model on the same two rated samples, not on all three.
    expect(e.ratedTest?.count).toBe(2);
    expect(e.ratedTest?.mae).toBeCloseTo(0.05, 12);
    expect(e.count).toBe(3);
    expect(evaluate([{ prediction: 1, target: 1, audience: 'X' }]).rubricBaseline).toBeNull();
    expect(evaluate([{ prediction: 1, target: 1, audience: 'X' }]).ratedTest).toBeNull();
  });
});
