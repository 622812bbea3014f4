import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { auditLog } from '../../db/schema/security.js';
import { trajectories } from '../../db/schema/trajectory.js';
import { startPlatform, type RunningPlatform } from '../../app/platform.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import {
  CaptureStatisticsDocument,
  RateTrajectoryDocument,
  ScoreAssessmentDocument,
  SubmitTrajectoriesDocument,
  SubmitTrajectoryDocument,
  TrajectoriesWithRewardsDocument,
  TrajectoryDocument,
  type RateTrajectoryMutationVariables,
  type ScoreAssessmentQueryVariables,
  type SubmitTrajectoriesMutationVariables,
  type SubmitTrajectoryMutationVariables,
  type TrajectoriesWithRewardsQueryVariables,
} from '../../examples/generated/graphql.js';
import { exampleVariables, post, run, TEST_ADMIN_KEY } from '../support/graphql-client.js';

const DEMO = 40;

describe.each(BACKENDS)('gateway end to end on %s', (backend) => {
  let database: DatabaseHandle;
  let platform: RunningPlatform;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    const config = loadConfig({
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      ...EPHEMERAL_PORTS,
      DEMO_TRAJECTORIES: String(DEMO),
      TRAIN_ON_START: 'false',
      BODY_LIMIT_BYTES: String(256 * 1024),
    });
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    platform = await startPlatform(config, pino({ level: 'debug' }, sink), { database });
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  it('sends nothing home: Apollo gateway telemetry (usage data, cloud metadata probes) is off', () => {
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('serves seeded trajectories with rewards joined from both subgraphs', async () => {
    expect(platform.seeded?.trajectories).toBe(DEMO);
    const res = await post<{
      trajectories: {
        totalCount: number;
        edges: {
          node: {
            id: string;
            reward: {
              total: number;
              components: { name: string; score: number; weight: number; contribution: number; reasons: string[] }[];
            };
          };
        }[];
      };
    }>(
      platform.gatewayUrl,
      '{ trajectories(first: 5) { totalCount edges { node { id reward { total components { name score weight contribution reasons } } } } } }',
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const t = res.body.data!.trajectories;
    expect(t.totalCount).toBe(DEMO);
    expect(t.edges).toHaveLength(5);
    for (const { node } of t.edges) {
      expect(node.reward.components).toHaveLength(4);
      const sum = node.reward.components.reduce((s, c) => s + c.contribution, 0);
      expect(node.reward.total).toBeCloseTo(sum, 9);
      expect(node.reward.components.every((c) => c.reasons.length > 0)).toBe(true);
    }
  });

  it('runs the examples/ operations: submit twice (idempotent), read back, rate, score, batch, statistics', async () => {
    const url = platform.gatewayUrl;
    const submitVars = exampleVariables<SubmitTrajectoryMutationVariables>('submit-trajectory');
    const first = await run(url, SubmitTrajectoryDocument, submitVars);
    expect(first.body.errors).toBeUndefined();
    const again = await run(url, SubmitTrajectoryDocument, submitVars);
    expect(first.body.data?.submitTrajectory.created).toBe(true);
    expect(again.body.data?.submitTrajectory).toMatchObject({
      created: false,
      trajectory: { id: first.body.data?.submitTrajectory.trajectory?.id },
    });
    const id = first.body.data!.submitTrajectory.trajectory!.id;

    const rateVars = exampleVariables<RateTrajectoryMutationVariables>('rate-trajectory');
    const rated = await run(url, RateTrajectoryDocument, { ...rateVars, trajectoryId: id });
    expect(rated.body.errors).toBeUndefined();

    const one = await run(url, TrajectoryDocument, { id });
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data?.trajectory).toMatchObject({ id, feedback: [{ score: 0.8 }], averageRating: 0.8 });
    expect(one.body.data?.trajectory?.steps).toHaveLength(4);

    const scored = await run(url, ScoreAssessmentDocument, exampleVariables<ScoreAssessmentQueryVariables>('score-assessment'));
    expect(scored.body.data?.scoreAssessment.total).toBeCloseTo(one.body.data!.trajectory!.reward!.total, 12);

    const batch = await run(
      url,
      SubmitTrajectoriesDocument,
      exampleVariables<SubmitTrajectoriesMutationVariables>('submit-trajectories'),
    );
    expect(batch.body.data?.submitTrajectories).toMatchObject({ acceptedCount: 1, rejectedCount: 1 });
    expect(batch.body.data?.submitTrajectories.results[1]?.error?.fieldErrors.map((f) => f.path)).toEqual([
      'state.image.sha256',
      'state.steps.1.durationMs',
    ]);

    const stats = await run(url, CaptureStatisticsDocument, {});
    expect(stats.body.data?.captureStatistics).toMatchObject({ accepted: DEMO + 2, rejected: 1 });
    expect(stats.body.data?.captureStatistics.captureRate).toBeCloseTo((DEMO + 2) / (DEMO + 3), 10);

    const page = await run(
      url,
      TrajectoriesWithRewardsDocument,
      exampleVariables<TrajectoriesWithRewardsQueryVariables>('trajectories-with-rewards'),
    );
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data?.trajectories.totalCount).toBeGreaterThan(0);
  });

  it('malformed input through the gateway: BAD_USER_INPUT with field paths, no stack trace, nothing stored', async () => {
    const before = await post<{ trajectories: { totalCount: number } }>(
      platform.gatewayUrl,
      '{ trajectories(first: 1) { totalCount } }',
    );
    const vars = exampleVariables<SubmitTrajectoryMutationVariables>('submit-trajectory');
    vars.input.state.image.sha256 = 'ABC';
    delete vars.input.idempotencyKey;
    const res = await run(platform.gatewayUrl, SubmitTrajectoryDocument, vars);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: 'state.image.sha256', message: 'must be 64 lowercase hex characters' }],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|\.ts:\d+/);
    const after = await post<{ trajectories: { totalCount: number } }>(
      platform.gatewayUrl,
      '{ trajectories(first: 1) { totalCount } }',
    );
    expect(after.body.data?.trajectories.totalCount).toBe(before.body.data?.trajectories.totalCount);
  });

  it('a modality code of the wrong form to look up by is BAD_USER_INPUT naming the argument, in both subgraphs', async () => {
    const queue = await post(platform.gatewayUrl, '{ ratingQueue(modality: "x-ray") { total } }');
    expect(queue.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: 'modality', message: expect.stringMatching(/upper-case code/) }],
    });
    const list = await post(platform.gatewayUrl, '{ trajectories(filter: { modality: ["XRAY", "xray"] }) { totalCount } }');
    expect(list.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: 'filter.modality' }],
    });
    // The well-formed ones answer (a bare enum-style literal too).
    const ok = await post<{ ratingQueue: { total: number }; trajectories: { totalCount: number } }>(
      platform.gatewayUrl,
      '{ ratingQueue(modality: XRAY) { total } trajectories(filter: { modality: [XRAY] }) { totalCount } }',
    );
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.ratingQueue.total).toBe(ok.body.data!.trajectories.totalCount);
  });

  it('carries the request id from the client through the gateway to the subgraphs', async () => {
    const requestId = `e2e-${backend}-${Date.now()}`;
    const res = await post(
      platform.gatewayUrl,
      '{ trajectories(first: 1) { edges { node { id reward { total } } } } }',
      {},
      { 'x-request-id': requestId },
    );
    expect(res.headers.get('x-request-id')).toBe(requestId);
    await new Promise((r) => setTimeout(r, 50));
    const components = new Set(logLines.filter((l) => l.requestId === requestId).map((l) => l.component));
    expect(components).toEqual(new Set(['gateway', 'trajectory', 'reward']));
  });

  it('metrics through the gateway match the demo data in the database', async () => {
    const rows = await database.db.select({ at: trajectories.submittedAt }).from(trajectories);
    const now = Date.now();
    const lastDay = rows.filter((r) => r.at.getTime() >= now - 24 * 3_600_000).length;
    const from = new Date(Math.floor((now - 8 * 86_400_000) / 86_400_000) * 86_400_000).toISOString();
    const to = new Date(now + 60_000).toISOString();
    const res = await post<{
      systemOverview: { totalTrajectories: number; totalRatings: number };
      metricSeries: { points: { bucketStart: string; value: number }[] };
      trend: { direction: string; series: { points: unknown[] } };
      report: { volume: number; markdown: string };
    }>(
      platform.gatewayUrl,
      `query ($r: TimeRangeInput!) {
        systemOverview { totalTrajectories totalRatings }
        metricSeries(metric: ASSESSMENTS, range: $r, bucket: DAY) { points { bucketStart value } }
        trend(metric: ASSESSMENTS, range: $r, bucket: DAY) { direction series { points { value } } }
        report(period: DAY) { volume markdown }
      }`,
      { r: { from, to } },
    );
    expect(res.body.errors).toBeUndefined();
    const d = res.body.data!;
    expect(d.systemOverview.totalTrajectories).toBe(rows.length);
    expect(d.systemOverview.totalRatings).toBe(platform.seeded!.ratings + 1);
    // Every stored trajectory falls in exactly one daily bucket, on the day it was stored.
    expect(d.metricSeries.points.reduce((s, p) => s + p.value, 0)).toBe(rows.length);
    for (const p of d.metricSeries.points) {
      const start = Date.parse(p.bucketStart);
      expect(p.value).toBe(rows.filter((r) => r.at.getTime() >= start && r.at.getTime() < start + 86_400_000).length);
    }
    expect(['RISING', 'FALLING', 'FLAT']).toContain(d.trend.direction);
    expect(d.report.volume).toBe(lastDay);
    expect(d.report.markdown).toMatch(/^# Daily report/);
  });

  it('every mutation this suite sent left its audit row (ALLOWED in the change’s transaction, FAILED when nothing changed)', async () => {
    const rows = await database.db
      .select({ op: auditLog.operationName, outcome: auditLog.outcome, role: auditLog.role, subgraph: auditLog.subgraph })
      .from(auditLog);
    const count = (op: string, outcome: string) => rows.filter((r) => r.op === op && r.outcome === outcome).length;
    expect(count('SubmitTrajectory', 'ALLOWED')).toBe(2); // first submission and its idempotent replay
    expect(count('SubmitTrajectory', 'FAILED')).toBe(1); // the malformed one
    expect(count('RateTrajectory', 'ALLOWED')).toBe(1);
    expect(count('SubmitTrajectories', 'ALLOWED')).toBe(1);
    expect(rows.every((r) => r.role === 'admin')).toBe(true);
  });

  it('health, readiness, unknown routes, oversize and malformed bodies get clear HTTP answers', async () => {
    const base = new URL(platform.gatewayUrl);
    expect((await fetch(new URL('/_health', base))).status).toBe(200);
    expect(await (await fetch(new URL('/_readiness', base))).json()).toMatchObject({ status: 'ready', down: [] });
    expect((await fetch(new URL('/nope', base))).status).toBe(404);

    const big = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(300 * 1024) } }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );

    const broken = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` },
      body: '{"query": ',
    });
    expect(broken.status).toBe(400);

    const unknownField = await post(platform.gatewayUrl, '{ trajectories(first: 1) { nope } }');
    expect(unknownField.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
