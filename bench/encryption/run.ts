/**
 * The cost of encryption at rest (on demand: npm run bench:encryption). The whole platform in
 * one process on a fresh database, started alternately without keys (the baseline) and with
 * ENCRYPTION_KEYS, ROUNDS times each; per round and setting:
 *   - trajectories/s through the gateway: single submitTrajectory calls and batches of 100;
 *   - a page of 100 trajectories with the encrypted fields (submitter, submittedBy, every
 *     rating's rater and comment), sequential requests: p50 and p95.
 * Each figure is the median over the rounds; the ratio is encrypted ÷ baseline. First, the
 * keyring's own cost per value (encrypt and decrypt), against the pass-through without keys.
 * Postgres at BENCH_DATABASE_URL (default the local server); PGlite when BENCH_PGLITE=1.
 */
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { createEphemeralPostgres } from '../../db/ephemeral-database.js';
import { ENCRYPTION_OFF, FieldKeyring, newDataKey } from '../../db/encryption/field-keyring.js';
import { startPlatform } from '../../app/platform.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import { runLoad, type LoadResult } from '../support/load-client.js';
import { percentile, printTable } from '../support/stats.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SINGLE = Number(process.env.BENCH_SINGLE ?? 600);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 10);
const PAGES = Number(process.env.BENCH_PAGES ?? 150);
const RATED = 100;
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_KEY = `bench-admin-${randomBytes(24).toString('hex')}`;
const KEYS = `bench1:${randomBytes(32).toString('base64')}`;

const PAGE = `query ($after: String) { trajectories(first: 100, after: $after) {
  edges { node { id submittedBy submitter status feedback { rater ratedBy comment score } } } } }`;
const RATE = `mutation ($id: ID!, $c: String) { rateTrajectory(trajectoryId: $id, score: 0.6, comment: $c) { id } }`;

async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.[0]?.message ?? `HTTP ${res.status}`);
  return body.data;
}

const log = (line: string) => process.stderr.write(`  ${line}\n`);

function checked(r: LoadResult): LoadResult {
  if (r.errors.length) throw new Error(`${r.errors.length} requests failed, first: ${r.errors[0]}`);
  return r;
}

interface Leg {
  single: number;
  batch: number;
  pageP50: number;
  pageP95: number;
}

