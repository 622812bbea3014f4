import { runStandaloneSubgraph } from '../../platform/standalone.js';
import { createMetricsSubgraph } from './server.js';

await runStandaloneSubgraph('metrics', async ({ database, log, config, auditLog }) =>
  createMetricsSubgraph({ db: database.db, auditLog, log, isProduction: config.isProduction }),
);
