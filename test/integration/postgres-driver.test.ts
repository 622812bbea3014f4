import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/database.js';

/**
 * The fixes patches/postgres+3.4.9.patch carries, checked against a real server. Found under the
 * load benchmark: a rating failed with UNSAFE_TRANSACTION when its BEGIN filled a connection's
 * pipeline and postgres-js skipped reserving the connection (upstream #823, #1189, PR #1218),
 * after which other requests' queries could run inside that transaction.
 */
describe.runIf(BACKENDS.includes('postgres'))('postgres-js, as patched', () => {
  it('sql.begin reserves its connection even when BEGIN fills the pipeline', async () => {
    // max_pipeline 0 puts every BEGIN at the pipeline's limit: unpatched, every begin fails.
    // max_pipeline is a documented option that postgres-js's types leave out.
    const options: postgres.Options<Record<string, never>> & { max_pipeline: number } = {
      max: 2,
      max_pipeline: 0,
      onnotice: () => undefined,
    };
    const sql = postgres(process.env.TEST_DATABASE_URL!, options);
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          sql.begin(async (tx) => {
            const [row] = await tx<{ n: number }[]>`select ${i}::int as n`;
            const [pid] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
            const [again] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
            // Every statement of one transaction on one backend.
            expect(again?.pid).toBe(pid?.pid);
            return row?.n;
          }),
        ),
      );
      expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    } finally {
      await sql.end({ timeout: 2 });
    }
  });
});
