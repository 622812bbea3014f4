import type { DatabaseHandle } from '../../db/client.js';
import { componentLogger, type Logger } from '../../platform/logger.js';
import type { AuditLog } from '../../platform/security/audit-log.js';
import { ServiceMetrics } from '../../platform/metrics.js';
import { createSubgraphApollo, type Subgraph } from '../../platform/subgraph.js';
import { subgraphTypeDefs } from '../../schema/load.js';
import { registerBusinessGauges } from './business-gauges.js';
import { BusinessMetrics } from './business-metrics.js';
import type { MetricsContext } from './context.js';
import { MetricsService } from './metrics-service.js';
import { ReportArchive } from './report-archive.js';
import { ReportScheduler, type ReportScheduleOptions } from './report-scheduler.js';
import { resolvers } from './resolvers/index.js';

export interface MetricsSubgraphDeps {
  database: DatabaseHandle;
  auditLog: AuditLog;
  log: Logger;
  isProduction: boolean;
  reports: ReportScheduleOptions;
}

export function createMetricsSubgraph(
  deps: MetricsSubgraphDeps,
): Subgraph<MetricsContext> & { metricsService: MetricsService; reports: ReportScheduler } {
  const metrics = new ServiceMetrics('metrics');
  const figures = new BusinessMetrics(deps.database.db);
  registerBusinessGauges(metrics, figures);
  const metricsService = new MetricsService(figures);
  const reportArchive = new ReportArchive(deps.database.db);
  const reports = new ReportScheduler(
    deps.database,
    metricsService,
    reportArchive,
    deps.reports,
    componentLogger(deps.log, 'reports'),
  );
  return {
    name: 'metrics',
    auditLog: deps.auditLog,
    metrics,
    metricsService,
    reports,
    start: () => reports.start(),
    stop: () => reports.stop(),
    apollo: createSubgraphApollo<MetricsContext>({
      name: 'metrics',
      typeDefs: subgraphTypeDefs('metrics'),
      resolvers,
      log: deps.log,
      isProduction: deps.isProduction,
      metrics,
    }),
    context: (base) => ({ ...base, metricsService, reportArchive, reports }),
  };
}
