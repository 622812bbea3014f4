import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type DatabaseHandle } from '../../db/client.js';
import { createEphemeralPostgres } from '../../db/ephemeral-database.js';
import { auditLog } from '../../db/schema/security.js';
import { fromRoot } from '../../platform/paths.js';
import { FilesystemObjectStore } from '../../subgraphs/trajectory/images/object-store.js';
import { BACKENDS } from '../support/database.js';
import { createModelService, seedTrajectories } from '../support/model.js';

const run = promisify(execFile);

/** Every table's row count and a digest of all its rows, in a stable order. */
async function fingerprint(url: string): Promise<Record<string, { rows: number; digest: string }>> {
  const db = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const tables = await db<{ name: string }[]>`
      select format('%I.%I', schemaname, tablename) as name from pg_tables
      where schemaname in ('public', 'drizzle', 'pgboss') order by 1`;
    const out: Record<string, { rows: number; digest: string }> = {};
    for (const { name } of tables) {
      const [row] = await db.unsafe<{ rows: number; digest: string | null }[]>(
        `select count(*)::int as rows, md5(string_agg(t::text, '|' order by t::text)) as digest from ${name} t`,
      );
      out[name] = { rows: row?.rows ?? 0, digest: row?.digest ?? '' };
    }
    return out;
  } finally {
    await db.end();
  }
}

const databaseName = (handle: DatabaseHandle) => new URL(handle.location).pathname.slice(1);

