import { and, count, eq } from 'drizzle-orm';
import { loadSamples } from '../../subgraphs/model/training/dataset.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { educatorFeedback, rewards } from '../../db/schema/reward.js';
import { calculateReward } from '../../domain/rubric/reward-calculator.js';
import { DEFAULT_THRESHOLDS, DEFAULT_WEIGHTS } from '../../domain/rubric/rubric-definition.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { exampleState, hex64, stateWith } from '../support/fixtures.js';
import { createSubgraphs, exec, TEST_IDENTITY } from '../support/subgraphs.js';

const REWARD_OF = /* GraphQL */ `
  query ($r: [_Any!]!, $v: Int) {
    _entities(representations: $r) {
      ... on Trajectory {
        id
        reward(rubricVersion: $v) {
          total
          rubricVersion
          components {
            name
            score
            weight
            contribution
            reasons
          }
        }
        feedback {
          score
          comment
          ratedBy
        }
        averageRating
      }
    }
  }
`;

type Entities = {
  _entities: ({
    id: string;
    reward: {
      total: number;
      rubricVersion: number;
      components: { name: string; score: number; weight: number; contribution: number; reasons: string[] }[];
    } | null;
    feedback: { score: number; comment: string | null; ratedBy: string }[];
    averageRating: number | null;
  } | null)[];
};

