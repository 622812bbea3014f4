import { Writable } from 'node:stream';
import { count, sql } from 'drizzle-orm';
import { print } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../../app/platform.js';
import type { DatabaseHandle } from '../../db/client.js';
import { trajectories } from '../../db/schema/trajectory.js';
import { SubmitTrajectoryDocument, type SubmitTrajectoryMutationVariables } from '../../examples/generated/graphql.js';
import { MAX_ERRORS_PER_RESPONSE } from '../../platform/errors.js';
import { RUNS_PGLITE } from '../support/database.js';
import { startTestPlatform } from '../support/platform.js';
import { exampleVariables, post, run, TEST_ADMIN_KEY, type GraphQLResponse } from '../support/graphql-client.js';

/** Text that must never reach a client: SQL, table names, driver and runtime messages. */
const LEAKS =
  /insert into|select .* from|Failed query|relation "|column "|stacktrace|Maximum call stack|\.ts:\d+|postgres|pglite|at [\w.]+ \(/i;

describe.runIf(RUNS_PGLITE)('hostile input through the gateway: typed errors, nothing stored, nothing leaked', () => {
  let database: DatabaseHandle;
  let platform: RunningPlatform;
  let viewerKey: string;
  const logLines: Record<string, unknown>[] = [];
  const stored = async () => (await database.db.select({ n: count() }).from(trajectories))[0]?.n ?? 0;
  const submission = (change: (v: SubmitTrajectoryMutationVariables) => void) => {
    const vars = exampleVariables<SubmitTrajectoryMutationVariables>('submit-trajectory');
    delete vars.input.idempotencyKey;
    change(vars);
    return vars;
  };
  const expectRefused = (res: GraphQLResponse<unknown>, code: string) => {
    expect(res.body.errors?.[0]?.extensions?.code, JSON.stringify(res.body)).toBe(code);
    expect(JSON.stringify(res.body)).not.toMatch(LEAKS);
  };

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    ({ database, platform } = await startTestPlatform(
      { SEED_DEMO: 'false', RATE_LIMIT_VIEWER: '3000' },
      { log: pino({ level: 'info' }, sink) },
    ));
    const created = await post<{ createApiKey: { secret: string } }>(
      platform.gatewayUrl,
      'mutation { createApiKey(input: { name: "hostile-viewer", role: VIEWER }) { secret } }',
    );
    viewerKey = created.body.data!.createApiKey.secret;
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  it.each([
    ['a NUL character', 'Heart\u0000', 'must not contain the NUL character (U+0000)'],
    ['a lone high surrogate', 'Heart \uD83E', 'must be valid Unicode (it contains an unpaired UTF-16 surrogate)'],
    ['a lone low surrogate', '\uDEC0 Heart', 'must be valid Unicode (it contains an unpaired UTF-16 surrogate)'],
  ])('%s in state.image.topic: BAD_USER_INPUT with its field path, nothing stored', async (_what, topic, message) => {
    const before = await stored();
    const res = await run(
      platform.gatewayUrl,
      SubmitTrajectoryDocument,
      submission((v) => void (v.input.state.image.topic = topic)),
    );
    expectRefused(res, 'BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.extensions?.fieldErrors).toEqual([{ path: 'input.state.image.topic', message }]);
    expect(await stored()).toBe(before);
  });

  it('the same characters written as escapes in a query literal are refused too', async () => {
    const res = await post(
      platform.gatewayUrl,
      'mutation { rateTrajectory(trajectoryId: "00000000-0000-4000-8000-000000000000", score: 0.5, ratedBy: "x\\u0000") { id } }',
    );
    expectRefused(res, 'BAD_USER_INPUT');
  });

  it('20,000 levels of JSON in metadata (under the body limit) are BAD_USER_INPUT, and the gateway stays healthy', async () => {
    const before = await stored();
    // Written as text: JSON.stringify itself recurses and could not send it (about 120 KB here).
    const body = JSON.stringify({
      query: print(SubmitTrajectoryDocument),
      variables: submission((v) => void (v.input.metadata = 'DEEP')),
    }).replace('"DEEP"', `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    expect(body.length).toBeLessThan(256 * 1024);
    const response = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` },
      body,
    });
    const res: GraphQLResponse<unknown> = {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as GraphQLResponse<unknown>['body'],
    };
    expectRefused(res, 'BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toMatch(/deeper than 64 levels/);
    expect(await stored()).toBe(before);
    expect((await fetch(new URL('/_health', platform.gatewayUrl))).status).toBe(200);
  });

  it('metadata a little deeper than the JSON limit passes the gateway and is refused by the subgraph, still typed', async () => {
    let nested: unknown = 'leaf';
    for (let i = 0; i < 40; i++) nested = { level: nested };
    const res = await run(
      platform.gatewayUrl,
      SubmitTrajectoryDocument,
      submission((v) => void (v.input.metadata = nested)),
    );
    expectRefused(res, 'BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toMatch(/deeper than 32 levels/);
  });

  it('an operation costing more than the whole budget is QUERY_TOO_COMPLEX, says cost and limit, and drains nothing', async () => {
    const page =
      'trajectories(first: 100) { edges { node { id reward { total components { name score } } predictedReward { value } } } }';
    const query = `{ ${Array.from({ length: 25 }, (_, i) => `p${i}: ${page}`).join(' ')} }`;
    const viewer = { authorization: `Bearer ${viewerKey}` };
    const refused = await post(platform.gatewayUrl, query, {}, viewer);
    expectRefused(refused, 'QUERY_TOO_COMPLEX');
    const extensions = refused.body.errors?.[0]?.extensions;
    expect(extensions?.cost).toBeGreaterThan(3000);
    expect(extensions).toMatchObject({ maxCost: 3000, budgetPerMinute: 3000 });
    // Refused before it consumed anything: the same key's ordinary requests still go through.
    for (let i = 0; i < 20; i++) {
      const ok = await post(platform.gatewayUrl, '{ trajectories(first: 5) { totalCount } }', {}, viewer);
      expect(ok.status).toBe(200);
      expect(ok.body.errors).toBeUndefined();
    }
  });

  it('200 repeated directives are one QUERY_TOO_COMPLEX error, not 200 validation errors', async () => {
    const res = await post(platform.gatewayUrl, `{ trajectories(first: 1) { totalCount ${'@skip(if: false) '.repeat(200)} } }`);
    expect(res.body.errors).toHaveLength(1);
    expectRefused(res, 'QUERY_TOO_COMPLEX');
  });

  it('a document with many validation errors gets a few of them, never hundreds', async () => {
    const fields = Array.from({ length: 25 }, (_, i) => `nope${i}`).join(' ');
    const res = await post(platform.gatewayUrl, `{ ${fields} }`);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors).toHaveLength(MAX_ERRORS_PER_RESPONSE);
    expect(res.body.errors?.at(-1)?.extensions?.moreErrors).toBeGreaterThan(0);
  });

  it('found by the fuzzer: a model version id that is not a uuid is NOT_FOUND, not a database error', async () => {
    const res = await post(
      platform.gatewayUrl,
      'query ($s: AssessmentStateInput!) { predictReward(state: $s, modelVersionId: "\\u0001") { value } }',
      {
        s: exampleVariables<SubmitTrajectoryMutationVariables>('submit-trajectory').input.state,
      },
    );
    expectRefused(res, 'NOT_FOUND');
  });

  it('database errors in every subgraph reach the client as INTERNAL_SERVER_ERROR with a fixed message and the request id', async () => {
    // Each operation reads a table of one subgraph; renaming it makes the database fail there.
    const cases: [string, string, string][] = [
      ['trajectories', 'trajectory', '{ trajectories(first: 1) { totalCount } }'],
      ['rubrics', 'reward', '{ rubrics { version } }'],
      ['educator_feedback', 'metrics', '{ systemOverview { totalRatings } }'],
      ['audit_log', 'access', '{ auditLog(first: 1) { totalCount } }'],
      ['model_versions', 'model', '{ modelVersions(first: 1) { edges { node { id } } } }'],
    ];
    for (const [table, subgraph, query] of cases) {
      const requestId = `hostile-${subgraph}-${Date.now()}`;
      await database.db.execute(sql.raw(`alter table ${table} rename to ${table}_away`));
      let res: GraphQLResponse<unknown>;
      try {
        res = await post(platform.gatewayUrl, query, {}, { 'x-request-id': requestId });
      } finally {
        await database.db.execute(sql.raw(`alter table ${table}_away rename to ${table}`));
      }
      expect(res.body.errors?.[0], `${subgraph}: ${JSON.stringify(res.body)}`).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
      });
      expect(JSON.stringify(res.body)).not.toMatch(LEAKS);
      expect(JSON.stringify(res.body)).not.toContain(`${table}_away`);
      // The cause is in the log, at error level, under the same request id.
      await new Promise((r) => setTimeout(r, 20));
      const logged = logLines.filter((l) => l.requestId === requestId && l.level === 50);
      expect(logged.length, `${subgraph} logged the cause`).toBeGreaterThan(0);
      expect(JSON.stringify(logged)).toContain(`relation \\"${table}\\" does not exist`);
    }
  });
});
