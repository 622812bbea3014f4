import { runStandaloneSubgraph } from '../standalone.js';
import { createMetricsSubgraph } from '../../subgraphs/metrics/server.js';

await runStandaloneSubgraph('metrics', async ({ database, log, config, auditLog }) =>
  createMetricsSubgraph({ database, auditLog, log, isProduction: config.isProduction, reports: config.reports }),
);
