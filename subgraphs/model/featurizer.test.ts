import { describe, expect, it } from 'vitest';
import { generateTrajectories } from '../../demo/trajectory-generator.js';
import { exampleState, stateWith } from '../../test/support/fixtures.js';
import { FEATURE_DIM, FEATURE_LAYOUT, FEATURIZER_VERSION, featurize, fnv1a } from './featurizer.js';

describe('featurizer', () => {
  it('is versioned, 512-dim and documented dimension by dimension, without gaps or overlaps', () => {
    expect(FEATURIZER_VERSION).toBe('featurizer-v1');
    expect(featurize(exampleState())).toHaveLength(FEATURE_DIM);
    let next = 0;
    for (const block of FEATURE_LAYOUT) {
      expect(block.from, block.name).toBe(next);
      next = block.to + 1;
    }
    expect(next).toBe(FEATURE_DIM);
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
