import { describe, expect, it } from 'vitest';
import { OperationNames } from './metrics.js';

describe('OperationNames', () => {
  it.each([
    [null, 'anonymous'],
    ['', 'anonymous'],
    ['SubmitTrajectory', 'SubmitTrajectory'],
    ['SubmitTrajectory__trajectory__0', 'SubmitTrajectory'],
    ['TrajectoriesWithRewards__reward__1', 'TrajectoriesWithRewards'],
    ['not a name!', 'other'],
    ['x'.repeat(65), 'other'],
  ])('%j → %s', (name, label) => {
    expect(new OperationNames().label(name)).toBe(label);
  });

  it('caps the number of distinct labels', () => {
    const names = new OperationNames(2);
    expect(['A', 'B', 'C', 'A'].map((n) => names.label(n))).toEqual(['A', 'B', 'other', 'A']);
  });
});
