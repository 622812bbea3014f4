/**
 * Ingest benchmark (on demand: npm run bench:ingest). For each database — PGlite and, when
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) answers, Postgres —
 * it measures in one run:
 *   - the baseline: raw drizzle inserts of the same trajectory rows (single rows and 100-row statements);
 *   - trajectories/s through the gateway: single submitTrajectory calls and submitTrajectories batches of 100,
 *     sent from a worker thread so the load generator does not share the platform's event loop;
 *   - the gateway's added latency: one query sent to the Trajectory subgraph directly and through the gateway.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { canonicalHash } from '../../domain/assessment/canonical-hash.js';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { createEphemeralPostgres } from '../../db/ephemeral-database.js';
import { blindIndex } from '../../db/encryption/columns.js';
import { trajectories, type NewTrajectoryRow } from '../../db/schema/trajectory.js';
import { generateTrajectories } from '../../demo/trajectory-generator.js';
import { startPlatform } from '../../app/platform.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import { runLoad, type LoadResult } from '../support/load-client.js';
import { IDENTITY_HEADER, IdentityTokens } from '../../platform/security/identity.js';
import { percentile, printTable, runConcurrent } from '../support/stats.js';

const SINGLE = Number(process.env.BENCH_SINGLE ?? 1000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const LATENCY_N = Number(process.env.BENCH_LATENCY_N ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BATCH_CONCURRENCY = Number(process.env.BENCH_BATCH_CONCURRENCY ?? 3);
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const PROBE = `{ trajectories(first: 5) { totalCount edges { node { id audience status } } } }`;

/** Registered as ADMIN_API_KEY for the run; subgraphs share IDENTITY_SECRET with the bench's direct calls. */
const BENCH_KEY = `bench-admin-${randomBytes(24).toString('hex')}`;
const IDENTITY_SECRET = randomBytes(32).toString('hex');

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors[0]?.message);
}

function checked(r: LoadResult): LoadResult {
  if (r.errors.length) throw new Error(`${r.errors.length} requests failed, first: ${r.errors[0]}`);
  return r;
}

function rowsFor(count: number, seed: number): NewTrajectoryRow[] {
  return generateTrajectories({ count, seed, idPrefix: `raw${seed}` }).map(({ input }) => ({
    id: randomUUID(),
    idempotencyKey: `${input.idempotencyKey}-${randomBytes(4).toString('hex')}`,
    payloadHash: canonicalHash(input),
    contentHash: canonicalHash(input.state),
    imageSha256: input.state.image.sha256,
    audience: input.state.audience,
    topic: input.state.image.topic,
    modality: input.state.image.modality,
    state: input.state,
    metadata: input.metadata as Record<string, unknown>,
    submittedBy: input.submittedBy ?? 'bench',
    submittedByIndex: blindIndex(input.submittedBy ?? 'bench'),
    submitterId: 'bench:raw',
    submitterIdIndex: blindIndex('bench:raw'),
    submitterName: 'bench raw insert',
    status: 'VALID',
    qualityScore: 1,
    flagged: false,
    qualityIssues: [],
    totalDurationMs: input.state.steps.reduce((s, x) => s + x.durationMs, 0),
  }));
}

interface Figures {
  backend: string;
  rawSingle: number;
  rawBatch: number;
  gwSingle: number;
  gwBatch: number;
  directP50: number;
  directP95: number;
  gatewayP50: number;
  gatewayP95: number;
}

