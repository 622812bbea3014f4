import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationRateLimiter, type RateLimits } from '../../gateway/rate-limiter.js';
import type { Caller } from '../../platform/security/caller.js';
import { makeCertificates } from '../support/certificates.js';
import { RUNS_PGLITE } from '../support/database.js';
import { freePort } from '../support/processes.js';

const LIMITS: RateLimits = { viewer: 5, annotator: 5, ml_engineer: 5, admin: 5, anonymous: 5 };
const caller: Caller = { kind: 'api_key', keyId: 'k-1', name: 'tls test', role: 'viewer' };

/**
 * The gateway's rate budgets in a Redis that speaks TLS only (`redis-server --port 0
 * --tls-port`, certificates made here): two gateway replicas share one budget over `rediss://`;
 * a Redis whose certificate another CA signed is refused, said once, and each replica then limits
 * on its own. (Runs once, in the embedded pass: it needs no database.)
 */
describe.runIf(RUNS_PGLITE)('Redis over TLS (rediss://) for the rate limits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mi-redis-tls-'));
  const certs = makeCertificates(dir);
  let server: ChildProcess;
  let url = '';
  const limiters: OperationRateLimiter[] = [];
  const limiter = (ca: string, onError?: (err: Error) => void) => {
    const l = OperationRateLimiter.fromUrl(LIMITS, url, { caFile: ca, ...(onError ? { onError } : {}) });
    limiters.push(l);
    return l;
  };

  beforeAll(async () => {
    const port = await freePort();
    server = spawn(
      'redis-server',
      [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--tls-cert-file',
        certs.serverCert,
        '--tls-key-file',
        certs.serverKey,
        '--tls-ca-cert-file',
        certs.ca,
        '--tls-auth-clients',
        'no',
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: 'ignore' },
    );
    url = `rediss://127.0.0.1:${port}`;
    // Ready once a client with the right CA connects.
    const probe = limiter(certs.ca);
    for (const deadline = Date.now() + 10_000; !probe.shared; await new Promise((r) => setTimeout(r, 100)))
      if (Date.now() > deadline) throw new Error('redis-server with TLS did not come up');
  });
  afterAll(async () => {
    for (const l of limiters) await l.close();
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two replicas draw on one budget over a verified TLS connection', async () => {
    const [a, b] = [limiter(certs.ca), limiter(certs.ca)];
    await expect.poll(() => a.shared && b.shared, { timeout: 10_000 }).toBe(true);
    for (let i = 0; i < 5; i++) expect(await a.consume(caller, '127.0.0.1', 1)).toEqual({ allowed: true });
    const refused = await b.consume(caller, '127.0.0.1', 1);
    expect(refused.allowed).toBe(false);
  });

  it('refuses a Redis whose certificate another CA signed, says so once, and limits on its own', async () => {
    const errors: string[] = [];
    const stranger = limiter(certs.otherCa, (err) => errors.push(err.message));
    await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/certificate/i);
    // Retries keep failing the same way: told once, not once per retry.
    await new Promise((r) => setTimeout(r, 1500));
    expect(new Set(errors).size).toBe(errors.length);
    expect(stranger.shared).toBe(false);
    // The shared budget of the caller is spent (test above); this replica cannot see it.
    expect(await stranger.consume(caller, '127.0.0.1', 1)).toEqual({ allowed: true });
  });
});
