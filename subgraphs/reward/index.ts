import { runStandaloneSubgraph } from '../../platform/standalone.js';
import { createRewardSubgraph } from './server.js';

await runStandaloneSubgraph('reward', async ({ database, log, config }) => {
  const subgraph = createRewardSubgraph({ db: database.db, log, isProduction: config.isProduction });
  await subgraph.rewards.ensureDefaultRubric();
  return subgraph;
});
