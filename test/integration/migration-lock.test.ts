import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../platform/paths.js';
import { BACKENDS } from '../support/database.js';

/** One migrator process, as a replica or the compose/Kubernetes migration job starts it. */
function migrator(url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fromRoot('scripts', 'migrate.ts')], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe.runIf(BACKENDS.includes('postgres'))('migrations when several replicas start at once', () => {
  it('five migrators on a fresh database at the same moment: all succeed, each migration applied once', async () => {
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const name = `mi_migrate_${randomBytes(5).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    try {
      const results = await Promise.all(Array.from({ length: 5 }, () => migrator(url.toString())));
      for (const r of results) expect(r.code, r.output).toBe(0);
      const journal = JSON.parse(readFileSync(fromRoot('db', 'migrations', 'meta', '_journal.json'), 'utf8')) as {
        entries: unknown[];
      };
      const db = postgres(url.toString(), { max: 1, onnotice: () => undefined });
      try {
        const [row] = await db`select count(*)::int as n from drizzle.__drizzle_migrations`;
        expect(row?.n).toBe(journal.entries.length);
        const [tables] =
          await db`select count(*)::int as n from pg_tables where schemaname = 'public' and tablename = 'trajectories'`;
        expect(tables?.n).toBe(1);
      } finally {
        await db.end();
      }
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }, 120_000);
});
