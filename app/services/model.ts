import { runStandaloneSubgraph } from '../standalone.js';
import { modelServiceOptions } from '../../subgraphs/model/options.js';
import { createModelSubgraph } from '../../subgraphs/model/server.js';

await runStandaloneSubgraph('model', async ({ database, log, config, auditLog }) =>
  createModelSubgraph({ database, log, isProduction: config.isProduction, auditLog, options: modelServiceOptions(config) }),
);
