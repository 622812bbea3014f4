import { runStandaloneSubgraph } from '../standalone.js';
import { RewardService } from '../../subgraphs/reward/reward-service.js';
import { createTrajectorySubgraph } from '../../subgraphs/trajectory/server.js';

await runStandaloneSubgraph('trajectory', async ({ database, log, config, auditLog }) => {
  // Rewards are stored in the capture transaction, so capture needs the reward ledger.
  const rewards = new RewardService(database.db);
  await rewards.ensureDefaultRubric();
  return createTrajectorySubgraph({
    db: database.db,
    auditLog,
    log,
    isProduction: config.isProduction,
    capture: config.capture,
    listeners: [rewards],
    images: config.images,
  });
});
