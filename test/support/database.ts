import type { DatabaseHandle } from '../../db/client.js';
import { openDatabase } from '../../db/client.js';
import { createEphemeralPostgres } from '../../db/ephemeral-database.js';

export type Backend = 'pglite' | 'postgres';

/**
 * The databases this run covers. By default PGlite, plus Postgres when TEST_DATABASE_URL is set.
 * TEST_BACKENDS (a comma list) chooses explicitly: `npm run test:db` runs the database suites on
 * Postgres only, after `npm test` has run everything on PGlite.
 */
export const BACKENDS: Backend[] = backendsFrom(process.env.TEST_BACKENDS, process.env.TEST_DATABASE_URL);

/**
 * Suites that run on PGlite only because what they test does not depend on the database (the
 * browser, TLS, Prometheus, the attack matrix, the demo model's quality): they run in the PGlite
 * pass and skip in a Postgres-only pass.
 */
export const RUNS_PGLITE = BACKENDS.includes('pglite');

function backendsFrom(list: string | undefined, url: string | undefined): Backend[] {
  if (!list) return ['pglite', ...(url ? (['postgres'] as const) : [])];
  const chosen = list.split(',').map((b) => b.trim());
  const unknown = chosen.filter((b) => b !== 'pglite' && b !== 'postgres');
  if (unknown.length) throw new Error(`TEST_BACKENDS: unknown backend(s) ${unknown.join(', ')} (pglite, postgres)`);
  if (chosen.includes('postgres') && !url) throw new Error('TEST_BACKENDS includes postgres but TEST_DATABASE_URL is not set');
  return chosen as Backend[];
}

/** A fresh, migrated database: in-memory PGlite, or a new database on the TEST_DATABASE_URL server. */
export async function createTestDatabase(backend: Backend): Promise<DatabaseHandle> {
  if (backend === 'postgres') {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
    return createEphemeralPostgres(adminUrl, 'mi_test');
  }
  const handle = await openDatabase({});
  await handle.migrate();
  return handle;
}
