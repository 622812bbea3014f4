import type { Database } from '../../db/client.js';
import type { Logger } from '../../platform/logger.js';
import { ServiceMetrics } from '../../platform/metrics.js';
import { ApiKeyStore } from '../../platform/security/api-keys.js';
import type { AuditLog } from '../../platform/security/audit-log.js';
import { createSubgraphApollo, type Subgraph } from '../../platform/subgraph.js';
import { subgraphTypeDefs } from '../../schema/load.js';
import { AccessService } from './access-service.js';
import type { AccessContext } from './context.js';
import { resolvers } from './resolvers/index.js';

export interface AccessSubgraphDeps {
  db: Database;
  log: Logger;
  isProduction: boolean;
  auditLog: AuditLog;
}

export function createAccessSubgraph(deps: AccessSubgraphDeps): Subgraph<AccessContext> & { access: AccessService } {
  const metrics = new ServiceMetrics('access');
  const access = new AccessService(deps.db, new ApiKeyStore(deps.db), deps.auditLog);
  return {
    name: 'access',
    metrics,
    access,
    auditLog: deps.auditLog,
    apollo: createSubgraphApollo<AccessContext>({
      name: 'access',
      typeDefs: subgraphTypeDefs('access'),
      resolvers,
      log: deps.log,
      isProduction: deps.isProduction,
      metrics,
    }),
    context: (base) => ({ ...base, access }),
  };
}
