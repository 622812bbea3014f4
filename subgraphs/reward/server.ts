import type { Database } from '../../db/client.js';
import type { Logger } from '../../platform/logger.js';
import type { AuditLog } from '../../platform/security/audit-log.js';
import { ServiceMetrics } from '../../platform/metrics.js';
import { createSubgraphApollo, type Subgraph } from '../../platform/subgraph.js';
import { RewardMetrics } from './reward-metrics.js';
import { subgraphTypeDefs } from '../../schema/load.js';
import type { RewardContext } from './context.js';
import { createRewardLoaders } from './reward-loaders.js';
import { RewardService } from './reward-service.js';
import { resolvers } from './resolvers/index.js';

export interface RewardSubgraphDeps {
  db: Database;
  auditLog: AuditLog;
  log: Logger;
  isProduction: boolean;
  /** Ratings per rater per minute (RATINGS_PER_MINUTE). */
  ratingsPerMinute?: number;
}

export function createRewardSubgraph(deps: RewardSubgraphDeps): Subgraph<RewardContext> & { rewards: RewardService } {
  const metrics = new ServiceMetrics('reward');
  const rewards = new RewardService(deps.db, { metrics: new RewardMetrics(metrics), ratingsPerMinute: deps.ratingsPerMinute });
  return {
    name: 'reward',
    auditLog: deps.auditLog,
    rewards,
    metrics,
    apollo: createSubgraphApollo<RewardContext>({
      name: 'reward',
      typeDefs: subgraphTypeDefs('reward'),
      resolvers,
      log: deps.log,
      isProduction: deps.isProduction,
      metrics,
    }),
    context: (base) => ({ ...base, rewards, loaders: createRewardLoaders(rewards) }),
  };
}
