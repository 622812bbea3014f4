import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { DatabaseHandle } from '../../db/client.js';
import type { Caller } from '../../platform/security/caller.js';
import type { RequestContext } from '../../platform/request-context.js';
import { AuditLog } from '../../platform/security/audit-log.js';
import { ROLES, type Role } from '../../platform/security/roles.js';
import type { Subgraph } from '../../platform/subgraph.js';
import { createRewardSubgraph } from '../../subgraphs/reward/server.js';
import { createTrajectorySubgraph } from '../../subgraphs/trajectory/server.js';

export const silentLog = pino({ level: 'silent' });

export const CAPTURE = {
  requiredAgents: ['medical_terms', 'blooms_taxonomy', 'cognitive_load', 'visual_analysis'],
  qualityFlagThreshold: 0.6,
  maxBatchSize: 50,
  groupCommit: { maxItems: 100, maxInFlight: 2 },
};

/** A caller with a role, as the gateway's signed identity would describe it: one key per role. */
export const callerWith = (role: Role): Caller => ({
  kind: 'api_key',
  keyId: `00000000-0000-4000-8000-00000000000${ROLES.indexOf(role) + 1}`,
  name: `test-${role}`,
  role,
});

/** The identity records carry when a test captures or rates without going through GraphQL. */
export const TEST_IDENTITY = { id: 'test:direct', name: 'test (direct call)' };

/** Images in a folder of their own per test file, with no fetching by URL. */
export function testImageSettings() {
  return {
    store: {
      store: 'filesystem' as const,
      dir: mkdtempSync(join(tmpdir(), 'mi-images-')),
      s3: {
        endpoint: undefined,
        region: 'us-east-1',
        bucket: 'b',
        accessKeyId: undefined,
        secretAccessKey: undefined,
        forcePathStyle: true,
      },
    },
    maxBytes: 1024 * 1024,
    fetchOrigins: [],
    fetchTimeoutMs: 5000,
  };
}

/** Both subgraphs wired as the platform wires them, on one test database. */
export async function createSubgraphs(database: DatabaseHandle) {
  const auditLog = new AuditLog(database.db);
  const reward = createRewardSubgraph({ db: database.db, auditLog, log: silentLog, isProduction: false });
  await reward.rewards.ensureDefaultRubric();
  const trajectory = createTrajectorySubgraph({
    db: database.db,
    auditLog,
    log: silentLog,
    isProduction: false,
    capture: CAPTURE,
    listeners: [reward.rewards],
    images: testImageSettings(),
  });
  return { trajectory, reward, auditLog };
}

export interface Result<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[];
}

/**
 * Executes an operation against a subgraph's real schema, permissions and resolvers, as its
 * HTTP layer would after verifying the gateway's identity (admin unless a role is given).
 */
export async function exec<TContext extends RequestContext, T = Record<string, unknown>>(
  subgraph: Subgraph<TContext>,
  query: string,
  variables: Record<string, unknown> = {},
  role: Role = 'admin',
): Promise<Result<T>> {
  const requestId = randomUUID();
  const caller = callerWith(role);
  const base: RequestContext = {
    requestId,
    log: silentLog,
    caller,
    audit: subgraph.auditLog.forRequest(subgraph.name, requestId, caller),
  };
  const response = await subgraph.apollo.executeOperation({ query, variables }, { contextValue: subgraph.context(base) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult as Result<T>;
}
