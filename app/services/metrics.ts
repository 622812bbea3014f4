import { runStandaloneSubgraph } from '../standalone.js';
import { createMetricsSubgraph } from '../../subgraphs/metrics/server.js';

await runStandaloneSubgraph('metrics', async ({ database, log, config, auditLog }) =>
  createMetricsSubgraph({ db: database.db, auditLog, log, isProduction: config.isProduction }),
);
