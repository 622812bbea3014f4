/**
 * How much the educator correction learns from few ratings (on demand: npm run bench:few-ratings).
 *
 * Generated trajectories rated by the demo's differing panel (demo/educator-panel.ts); a share of
 * them rated, the rest held out and judged against the panel's ratings. Compares, in one run, the
 * rubric (the baseline), the correction's v1 inputs (86) and its v2 inputs (120: with the
 * new-modality and new-topic inputs and the shortfalls), at several prior precisions λ and rated shares, each
 * over several seeds. No network here: its view is set to the rubric's, so the figures are the
 * correction's alone (the quality test, test/quality/few-ratings.quality.test.ts, runs the whole
 * model). This is what chose CORRECTION_LAMBDA.
 */
import { educatorRating } from '../../demo/educator-panel.js';
import { generateTrajectories, seededRandom } from '../../demo/trajectory-generator.js';
import { calculateReward } from '../../domain/rubric/reward-calculator.js';
import { DEFAULT_THRESHOLDS, DEFAULT_WEIGHTS } from '../../domain/rubric/rubric-definition.js';
import { evaluate } from '../../subgraphs/model/evaluator.js';
import { featurize } from '../../subgraphs/model/featurizer.js';
import {
  CORRECTION_DIM,
  CORRECTION_LAMBDA,
  NEW_MODALITY_AT,
  correctedPrediction,
  fitOnRated,
} from '../../subgraphs/model/training/educator-correction.js';
import { printTable } from '../support/stats.js';

const N = Number(process.env.BENCH_FEW_N ?? 1000);
const SEEDS = (process.env.BENCH_FEW_SEEDS ?? '1,2,3,4').split(',').map(Number);
const SHARES = (process.env.BENCH_FEW_SHARES ?? '0.1,0.15,0.2').split(',').map(Number);
const LAMBDAS = [0.1, 0.3, 1];
const DESIGNS = [
  { name: 'v1 (86 inputs)', dim: NEW_MODALITY_AT },
  { name: 'v2 (120 inputs)', dim: CORRECTION_DIM },
];
const rubric = { version: 1, weights: DEFAULT_WEIGHTS, thresholds: DEFAULT_THRESHOLDS };

interface Row {
  vector: Float32Array;
  rubric: number;
  rating: number;
  audience: string;
}
const range = (xs: number[], digits = 3) => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const sign = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(digits);
  return lo === hi ? sign(lo) : `${sign(lo)}…${sign(hi)}`;
};

process.stderr.write(`Generating and featurizing ${N} trajectories × ${SEEDS.length} seeds…\n`);
const data = SEEDS.map((seed) => {
  const rand = seededRandom(seed + 100);
  return generateTrajectories({ count: N, seed }).map(({ input: { state } }): Row => {
    const reward = calculateReward(state, rubric);
    return {
      vector: featurize(state),
      rubric: reward.total,
      rating: educatorRating('panel', state, reward, rand),
      audience: state.audience,
    };
  });
});

const results: (string | number)[][] = [];
for (const share of SHARES) {
  const baseline: { spearman: number; within: number }[] = [];
  const gains = new Map<string, { spearman: number[]; within: number[]; mae: number[] }>();
  data.forEach((rows, s) => {
    const pick = seededRandom((SEEDS[s] ?? 0) + 7);
    const ratedFlags = rows.map(() => pick() < share);
    const rated = rows.filter((_, i) => ratedFlags[i]);
    const heldOut = rows.filter((_, i) => !ratedFlags[i]);
    const train = rated.slice(0, Math.floor(rated.length * 0.85));
    const base = evaluate(heldOut.map((r) => ({ prediction: r.rubric, target: r.rating, audience: r.audience })));
    baseline.push({ spearman: base.spearman, within: base.accuracyWithin });
    for (const design of DESIGNS)
      for (const lambda of LAMBDAS) {
        const fit = {
          ...fitOnRated(
            train.map((r) => ({ vector: r.vector, network: r.rubric, rating: r.rating })),
            lambda,
            design.dim,
          ).fit,
          scale: 1,
        };
        const m = evaluate(
          heldOut.map((r) => ({
            prediction: correctedPrediction(fit, r.vector, r.rubric).value,
            target: r.rating,
            audience: r.audience,
          })),
        );
        const key = `${design.name}|${lambda}`;
        const g = gains.get(key) ?? { spearman: [], within: [], mae: [] };
        g.spearman.push(m.spearman - base.spearman);
        g.within.push(m.accuracyWithin - base.accuracyWithin);
        g.mae.push(m.mae - base.mae);
        gains.set(key, g);
      }
  });
  results.push([
    `${share * 100}%`,
    'the rubric (baseline)',
    '—',
    baseline.map((b) => b.spearman.toFixed(3)).join(' '),
    baseline.map((b) => b.within.toFixed(3)).join(' '),
    '—',
  ]);
  for (const [key, g] of gains) {
    const [name, lambda] = key.split('|');
    results.push([
      `${share * 100}%`,
      `${name}${Number(lambda) === CORRECTION_LAMBDA && name === DESIGNS.at(-1)?.name ? ' (shipped)' : ''}`,
      lambda ?? '',
      range(g.spearman),
      range(g.within),
      range(g.mae),
    ]);
  }
}
printTable(
  `Educator correction vs the rubric on held-out ratings of the demo panel (${N} trajectories, seeds ${SEEDS.join(', ')}; baseline rows give the rubric's own Spearman and within ±0.1 per seed, the others the gain over it)`,
  ['rated', 'inputs', 'λ', 'Spearman', 'within ±0.1', 'MAE'],
  results,
);
