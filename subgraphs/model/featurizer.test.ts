import { describe, expect, it } from 'vitest';
import { generateTrajectories } from '../../demo/trajectory-generator.js';
import { exampleState, stateWith } from '../../test/support/fixtures.js';
import { calculateReward } from '../../domain/rubric/reward-calculator.js';
import { DEFAULT_THRESHOLDS, DEFAULT_WEIGHTS } from '../../domain/rubric/rubric-definition.js';
import { FEATURE_DIM, FEATURE_LAYOUT, FEATURIZER_VERSION, featurize, fnv1a, vectorFor } from './featurizer.js';

describe('featurizer', () => {
  it('is versioned, 512-dim and documented dimension by dimension, without gaps or overlaps', () => {
    expect(FEATURIZER_VERSION).toBe('featurizer-v3');
    expect(featurize(exampleState())).toHaveLength(FEATURE_DIM);
    let next = 0;
    for (const block of FEATURE_LAYOUT) {
      expect(block.from, block.name).toBe(next);
      next = block.to + 1;
    }
    expect(next).toBe(FEATURE_DIM);
  });

  it("v2 carries the default rubric's component scores in 60..63; a v1 model gets them as zeros", () => {
    const state = exampleState();
    const f = featurize(state);
    const components = calculateReward(state, {
      version: 0,
      weights: DEFAULT_WEIGHTS,
      thresholds: DEFAULT_THRESHOLDS,
    }).components;
    expect(Array.from(f.subarray(60, 64))).toEqual(components.map((c) => Math.fround(c.score)));
    expect(components.some((c) => c.score > 0)).toBe(true);
    const v1 = vectorFor('featurizer-v1', f);
    expect(Array.from(v1.subarray(60, 64))).toEqual([0, 0, 0, 0]);
    expect(Array.from(v1.subarray(0, 60))).toEqual(Array.from(f.subarray(0, 60)));
    expect(vectorFor('featurizer-v2', f)).toBe(f);
  });

  it('v3: a modality outside the built-in codes has no one-hot and is hashed with the topic words; built-in ones are as in v2', () => {
    const state = exampleState();
    const builtIn = featurize(state);
    expect(Array.from(builtIn.subarray(5, 13)).reduce((a, b) => a + b, 0)).toBe(1);
    const endoscopy = featurize(stateWith((s) => void (s.image.modality = 'ENDOSCOPY')));
    const dermoscopy = featurize(stateWith((s) => void (s.image.modality = 'DERMOSCOPY')));
    expect(Array.from(endoscopy.subarray(5, 13))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    // Everything outside the modality and topic blocks is unchanged.
    expect(Array.from(endoscopy.subarray(13, 448))).toEqual(Array.from(builtIn.subarray(13, 448)));
    expect(Array.from(endoscopy.subarray(448))).not.toEqual(Array.from(builtIn.subarray(448)));
    // Two new modalities are told apart.
    expect(Array.from(endoscopy.subarray(448))).not.toEqual(Array.from(dermoscopy.subarray(448)));
  });

  it('is deterministic: the same state gives the same bytes, across calls and key orders', () => {
    const a = featurize(exampleState());
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    const reordered = reverseKeys(exampleState()) as ReturnType<typeof exampleState>;
    expect(Buffer.from(featurize(exampleState()).buffer).equals(Buffer.from(a.buffer))).toBe(true);
    expect(Array.from(featurize(reordered))).toEqual(Array.from(a));
  });

  it('fnv1a matches its reference values', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it.each([
    ['audience one-hot', (s: ReturnType<typeof exampleState>) => void (s.audience = 'PATIENT'), 0, 1],
    ['contrast', (s: ReturnType<typeof exampleState>) => void (s.visual!.contrast = 0.25), 50, 0.25],
    ['text density', (s: ReturnType<typeof exampleState>) => void (s.cognitiveLoad!.textDensity = 0.4), 45, 0.4],
    ['visual missing → presence flag 0', (s: ReturnType<typeof exampleState>) => void (s.visual = null), 49, 0],
  ])('%s lands where the layout says', (_n, change, index, value) => {
    expect(featurize(stateWith(change))[index]).toBeCloseTo(value, 6);
  });

  it('keeps every value finite and within a small range on varied generated data', () => {
    for (const { input } of generateTrajectories({ count: 300, seed: 5 })) {
      for (const v of featurize(input.state)) {
        expect(Number.isFinite(v)).toBe(true);
        expect(Math.abs(v)).toBeLessThanOrEqual(8);
      }
    }
  });

  it('different content gives different vectors', () => {
    const a = featurize(exampleState());
    const b = featurize(stateWith((s) => void s.medicalTerms!.terms.pop()));
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});
