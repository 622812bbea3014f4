import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunningPlatform } from '../../app/platform.js';
import type { DatabaseHandle } from '../../db/client.js';
import { RUNS_PGLITE } from '../support/database.js';
import { startTestPlatform } from '../support/platform.js';
import { post, TEST_ADMIN_KEY } from '../support/graphql-client.js';

const PAGE = '{ trajectories(first: 5) { edges { node { id reward { total } predictedReward { value } } } } }';

/** Faults the gateway must absorb, each bounded in time: a subgraph down, oversized bodies, WebSocket abuse. */
describe.runIf(RUNS_PGLITE)('faults at the gateway', () => {
  let database: DatabaseHandle;
  let platform: RunningPlatform;
  const clients: Client[] = [];

  beforeAll(async () => {
    ({ database, platform } = await startTestPlatform({
      DEMO_TRAJECTORIES: '20',
      BODY_LIMIT_BYTES: String(1024 * 1024),
      SUBGRAPH_TIMEOUT_MS: '2000',
      CIRCUIT_FAILURES: '3',
      CIRCUIT_COOLDOWN_MS: '60000',
      WS_MAX_CONNECTIONS_PER_KEY: '3',
      WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
      WS_MAX_MESSAGES_PER_SECOND: '10',
    }));
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await platform?.stop();
    await database?.close();
  });

  it("a 10 MB POST from Node's fetch gets its 413 answer (no reset connection), and the gateway keeps serving", async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(10 * 1024 * 1024) } });
    const res = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    // A chunked body (no content-length) over the limit: found while reading, same answer.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 12; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(200 * 1024)));
        controller.close();
      },
    });
    const chunked = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await post(platform.gatewayUrl, '{ trajectories(first: 1) { totalCount } }')).body.errors).toBeUndefined();
  });

  describe('WebSocket limits', () => {
    const connect = () => {
      const client = createClient({
        url: platform.gatewayUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
        retryAttempts: 0,
        lazy: false,
        // The refusals are what these tests look for; graphql-ws would print them.
        onNonLazyError: () => undefined,
      });
      clients.push(client);
      return client;
    };
    const connected = (client: Client) =>
      new Promise<void>((resolve, reject) => {
        client.on('connected', () => resolve());
        client.on('closed', (e) => reject(e));
      });
    const closeCode = (client: Client) =>
      new Promise<number>((resolve) => client.on('closed', (e) => resolve((e as { code: number }).code)));

    it('a key may hold three connections; the fourth is closed with 4429', async () => {
      const first = [connect(), connect(), connect()];
      await Promise.all(first.map(connected));
      const fourth = connect();
      expect(await closeCode(fourth)).toBe(4429);
      for (const c of first) await c.dispose();
    });

    it('a connection may run two subscriptions at once; the third is RATE_LIMITED', async () => {
      const client = connect();
      await connected(client);
      const follow = (runId: string) =>
        new Promise<unknown>((resolve) => {
          client.subscribe(
            { query: 'subscription ($id: ID!) { trainingProgress(runId: $id) { sequence } }', variables: { id: runId } },
            { next: (v) => resolve(v), error: (e) => resolve(e), complete: () => resolve('complete') },
          );
        });
      const run = await post<{ startTraining: { id: string } }>(
        platform.gatewayUrl,
        'mutation { startTraining(input: { epochs: 1, minDatasetSize: 3 }) { id } }',
      );
      const id = run.body.data!.startTraining.id;
      await follow(id);
      await follow(id);
      const third = await follow(id);
      expect(JSON.stringify(third)).toContain('RATE_LIMITED');
      await post(platform.gatewayUrl, 'mutation ($id: ID!) { cancelTraining(runId: $id) { status } }', { id });
      await client.dispose();
    });

    it('a client flooding messages is closed with 4429, and the gateway stays healthy', async () => {
      const socket = new WebSocket(platform.gatewayUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      await new Promise((resolve) => socket.on('open', resolve));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${TEST_ADMIN_KEY}` } }));
      for (let i = 0; i < 200; i++) socket.send(JSON.stringify({ type: 'ping' }));
      expect(await closed).toBe(4429);
      expect((await fetch(new URL('/_health', platform.gatewayUrl))).status).toBe(200);
    });
  });

  it('one subgraph down: the others still answer, its fields fail with SUBGRAPH_UNAVAILABLE, the circuit opens, readiness says degraded', async () => {
    await platform.subgraphServers.model.close(1000);
    const started = performance.now();
    const first = await post<{
      trajectories: { edges: { node: { id: string; reward: { total: number }; predictedReward: unknown } }[] };
    }>(platform.gatewayUrl, PAGE);
    const firstMs = performance.now() - started;
    expect(first.body.data?.trajectories.edges).toHaveLength(5);
    for (const { node } of first.body.data!.trajectories.edges) {
      expect(node.reward.total).toBeGreaterThan(0);
      expect(node.predictedReward).toBeNull();
    }
    const codes = new Set(first.body.errors?.map((e) => e.extensions?.code));
    expect([...codes]).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(firstMs).toBeLessThan(2500);

    // Three failures open the circuit (a query is tried twice); afterwards no request is sent.
    await post(platform.gatewayUrl, PAGE);
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const res = await post(platform.gatewayUrl, PAGE);
      timings.push(performance.now() - t);
      expect(res.body.errors?.[0]?.message).toMatch(/circuit open/);
    }
    // Mutations on other subgraphs are unaffected.
    const rated = await post<{ trajectories: { edges: { node: { id: string } }[] } }>(
      platform.gatewayUrl,
      '{ trajectories(first: 1) { edges { node { id } } } }',
    );
    expect(rated.body.errors).toBeUndefined();

    const readiness = await fetch(new URL('/_readiness', platform.gatewayUrl));
    expect(readiness.status).toBe(200);
    const body = (await readiness.json()) as { status: string; down: string[]; subgraphs: Record<string, { circuit: string }> };
    expect(body).toMatchObject({ status: 'degraded', down: ['model'] });
    expect(body.subgraphs.model?.circuit).toBe('open');

    // A core subgraph down: not ready.
    await platform.subgraphServers.metrics.close(1000);
    expect((await fetch(new URL('/_readiness', platform.gatewayUrl))).status).toBe(200);
    await platform.subgraphServers.trajectory.close(1000);
    const notReady = await fetch(new URL('/_readiness', platform.gatewayUrl));
    expect(notReady.status).toBe(503);
    expect(((await notReady.json()) as { down: string[] }).down.sort()).toEqual(['metrics', 'model', 'trajectory']);
    process.stdout.write(
      `faults: first page with model down ${Math.round(firstMs)} ms; with the circuit open ${timings.map(Math.round).join(', ')} ms\n`,
    );
  });
});
