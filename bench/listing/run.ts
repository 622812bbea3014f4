/**
 * Listing benchmark (on demand: npm run bench:listing). On a throwaway Postgres database
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) holding
 * BENCH_ROWS trajectories (default 200,000; 1% of them a new modality), it times newest-first
 * pages through TrajectoryStore.list as the API reads them:
 *   - the baseline: the indexes as they were before migration 0012 (DESC NULLS LAST, which
 *     Postgres cannot use for ORDER BY … DESC, and no modality index);
 *   - the shipped indexes (DESC NULLS FIRST, and modality + submitted_at + id).
 * Both on the same rows, in the same run.
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.js';
import { createEphemeralPostgres } from '../../db/ephemeral-database.js';
import { TrajectoryStore, type TrajectoryFilter } from '../../subgraphs/trajectory/trajectory-store.js';
import { seedTrajectories } from '../../test/support/model.js';
import { percentile, printTable } from '../support/stats.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SEED = 50;

const database = await createEphemeralPostgres(PG_URL, 'mi_bench_listing');
try {
  process.stderr.write(`Seeding ${SEED} trajectories, then copying them to ${ROWS.toLocaleString('en-US')} rows…\n`);
  await seedTrajectories(database, SEED);
  const columns = await database.db.execute(sql`
    select string_agg(quote_ident(column_name), ', ' order by ordinal_position) as cols
    from information_schema.columns
    where table_name = 'trajectories' and column_name not in ('id', 'idempotency_key', 'modality', 'submitted_at')`);
  const cols = sql.raw(String(rowsOf<{ cols: string }>(columns)[0]?.cols));
  const copies = Math.ceil(ROWS / SEED);
  await database.db.execute(sql`
    insert into trajectories (${cols}, modality, submitted_at)
    select ${cols}, case when g % 100 = 0 then 'ENDOSCOPY' else modality end, now() - make_interval(secs => g)
    from trajectories, generate_series(1, ${copies}) g`);
  await database.db.execute(sql`vacuum analyze trajectories`);

  const store = new TrajectoryStore(database.db);
  const cases: [string, TrajectoryFilter | null][] = [
    ['page of 20, no filter', null],
    ['page of 20, modality DIAGRAM (about a quarter)', { modality: ['DIAGRAM'] }],
    ['page of 20, modality ENDOSCOPY (1%)', { modality: ['ENDOSCOPY'] }],
    ['page of 20, audience RESIDENT', { audience: ['RESIDENT'] }],
  ];
  async function measure(): Promise<{ p50: number; p95: number }[]> {
    const out: { p50: number; p95: number }[] = [];
    for (const [, filter] of cases) {
      for (let i = 0; i < 5; i++) await store.list({ first: 20, filter });
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const t = performance.now();
        await store.list({ first: 20, filter });
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      out.push({ p50: percentile(times, 50), p95: percentile(times, 95) });
    }
    return out;
  }

  process.stderr.write('Timing with the indexes as they were before migration 0012…\n');
  await database.db.execute(sql`drop index trajectories_submitted_at_id_idx`);
  await database.db.execute(sql`drop index trajectories_modality_submitted_at_id_idx`);
  await database.db.execute(
    sql`create index trajectories_submitted_at_id_idx on trajectories (submitted_at desc nulls last, id desc nulls last)`,
  );
  await database.db.execute(sql`analyze trajectories`);
  const before = await measure();

  process.stderr.write('Timing with the shipped indexes…\n');
  await database.db.execute(sql`drop index trajectories_submitted_at_id_idx`);
  await database.db.execute(
    sql`create index trajectories_submitted_at_id_idx on trajectories (submitted_at desc nulls first, id desc nulls first)`,
  );
  await database.db.execute(
    sql`create index trajectories_modality_submitted_at_id_idx on trajectories (modality, submitted_at desc nulls first, id desc nulls first)`,
  );
  await database.db.execute(sql`analyze trajectories`);
  const after = await measure();

  printTable(
    `Newest-first pages of ${(copies * SEED).toLocaleString('en-US')} trajectories on Postgres, ${ROUNDS} rounds (ms)`,
    ['page', 'before p50', 'before p95', 'now p50', 'now p95', 'before ÷ now (p50)'],
    cases.map(([name], i) => {
      const [b, a] = [before[i], after[i]];
      if (!b || !a) throw new Error(`no timing for ${name}`);
      return [name, b.p50, b.p95, a.p50, a.p95, `${(b.p50 / a.p50).toFixed(0)}×`];
    }),
  );
} finally {
  await database.close();
}
