import { describe, expect, it } from 'vitest';
import { generateTrajectories, seededRandom } from '../../../demo/trajectory-generator.js';
import { featurize } from '../featurizer.js';
import { explainCorrected } from '../serving/explanations.js';
import { buildCorrection, correctedPrediction, intervalCoverage, learningCurve, rubricBase } from './educator-correction.js';

/** Ratings that follow the rubric plus a known audience-dependent shift, with noise. */
function rated(count: number, seed: number) {
  const rand = seededRandom(seed);
  return generateTrajectories({ count, seed }).map((g) => {
    const vector = featurize(g.input.state);
    const shift = g.input.state.audience === 'PATIENT' ? 0.15 : g.input.state.audience === 'SPECIALIST' ? -0.1 : 0;
    const rating = Math.min(1, Math.max(0, rubricBase(vector) + shift + (rand() - 0.5) * 0.04));
    return { vector, network: rubricBase(vector), rating, audience: g.input.state.audience };
  });
}

describe('educator correction (Bayesian ridge over the rubric)', () => {
  it('learns what ratings add to the rubric, and says how sure it is, calibrated to a 90% interval', () => {
    const train = rated(300, 1);
    const validation = rated(80, 2);
    const test = rated(200, 3);
    const correction = buildCorrection(train, validation);
    expect(correction).not.toBeNull();
    const predictions = test.map((t) => ({ ...correctedPrediction(correction!, t.vector, t.network), t }));
    const mae = (f: (p: (typeof predictions)[number]) => number) =>
      predictions.reduce((a, p) => a + Math.abs(f(p) - p.t.rating), 0) / predictions.length;
    expect(mae((p) => p.value)).toBeLessThan(0.03);
    expect(mae((p) => rubricBase(p.t.vector))).toBeGreaterThan(0.05);
    const coverage = intervalCoverage(
      predictions.map((p) => ({ prediction: p.value, target: p.t.rating, uncertainty: p.uncertainty })),
    );
    expect(coverage).toBeGreaterThan(0.8);
    expect(coverage).toBeLessThan(0.99);
  });

  it('is less sure away from the rated data, and absent with too few ratings', () => {
    // Rated only for four audiences: the fifth (specialists) was never rated.
    const all = rated(400, 4);
    const correction = buildCorrection(
      all.filter((t) => t.audience !== 'SPECIALIST'),
      rated(60, 5).filter((t) => t.audience !== 'SPECIALIST'),
    )!;
    const sd = (audience: string) => {
      const xs = all
        .filter((t) => t.audience === audience)
        .map((t) => correctedPrediction(correction, t.vector, t.network).uncertainty);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(sd('SPECIALIST')).toBeGreaterThan(1.3 * sd('RESIDENT'));
    expect(buildCorrection(all.slice(0, 19), all.slice(19, 40))).toBeNull();
  });

  it('is less sure of a topic, or a modality, unlike anything rated', () => {
    const correction = buildCorrection(rated(300, 11), rated(60, 12))!;
    const [g] = generateTrajectories({ count: 1, seed: 13 });
    const base = g!.input.state;
    const sd = (change: Partial<typeof base.image>) => {
      const vector = featurize({ ...base, image: { ...base.image, ...change } });
      return correctedPrediction(correction, vector, rubricBase(vector)).uncertainty;
    };
    const familiar = sd({});
    expect(sd({ topic: 'Zygomatic arch fracture fixation with titanium miniplates' })).toBeGreaterThan(1.3 * familiar);
    expect(sd({ modality: 'ENDOSCOPY' })).toBeGreaterThan(1.3 * familiar);
    // A record without the topic buckets (stored before they were kept) treats every topic as familiar.
    const { seenTopicBuckets: _kept, ...older } = correction;
    const vector = featurize({ ...base, image: { ...base.image, topic: 'Zygomatic arch fracture fixation' } });
    expect(correctedPrediction(older, vector, rubricBase(vector)).uncertainty).toBeLessThan(1.3 * familiar);
  });

  it('explains a corrected reward exactly: the rubric components and what educators add sum to it', () => {
    const correction = buildCorrection(rated(300, 6), rated(60, 7))!;
    for (const t of rated(20, 8)) {
      const parts = explainCorrected(correction, t.vector, t.network);
      const { value } = correctedPrediction(correction, t.vector, t.network);
      const sum = parts.reduce((a, p) => a + p.contribution, 0);
      if (value > 0 && value < 1) expect(sum).toBeCloseTo(value, 2);
      expect(parts.map((p) => p.group)).toContain('rubric: medical terms');
      // Largest first.
      const sizes = parts.map((p) => Math.abs(p.contribution));
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    }
  });

  it('reports quality against the number of ratings, improving as ratings grow', () => {
    const curve = learningCurve(rated(200, 9), rated(80, 10));
    expect(curve.map((p) => p.ratings)).toEqual([0, 50, 100, 150, 200]);
    expect(curve.at(-1)!.mae).toBeLessThan(curve[0]!.mae / 2);
    expect(curve.at(-1)!.within).toBeGreaterThan(curve[0]!.within);
  });
});
