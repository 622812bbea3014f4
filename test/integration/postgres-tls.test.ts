import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseTlsError, openDatabase, rowsOf } from '../../db/client.js';
import { makeCertificates } from '../support/certificates.js';
import { BACKENDS } from '../support/database.js';
import { createModelService, seedTrajectories } from '../support/model.js';
import { ThrowawayPostgres } from '../support/throwaway-postgres.js';

/**
 * Encryption in transit to Postgres, verified: a cluster of the test's own with `ssl = on` and a
 * certificate for 127.0.0.1 signed by a CA made here; the platform connects with
 * `sslmode=verify-full&sslrootcert=<that CA>` (postgres-js for queries and migrations,
 * node-postgres for the job queue), and refuses a server its CA did not sign.
 */
describe.runIf(BACKENDS.includes('postgres'))('Postgres over TLS (sslmode=verify-full)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mi-pg-tls-'));
  const certs = makeCertificates(dir);
  let cluster: ThrowawayPostgres;
  const url = (ca: string, mode = 'verify-full') => `${cluster.url}?sslmode=${mode}&sslrootcert=${encodeURIComponent(ca)}`;

  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create({ tls: { certFile: certs.serverCert, keyFile: certs.serverKey } });
  }, 60_000);
  afterAll(() => {
    cluster?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates, captures and trains over a verified TLS connection', async () => {
    const database = await openDatabase({ url: url(certs.ca), poolMax: 2 });
    try {
      await database.migrate();
      const [tls] = rowsOf<{ ssl: boolean; version: string }>(
        await database.db.execute(sql`select ssl, version from pg_stat_ssl where pid = pg_backend_pid()`),
      );
      expect(tls?.ssl).toBe(true);
      expect(tls?.version).toMatch(/^TLSv1\.[23]$/);
      expect(await seedTrajectories(database, 60)).toHaveLength(60);
      // Training goes through the job queue (pg-boss on node-postgres, its own TLS connections).
      const model = createModelService(database);
      await model.start();
      try {
        const run = await model.queue({ epochs: 2 }, 'MANUAL', 'tls-test');
        for await (const event of model.events.follow(run.id)) void event;
        expect((await model.runs.get(run.id))?.status).toBe('COMPLETED');
      } finally {
        await model.stop();
      }
    } finally {
      await database.close();
    }
  }, 120_000);

  it('refuses, at start, a server whose certificate another CA signed, saying so', async () => {
    const database = await openDatabase({ url: url(certs.otherCa), poolMax: 1 });
    try {
      const failure = await database.migrate().then(
        () => null,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(DatabaseTlsError);
      expect((failure as Error).message).toMatch(
        /^Postgres at postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres failed the TLS check \(/,
      );
      expect((failure as Error).message).toMatch(/sslrootcert/);
    } finally {
      await database.close();
    }
  });
});