describe.runIf(BACKENDS.includes('postgres'))('backups (deploy/base/backup): pg_dump, then restore into a fresh database', () => {
  const adminUrl = process.env.TEST_DATABASE_URL ?? '';
  const backupDir = mkdtempSync(join(tmpdir(), 'mi-backup-'));
  let source: DatabaseHandle;
  const restored: string[] = [];

  beforeAll(async () => {
    source = await createEphemeralPostgres(adminUrl, 'mi_backup_src');
    // Trajectories with rewards and ratings, a trained model version with its weights, audit rows.
    await seedTrajectories(source, 80);
    const model = createModelService(source);
    await model.start();
    const queued = await model.queue({ epochs: 2 }, 'MANUAL', 'backup-test');
    for await (const event of model.events.follow(queued.id)) void event;
    await model.stop();
    await source.db.insert(auditLog).values(
      Array.from({ length: 25 }, (_, i) => ({
        requestId: `backup-${i}`,
        subgraph: 'trajectory',
        operationName: 'SubmitTrajectory',
        fields: ['submitTrajectory'],
        variablesDigest: `digest-${i}`,
        outcome: 'ALLOWED' as const,
      })),
    );
  }, 180_000);
  afterAll(async () => {
    await source?.close();
    const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
    for (const name of restored) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(backupDir, { recursive: true, force: true });
  });

  const env = (database: string, extra: Record<string, string> = {}) => {
    const sourceUrl = new URL(adminUrl);
    return {
      ...process.env,
      PGHOST: sourceUrl.hostname,
      PGPORT: sourceUrl.port || '5432',
      PGUSER: decodeURIComponent(sourceUrl.username) || 'postgres',
      PGDATABASE: database,
      BACKUP_DIR: backupDir,
      ...extra,
    };
  };
  const urlOf = (database: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };
  /** A fresh, empty database to restore into (as after losing the old one). */
  const emptyDatabase = async () => {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
    const fresh = `mi_backup_dst_${Date.now()}`;
    await admin.unsafe(`create database ${fresh}`);
    restored.push(fresh);
    await admin.end();
    return fresh;
  };

  it('restores every row of every table identically, model weights and audit rows included', async () => {
    const { stdout } = await run('sh', [fromRoot('deploy', 'base', 'backup', 'backup.sh')], { env: env(databaseName(source)) });
    const dump = stdout.trim();
    expect(dump).toMatch(/medillustrator-\d{8}T\d{6}Z\.dump$/);

    const fresh = await emptyDatabase();
    const started = performance.now();
    await run('sh', [fromRoot('deploy', 'base', 'backup', 'restore.sh'), dump], { env: env(fresh) });
    const restoreMs = performance.now() - started;

    const before = await fingerprint(urlOf(databaseName(source)));
    const after = await fingerprint(urlOf(fresh));
    expect(after).toEqual(before);
    for (const table of [
      'public.trajectories',
      'public.rewards',
      'public.educator_feedback',
      'public.model_versions',
      'public.audit_log',
    ])
      expect(before[table]?.rows, table).toBeGreaterThan(0);
    const [weights] = await source.db
      .execute<{ bytes: number }>(sql`select sum(length(weights))::int as bytes from model_versions`)
      .then((r) => rowsOf<{ bytes: number }>(r));
    expect(weights?.bytes).toBeGreaterThan(100_000);
    process.stdout.write(
      `backup: ${Object.values(before).reduce((s, t) => s + t.rows, 0)} rows in ${Object.keys(before).length} tables restored in ${Math.round(restoreMs)} ms\n`,
    );
  }, 120_000);

  it('with IMAGE_DIR, the images are archived beside the dump and restored into a new folder', async () => {
    const images = mkdtempSync(join(tmpdir(), 'mi-backup-images-'));
    const store = new FilesystemObjectStore(images);
    await store.put(`images/${'ab'.repeat(32)}`, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml');
    await store.put(`thumbnails/${'ab'.repeat(32)}.png`, Buffer.from('png bytes'), 'image/png');
    const { stdout } = await run('sh', [fromRoot('deploy', 'base', 'backup', 'backup.sh')], {
      env: env(databaseName(source), { IMAGE_DIR: images }),
    });
    const [dump, archive] = stdout.trim().split('\n');
    expect(archive).toMatch(/medillustrator-\d{8}T\d{6}Z\.images\.tar$/);

    const restoredImages = mkdtempSync(join(tmpdir(), 'mi-restored-images-'));
    await run('sh', [fromRoot('deploy', 'base', 'backup', 'restore.sh'), dump ?? '', archive ?? ''], {
      env: env(await emptyDatabase(), { IMAGE_DIR: restoredImages }),
    });
    const restoredStore = new FilesystemObjectStore(restoredImages);
    expect((await restoredStore.get(`images/${'ab'.repeat(32)}`))?.toString()).toContain('<svg');
    expect((await restoredStore.get(`thumbnails/${'ab'.repeat(32)}.png`))?.toString()).toBe('png bytes');
    rmSync(images, { recursive: true, force: true });
    rmSync(restoredImages, { recursive: true, force: true });
  }, 120_000);

  it('an encrypted backup (BACKUP_RECIPIENT_CERT) is no dump without the private key, refuses an altered file, and restores with the key', async () => {
    const keyDir = mkdtempSync(join(tmpdir(), 'mi-backup-key-'));
    const cert = join(keyDir, 'backup.crt');
    const key = join(keyDir, 'backup.key');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:3072',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=mi-backup',
    ]);
    try {
      const { stdout } = await run('sh', [fromRoot('deploy', 'base', 'backup', 'backup.sh')], {
        env: env(databaseName(source), { BACKUP_RECIPIENT_CERT: cert }),
      });
      const file = stdout.trim();
      expect(file).toMatch(/medillustrator-\d{8}T\d{6}Z\.dump\.cms$/);
      // Without the key it is not a dump pg_restore can read (the custom format starts with PGDMP).
      expect(readFileSync(file).subarray(0, 5).toString('latin1')).not.toBe('PGDMP');
      await expect(run('pg_restore', ['--list', file])).rejects.toThrow();
      const withKey = { BACKUP_RECIPIENT_CERT: cert, BACKUP_PRIVATE_KEY: key };

      const altered = `${file}.altered.cms`;
      const bytes = readFileSync(file);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] ?? 0) ^ 0xff;
      writeFileSync(altered, bytes);
      const untouched = await emptyDatabase();
      await expect(
        run('sh', [fromRoot('deploy', 'base', 'backup', 'restore.sh'), altered], { env: env(untouched, withKey) }),
      ).rejects.toThrow(/altered/);
      expect((await fingerprint(urlOf(untouched)))['public.trajectories']).toBeUndefined();

      const fresh = await emptyDatabase();
      await run('sh', [fromRoot('deploy', 'base', 'backup', 'restore.sh'), file], { env: env(fresh, withKey) });
      expect(await fingerprint(urlOf(fresh))).toEqual(await fingerprint(urlOf(databaseName(source))));
    } finally {
      rmSync(keyDir, { recursive: true, force: true });
    }
  }, 120_000);
});
