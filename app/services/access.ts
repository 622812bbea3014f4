import { runStandaloneSubgraph } from '../standalone.js';
import { createAccessSubgraph } from '../../subgraphs/access/server.js';

await runStandaloneSubgraph('access', async ({ database, log, config, auditLog }) =>
  createAccessSubgraph({ db: database.db, log, isProduction: config.isProduction, auditLog, retention: config.retention }),
);
