import { runStandaloneSubgraph } from '../../platform/standalone.js';
import { createMetricsSubgraph } from './server.js';

await runStandaloneSubgraph('metrics', async ({ database, log, config }) =>
  createMetricsSubgraph({ db: database.db, log, isProduction: config.isProduction }),
);