describe.each(BACKENDS)('Reward subgraph on %s', (backend) => {
  let database: DatabaseHandle;
  let subgraphs: Awaited<ReturnType<typeof createSubgraphs>>;
  let id: string;
  const rubricV1 = { version: 1, weights: DEFAULT_WEIGHTS, thresholds: DEFAULT_THRESHOLDS };

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    subgraphs = await createSubgraphs(database);
    id = (await subgraphs.trajectory.capture.submit({ state: exampleState() }, TEST_IDENTITY)).trajectory.id;
  });
  afterAll(async () => database?.close());

  const entities = (ids: string[], v?: number) =>
    exec<never, Entities>(subgraphs.reward as never, REWARD_OF, { r: ids.map((i) => ({ __typename: 'Trajectory', id: i })), v });

  it('stores the reward at capture, under the active rubric, equal to the calculator', async () => {
    const [row] = await database.db.select().from(rewards).where(eq(rewards.trajectoryId, id));
    expect(row?.rubricVersion).toBe(1);
    expect(row?.total).toBeCloseTo(calculateReward(exampleState(), rubricV1).total, 12);
    const res = await entities([id]);
    const reward = res.data?._entities[0]?.reward;
    expect(reward?.total).toBeCloseTo(row!.total, 12);
    expect(reward?.components.map((c) => c.name)).toEqual([
      'MEDICAL_TERMS',
      'BLOOMS_TAXONOMY',
      'COGNITIVE_LOAD',
      'VISUAL_QUALITY',
    ]);
  });

  it('scoreAssessment scores without storing; bad input gets BAD_USER_INPUT with paths', async () => {
    const [before] = await database.db.select({ n: count() }).from(rewards);
    const state = stateWith((s) => void (s.image.sha256 = hex64(77)));
    const res = await exec<never, { scoreAssessment: { total: number; rubricVersion: number } }>(
      subgraphs.reward as never,
      `query ($s: AssessmentStateInput!) { scoreAssessment(state: $s) { total rubricVersion } }`,
      { s: state },
    );
    expect(res.data?.scoreAssessment.total).toBeCloseTo(calculateReward(state, rubricV1).total, 12);
    const [after] = await database.db.select({ n: count() }).from(rewards);
    expect(after?.n).toBe(before?.n);
    const bad = await exec(subgraphs.reward, `query ($s: AssessmentStateInput!) { scoreAssessment(state: $s) { total } }`, {
      s: stateWith((s) => void (s.visual!.contrast = 3)),
    });
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: 'state.visual.contrast' }],
    });
  });

  it('rateTrajectory records educator feedback shown on the trajectory, one current rating per rater', async () => {
    const RATE = `mutation ($id: ID!, $s: Float!, $c: String) { rateTrajectory(trajectoryId: $id, score: $s, comment: $c, ratedBy: "dr.a") { id score trajectoryId rater } }`;
    const first = await exec<never, { rateTrajectory: { rater: string } }>(
      subgraphs.reward as never,
      RATE,
      { id, s: 0.9, c: 'great' },
      'annotator',
    );
    // The client says "dr.a"; the record says who authenticated.
    expect(first.data?.rateTrajectory.rater).toBe('test-annotator');
    await exec(subgraphs.reward, RATE, { id, s: 0.5 }, 'admin');
    const res = await entities([id]);
    expect(res.data?._entities[0]?.feedback).toEqual([
      { score: 0.9, comment: 'great', ratedBy: 'dr.a' },
      { score: 0.5, comment: null, ratedBy: 'dr.a' },
    ]);
    expect(res.data?._entities[0]?.averageRating).toBeCloseTo(0.7, 12);
  });

  it('one key rating a trajectory a hundred times moves its target no more than one rating; history is kept; the 61st in a minute is RATE_LIMITED', async () => {
    const target = (
      await subgraphs.trajectory.capture.submit({ state: stateWith((s) => void (s.image.sha256 = hex64(4242))) }, TEST_IDENTITY)
    ).trajectory.id;
    const RATE = `mutation ($id: ID!, $s: Float!) { rateTrajectory(trajectoryId: $id, score: $s) { score } }`;
    await exec(subgraphs.reward, RATE, { id: target, s: 0.2 }, 'annotator');
    const codes: string[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await exec(subgraphs.reward, RATE, { id: target, s: i % 2 ? 1 : 0.9 }, 'ml_engineer');
      codes.push(String(res.errors?.[0]?.extensions?.code ?? 'ok'));
    }
    expect(codes.filter((c) => c === 'ok')).toHaveLength(60);
    expect(codes.slice(60).every((c) => c === 'RATE_LIMITED')).toBe(true);
    // Two raters, each counted once: (0.2 + the stuffer's latest) / 2.
    const latest = 1; // the 60th accepted rating (i = 59, odd) scored 1
    const res = await entities([target]);
    expect(res.data?._entities[0]?.feedback.map((f) => f.score)).toEqual([0.2, latest]);
    expect(res.data?._entities[0]?.averageRating).toBeCloseTo((0.2 + latest) / 2, 12);
    // The training target is the same mean.
    const { samples } = await loadSamples(database.db, [target]);
    expect(samples[0]?.meanRating).toBeCloseTo((0.2 + latest) / 2, 12);
    const [all] = await database.db
      .select({ n: count() })
      .from(educatorFeedback)
      .where(eq(educatorFeedback.trajectoryId, target));
    expect(all?.n).toBe(61);
  });

  it.each([
    ['an unknown trajectory', { id: '00000000-0000-0000-0000-000000000000', s: 0.5 }, 'NOT_FOUND'],
    ['a non-uuid id', { id: 'abc', s: 0.5 }, 'NOT_FOUND'],
    ['a score above 1', { s: 1.5 }, 'BAD_USER_INPUT'],
    ['a negative score', { s: -0.1 }, 'BAD_USER_INPUT'],
  ])('rating %s is refused with %s and stores nothing', async (_n, vars, code) => {
    const [before] = await database.db.select({ n: count() }).from(educatorFeedback);
    const res = await exec(
      subgraphs.reward,
      `mutation ($id: ID!, $s: Float!) { rateTrajectory(trajectoryId: $id, score: $s) { id } }`,
      { id, ...vars },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    const [after] = await database.db.select({ n: count() }).from(educatorFeedback);
    expect(after?.n).toBe(before?.n);
  });

  it('a new rubric version: created inactive, computed on demand, activated for new captures, recomputed in bulk', async () => {
    const created = await exec<never, { createRubric: { version: number; active: boolean; weights: { medicalTerms: number } } }>(
      subgraphs.reward as never,
      `mutation { createRubric(input: { description: "visual heavy", weights: { medicalTerms: 0.1, bloomsTaxonomy: 0.1, cognitiveLoad: 0.1, visualQuality: 0.7 }, thresholds: { maxTextDensity: 0.1 } }) { version active weights { medicalTerms } } }`,
    );
    expect(created.data?.createRubric).toEqual({ version: 2, active: false, weights: { medicalTerms: 0.1 } });

    const v2 = {
      version: 2,
      weights: { medicalTerms: 0.1, bloomsTaxonomy: 0.1, cognitiveLoad: 0.1, visualQuality: 0.7 },
      thresholds: { ...DEFAULT_THRESHOLDS, maxTextDensity: 0.1 },
    };
    const onDemand = await entities([id], 2);
    expect(onDemand.data?._entities[0]?.reward?.rubricVersion).toBe(2);
    expect(onDemand.data?._entities[0]?.reward?.total).toBeCloseTo(calculateReward(exampleState(), v2).total, 12);

    await exec(subgraphs.reward, `mutation { activateRubric(version: 2) { version active } }`);
    const active = await exec<never, { activeRubric: { version: number } }>(
      subgraphs.reward as never,
      `{ activeRubric { version } }`,
    );
    expect(active.data?.activeRubric.version).toBe(2);
    const fresh = await subgraphs.trajectory.capture.submit(
      { state: stateWith((s) => void (s.image.sha256 = hex64(88))) },
      TEST_IDENTITY,
    );
    const [stored] = await database.db.select().from(rewards).where(eq(rewards.trajectoryId, fresh.trajectory.id));
    expect(stored?.rubricVersion).toBe(2);

    // v1 is missing for the new trajectory: recompute fills exactly that one
    const recomputed = await exec<never, { recomputeRewards: { computed: number } }>(
      subgraphs.reward as never,
      `mutation { recomputeRewards(rubricVersion: 1) { computed } }`,
    );
    expect(recomputed.data?.recomputeRewards.computed).toBe(1);
    const [v1row] = await database.db
      .select()
      .from(rewards)
      .where(and(eq(rewards.trajectoryId, fresh.trajectory.id), eq(rewards.rubricVersion, 1)));
    expect(v1row).toBeDefined();
    await exec(subgraphs.reward, `mutation { activateRubric(version: 1) { version } }`);
  });

  it.each([
    [
      'all-zero weights',
      `{ description: "x", weights: { medicalTerms: 0, bloomsTaxonomy: 0, cognitiveLoad: 0, visualQuality: 0 } }`,
      'input.weights',
    ],
    [
      'negative weight',
      `{ description: "x", weights: { medicalTerms: -1, bloomsTaxonomy: 1, cognitiveLoad: 1, visualQuality: 1 } }`,
      'input.weights',
    ],
    [
      'bad thresholds',
      `{ description: "x", weights: { medicalTerms: 1, bloomsTaxonomy: 1, cognitiveLoad: 1, visualQuality: 1 }, thresholds: { maxTextDensity: 9 } }`,
      'input.thresholds',
    ],
  ])('createRubric refuses %s', async (_n, input, path) => {
    const res = await exec(subgraphs.reward, `mutation { createRubric(input: ${input}) { version } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ path }] });
  });

  it('unknown rubric versions are NOT_FOUND', async () => {
    const res = await exec(subgraphs.reward, `mutation { activateRubric(version: 99) { version } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
