import { beforeAll, describe, expect, it } from 'vitest';
import { exampleState, stateWith } from '../../../test/support/fixtures.js';
import { FEATURE_LAYOUT, featurize } from '../featurizer.js';
import { buildRewardNetwork, predictBatch } from '../training/reward-network.js';
import { selectBackend } from '../tf-backend.js';
import { addingUpTo, EVERYTHING_ELSE, explainNetwork } from './explanations.js';

describe('explaining the network alone (gradient × input per feature group)', () => {
  beforeAll(async () => {
    await selectBackend('auto');
  });
  it('names the featurizer’s groups, and a group’s sign says which way removing it moves the reward', () => {
    const model = buildRewardNetwork({ hiddenUnits: [32, 16], learningRate: 0.001, seed: 3 });
    const vector = featurize(stateWith((s) => void (s.visual!.contrast = 0.9)));
    const parts = explainNetwork(model, vector);
    const names = new Set(['network: baseline (all-zero input)', ...FEATURE_LAYOUT.map((g) => g.name)]);
    expect(parts.every((p) => names.has(p.group) && Number.isFinite(p.contribution))).toBe(true);
    const top = parts.find((p) => p.group !== 'network: baseline (all-zero input)')!;
    const group = FEATURE_LAYOUT.find((g) => g.name === top.group)!;
    const without = vector.slice();
    for (let d = group.from; d <= group.to; d++) without[d] = 0;
    const [withIt, withoutIt] = [predictBatch(model, vector, 1, false)[0]!, predictBatch(model, without, 1, false)[0]!];
    expect(Math.sign(withIt - withoutIt)).toBe(Math.sign(top.contribution));
    model.dispose();
    expect(featurize(exampleState())).toHaveLength(512);
  });

  it('an "everything else" row makes the parts add up to the prediction shown', () => {
    const parts = [
      { group: 'a', contribution: 0.5 },
      { group: 'b', contribution: 0.7 },
    ];
    // Clipped to 1: the row takes back what clipping removed.
    const clipped = addingUpTo(1, parts);
    expect(clipped.at(-1)).toEqual({ group: EVERYTHING_ELSE, contribution: -0.2 });
    expect(clipped.reduce((s, p) => s + p.contribution, 0)).toBeCloseTo(1, 10);
    // Nothing left over: no row.
    expect(addingUpTo(1.2, parts)).toEqual(parts);
  });
});
