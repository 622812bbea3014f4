import type { Database } from '../../db/client.js';
import type { Logger } from '../../platform/logger.js';
import { ServiceMetrics } from '../../platform/metrics.js';
import { ApiKeyStore } from '../../platform/security/api-keys.js';
import type { AuditLog } from '../../platform/security/audit-log.js';
import { createSubgraphApollo, type Subgraph } from '../../platform/subgraph.js';
import { subgraphTypeDefs } from '../../schema/load.js';
import { AccessService } from './access-service.js';
import { DataLifecycle, type RetentionOptions } from './data-lifecycle.js';
import type { RemovalListener } from '../../domain/data-removal.js';
import type { AccessContext } from './context.js';
import { resolvers } from './resolvers/index.js';

export interface AccessSubgraphDeps {
  db: Database;
  log: Logger;
  isProduction: boolean;
  auditLog: AuditLog;
  /** How long trajectories and audit rows are kept (config.retention). */
  retention: RetentionOptions;
  /** Told after trajectories are deleted or erased (the Trajectory subgraph's images). */
  removalListeners?: readonly RemovalListener[];
}

export function createAccessSubgraph(
  deps: AccessSubgraphDeps,
): Subgraph<AccessContext> & { access: AccessService; lifecycle: DataLifecycle } {
  const metrics = new ServiceMetrics('access');
  const keys = new ApiKeyStore(deps.db);
  const access = new AccessService(deps.db, keys, deps.auditLog);
  const lifecycle = new DataLifecycle(deps.db, keys, deps.retention, deps.log, undefined, deps.removalListeners);
  return {
    name: 'access',
    metrics,
    access,
    lifecycle,
    start: async () => lifecycle.start(),
    stop: async () => lifecycle.stop(),
    auditLog: deps.auditLog,
    apollo: createSubgraphApollo<AccessContext>({
      name: 'access',
      typeDefs: subgraphTypeDefs('access'),
      resolvers,
      log: deps.log,
      isProduction: deps.isProduction,
      metrics,
    }),
    context: (base) => ({ ...base, access, lifecycle }),
  };
}
