import { createClient } from 'graphql-ws';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rowsOf, type DatabaseHandle } from '../../db/client.js';
import { createEphemeralPostgres } from '../../db/ephemeral-database.js';
import { BACKENDS } from '../support/database.js';
import { exampleVariables, post, TEST_ADMIN_KEY } from '../support/graphql-client.js';
import { seedTrajectories } from '../support/model.js';
import { ServiceProcesses } from '../support/processes.js';

/**
 * Two gateways and two replicas of the trajectory, reward and model subgraphs, as separate
 * processes on one Postgres and one Redis: gateway A talks to the A replicas, gateway B to the
 * B replicas. What one replica changes, the others must see.
 */
describe.runIf(BACKENDS.includes('postgres'))('replicas on one Postgres and one Redis', () => {
  let database: DatabaseHandle;
  let services: ServiceProcesses;
  let a: string;
  let b: string;
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    database = await createEphemeralPostgres(process.env.TEST_DATABASE_URL!, 'mi_replicas');
    await seedTrajectories(database, 80);
    services = await ServiceProcesses.create(database.location, {
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      API_KEY_CACHE_TTL_MS: '1000',
      RATE_LIMIT_VIEWER: '400',
      RATE_LIMIT_ADMIN: '10000000',
      TRAINING_CONCURRENCY: '1',
      TRAINING_EPOCHS: '3',
      TRAINING_MIN_DATASET: '20',
      // Encryption at rest in the production shape: the seeded rows are plaintext until the
      // services, starting together, agree on a data key and rotate them in the background.
      ENCRYPTION_KEYS: `replicas:${randomBytes(32).toString('base64')}`,
      ENCRYPT_MODEL_WEIGHTS: 'true',
    });
    await services.startAll();
    a = services.gatewayUrl;
    const url = (port: number) => `http://127.0.0.1:${port}/graphql`;
    const [trajectoryB, rewardB, modelB] = await Promise.all([
      services.startReplica('trajectory', 'trajectory-b'),
      services.startReplica('reward', 'reward-b'),
      services.startReplica('model', 'model-b'),
    ]);
    const gatewayB = await services.startReplica('gateway', 'gateway-b', {
      TRAJECTORY_URL: url(trajectoryB),
      REWARD_URL: url(rewardB),
      MODEL_URL: url(modelB),
    });
    b = url(gatewayB);
  }, 180_000);
  afterAll(async () => {
    await services?.stopAll();
    await database?.close();
  });

  it('with ENCRYPTION_KEYS, every process agrees on one data key and the plaintext seed is encrypted in the background', async () => {
    const plaintextLeft = async () => {
      const [row] = rowsOf<{ n: number }>(
        await database.db.execute(sql`
          select (select count(*) from trajectories where submitted_by not like 'enc:v1:%')
               + (select count(*) from educator_feedback where rater_id not like 'enc:v1:%')
               + (select count(*) from api_keys where name not like 'enc:v1:%') as n`),
      );
      return Number(row?.n);
    };
    const deadline = Date.now() + 30_000;
    while ((await plaintextLeft()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await plaintextLeft()).toBe(0);
    const keys = rowsOf<{ kek_id: string }>(await database.db.execute(sql`select kek_id from encryption_keys`));
    expect(keys.map((k) => k.kek_id)).toEqual(['replicas']);
  });

  it('a key revoked through one gateway stops working on both within the cache time', async () => {
    const created = await post<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      a,
      'mutation { createApiKey(input: { name: "replica-viewer", role: VIEWER }) { secret apiKey { id } } }',
    );
    const { secret, apiKey } = created.body.data!.createApiKey;
    for (const gateway of [a, b]) expect((await post(gateway, '{ me { role } }', {}, bearer(secret))).status).toBe(200);
    await post(b, 'mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id });
    await new Promise((r) => setTimeout(r, 1500));
    for (const gateway of [a, b]) expect((await post(gateway, '{ me { role } }', {}, bearer(secret))).status).toBe(401);
  });

  it('the rate budget is one per key across gateways (Redis)', async () => {
    const created = await post<{ createApiKey: { secret: string } }>(
      a,
      'mutation { createApiKey(input: { name: "replica-budget", role: VIEWER }) { secret } }',
    );
    const key = created.body.data!.createApiKey.secret;
    const page = '{ trajectories(first: 30) { edges { node { id reward { total } } } } }';
    let spent = 0;
    for (; spent < 50; spent++) {
      const res = await post(a, page, {}, bearer(key));
      if (res.status === 429) break;
    }
    expect(spent).toBeLessThan(50);
    const other = await post(b, page, {}, bearer(key));
    expect(other.status).toBe(429);
    expect(other.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('a run started through B is followed live on A, trains exactly once, and its promotion reaches B', async () => {
    const started = await post<{ startTraining: { id: string } }>(b, 'mutation { startTraining(input: { epochs: 3 }) { id } }');
    expect(started.body.errors).toBeUndefined();
    const runId = started.body.data!.startTraining.id;
    const client = createClient({
      url: a.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: bearer(TEST_ADMIN_KEY),
      retryAttempts: 0,
    });
    const statuses: string[] = [];
    try {
      for await (const event of client.iterate<{ trainingProgress: { kind: string; status: string } }>({
        query: 'subscription ($id: ID!) { trainingProgress(runId: $id) { kind status } }',
        variables: { id: runId },
      })) {
        const e = event.data?.trainingProgress;
        if (e?.kind === 'STATUS') statuses.push(e.status);
      }
    } finally {
      await client.dispose();
    }
    expect(statuses).toEqual(['QUEUED', 'RUNNING', 'COMPLETED']);

    const done = await post<{ trainingRun: { status: string; worker: string; modelVersion: { id: string; version: number } } }>(
      a,
      'query ($id: ID!) { trainingRun(id: $id) { status worker modelVersion { id version } } }',
      { id: runId },
    );
    const version = done.body.data!.trainingRun.modelVersion;
    // Forced into production through A: four eyes, so a second person approves it through B.
    const requested = await post(
      a,
      'mutation ($v: ID!) { promoteModel(versionId: $v, alias: "production", force: true, reason: "replica test") { name } }',
      { v: version.id },
    );
    expect(requested.body.errors?.[0]?.extensions?.code).toBe('APPROVAL_REQUIRED');
    const requestId = String(requested.body.errors?.[0]?.extensions?.promotionRequestId);
    const engineer = await post<{ createApiKey: { secret: string } }>(
      a,
      'mutation { createApiKey(input: { name: "replica-second-person", role: ML_ENGINEER }) { secret } }',
    );
    const approved = await post<{ approvePromotion: { status: string } }>(
      b,
      'mutation ($id: ID!) { approvePromotion(requestId: $id) { status } }',
      { id: requestId },
      { authorization: `Bearer ${engineer.body.data!.createApiKey.secret}` },
    );
    expect(approved.body.errors).toBeUndefined();
    expect(approved.body.data?.approvePromotion.status).toBe('APPROVED');
    const state = exampleVariables<{ input: { state: unknown } }>('submit-trajectory').input.state;
    const deadline = Date.now() + 5000;
    let servedBy: number | undefined;
    while (Date.now() < deadline) {
      const res = await post<{ predictReward: { modelVersion: { version: number } } }>(
        b,
        'query ($s: AssessmentStateInput!) { predictReward(state: $s) { modelVersion { version } } }',
        { s: state },
      );
      servedBy = res.body.data?.predictReward.modelVersion.version;
      if (servedBy === version.version) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(servedBy).toBe(version.version);
  }, 120_000);
});
