import { runStandaloneSubgraph } from '../../platform/standalone.js';
import { createAccessSubgraph } from './server.js';

await runStandaloneSubgraph('access', async ({ database, log, config, auditLog }) =>
  createAccessSubgraph({ db: database.db, log, isProduction: config.isProduction, auditLog }),
);
