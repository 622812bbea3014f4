import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DatabaseHandle } from '../../db/client.js';
import { createEphemeralPostgres } from '../../db/ephemeral-database.js';
import { SUBGRAPH_NAMES } from '../../platform/subgraph-catalog.js';
import { BACKENDS } from '../support/database.js';
import { post, TEST_ADMIN_KEY } from '../support/graphql-client.js';
import { makeCertificates } from '../support/certificates.js';
import { ServiceProcesses } from '../support/processes.js';

describe.runIf(BACKENDS.includes('postgres'))('mutual TLS between the gateway and the subgraphs', () => {
  let database: DatabaseHandle;
  let services: ServiceProcesses;
  let dir: string;
  let certs: ReturnType<typeof makeCertificates>;
  let gatewayUrl = '';
  let strangerUrl = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mi-tls-'));
    certs = makeCertificates(dir);
    database = await createEphemeralPostgres(process.env.TEST_DATABASE_URL!, 'mi_tls');
    services = await ServiceProcesses.create(database.location, {
      RATE_LIMIT_ADMIN: '10000000',
      CIRCUIT_COOLDOWN_MS: '1000',
      SUBGRAPH_TLS_CERT_FILE: certs.serverCert,
      SUBGRAPH_TLS_KEY_FILE: certs.serverKey,
      SUBGRAPH_TLS_CLIENT_CA_FILE: certs.ca,
      SUBGRAPH_CA_FILE: certs.ca,
      SUBGRAPH_CLIENT_CERT_FILE: certs.clientCert,
      SUBGRAPH_CLIENT_KEY_FILE: certs.clientKey,
    });
    await Promise.all(SUBGRAPH_NAMES.map((n) => services.start(n)));
    // The URLs ServiceProcesses made say http; these subgraphs speak https only.
    const https = Object.fromEntries(
      SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_URL`, `https://127.0.0.1:${services.ports[n]}/graphql`]),
    );
    gatewayUrl = `http://127.0.0.1:${await services.startReplica('gateway', 'trusting', https)}/graphql`;
    // A gateway that trusts another CA and holds that CA's certificate: the subgraphs are strangers to it, and it to them.
    const strangerPort = await services.startReplica('gateway', 'stranger', {
      ...https,
      SUBGRAPH_CA_FILE: certs.otherCa,
      SUBGRAPH_CLIENT_CERT_FILE: certs.otherCa,
      SUBGRAPH_CLIENT_KEY_FILE: certs.otherKey,
      // No core subgraphs, so it starts (degraded) although it can reach none of them.
      CORE_SUBGRAPHS: '',
    });
    strangerUrl = `http://127.0.0.1:${strangerPort}/graphql`;
  }, 180_000);
  afterAll(async () => {
    await services?.stopAll();
    await database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('queries across three subgraphs and a subscription work over mutual TLS', async () => {
    const res = await post<{ trajectories: { totalCount: number }; modelRuntime: { backend: string }; rubrics: unknown[] }>(
      gatewayUrl,
      '{ trajectories(first: 1) { totalCount } modelRuntime { backend } rubrics { version } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.rubrics.length).toBeGreaterThan(0);
    expect(res.body.data?.modelRuntime.backend).toBeTruthy();
    const ready = await fetch(new URL('/_readiness', gatewayUrl));
    expect(ready.status).toBe(200);

    // A subscription is forwarded to the Model subgraph over WSS with the client certificate.
    const client = createClient({
      url: gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
      retryAttempts: 0,
    });
    const outcome = await new Promise<string>((resolve) => {
      client.subscribe(
        { query: 'subscription { trainingProgress(runId: "00000000-0000-4000-8000-000000000000") { sequence } }' },
        {
          next: (value) => resolve(JSON.stringify(value)),
          error: (e) => resolve(String((e as { message?: string }[])[0]?.message ?? (e as Error).message ?? e)),
          complete: () => resolve('complete'),
        },
      );
    });
    await client.dispose();
    // An unknown run is NOT_FOUND from the Model subgraph: the subscription reached it.
    expect(outcome).toMatch(/not found|NOT_FOUND|No training run/i);
  });

  it('a subgraph refuses plain HTTP and clients without a certificate; a gateway that does not trust the CA gets nothing', async () => {
    const port = services.ports.trajectory;
    await expect(fetch(`http://127.0.0.1:${port}/_health`)).rejects.toThrow();
    const noCertificate = new Agent({ connect: { ca: readFileSync(certs.ca) } });
    await expect(request(`https://127.0.0.1:${port}/_health`, { dispatcher: noCertificate })).rejects.toThrow();

    const res = await post<{ trajectories: unknown }>(strangerUrl, '{ trajectories(first: 1) { totalCount } }');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    const readiness = (await (await fetch(new URL('/_readiness', strangerUrl))).json()) as { status: string; down: string[] };
    expect(readiness.status).toBe('degraded');
    expect(readiness.down).toEqual(expect.arrayContaining([...SUBGRAPH_NAMES]));
  });
});
