import type { DatabaseHandle } from '../../db/client.js';
import { openDatabase } from '../../db/client.js';
import { createEphemeralPostgres } from '../../db/ephemeral-database.js';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; Postgres too when TEST_DATABASE_URL is set. */
export const BACKENDS: Backend[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];

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
