import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { trajectories } from '../../db/schema/index.js';
import { featurize } from '../../subgraphs/model/featurizer.js';
import type { ModelService } from '../../subgraphs/model/model-service.js';
import { ratingQueue } from '../../subgraphs/model/serving/rating-queue.js';
import type { RewardService } from '../../subgraphs/reward/reward-service.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { createModelService, seedTrajectories } from '../support/model.js';
import { createSubgraphs } from '../support/subgraphs.js';

const RATER = { id: 'api_key:queue-test', name: 'queue tester' };
const OTHER = { id: 'api_key:someone-else', name: 'someone else' };

describe.each(BACKENDS)('the rating queue and withdrawing a rating (%s)', (backend) => {
  let database: DatabaseHandle;
  let model: ModelService;
  let rewards: RewardService;
  let ids: string[];
  const queue = (first: number, rater = RATER) => ratingQueue(database.db, rater, first, predictionsFor);
  // The production model's predictions of stored states, as the resolver's loader makes them.
  const predictionsFor = async (qids: readonly string[]) => {
    const rows = await database.db
      .select({ id: trajectories.id, state: trajectories.state })
      .from(trajectories)
      .where(inArray(trajectories.id, [...qids]));
    const byId = new Map(rows.map((r) => [r.id, featurize(r.state)]));
    return model.predictor.predictVectors(
      qids.map((id) => byId.get(id)!),
      null,
    );
  };

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    ids = await seedTrajectories(database, 80); // the first 20 are rated by dr.test
    rewards = (await createSubgraphs(database)).reward.rewards;
    model = createModelService(database);
    await model.start();
    const run = await model.queue({ epochs: 4, promoteTo: ['production'] }, 'MANUAL', 'test');
    for await (const _ of model.events.follow(run.id));
  }, 120_000);
  afterAll(async () => {
    await model?.stop();
    await database?.close();
  });

  it('offers unrated trajectories first, largest model–rubric disagreement first, and counts progress', async () => {
    const q = await queue(10);
    expect(q.total).toBe(80);
    expect(q.unrated).toBe(60);
    expect(q.ratedByYou).toBe(0);
    expect(q.candidates).toHaveLength(10);
    expect(q.candidates.every((c) => c.ratings === 0 && !ids.slice(0, 20).includes(c.trajectory.id))).toBe(true);
    const gaps = q.candidates.map((c) => c.disagreement! + (c.uncertainty ?? 0));
    expect(gaps).toEqual([...gaps].sort((a, b) => b - a));
    for (const c of q.candidates) expect(c.disagreement).toBeCloseTo(Math.abs(c.predictedReward! - c.rubricReward), 12);
    // The disagreement ranking is taken over the whole unrated pool, not the newest 10.
    const all = await queue(50);
    const maxGap = Math.max(...all.candidates.map((c) => c.disagreement! + (c.uncertainty ?? 0)));
    expect(q.candidates[0]!.disagreement! + (q.candidates[0]!.uncertainty ?? 0)).toBeCloseTo(maxGap, 12);
    expect(q.candidates[0]!.reason).toMatch(
      /nobody has rated it; the model says 0\.\d\d( \(± 0\.\d\d\))?, 0\.\d\d (above|below) the rubric's 0\.\d\d/,
    );
  });

  it("leaves out what the caller rated; another rater's rating moves a trajectory behind the unrated", async () => {
    const [mine, theirs] = (await queue(2)).candidates.map((c) => c.trajectory.id);
    await rewards.rate({ trajectoryId: mine!, score: 0.8 }, RATER);
    await rewards.rate({ trajectoryId: theirs!, score: 0.4 }, OTHER);
    const q = await queue(50);
    expect(q.ratedByYou).toBe(1);
    expect(q.unrated).toBe(58);
    expect(q.candidates.map((c) => c.trajectory.id)).not.toContain(mine);
    expect(q.candidates.map((c) => c.trajectory.id)).not.toContain(theirs);
    const everything = await ratingQueue(database.db, RATER, 50, () => Promise.resolve([]));
    expect(everything.candidates.some((c) => c.ratings > 0)).toBe(false);
  });

  it('withdrawing restores the earlier rating, or removes the only one; nothing to withdraw is NOT_FOUND', async () => {
    const [id] = (await queue(1)).candidates.map((c) => c.trajectory.id);
    await rewards.rate({ trajectoryId: id!, score: 0.2 }, RATER);
    await rewards.rate({ trajectoryId: id!, score: 0.9, comment: 'slip of the key' }, RATER);
    const undone = await rewards.withdraw(id!, RATER);
    expect(undone.withdrawn.score).toBe(0.9);
    expect(undone.restored?.score).toBe(0.2);
    expect((await rewards.feedbackFor([id!]))[0]!.map((f) => f.score)).toEqual([0.2]);
    const again = await rewards.withdraw(id!, RATER);
    expect(again.restored).toBeNull();
    expect((await rewards.feedbackFor([id!]))[0]).toEqual([]);
    await expect(rewards.withdraw(id!, RATER)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await expect(rewards.withdraw('not-a-uuid', RATER)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});
