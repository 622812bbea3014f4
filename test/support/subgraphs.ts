import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { DatabaseHandle } from '../../db/client.js';
import { ANONYMOUS, type RequestContext } from '../../platform/request-context.js';
import type { Subgraph } from '../../platform/subgraph.js';
import { createRewardSubgraph } from '../../subgraphs/reward/server.js';
import { createTrajectorySubgraph } from '../../subgraphs/trajectory/server.js';

export const silentLog = pino({ level: 'silent' });

export const CAPTURE = {
  requiredAgents: ['medical_terms', 'blooms_taxonomy', 'cognitive_load', 'visual_analysis'],
  qualityFlagThreshold: 0.6,
  maxBatchSize: 50,
};

/** Both subgraphs wired as the platform wires them, on one test database. */
export async function createSubgraphs(database: DatabaseHandle) {
  const reward = createRewardSubgraph({ db: database.db, log: silentLog, isProduction: false });
  await reward.rewards.ensureDefaultRubric();
  const trajectory = createTrajectorySubgraph({
    db: database.db,
    log: silentLog,
    isProduction: false,
    capture: CAPTURE,
    listeners: [reward.rewards],
  });
  return { trajectory, reward };
}

export interface Result<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[];
}

/** Executes an operation against a subgraph's real schema and resolvers, as its HTTP layer would. */
export async function exec<TContext extends RequestContext, T = Record<string, unknown>>(
  subgraph: Subgraph<TContext>,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Result<T>> {
  const base: RequestContext = { requestId: randomUUID(), log: silentLog, caller: ANONYMOUS };
  const response = await subgraph.apollo.executeOperation({ query, variables }, { contextValue: subgraph.context(base) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult as Result<T>;
}