async function leg(database: DatabaseHandle, encrypted: boolean, round: number): Promise<Leg> {
  const config = loadConfig({
    ...EPHEMERAL_PORTS,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: BENCH_KEY,
    RATE_LIMIT_ADMIN: String(1e9),
    RATINGS_PER_MINUTE: '10000',
    ...(encrypted ? { ENCRYPTION_KEYS: KEYS } : {}),
  });
  const platform = await startPlatform(config, pino({ level: 'warn' }), { database });
  try {
    const job = {
      url: platform.gatewayUrl,
      batchSize: 100,
      prefix: `enc-${encrypted}-${round}-${Date.now()}`,
      apiKey: BENCH_KEY,
    };
    await runLoad({ ...job, mode: 'single', count: 100, concurrency: 4, seed: 30 + round });
    const single = checked(await runLoad({ ...job, mode: 'single', count: SINGLE, concurrency: 16, seed: 3 + round }));
    const batch = checked(await runLoad({ ...job, mode: 'batch', count: BATCHES * 100, concurrency: 3, seed: 40 + round }));

    // The newest 100 trajectories, each with a rating and a comment.
    const page = await gql<{ trajectories: { edges: { node: { id: string } }[] } }>(platform.gatewayUrl, PAGE);
    const ids = page.trajectories.edges.map((e) => e.node.id).slice(0, RATED);
    for (const id of ids) await gql(platform.gatewayUrl, RATE, { id, c: `clear arrows; label ${id.slice(0, 8)} is small` });
    for (let i = 0; i < 20; i++) await gql(platform.gatewayUrl, PAGE);
    const ms: number[] = [];
    for (let i = 0; i < PAGES; i++) {
      const t = performance.now();
      await gql(platform.gatewayUrl, PAGE);
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    return {
      single: SINGLE / (single.wallMs / 1000),
      batch: (BATCHES * 100) / (batch.wallMs / 1000),
      pageP50: percentile(ms, 50),
      pageP95: percentile(ms, 95),
    };
  } finally {
    await platform.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function bench(kind: string, open: () => Promise<DatabaseHandle>) {
  const legs: Record<'off' | 'on', Leg[]> = { off: [], on: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order, so that warm-up and machine drift do not favour one setting.
    for (const encrypted of round % 2 === 0 ? [false, true] : [true, false]) {
      const database = await open();
      try {
        log(`${kind} round ${round + 1}/${ROUNDS}: encryption ${encrypted ? 'on' : 'off'}`);
        legs[encrypted ? 'on' : 'off'].push(await leg(database, encrypted, round));
      } finally {
        await database.close();
      }
    }
  }
  const of = (k: keyof Leg, s: 'off' | 'on') => median(legs[s].map((l) => l[k]));
  return (['single', 'batch', 'pageP50', 'pageP95'] as const).map((k) => ({ kind, k, off: of(k, 'off'), on: of(k, 'on') }));
}

const LABEL: Record<keyof Leg, string> = {
  single: 'submissions/s, single (c16)',
  batch: 'submissions/s, batches of 100 (c3)',
  pageP50: 'page of 100 with ratings, p50 ms',
  pageP95: 'page of 100 with ratings, p95 ms',
};

/**
 * One value through the column mapper, in µs: the keyring's own cost, without the database.
 * Writes encrypt (a fresh IV each time); a first read decrypts; a read of a value read before is
 * served from the keyring's cache of decrypted values.
 */
function perValueMicros(keyring: FieldKeyring, step: 'write' | 'first read' | 'repeated read'): number {
  // Fewer than the cache holds, so that repeated reads are all hits.
  const n = 10_000;
  const values = Array.from({ length: n }, (_, i) => keyring.encryptText(`Prof. Ines Example-Rater ${i}`, 't.c'));
  if (step === 'repeated read') for (const v of values) keyring.decryptText(v, 't.c');
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    if (step === 'write') keyring.encryptText(`Prof. Ines Example-Rater ${i}`, 't.c');
    else keyring.decryptText(values[i] ?? '', 't.c');
  }
  return ((performance.now() - t) * 1000) / n;
}
const settings = loadConfig({ ENCRYPTION_KEYS: KEYS }).encryption;
const on = new FieldKeyring(settings, [newDataKey(settings.keys[0]?.id ?? '')]);
const off = new FieldKeyring(ENCRYPTION_OFF);
const rows: (string | number)[][] = (['write', 'first read', 'repeated read'] as const).map((step) => {
  const [a, b] = [perValueMicros(off, step), perValueMicros(on, step)];
  return ['-', `${step} of one 30-character value, µs`, a, b, b / a];
});
const pg = async () => createEphemeralPostgres(PG_URL, 'mi_bench_enc', 10);
const probe = await pg().catch(() => null);
if (probe) {
  await probe.close();
  for (const r of await bench('postgres', pg)) rows.push([r.kind, LABEL[r.k], r.off, r.on, r.on / r.off]);
} else process.stdout.write(`Postgres at ${PG_URL} did not answer: skipped\n`);
if (process.env.BENCH_PGLITE === '1') {
  const pglite = async () => {
    const db = await openDatabase({});
    await db.migrate();
    return db;
  };
  for (const r of await bench('pglite', pglite)) rows.push([r.kind, LABEL[r.k], r.off, r.on, r.on / r.off]);
}
printTable(
  `Encryption at rest: cost (median of ${ROUNDS} rounds; ratio = encrypted ÷ without keys, measured in this run)`,
  ['database', 'figure', 'without keys', 'encrypted', 'ratio'],
  rows,
);
process.stdout.write(`\nnode ${process.version}, ${new Date().toISOString()}\n`);