async function benchBackend(backend: 'pglite' | 'postgres', database: DatabaseHandle): Promise<Figures> {
  const log = (m: string) => process.stdout.write(`[${backend}] ${m}\n`);
  await database.migrate();

  log(`baseline: ${SINGLE} single-row inserts, ${BATCHES} × 100-row inserts`);
  const single = rowsFor(SINGLE, 1);
  const raw1 = await runConcurrent(single.length, backend === 'pglite' ? 1 : CONCURRENCY, async (i) => {
    await database.db.insert(trajectories).values(single[i] as NewTrajectoryRow);
  });
  const batchRows = rowsFor(BATCHES * 100, 2);
  const rawB = await runConcurrent(BATCHES, backend === 'pglite' ? 1 : 2, async (i) => {
    await database.db.insert(trajectories).values(batchRows.slice(i * 100, i * 100 + 100));
  });

  const config = loadConfig({
    ...EPHEMERAL_PORTS,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    MAX_BATCH_SIZE: '500',
    ADMIN_API_KEY: BENCH_KEY,
    IDENTITY_SECRET,
    // The benchmark measures capacity, not the per-key budget.
    RATE_LIMIT_ADMIN: String(1e9),
  });
  const platform = await startPlatform(config, pino({ level: 'warn' }), { database });
  try {
    const job = { url: platform.gatewayUrl, batchSize: 100, prefix: `gw-${backend}-${Date.now()}`, apiKey: BENCH_KEY };
    // Warm up both paths (query plans, JIT) before measuring.
    await runLoad({ ...job, mode: 'single', count: 100, concurrency: 4, seed: 30 });
    await runLoad({ ...job, mode: 'batch', count: 300, concurrency: 1, seed: 31 });
    log(`gateway: ${SINGLE} submitTrajectory calls, concurrency ${CONCURRENCY}`);
    const gw1 = checked(await runLoad({ ...job, mode: 'single', count: SINGLE, concurrency: CONCURRENCY, seed: 3 }));
    log(`gateway: ${BATCHES} submitTrajectories calls of 100, concurrency ${BATCH_CONCURRENCY}`);
    const gwB = checked(await runLoad({ ...job, mode: 'batch', count: BATCHES * 100, concurrency: BATCH_CONCURRENCY, seed: 4 }));

    log(`latency: ${LATENCY_N} sequential queries, direct to the subgraph and through the gateway`);
    // Direct calls carry what the gateway would send: a signed identity (valid for 60 s).
    const signer = new IdentityTokens(IDENTITY_SECRET);
    const admin = { kind: 'api_key' as const, keyId: randomUUID(), name: 'bench', role: 'admin' as const };
    let identity = { [IDENTITY_HEADER]: await signer.sign(admin) };
    let signedAt = Date.now();
    const direct = async () => {
      if (Date.now() - signedAt > 30_000) {
        identity = { [IDENTITY_HEADER]: await signer.sign(admin) };
        signedAt = Date.now();
      }
      await gql(platform.subgraphUrls.trajectory, PROBE, {}, identity);
    };
    for (let i = 0; i < 100; i++) {
      await direct();
      await gql(platform.gatewayUrl, PROBE);
    }
    // Interleave so that both paths see the same machine noise.
    const directMs: number[] = [];
    const viaGateway: number[] = [];
    for (let i = 0; i < LATENCY_N; i++) {
      let t = performance.now();
      await direct();
      directMs.push(performance.now() - t);
      t = performance.now();
      await gql(platform.gatewayUrl, PROBE);
      viaGateway.push(performance.now() - t);
    }
    directMs.sort((a, b) => a - b);
    viaGateway.sort((a, b) => a - b);
    return {
      backend,
      rawSingle: SINGLE / (raw1.wallMs / 1000),
      rawBatch: (BATCHES * 100) / (rawB.wallMs / 1000),
      gwSingle: SINGLE / (gw1.wallMs / 1000),
      gwBatch: (BATCHES * 100) / (gwB.wallMs / 1000),
      directP50: percentile(directMs, 50),
      directP95: percentile(directMs, 95),
      gatewayP50: percentile(viaGateway, 50),
      gatewayP95: percentile(viaGateway, 95),
    };
  } finally {
    await platform.stop();
  }
}

const results: Figures[] = [];
const pglite = await openDatabase({});
results.push(await benchBackend('pglite', pglite));
await pglite.close();
const pg = await createEphemeralPostgres(PG_URL, 'mi_bench', 10).catch(() => null);
if (pg) {
  results.push(await benchBackend('postgres', pg));
  await pg.close();
} else {
  process.stdout.write(`Postgres at ${PG_URL} did not answer: skipped\n`);
}

printTable(
  'Ingest throughput (trajectories/s; ratio = through the gateway ÷ raw insert baseline of the same database)',
  ['database', 'raw insert 1-row', 'gateway single', 'ratio', 'raw insert 100-row', 'gateway batch 100', 'ratio', 'targets'],
  results.map((r) => [
    r.backend,
    r.rawSingle,
    r.gwSingle,
    r.gwSingle / r.rawSingle,
    r.rawBatch,
    r.gwBatch,
    r.gwBatch / r.rawBatch,
    '≥300 single, ≥2000 batch',
  ]),
);
printTable(
  'Gateway added latency (ms; one Trajectory-only query, sequential, interleaved)',
  ['database', 'direct p50', 'gateway p50', 'added p50', 'direct p95', 'gateway p95', 'added p95', 'target'],
  results.map((r) => [
    r.backend,
    r.directP50,
    r.gatewayP50,
    r.gatewayP50 - r.directP50,
    r.directP95,
    r.gatewayP95,
    r.gatewayP95 - r.directP95,
    'added p50 < 2 ms',
  ]),
);
process.stdout.write(`\nnode ${process.version}, ${new Date().toISOString()}\n`);
