import { runStandaloneSubgraph } from '../../platform/standalone.js';
import { modelServiceOptions } from './options.js';
import { createModelSubgraph } from './server.js';

await runStandaloneSubgraph('model', async ({ database, log, config, auditLog }) =>
  createModelSubgraph({ database, log, isProduction: config.isProduction, auditLog, options: modelServiceOptions(config) }),
);
