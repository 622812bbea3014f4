import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DatabaseHandle } from '../../db/client.js';
import { createEphemeralPostgres } from '../../db/ephemeral-database.js';
import { BACKENDS } from '../support/database.js';
import { exampleVariables, post, TEST_ADMIN_KEY } from '../support/graphql-client.js';
import { hex64 } from '../support/fixtures.js';
import type { SubmitTrajectoryMutationVariables } from '../../examples/generated/graphql.js';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../platform/paths.js';
import { ServiceProcesses } from '../support/processes.js';

const CLIENTS = 20;
const SUBMIT = readFileSync(fromRoot('examples', 'submit-trajectory.graphql'), 'utf8');
const QUERY = JSON.stringify({ query: '{ trajectories(first: 5) { totalCount edges { node { id reward { total } } } } }' });

interface Outcome {
  startedAt: number;
  result: string;
}

/** What went wrong with a request, as specific as undici tells it (ECONNRESET, UND_ERR_SOCKET, ECONNREFUSED, …). */
function failure(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: string } | undefined) : undefined;
  return cause?.code ?? (err instanceof Error ? err.message : String(err));
}

describe.runIf(BACKENDS.includes('postgres'))('SIGTERM to the gateway under load', () => {
  let database: DatabaseHandle;
  let services: ServiceProcesses;

  beforeAll(async () => {
    database = await createEphemeralPostgres(process.env.TEST_DATABASE_URL!, 'mi_shutdown');
    services = await ServiceProcesses.create(database.location, { RATE_LIMIT_ADMIN: '10000000', SHUTDOWN_DRAIN_MS: '1000' });
    await services.startAll();
  }, 120_000);
  afterAll(async () => {
    await services?.stopAll();
    await database?.close();
  });

  // Measured without the drain (SHUTDOWN_DRAIN_MS=0): 14–17 of ~500 requests after the signal
  // were reset (ECONNRESET, UND_ERR_SOCKET) as the server closed kept-alive sockets under them.
  // Clients that ignore readiness and keep connecting to a stopping replica can still have a
  // connection attempt reset as the listener closes (the kernel resets its accept queue): 0–2 of
  // ~900 in three runs; such a request never reached the server and is safe to retry.
  it(`in-flight requests of ${CLIENTS} clients complete, subscriptions close with 1001, no client sees a reset`, async () => {
    // Two live subscriptions: a queued run (this test trains nothing) keeps its stream open.
    for (let i = 0; i < 3; i++) {
      const vars = exampleVariables<SubmitTrajectoryMutationVariables>('submit-trajectory');
      vars.input.state.image.sha256 = hex64(900_000 + i);
      vars.input.idempotencyKey = `shutdown-${i}`;
      expect((await post(services.gatewayUrl, SUBMIT, vars)).body.errors).toBeUndefined();
    }
    const run = await post<{ startTraining: { id: string } }>(
      services.gatewayUrl,
      'mutation { startTraining(input: { minDatasetSize: 3 }) { id } }',
    );
    expect(run.body.errors).toBeUndefined();
    const runId = run.body.data!.startTraining.id;
    const closeCodes = Array.from(
      { length: 2 },
      () =>
        new Promise<number>((resolve, reject) => {
          const client = createClient({
            url: services.gatewayUrl.replace(/^http/, 'ws'),
            webSocketImpl: WebSocket,
            connectionParams: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
            retryAttempts: 0,
            lazy: false,
            onNonLazyError: () => undefined,
          });
          client.on('closed', (e) => resolve((e as { code: number }).code));
          client.subscribe(
            { query: 'subscription ($id: ID!) { trainingProgress(runId: $id) { sequence status } }', variables: { id: runId } },
            {
              next: () => undefined,
              error: (e) => reject(new Error(`subscription error: ${JSON.stringify(e)}`)),
              complete: () => undefined,
            },
          );
        }),
    );

    const outcomes: Outcome[] = [];
    let stopped = false;
    // As a load balancer does: probe readiness every 100 ms and stop routing to a replica that is
    // not ready. Requests sent before it notices must still be answered.
    let routed = true;
    const balancer = (async () => {
      while (routed && !stopped) {
        await new Promise((r) => setTimeout(r, 100));
        const status = await fetch(new URL('/_readiness', services.gatewayUrl)).then((r) => r.status, failure);
        if (status !== 200) routed = false;
      }
    })();
    const client = async () => {
      while (!stopped && routed) {
        const startedAt = Date.now();
        const result = await fetch(services.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` },
          body: QUERY,
        })
          .then(async (res) => {
            const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
            return res.ok && !body.errors ? 'ok' : String(body.errors?.[0]?.extensions?.code ?? res.status);
          })
          .catch(failure);
        outcomes.push({ startedAt, result });
        // Once the gateway no longer listens there is nothing more to learn from this client.
        if (result === 'ECONNREFUSED') return;
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, () => client()));
    await new Promise((r) => setTimeout(r, 1500));

    const signalledAt = Date.now();
    const exit = services.kill('gateway', 'SIGTERM');
    // Within the drain window the gateway still answers, and says it is not ready.
    await new Promise((r) => setTimeout(r, 200));
    const readiness = await fetch(new URL('/_readiness', services.gatewayUrl)).then((r) => r.status, failure);
    const exitCode = await exit;
    const exitedAfterMs = Date.now() - signalledAt;
    stopped = true;
    await Promise.all([load, balancer]);

    const beforeSignal = outcomes.filter((o) => o.startedAt < signalledAt);
    const tally = outcomes.reduce<Record<string, number>>((t, o) => ({ ...t, [o.result]: (t[o.result] ?? 0) + 1 }), {});
    expect(beforeSignal.length).toBeGreaterThan(CLIENTS);
    expect(
      beforeSignal.every((o) => o.result === 'ok'),
      JSON.stringify(tally),
    ).toBe(true);
    // After the signal, until the balancer saw readiness fail: answered, never reset or cut off.
    expect(Object.keys(tally), JSON.stringify(tally)).toEqual(['ok']);
    expect(outcomes.filter((o) => o.startedAt >= signalledAt).length).toBeGreaterThan(0);
    expect(readiness).toBe(503);
    expect(await Promise.all(closeCodes)).toEqual([1001, 1001]);
    expect(exitCode).toBe(0);
    process.stdout.write(
      `SIGTERM under load: ${beforeSignal.length} requests before the signal and ${outcomes.length - beforeSignal.length} after it (until readiness failed), all answered; readiness ${readiness} while draining; exited 0 after ${exitedAfterMs} ms\n`,
    );
  }, 120_000);
});
