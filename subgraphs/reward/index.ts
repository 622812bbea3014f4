import { runStandaloneSubgraph } from '../../platform/standalone.js';
import { createRewardSubgraph } from './server.js';

await runStandaloneSubgraph('reward', async ({ database, log, config, auditLog }) => {
  const subgraph = createRewardSubgraph({ db: database.db, auditLog, log, isProduction: config.isProduction });
  await subgraph.rewards.ensureDefaultRubric();
  return subgraph;
});
