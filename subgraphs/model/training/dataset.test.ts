import { describe, expect, it } from 'vitest';
import { generateTrajectories } from '../../../demo/trajectory-generator.js';
import { FEATURE_DIM } from '../featurizer.js';
import { datasetDigest, labelSamples, prepareDataset, splitByImage, type Sample } from './dataset.js';

const samples: Sample[] = generateTrajectories({ count: 300, seed: 5 }).map((g, i) => ({
  trajectoryId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  // Three trajectories per image, so grouping matters.
  imageSha256: `img-${Math.floor(i / 3)}`,
  audience: g.input.state.audience,
  state: g.input.state,
  rubricReward: 0.5 + (i % 7) / 20,
  meanRating: i % 4 === 0 ? 0.9 : null,
}));
const options = { seed: 42, validationShare: 0.15, testShare: 0.15 };

describe('splitByImage', () => {
  it('never puts one image on two sides', () => {
    const split = splitByImage(samples, options);
    const sides = (xs: Sample[]) => new Set(xs.map((s) => s.imageSha256));
    const [train, validation, test] = [sides(split.train), sides(split.validation), sides(split.test)];
    for (const image of test) expect(train.has(image) || validation.has(image)).toBe(false);
    for (const image of validation) expect(train.has(image)).toBe(false);
    expect(split.train.length + split.validation.length + split.test.length).toBe(samples.length);
  });

  it('is reproducible for a seed, independent of row order, and changes with the seed', () => {
    const ids = (s: { test: Sample[] }) => s.test.map((x) => x.trajectoryId).sort();
    const a = splitByImage(samples, options);
    const b = splitByImage([...samples].reverse(), options);
    expect(ids(b)).toEqual(ids(a));
    expect(ids(splitByImage(samples, { ...options, seed: 43 }))).not.toEqual(ids(a));
  });

  it('gives each side about its share of the images', () => {
    const split = splitByImage(samples, options);
    expect(split.test.length / samples.length).toBeGreaterThan(0.08);
    expect(split.test.length / samples.length).toBeLessThan(0.22);
    expect(split.train.length / samples.length).toBeGreaterThan(0.6);
  });
});

describe('labelSamples', () => {
  it('takes the mean rating where one exists when configured, else the rubric', () => {
    const [rated, unrated] = [samples[0]!, samples[1]!];
    expect(labelSamples([rated, unrated], 'RATING_ELSE_RUBRIC').map((s) => [s.target, s.targetFrom])).toEqual([
      [0.9, 'RATING'],
      [unrated.rubricReward, 'RUBRIC'],
    ]);
    expect(labelSamples([rated], 'RUBRIC')[0]).toMatchObject({ target: rated.rubricReward, targetFrom: 'RUBRIC' });
  });
});

describe('prepareDataset', () => {
  it('featurizes every split into row-major matrices with their targets, and summarises the choice', () => {
    const d = prepareDataset(samples, { ...options, targetSource: 'RATING_ELSE_RUBRIC' }, 3);
    expect(d.data.train.x).toHaveLength(d.data.train.n * FEATURE_DIM);
    expect(d.data.test.y).toHaveLength(d.samples.test.length);
    expect(d.summary).toMatchObject({
      size: 300,
      rubricVersion: 3,
      targetsFromRatings: 75,
      targetsFromRubric: 225,
      distinctImages: 100,
    });
  });

  it('digests exactly which samples and targets were used', () => {
    const labelled = labelSamples(samples, 'RATING_ELSE_RUBRIC');
    const digest = datasetDigest(labelled, 'featurizer-v1');
    expect(datasetDigest([...labelled].reverse(), 'featurizer-v1')).toBe(digest);
    expect(datasetDigest(labelSamples(samples, 'RUBRIC'), 'featurizer-v1')).not.toBe(digest);
    expect(datasetDigest(labelled.slice(1), 'featurizer-v1')).not.toBe(digest);
  });
});
