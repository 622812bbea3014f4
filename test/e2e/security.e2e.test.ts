import { count } from 'drizzle-orm';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { auditLog } from '../../db/schema/security.js';
import { trajectories } from '../../db/schema/trajectory.js';
import { startPlatform, type RunningPlatform } from '../../app/platform.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import { IDENTITY_HEADER, IdentityTokens } from '../../platform/security/identity.js';
import { ROOT_PERMISSIONS, rootTable, type RootKind } from '../../platform/security/permissions.js';
import type { SubgraphName } from '../../platform/subgraph-catalog.js';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ROLES, roleAtLeast, type Role } from '../../platform/security/roles.js';
import { readCommittedComposition } from '../../schema/load.js';
import { createTestDatabase, RUNS_PGLITE } from '../support/database.js';
import { post, TEST_ADMIN_KEY } from '../support/graphql-client.js';

const api = buildSchema(readCommittedComposition().apiSdl);
const IDENTITY_SECRET = 'e2e-identity-secret-0123456789abcdefghijkl';

/** The lowest role the permissions module allows for a root field, whichever subgraph owns it. */
function requiredRole(kind: RootKind, field: string): Role | undefined {
  for (const subgraph of Object.keys(ROOT_PERMISSIONS) as SubgraphName[]) {
    const role = rootTable(subgraph, kind)[field];
    if (role) return role;
  }
  return undefined;
}

/** A syntactically valid value for any input type, so every root field can be called. */
function dummy(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return dummy(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]?.value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields()).flatMap((f) => (isNonNullType(f.type) ? [[f.name, dummy(f.type)]] : [])),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return 1;
      case 'Float':
        return 0.5;
      case 'Boolean':
        return false;
      case 'ID':
        return '00000000-0000-4000-8000-000000000000';
      case 'DateTime':
        return '2026-11-01T00:00:00Z';
      case 'JSON':
        return {};
      default:
        return 'x';
    }
  }
  throw new Error(`no dummy for ${String(type)}`);
}

function operationFor(kind: RootKind, field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type));
  const decl = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const query = `${kind.toLowerCase()} Probe_${field.name}${decl ? `(${decl})` : ''} { ${field.name}${call ? `(${call})` : ''}${selection} }`;
  return { query, variables: Object.fromEntries(args.map((a) => [a.name, dummy(a.type)])) };
}

