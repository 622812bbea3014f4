import { count, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/security.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { trajectories, trajectoryRejections } from '../../db/schema/trajectory.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { exampleState, hex64, stateWith } from '../support/fixtures.js';
import { createSubgraphs, exec } from '../support/subgraphs.js';

const SUBMIT = /* GraphQL */ `
  mutation ($input: SubmitTrajectoryInput!) {
    submitTrajectory(input: $input) {
      created
      trajectory {
        id
        status
        duplicateOf
        contentHash
        submittedBy
        quality {
          score
          flagged
          issues {
            code
            path
            severity
          }
        }
      }
    }
  }
`;
const SUBMIT_MANY = /* GraphQL */ `
  mutation ($inputs: [SubmitTrajectoryInput!]!) {
    submitTrajectories(inputs: $inputs) {
      acceptedCount
      rejectedCount
      results {
        index
        created
        trajectory {
          id
          status
        }
        error {
          code
          message
          fieldErrors {
            path
            message
          }
        }
      }
    }
  }
`;
const LIST = /* GraphQL */ `
  query ($first: Int, $after: String, $filter: TrajectoryFilter) {
    trajectories(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          audience
          submittedBy
        }
      }
    }
  }
`;

type SubmitData = {
  submitTrajectory: {
    created: boolean;
    trajectory: {
      id: string;
      status: string;
      duplicateOf: string | null;
      contentHash: string;
      submittedBy: string;
      quality: { score: number; flagged: boolean; issues: { code: string }[] };
    };
  };
};

describe.each(BACKENDS)('Trajectory subgraph on %s', (backend) => {
  let database: DatabaseHandle;
  let subgraphs: Awaited<ReturnType<typeof createSubgraphs>>;
  const rowCount = async () => (await database.db.select({ n: count() }).from(trajectories))[0]?.n ?? 0;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    subgraphs = await createSubgraphs(database);
  });
  afterAll(async () => database?.close());

  const submit = (input: Record<string, unknown>) => exec<never, SubmitData>(subgraphs.trajectory as never, SUBMIT, { input });

  it('stores a valid trajectory and returns it with its quality', async () => {
    const res = await submit({ state: exampleState(), submittedBy: 'app', idempotencyKey: 'k-1', metadata: { v: 1 } });
    expect(res.errors).toBeUndefined();
    const t = res.data?.submitTrajectory.trajectory;
    expect(res.data?.submitTrajectory.created).toBe(true);
    expect(t).toMatchObject({
      status: 'VALID',
      submittedBy: 'app',
      duplicateOf: null,
      quality: { score: 1, flagged: false, issues: [] },
    });
    const q = await exec(
      subgraphs.trajectory,
      `query ($id: ID!) { trajectory(id: $id) { id image { megapixels topic } steps { agent } metadata bloom { observedLevel } } }`,
      { id: t?.id },
    );
    expect(q.data).toEqual({
      trajectory: {
        id: t?.id,
        image: { megapixels: 3.15, topic: 'Cardiac conduction system' },
        steps: [
          { agent: 'medical_terms' },
          { agent: 'blooms_taxonomy' },
          { agent: 'cognitive_load' },
          { agent: 'visual_analysis' },
        ],
        metadata: { v: 1 },
        bloom: { observedLevel: 'ANALYZE' },
      },
    });
  });

  it('same idempotency key and payload → the same trajectory, no new row', async () => {
    const input = { state: stateWith((s) => void (s.image.sha256 = hex64(2))), idempotencyKey: 'k-2' };
    const first = await submit(input);
    const before = await rowCount();
    const second = await submit(input);
    expect(second.data?.submitTrajectory.created).toBe(false);
    expect(second.data?.submitTrajectory.trajectory.id).toBe(first.data?.submitTrajectory.trajectory.id);
    expect(await rowCount()).toBe(before);
  });

  it('same idempotency key with a different payload → IDEMPOTENCY_CONFLICT, nothing stored', async () => {
    await submit({ state: stateWith((s) => void (s.image.sha256 = hex64(3))), idempotencyKey: 'k-3' });
    const before = await rowCount();
    const res = await submit({ state: stateWith((s) => void (s.image.sha256 = hex64(4))), idempotencyKey: 'k-3' });
    expect(res.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(res.errors?.[0]?.message).toMatch(/already used for a different payload/);
    expect(await rowCount()).toBe(before);
  });

  it('malformed input → BAD_USER_INPUT with field paths; no trajectory stored, the rejection is counted', async () => {
    const before = await rowCount();
    const [rejectionsBefore] = await database.db.select({ n: count() }).from(trajectoryRejections);
    const res = await submit({ state: stateWith((s) => ((s.image.sha256 = 'nope'), (s.steps[1]!.durationMs = -3))) });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { path: 'state.image.sha256', message: 'must be 64 lowercase hex characters' },
      { path: 'state.steps.1.durationMs', message: 'must not be negative' },
    ]);
    expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|at .*\.ts/);
    expect(await rowCount()).toBe(before);
    const [rejectionsAfter] = await database.db.select({ n: count() }).from(trajectoryRejections);
    expect(rejectionsAfter!.n).toBe(rejectionsBefore!.n + 1);
  });

  it('a GraphQL type error is refused before any resolver runs', async () => {
    const before = await rowCount();
    const res = await submit({ state: { ...exampleState(), audience: 'TODDLER' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/TODDLER/);
    expect(await rowCount()).toBe(before);
  });

  it('the same content without a key is stored as DUPLICATE, pointing at the original', async () => {
    const state = stateWith((s) => void (s.image.sha256 = hex64(5)));
    const a = await submit({ state });
    const b = await submit({ state, metadata: { retry: true } });
    const original = a.data?.submitTrajectory.trajectory;
    const dup = b.data?.submitTrajectory.trajectory;
    expect(dup?.status).toBe('DUPLICATE');
    expect(dup?.duplicateOf).toBe(original?.id);
    expect(dup?.contentHash).toBe(original?.contentHash);
    expect(dup?.quality.issues.map((i) => i.code)).toContain('DUPLICATE_CONTENT');
  });

  it('a valid but poor trajectory is stored and flagged LOW_QUALITY', async () => {
    const res = await submit({
      state: stateWith((s) => {
        s.image.sha256 = hex64(6);
        s.steps[0]!.status = 'FAILED';
        s.steps[1]!.status = 'FAILED';
        s.steps[3]!.status = 'TIMED_OUT';
        s.medicalTerms = null;
      }),
    });
    expect(res.data?.submitTrajectory.trajectory).toMatchObject({ status: 'LOW_QUALITY', quality: { flagged: true } });
  });

  it('a batch accepts valid items and reports invalid ones per item, in order', async () => {
    const before = await rowCount();
    const res = await exec<
      never,
      {
        submitTrajectories: {
          acceptedCount: number;
          rejectedCount: number;
          results: {
            index: number;
            created: boolean;
            trajectory: { id: string } | null;
            error: { code: string; fieldErrors: { path: string }[] } | null;
          }[];
        };
      }
    >(subgraphs.trajectory as never, SUBMIT_MANY, {
      inputs: [
        { state: stateWith((s) => void (s.image.sha256 = hex64(10))), idempotencyKey: 'b-1' },
        { state: stateWith((s) => void (s.image.width = 0)) },
        { state: stateWith((s) => void (s.image.sha256 = hex64(11))), idempotencyKey: 'b-1' },
        { state: stateWith((s) => void (s.image.sha256 = hex64(10))), idempotencyKey: 'b-1' },
        { state: stateWith((s) => void (s.image.sha256 = hex64(12))) },
      ],
    });
    expect(res.errors).toBeUndefined();
    const out = res.data!.submitTrajectories;
    expect(out.acceptedCount).toBe(3);
    expect(out.rejectedCount).toBe(2);
    expect(out.results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(out.results[1]?.error).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ path: 'state.image.width' }] });
    expect(out.results[2]?.error?.code).toBe('IDEMPOTENCY_CONFLICT');
    // item 3 repeats item 0 exactly: same trajectory, not created again
    expect(out.results[3]).toMatchObject({ created: false, trajectory: { id: out.results[0]?.trajectory?.id } });
    expect(await rowCount()).toBe(before + 2);
  });

  it('a batch over the limit is refused whole with BATCH_TOO_LARGE', async () => {
    const before = await rowCount();
    const inputs = Array.from({ length: 51 }, (_, i) => ({ state: stateWith((s) => void (s.image.sha256 = hex64(1000 + i))) }));
    const res = await exec(subgraphs.trajectory, SUBMIT_MANY, { inputs });
    expect(res.errors?.[0]?.extensions?.code).toBe('BATCH_TOO_LARGE');
    expect(await rowCount()).toBe(before);
  });

  it('pages newest first with stable cursors and filters', async () => {
    const owner = `pager-${backend}`;
    const inputs = Array.from({ length: 7 }, (_, i) => ({
      state: stateWith(
        (s) => (
          (s.image.sha256 = hex64(2000 + i)),
          (s.audience = i % 2 ? 'RESIDENT' : 'PATIENT'),
          (s.image.modality = i < 2 ? 'ENDOSCOPY' : 'DIAGRAM')
        ),
      ),
      submittedBy: owner,
    }));
    for (const input of inputs) await submit(input);
    type Page = {
      trajectories: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { id: string; audience: string } }[];
      };
    };
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { data?: Page | null } = await exec<never, Page>(subgraphs.trajectory as never, LIST, {
        first: 3,
        after,
        filter: { submittedBy: owner },
      });
      const page: Page['trajectories'] = res.data!.trajectories;
      expect(page.totalCount).toBe(7);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const residents = await exec<never, Page>(subgraphs.trajectory as never, LIST, {
      first: 10,
      filter: { submittedBy: owner, audience: ['RESIDENT'] },
    });
    expect(residents.data?.trajectories.totalCount).toBe(3);
    expect(residents.data?.trajectories.edges.every((e) => e.node.audience === 'RESIDENT')).toBe(true);
    const byImage = await exec<never, Page>(subgraphs.trajectory as never, LIST, {
      first: 10,
      filter: { imageSha256: hex64(2003) },
    });
    expect(byImage.data?.trajectories.totalCount).toBe(1);
    // A modality outside the built-in codes filters like any other.
    const byModality = await exec<never, Page>(subgraphs.trajectory as never, LIST, {
      first: 10,
      filter: { submittedBy: owner, modality: ['ENDOSCOPY'] },
    });
    expect(byModality.data?.trajectories.totalCount).toBe(2);
    const either = await exec<never, Page>(subgraphs.trajectory as never, LIST, {
      first: 10,
      filter: { submittedBy: owner, modality: ['ENDOSCOPY', 'DIAGRAM'] },
    });
    expect(either.data?.trajectories.totalCount).toBe(7);
    const bad = await exec(subgraphs.trajectory, LIST, { first: 10, filter: { modality: ['not a code'] } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses bad paging arguments with BAD_USER_INPUT', async () => {
    for (const vars of [{ first: 0 }, { first: 101 }, { first: 5, after: 'garbage' }, { first: 5, filter: { minQuality: 2 } }]) {
      const res = await exec(subgraphs.trajectory, LIST, vars);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe('BAD_USER_INPUT');
    }
  });

  it('capture statistics match the rows', async () => {
    const res = await exec<
      never,
      { captureStatistics: { accepted: number; rejected: number; duplicates: number; lowQuality: number; captureRate: number } }
    >(subgraphs.trajectory as never, `{ captureStatistics { accepted rejected duplicates lowQuality captureRate } }`);
    const s = res.data!.captureStatistics;
    const [rej] = await database.db.select({ n: count() }).from(trajectoryRejections);
    expect(s.accepted).toBe(await rowCount());
    expect(s.rejected).toBe(rej!.n);
    expect(s.duplicates).toBe(1);
    expect(s.lowQuality).toBe(1);
    expect(s.captureRate).toBeCloseTo(s.accepted / (s.accepted + s.rejected), 10);
  });

  it('single submissions sent together are committed in groups, each with its own outcome, idempotency and audit row', async () => {
    const auditRows = async () =>
      (await database.db.select({ n: count() }).from(auditLog).where(eq(auditLog.operationName, 'GroupCommitted')))[0]?.n ?? 0;
    const auditBefore = await auditRows();
    const before = await rowCount();
    const input = (i: number, key = `group-${i}`) => ({
      state: stateWith((s) => void (s.image.sha256 = hex64(7000 + i))),
      submittedBy: 'app',
      idempotencyKey: key,
    });
    const send = (variables: Record<string, unknown>) =>
      exec<never, SubmitData>(subgraphs.trajectory as never, SUBMIT.replace('mutation', 'mutation GroupCommitted'), variables);
    const results = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => send({ input: input(i) })),
      // The same request twice (a client retrying): stored once, the same trajectory for both.
      send({ input: input(0) }),
      // The same key with another payload: refused, and only that request.
      send({ input: input(99, 'group-1') }),
      // Invalid: refused on its own.
      send({ input: { ...input(100), state: { ...exampleState(), audience: 'NOBODY' } } }),
    ]);
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(31);
    expect(await rowCount()).toBe(before + 30);
    const ids = results.slice(0, 30).map((r) => r.data?.submitTrajectory.trajectory.id);
    expect(new Set(ids).size).toBe(30);
    expect(results[30]?.data?.submitTrajectory.trajectory.id).toBe(ids[0]);
    expect([results[0]?.data?.submitTrajectory.created, results[30]?.data?.submitTrajectory.created].sort()).toEqual([
      false,
      true,
    ]);
    expect(results[31]?.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(results[32]?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // One audit row per request, whatever group it was in: 31 written in the capture
    // transactions, the two refusals by the audit plugin.
    expect((await auditRows()) - auditBefore).toBe(33);
  });

  it('records the authenticated submitter; the client-chosen name is kept apart', async () => {
    const res = await exec<never, { submitTrajectory: { trajectory: { submittedBy: string; submitter: string } } }>(
      subgraphs.trajectory as never,
      `mutation ($input: SubmitTrajectoryInput!) { submitTrajectory(input: $input) { trajectory { submittedBy submitter } } }`,
      { input: { state: stateWith((s) => void (s.image.sha256 = hex64(7777))), submittedBy: 'dr.someone-else' } },
      'annotator',
    );
    expect(res.data?.submitTrajectory.trajectory).toEqual({ submittedBy: 'dr.someone-else', submitter: 'test-annotator' });
  });

  it('resolves Trajectory entities for the gateway', async () => {
    const created = await submit({ state: stateWith((s) => void (s.image.sha256 = hex64(3000))) });
    const id = created.data!.submitTrajectory.trajectory.id;
    const res = await exec(
      subgraphs.trajectory,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Trajectory { id audience } } }`,
      {
        r: [
          { __typename: 'Trajectory', id },
          { __typename: 'Trajectory', id: '00000000-0000-0000-0000-000000000000' },
        ],
      },
    );
    expect(res.data).toEqual({ _entities: [{ id, audience: 'MEDICAL_STUDENT' }, null] });
  });
});
