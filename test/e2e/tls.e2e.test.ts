import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { startPlatform, type RunningPlatform } from '../../app/platform.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import { createTestDatabase, RUNS_PGLITE } from '../support/database.js';
import { TEST_ADMIN_KEY } from '../support/graphql-client.js';

/** This suite also runs the platform as in production: introspection for admins only. */
describe.runIf(RUNS_PGLITE)('TLS on the gateway, production mode', () => {
  let dir: string;
  let database: DatabaseHandle;
  let platform: RunningPlatform;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mi-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    database = await createTestDatabase('pglite');
    const config = loadConfig({
      NODE_ENV: 'production',
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      TLS_CERT_FILE: join(dir, 'cert.pem'),
      TLS_KEY_FILE: join(dir, 'key.pem'),
      ...EPHEMERAL_PORTS,
      SEED_DEMO: 'false',
    });
    platform = await startPlatform(config, pino({ level: 'silent' }), { database });
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const https = (query: string, key = TEST_ADMIN_KEY) =>
    new Promise<{ data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] }>((resolve, reject) => {
      const req = request(
        platform.gatewayUrl,
        {
          method: 'POST',
          ca: readFileSync(join(dir, 'cert.pem')),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        },
        (res) => {
          let data = '';
          res.on('data', (c: Buffer) => (data += c.toString()));
          res.on('end', () => resolve(JSON.parse(data)));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ query }));
    });

  it('serves GraphQL over HTTPS with the configured certificate', async () => {
    expect(platform.gatewayUrl).toMatch(/^https:\/\//);
    expect(await https('{ me { role } }')).toEqual({ data: { me: { role: 'ADMIN' } } });
  });

  it('in production, only admin keys may introspect', async () => {
    const created = await https('mutation { createApiKey(input: { name: "v", role: VIEWER }) { secret } }');
    const viewer = (created.data?.createApiKey as { secret: string }).secret;
    expect((await https('{ __schema { queryType { name } } }', viewer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await https('{ __schema { queryType { name } } }')).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('refuses half a TLS configuration at start', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: '/x.pem' })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE/);
  });
});
