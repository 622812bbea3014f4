import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

/** A commit that takes `ms` and records the groups it was given. */
function recorder(ms: number, fail?: (items: number[]) => boolean) {
  const groups: number[][] = [];
  const commit = async (items: number[]) => {
    groups.push(items);
    await new Promise((r) => setTimeout(r, ms));
    if (fail?.(items)) throw new Error(`bad group ${items.join(',')}`);
    return items.map((i) => i * 10);
  };
  return { groups, commit };
}

describe('GroupCommit', () => {
  it('commits a lone item at once, on its own', async () => {
    const { groups, commit } = recorder(5);
    const group = new GroupCommit(commit, { maxItems: 100, maxInFlight: 1 });
    expect(await group.submit(7)).toBe(70);
    expect(groups).toEqual([[7]]);
  });

  it('items arriving while a commit runs share the next one, each with its own result', async () => {
    const { groups, commit } = recorder(20);
    const group = new GroupCommit(commit, { maxItems: 100, maxInFlight: 1 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => group.submit(i)));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i * 10));
    // The first item alone, then everything that queued behind it in one transaction.
    expect(groups.map((g) => g.length)).toEqual([1, 49]);
  });

  it('respects the group size and the number of commits in flight', async () => {
    const { groups, commit } = recorder(10);
    const group = new GroupCommit(commit, { maxItems: 8, maxInFlight: 2 });
    await Promise.all(Array.from({ length: 30 }, (_, i) => group.submit(i)));
    expect(groups.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(Math.max(...groups.map((g) => g.length))).toBeLessThanOrEqual(8);
    expect(groups.length).toBeLessThan(30);
  });

  it('when a group fails, each item is tried alone: only the bad one fails', async () => {
    const { commit } = recorder(5, (items) => items.includes(3));
    const group = new GroupCommit(commit, { maxItems: 100, maxInFlight: 1 });
    const settled = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => group.submit(i)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(settled[3]).toMatchObject({ status: 'rejected', reason: new Error('bad group 3') });
  });
});
