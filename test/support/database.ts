import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; Postgres too when TEST_DATABASE_URL is set. */
export const BACKENDS: Backend[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];

/**
 * A fresh, migrated database: in-memory PGlite, or a new Postgres database created on the
 * TEST_DATABASE_URL server and dropped on close, so parallel test files never share rows.
 */
export async function createTestDatabase(backend: Backend): Promise<DatabaseHandle> {
  if (backend === 'pglite') {
    const handle = await openDatabase({});
    await handle.migrate();
    return handle;
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `mi_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolMax: 5 });
  await handle.migrate();
  return {
    ...handle,
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
