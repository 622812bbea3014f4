import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseLockedError, lockDirectory } from './embedded-lock.js';

describe('lockDirectory', () => {
  const root = mkdtempSync(join(tmpdir(), 'mi-lock-'));
  const dir = join(root, 'pglite');
  afterEach(() => rmSync(`${dir}.lock`, { force: true }));

  it('writes who holds it, refuses a second holder in the same process, and frees it on release', () => {
    const lock = lockDirectory(dir);
    const holder = JSON.parse(readFileSync(`${dir}.lock`, 'utf8')) as { pid: number };
    expect(holder.pid).toBe(process.pid);
    expect(() => lockDirectory(dir)).toThrow(DatabaseLockedError);
    lock.release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    lockDirectory(dir).release();
  });

  it('refuses while another live process holds it, naming that process and what to do instead', () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const pid = other.pid ?? 0;
      writeFileSync(
        `${dir}.lock`,
        JSON.stringify({ pid, hostname: hostname(), command: 'node app/start.ts', startedAt: '2026-12-07T10:00:00.000Z' }),
      );
      let error: unknown;
      try {
        lockDirectory(dir);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(DatabaseLockedError);
      const locked = error as DatabaseLockedError;
      expect(locked.holder.pid).toBe(pid);
      expect(locked.message).toContain(`in use by process ${pid} (node app/start.ts`);
      expect(locked.message).toContain('goes through the gateway');
      // The holder's lock is untouched.
      expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8'))).toMatchObject({ pid });
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over a lock whose holder is gone (killed, or the file cut short by a crash)', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(gone.stdout.toString());
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: deadPid, hostname: hostname(), command: 'x', startedAt: 'y' }));
    const lock = lockDirectory(dir);
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();

    writeFileSync(`${dir}.lock`, '{"pid": 12');
    lockDirectory(dir).release();
  });

  it('treats a lock written on another host as held: its pid means nothing here', () => {
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: 1, hostname: 'elsewhere', command: 'node app/start.ts', startedAt: 'y' }));
    expect(() => lockDirectory(dir)).toThrow(/in use by process 1/);
  });
});
