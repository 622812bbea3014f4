import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { seedDemoData, type SeedResult } from '../demo/seed.js';
import { createGateway } from '../gateway/gateway.js';
import { readCommittedComposition } from '../schema/load.js';
import { createRewardSubgraph } from '../subgraphs/reward/server.js';
import { createTrajectorySubgraph } from '../subgraphs/trajectory/server.js';
import { TrajectoryCapture } from '../subgraphs/trajectory/trajectory-capture.js';
import { createMetricsSubgraph } from '../subgraphs/metrics/server.js';
import type { Config, SubgraphName } from './config.js';
import type { GraphQLHttpService } from './graphql-http.js';
import type { Logger } from './logger.js';
import type { RequestContext } from './request-context.js';
import { serveSubgraph, type Subgraph } from './subgraph.js';

export interface RunningPlatform {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  database: DatabaseHandle;
  seeded: SeedResult | null;
  stop(): Promise<void>;
}

/**
 * The whole platform in one process: one database (PGlite or Postgres), both subgraphs on
 * their own ports, and the gateway in front. Each piece can also run alone (see subgraphs/NAME/index.ts and gateway/index.ts).
 */
export async function startPlatform(
  config: Config,
  log: Logger,
  options: { database?: DatabaseHandle } = {},
): Promise<RunningPlatform> {
  const database =
    options.database ?? (await openDatabase({ url: config.db.url, dataDir: config.db.dataDir, poolMax: config.db.poolMax }));
  log.info({ kind: database.kind, location: database.location }, 'database opened');
  await database.migrate();
  log.info('migrations applied');

  const reward = createRewardSubgraph({
    db: database.db,
    log: log.child({ component: 'reward' }),
    isProduction: config.isProduction,
  });
  await reward.rewards.ensureDefaultRubric();
  const trajectory = createTrajectorySubgraph({
    db: database.db,
    log: log.child({ component: 'trajectory' }),
    isProduction: config.isProduction,
    capture: config.capture,
    listeners: [reward.rewards],
  });

  const metricsSubgraph = createMetricsSubgraph({
    db: database.db,
    log: log.child({ component: 'metrics' }),
    isProduction: config.isProduction,
  });

  const started: GraphQLHttpService[] = [];
  const host = config.http.host;
  const ready = async () => {
    await database.ping();
    return true;
  };
  const urlOf = (port: number) => `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/graphql`;
  const serve = async <T extends RequestContext>(sub: Subgraph<T>, port: number) => {
    const http = await serveSubgraph(sub, {
      log: log.child({ component: sub.name }),
      bodyLimitBytes: config.http.bodyLimitBytes,
      ready,
    });
    started.push(http);
    return urlOf(await http.listen(port, host));
  };
  const subgraphUrls = {
    trajectory: await serve(trajectory, config.subgraphPorts.trajectory),
    reward: await serve(reward, config.subgraphPorts.reward),
    metrics: await serve(metricsSubgraph, config.subgraphPorts.metrics),
  };

  const gateway = await createGateway({
    supergraphSdl: readCommittedComposition().supergraphSdl,
    subgraphUrls,
    log: log.child({ component: 'gateway' }),
    isProduction: config.isProduction,
    bodyLimitBytes: config.http.bodyLimitBytes,
  });
  started.unshift(gateway.http);
  const gatewayUrl = urlOf(await gateway.http.listen(config.gateway.port, host));

  let seeded: SeedResult | null = null;
  if (config.demo.seed && config.demo.trajectories > 0 && (await trajectory.store.count()) === 0) {
    seeded = await seedDemoData({
      count: config.demo.trajectories,
      rewards: reward.rewards,
      log,
      captureAt: (clock) => new TrajectoryCapture(database.db, config.capture, { listeners: [reward.rewards], clock }),
    });
  }

  return {
    gatewayUrl,
    subgraphUrls,
    database,
    seeded,
    async stop() {
      // Gateway first so no new work reaches the subgraphs, then the subgraphs, then the pool.
      for (const http of started) await http.close(config.http.shutdownTimeoutMs);
      await gateway.apollo.stop();
      await trajectory.apollo.stop();
      await reward.apollo.stop();
      await metricsSubgraph.apollo.stop();
      if (!options.database) await database.close();
    },
  };
}
