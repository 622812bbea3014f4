import { runStandaloneSubgraph } from '../standalone.js';
import { createRewardSubgraph } from '../../subgraphs/reward/server.js';

await runStandaloneSubgraph('reward', async ({ database, log, config, auditLog }) => {
  const subgraph = createRewardSubgraph({
    db: database.db,
    auditLog,
    log,
    isProduction: config.isProduction,
    ratingsPerMinute: config.ratingsPerMinute,
  });
  await subgraph.rewards.ensureDefaultRubric();
  return subgraph;
});
