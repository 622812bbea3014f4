import type { Database } from '../../db/client.js';
import type { Logger } from '../../platform/logger.js';
import type { AuditLog } from '../../platform/security/audit-log.js';
import { ServiceMetrics } from '../../platform/metrics.js';
import { createSubgraphApollo, type Subgraph } from '../../platform/subgraph.js';
import { subgraphTypeDefs } from '../../schema/load.js';
import { registerBusinessGauges } from './business-gauges.js';
import { BusinessMetrics } from './business-metrics.js';
import type { MetricsContext } from './context.js';
import { MetricsService } from './metrics-service.js';
import { resolvers } from './resolvers/index.js';

export interface MetricsSubgraphDeps {
  db: Database;
  auditLog: AuditLog;
  log: Logger;
  isProduction: boolean;
}

export function createMetricsSubgraph(deps: MetricsSubgraphDeps): Subgraph<MetricsContext> & { metricsService: MetricsService } {
  const metrics = new ServiceMetrics('metrics');
  const figures = new BusinessMetrics(deps.db);
  registerBusinessGauges(metrics, figures);
  const metricsService = new MetricsService(figures);
  return {
    name: 'metrics',
    auditLog: deps.auditLog,
    metrics,
    metricsService,
    apollo: createSubgraphApollo<MetricsContext>({
      name: 'metrics',
      typeDefs: subgraphTypeDefs('metrics'),
      resolvers,
      log: deps.log,
      isProduction: deps.isProduction,
      metrics,
    }),
    context: (base) => ({ ...base, metricsService }),
  };
}