describe.runIf(RUNS_PGLITE)('security, as an attacker would try it', () => {
  let database: DatabaseHandle;
  let platform: RunningPlatform;
  const keys = {} as Record<Role, string>;
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const rows = async () => ({
    audit: (await database.db.select({ n: count() }).from(auditLog))[0]?.n ?? 0,
    trajectories: (await database.db.select({ n: count() }).from(trajectories))[0]?.n ?? 0,
  });
  const noStack = (body: unknown) => expect(JSON.stringify(body)).not.toMatch(/stacktrace|\.ts:\d+|at [A-Za-z]+ \(/);

  /** How far ahead of real time the gateway's clock runs (key expiry). */
  let clockAheadMs = 0;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const config = loadConfig({
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      IDENTITY_SECRET,
      API_KEY_CACHE_TTL_MS: '0',
      RATE_LIMIT_VIEWER: '400',
      RATE_LIMIT_ANONYMOUS: '30',
      ...EPHEMERAL_PORTS,
      DEMO_TRAJECTORIES: '10',
      TRAIN_ON_START: 'false',
    });
    platform = await startPlatform(config, pino({ level: 'silent' }), {
      database,
      clock: () => new Date(Date.now() + clockAheadMs),
    });
    for (const role of ROLES) {
      const res = await post<{ createApiKey: { secret: string } }>(
        platform.gatewayUrl,
        'mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { role } } }',
        { i: { name: `matrix-${role}`, role: role.toUpperCase() } },
      );
      keys[role] = res.body.data!.createApiKey.secret;
    }
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  it('no key, a made-up key, a revoked key and an expired key all get 401 UNAUTHENTICATED', async () => {
    const q = '{ me { role } }';
    const expect401 = async (headers: Record<string, string>) => {
      const res = await post(platform.gatewayUrl, q, {}, headers);
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      noStack(res.body);
    };
    await expect401({ authorization: '' });
    await expect401(bearer('mi_000000000000_not-a-real-key-at-all-0000000000000000000'));
    await expect401({ authorization: '', 'x-api-key': 'guess' });

    const created = await post<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      platform.gatewayUrl,
      'mutation { createApiKey(input: { name: "to-revoke", role: VIEWER }) { secret apiKey { id } } }',
    );
    const { secret, apiKey } = created.body.data!.createApiKey;
    expect((await post(platform.gatewayUrl, q, {}, bearer(secret))).status).toBe(200);
    await post(platform.gatewayUrl, 'mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id });
    await expect401(bearer(secret));

    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const expiring = await post<{ createApiKey: { secret: string } }>(
      platform.gatewayUrl,
      'mutation ($e: DateTime) { createApiKey(input: { name: "short-lived", role: VIEWER, expiresAt: $e }) { secret } }',
      { e: soon },
    );
    const shortLived = expiring.body.data!.createApiKey.secret;
    expect((await post(platform.gatewayUrl, q, {}, bearer(shortLived))).status).toBe(200);
    clockAheadMs = 3_600_001; // the gateway's clock passes the expiry; no real waiting
    try {
      await expect401(bearer(shortLived));
      expect((await post(platform.gatewayUrl, q, {}, bearer(keys.viewer))).status).toBe(200);
    } finally {
      clockAheadMs = 0;
    }
  });

  it('every root field has a rule, and each role gets exactly what the matrix says (generated from the schema)', async () => {
    const checked: string[] = [];
    for (const kind of ['Query', 'Mutation'] as const) {
      const type = kind === 'Query' ? api.getQueryType() : api.getMutationType();
      for (const field of Object.values(type?.getFields() ?? {})) {
        const required = requiredRole(kind, field.name);
        expect(required, `${kind}.${field.name} has no rule in platform/security/permissions.ts`).toBeDefined();
        const { query, variables } = operationFor(kind, field);
        for (const role of ROLES) {
          const res = await post(platform.gatewayUrl, query, variables, bearer(keys[role]));
          noStack(res.body);
          const forbidden = (res.body.errors ?? []).some((e) => e.extensions?.code === 'FORBIDDEN');
          expect(forbidden, `${role} → ${kind}.${field.name} (needs ${required}): ${JSON.stringify(res.body.errors)}`).toBe(
            !roleAtLeast(role, required!),
          );
        }
        checked.push(`${kind}.${field.name}`);
      }
    }
    expect(checked.length).toBeGreaterThan(20);
  });

  it('mutations leave audit rows: ALLOWED in the change’s transaction, DENIED when forbidden', async () => {
    const allowedId = `audit-allowed-${Date.now()}`;
    const deniedId = `audit-denied-${Date.now()}`;
    await post(
      platform.gatewayUrl,
      'mutation Grant { createApiKey(input: { name: "audited", role: VIEWER }) { secret } }',
      {},
      { 'x-request-id': allowedId },
    );
    await post(
      platform.gatewayUrl,
      'mutation Sneak { createApiKey(input: { name: "sneaky", role: ADMIN }) { secret } }',
      {},
      { ...bearer(keys.viewer), 'x-request-id': deniedId },
    );
    const log = await post<{
      auditLog: {
        edges: { node: { requestId: string; outcome: string; operationName: string; role: string; fields: string[] } }[];
      };
    }>(platform.gatewayUrl, '{ auditLog(first: 100) { edges { node { requestId outcome operationName role fields } } } }');
    const byId = new Map(log.body.data!.auditLog.edges.map((e) => [e.node.requestId, e.node]));
    expect(byId.get(allowedId)).toMatchObject({
      outcome: 'ALLOWED',
      operationName: 'Grant',
      role: 'ADMIN',
      fields: ['createApiKey'],
    });
    expect(byId.get(deniedId)).toMatchObject({ outcome: 'DENIED', operationName: 'Sneak', role: 'VIEWER' });
    const viewerLog = await post(platform.gatewayUrl, '{ auditLog(first: 1) { totalCount } }', {}, bearer(keys.viewer));
    expect(viewerLog.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('subgraphs refuse callers without the gateway’s signature: none, forged, or signed with another secret', async () => {
    const before = await rows();
    const url = platform.subgraphUrls.trajectory;
    const mutation = 'mutation { submitTrajectories(inputs: []) { acceptedCount } }';
    const caller = {
      kind: 'api_key' as const,
      keyId: '00000000-0000-4000-8000-000000000009',
      name: 'mallory',
      role: 'admin' as const,
    };
    const forgedElsewhere = await new IdentityTokens('some-other-secret-that-is-long-enough-000').sign(caller);
    const legit = await new IdentityTokens(IDENTITY_SECRET).sign(caller);
    const attempts: Record<string, string>[] = [
      { authorization: '' },
      { authorization: `Bearer ${TEST_ADMIN_KEY}` },
      { [IDENTITY_HEADER]: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.' },
      { [IDENTITY_HEADER]: forgedElsewhere },
      { [IDENTITY_HEADER]: legit.slice(0, -3) + 'abc' },
    ];
    for (const headers of attempts) {
      const res = await post(url, mutation, {}, { authorization: '', ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    // The real signature is accepted (the gateway's path), proving the check is not just "deny all".
    const ok = await post(url, '{ trajectories(first: 1) { totalCount } }', {}, { authorization: '', [IDENTITY_HEADER]: legit });
    expect(ok.status).toBe(200);
    expect(await rows()).toEqual(before);
  });

  it('hostile documents are refused before execution: depth 20, 100 aliases, 5,000 tokens; no rows written', async () => {
    const before = await rows();
    let nested = 'id';
    for (let i = 0; i < 20; i++) nested = `__typename x${i}: trajectory(id: "1") { ${nested} }`.replace(/^__typename /, '');
    const cases: [string, string][] = [
      ['depth 20', `{ ${nested} }`],
      ['100 aliases', `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: captureStatistics { accepted }`).join(' ')} }`],
      ['5,000 tokens', `{ trajectories(first: 1) { totalCount ${'__typename '.repeat(5000)} } }`],
    ];
    for (const [name, query] of cases) {
      const res = await post(platform.gatewayUrl, query);
      expect(res.body.data ?? null, name).toBeNull();
      const code = res.body.errors?.[0]?.extensions?.code;
      expect(
        ['QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'],
        `${name}: ${JSON.stringify(res.body.errors?.[0])}`,
      ).toContain(code);
      expect(res.body.errors?.[0]?.message, name).toMatch(/depth|alias|token/i);
      noStack(res.body);
    }
    expect(await rows()).toEqual(before);
  });

  describe('over WebSocket (graphql-ws on the same /graphql path)', () => {
    /** Subscribes once; resolves with the results, or the close code / error list that ended it. */
    const subscribeOnce = async (
      url: string,
      connectionParams: Record<string, unknown>,
      query: string,
      variables: Record<string, unknown> = {},
    ) => {
      const client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams,
        retryAttempts: 0,
        lazy: true,
      });
      const results: { data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }[] = [];
      try {
        for await (const r of client.iterate({ query, variables })) results.push(r);
        return { results, closeCode: null as number | null, errors: [] as { extensions?: Record<string, unknown> }[] };
      } catch (err) {
        if (Array.isArray(err)) return { results, closeCode: null, errors: err as { extensions?: Record<string, unknown> }[] };
        return { results, closeCode: (err as { code?: number }).code ?? -1, errors: [] };
      } finally {
        await client.dispose();
      }
    };
    const codes = (r: Awaited<ReturnType<typeof subscribeOnce>>) => [
      ...r.errors.map((e) => e.extensions?.code),
      ...r.results.flatMap((x) => (x.errors ?? []).map((e) => e.extensions?.code)),
    ];
    const PROBE_RUN = { runId: '00000000-0000-4000-8000-000000000000' };

    it('no key, a made-up key or a key in the wrong place: the socket is closed with 4403, nothing runs', async () => {
      const q = 'subscription ($runId: ID!) { trainingProgress(runId: $runId) { sequence } }';
      for (const params of [
        {},
        { authorization: 'Bearer mi_000000000000_not-a-real-key-at-all-0000000000000000000' },
        { token: keys.viewer },
      ]) {
        expect((await subscribeOnce(platform.gatewayUrl, params, q, PROBE_RUN)).closeCode).toBe(4403);
      }
    });

    it('every subscription root field × every role gets what the matrix says (generated from the schema)', async () => {
      const fields = Object.values(api.getSubscriptionType()?.getFields() ?? {});
      expect(fields.length).toBeGreaterThan(0);
      for (const field of fields) {
        const required = requiredRole('Subscription', field.name);
        expect(required, `Subscription.${field.name} has no rule`).toBeDefined();
        const { query, variables } = operationFor('Subscription', field);
        for (const role of ROLES) {
          const r = await subscribeOnce(platform.gatewayUrl, bearer(keys[role]), query, variables);
          expect(r.closeCode).toBeNull();
          expect(codes(r).includes('FORBIDDEN'), `${role} → Subscription.${field.name}: ${JSON.stringify(codes(r))}`).toBe(
            !roleAtLeast(role, required!),
          );
        }
      }
    });

    it('queries and mutations are refused over WebSocket; hostile documents get the HTTP limits', async () => {
      const viewer = bearer(keys.viewer);
      expect(codes(await subscribeOnce(platform.gatewayUrl, viewer, '{ me { role } }'))).toEqual(['BAD_REQUEST']);
      const deep = `subscription ($runId: ID!) { trainingProgress(runId: $runId) { ${'run { modelVersion { run { '.repeat(7)} id ${'} } } '.repeat(7)} } }`;
      expect(codes(await subscribeOnce(platform.gatewayUrl, viewer, deep, PROBE_RUN))).toContain('QUERY_TOO_COMPLEX');
      const aliases = `subscription ($runId: ID!) { trainingProgress(runId: $runId) { ${Array.from({ length: 100 }, (_, i) => `a${i}: sequence`).join(' ')} } }`;
      expect(codes(await subscribeOnce(platform.gatewayUrl, viewer, aliases, PROBE_RUN))).toContain('QUERY_TOO_COMPLEX');
    });

    it('the Model subgraph’s own socket refuses connections without the gateway’s signature', async () => {
      const q = 'subscription ($runId: ID!) { trainingProgress(runId: $runId) { sequence } }';
      const caller = {
        kind: 'api_key' as const,
        keyId: '00000000-0000-4000-8000-000000000009',
        name: 'forger',
        role: 'admin' as const,
      };
      const forged = await new IdentityTokens('some-other-secret-that-is-long-enough-000').sign(caller);
      const url = platform.subgraphUrls.model;
      expect((await subscribeOnce(url, {}, q, PROBE_RUN)).closeCode).toBe(4403);
      expect((await subscribeOnce(url, { identity: forged }, q, PROBE_RUN)).closeCode).toBe(4403);
      expect((await subscribeOnce(url, { identity: 'not.a.jwt' }, q, PROBE_RUN)).closeCode).toBe(4403);
      // The real signature gets through (and the unknown run is a coded NOT_FOUND, not a crash).
      const genuine = await new IdentityTokens(IDENTITY_SECRET).sign(caller);
      expect(codes(await subscribeOnce(url, { identity: genuine }, q, PROBE_RUN))).toEqual(['NOT_FOUND']);
    });
  });

  it('a 10 MB body gets 413, before authentication and without a row', async () => {
    const before = await rows();
    const res = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(10 * 1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect(await rows()).toEqual(before);
  });

  it('over the budget: 429 with Retry-After and RATE_LIMITED, per key and per address without one', async () => {
    const created = await post<{ createApiKey: { secret: string } }>(
      platform.gatewayUrl,
      'mutation { createApiKey(input: { name: "greedy", role: VIEWER }) { secret } }',
    );
    const greedy = created.body.data!.createApiKey.secret;
    let limited: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 300 && !limited; i++) {
      const res = await post(platform.gatewayUrl, '{ trajectories(first: 10) { edges { node { id } } } }', {}, bearer(greedy));
      if (res.status === 429) limited = res;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    noStack(limited?.body);
    // another key is unaffected
    expect((await post(platform.gatewayUrl, '{ me { role } }', {}, bearer(keys.viewer))).status).toBe(200);

    let anonymous: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 100 && !anonymous; i++) {
      const res = await post(platform.gatewayUrl, '{ me { role } }', {}, { authorization: '' });
      if (res.status === 429) anonymous = res;
    }
    expect(anonymous?.status).toBe(429);
    expect(anonymous?.headers.get('retry-after')).toBeTruthy();
  });
});
