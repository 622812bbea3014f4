import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { createEphemeralPostgres } from '../../db/ephemeral-database.js';
import { trajectories } from '../../db/schema/trajectory.js';
import { BACKENDS } from '../support/database.js';
import { hex64 } from '../support/fixtures.js';
import { exampleVariables, post } from '../support/graphql-client.js';
import { ServiceProcesses } from '../support/processes.js';
import { ThrowawayPostgres } from '../support/throwaway-postgres.js';
import postgres from 'postgres';
import type { SubmitTrajectoryMutationVariables } from '../../examples/generated/graphql.js';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../platform/paths.js';

const SUBMIT = readFileSync(fromRoot('examples', 'submit-trajectory.graphql'), 'utf8');
const CLIENTS = 20;
const PER_CLIENT = 12;

/** Codes a client may see while a subgraph restarts, and retry on. */
const RETRYABLE = new Set(['SUBGRAPH_UNAVAILABLE', 'fetch failed']);

describe.runIf(BACKENDS.includes('postgres'))('separate processes on one Postgres, under faults', () => {
  let database: DatabaseHandle;
  let services: ServiceProcesses;

  beforeAll(async () => {
    database = await createEphemeralPostgres(process.env.TEST_DATABASE_URL!, 'mi_faults');
    // Trust auth here: the location is the URL itself (only a password would be redacted).
    services = await ServiceProcesses.create(database.location, { RATE_LIMIT_ADMIN: '10000000' });
    await services.startAll();
  }, 120_000);
  afterAll(async () => {
    await services?.stopAll();
    await database?.close();
  });

  it(`kill -9 of the Trajectory subgraph while ${CLIENTS} clients submit with idempotency keys and retry: every submission stored exactly once`, async () => {
    const seen = new Map<string, number>();
    let attempts = 0;
    const client = async (c: number) => {
      for (let i = 0; i < PER_CLIENT; i++) {
        const vars = exampleVariables<SubmitTrajectoryMutationVariables>('submit-trajectory');
        vars.input.state.image.sha256 = hex64(100_000 + c * 1000 + i);
        vars.input.idempotencyKey = `kill-${c}-${i}`;
        for (;;) {
          attempts++;
          const outcome = await post<{ submitTrajectory: { trajectory: { id: string } | null } }>(
            services.gatewayUrl,
            SUBMIT,
            vars,
          )
            .then((r) => (r.body.data?.submitTrajectory.trajectory ? 'ok' : String(r.body.errors?.[0]?.extensions?.code)))
            .catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
          if (outcome === 'ok') break;
          seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    await new Promise((r) => setTimeout(r, 800));
    await services.kill('trajectory');
    const killedAt = Date.now();
    await new Promise((r) => setTimeout(r, 1000));
    await services.start('trajectory');
    const back = Date.now() - killedAt;
    await load;

    const [row] = await database.db.select({ n: count() }).from(trajectories);
    expect(row?.n).toBe(CLIENTS * PER_CLIENT);
    for (const code of seen.keys()) expect(RETRYABLE.has(code), `clients saw ${code}`).toBe(true);
    process.stdout.write(
      `kill -9: ${CLIENTS * PER_CLIENT} submissions stored exactly once; ${attempts} attempts; errors seen ${JSON.stringify(Object.fromEntries(seen))}; trajectory back after ${back} ms\n`,
    );
  }, 120_000);
});

describe.runIf(BACKENDS.includes('postgres'))("a Postgres restart under load (a throwaway cluster of the test's own)", () => {
  let cluster: ThrowawayPostgres;
  let services: ServiceProcesses;

  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create();
    services = await ServiceProcesses.create(cluster.url, { RATE_LIMIT_ADMIN: '10000000', CIRCUIT_COOLDOWN_MS: '1000' });
    await services.startAll();
  }, 120_000);
  afterAll(async () => {
    await services?.stopAll();
    cluster?.destroy();
  });

  it('readiness is false while the database is away, the platform recovers by itself within 5 s, and every accepted submission is there', async () => {
    const accepted = new Set<string>();
    let running = true;
    let lastOkAt = 0;
    let lastError = '';
    const client = async (c: number) => {
      for (let i = 0; running; i++) {
        const vars = exampleVariables<SubmitTrajectoryMutationVariables>('submit-trajectory');
        vars.input.state.image.sha256 = hex64(500_000 + c * 10_000 + i);
        vars.input.idempotencyKey = `restart-${c}-${i}`;
        const ok = await post<{ submitTrajectory: { trajectory: { id: string } | null } }>(services.gatewayUrl, SUBMIT, vars)
          .then((r) => {
            if (!r.body.data?.submitTrajectory.trajectory) lastError = JSON.stringify(r.body.errors?.[0] ?? r.status);
            return Boolean(r.body.data?.submitTrajectory.trajectory);
          })
          .catch((err: unknown) => ((lastError = String(err)), false));
        if (ok) {
          accepted.add(vars.input.idempotencyKey);
          lastOkAt = Date.now();
        } else await new Promise((r) => setTimeout(r, 100));
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, c) => client(c)));
    await new Promise((r) => setTimeout(r, 1000));
    const before = accepted.size;

    cluster.stop();
    const stoppedAt = Date.now();
    let notReadySeen = false;
    while (Date.now() - stoppedAt < 3000) {
      const res = await fetch(new URL('/_readiness', services.gatewayUrl)).catch(() => null);
      if (res?.status === 503) notReadySeen = true;
      await new Promise((r) => setTimeout(r, 200));
    }
    cluster.start();
    const startedAt = Date.now();
    let recoveredMs = -1;
    while (Date.now() - startedAt < 15_000) {
      if (lastOkAt > startedAt) {
        recoveredMs = lastOkAt - startedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 1000));
    running = false;
    await load;

    expect(before).toBeGreaterThan(0);
    expect(notReadySeen, 'readiness false while the database is away').toBe(true);
    expect(
      recoveredMs,
      `a submission succeeded again; last error ${lastError}; ${[...services.output].map(([n, o]) => `${n}: ${o.slice(-600)}`).join('\n')}`,
    ).toBeGreaterThanOrEqual(0);
    expect(recoveredMs).toBeLessThan(5000);
    expect((await fetch(new URL('/_readiness', services.gatewayUrl))).status).toBe(200);
    const db = postgres(cluster.url, { max: 1, onnotice: () => undefined });
    try {
      const rows = await db<{ key: string }[]>`select idempotency_key as key from trajectories`;
      const stored = new Set(rows.map((r) => r.key));
      const lost = [...accepted].filter((k) => !stored.has(k));
      expect(lost).toEqual([]);
      expect(rows.length).toBe(stored.size);
      process.stdout.write(
        `postgres restart: ${accepted.size} accepted submissions all stored (${before} before the restart); first success ${recoveredMs} ms after the server was back\n`,
      );
    } finally {
      await db.end();
    }
  }, 120_000);
});
