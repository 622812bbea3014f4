import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { prepareFieldEncryption, type FieldEncryption } from '../platform/field-encryption.js';
import { seedDemoData, type SeedResult } from '../demo/seed.js';
import { createGateway } from '../gateway/gateway.js';
import { readCommittedComposition } from '../schema/load.js';
import type { TrainingRunRow } from '../db/schema/index.js';
import { createAccessSubgraph } from '../subgraphs/access/server.js';
import type { ModelService } from '../subgraphs/model/model-service.js';
import { createModelSubgraph } from '../subgraphs/model/server.js';
import { modelServiceOptions } from '../subgraphs/model/options.js';
import { createMetricsSubgraph } from '../subgraphs/metrics/server.js';
import { createRewardSubgraph } from '../subgraphs/reward/server.js';
import { createTrajectorySubgraph } from '../subgraphs/trajectory/server.js';
import { TrajectoryCapture } from '../subgraphs/trajectory/trajectory-capture.js';
import type { Config } from '../platform/config.js';
import type { SubgraphName } from '../platform/subgraph-catalog.js';
import type { GraphQLHttpService } from '../platform/graphql-http.js';
import type { Logger } from '../platform/logger.js';
import type { RequestContext } from '../platform/request-context.js';
import { ServiceMetrics } from '../platform/metrics.js';
import { ApiKeyStore } from '../platform/security/api-keys.js';
import { AuditLog } from '../platform/security/audit-log.js';
import { IdentityTokens } from '../platform/security/identity.js';
import { serveSubgraph, type Subgraph } from '../platform/subgraph.js';
import { readServerTls } from '../platform/tls.js';

export interface RunningPlatform {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  /** Each subgraph's HTTP server (fault tests stop one). */
  subgraphServers: Record<SubgraphName, GraphQLHttpService>;
  database: DatabaseHandle;
  keys: ApiKeyStore;
  seeded: SeedResult | null;
  /** The run queued after seeding an empty database (null when none was). */
  firstRun: TrainingRunRow | null;
  model: ModelService;
  /** Encryption at rest: its background re-encryption, if any. */
  encryption: FieldEncryption;
  stop(): Promise<void>;
}

/**
 * The whole platform in one process: one database (PGlite or Postgres), every subgraph on its
 * own port, and the gateway in front. Each piece can also run alone (see subgraphs/NAME/index.ts
 * and gateway/index.ts).
 */
export async function startPlatform(
  config: Config,
  log: Logger,
  options: { database?: DatabaseHandle; clock?: () => Date } = {},
): Promise<RunningPlatform> {
  const database =
    options.database ?? (await openDatabase({ url: config.db.url, dataDir: config.db.dataDir, poolMax: config.db.poolMax }));
  log.info({ kind: database.kind, location: database.location }, 'database opened');
  await database.migrate();
  log.info('migrations applied');
  const encryption = await prepareFieldEncryption(database, config.encryption, log, { rotate: true });

  // One process, one set of process metrics: the gateway's (see ServiceMetrics).
  ServiceMetrics.processMetricsOwner = 'gateway';
  const db = database.db;
  const auditLog = new AuditLog(db);
  const keys = new ApiKeyStore(db);
  if (config.security.adminApiKey) await keys.register(config.security.adminApiKey, 'admin', 'ADMIN_API_KEY');
  const identity = config.security.identitySecret
    ? new IdentityTokens(config.security.identitySecret, config.security.identitySecretPrevious)
    : IdentityTokens.random();
  const child = (component: string) => log.child({ component });
  const common = { db, auditLog, isProduction: config.isProduction };

  const reward = createRewardSubgraph({ ...common, log: child('reward'), ratingsPerMinute: config.ratingsPerMinute });
  await reward.rewards.ensureDefaultRubric();
  const trajectory = createTrajectorySubgraph({
    ...common,
    log: child('trajectory'),
    capture: config.capture,
    listeners: [reward.rewards],
    images: config.images,
  });
  const metrics = createMetricsSubgraph({
    database,
    auditLog,
    isProduction: config.isProduction,
    log: child('metrics'),
    reports: config.reports,
  });
  const access = createAccessSubgraph({
    ...common,
    log: child('access'),
    retention: config.retention,
    removalListeners: [trajectory.images],
  });
  const model = createModelSubgraph({
    database,
    auditLog,
    isProduction: config.isProduction,
    log: child('model'),
    options: modelServiceOptions(config),
  });
  await model.start?.();
  await trajectory.start?.();
  await access.start?.();
  await metrics.start?.();

  const started: GraphQLHttpService[] = [];
  const host = config.http.host;
  const ready = async () => {
    await database.ping();
    return true;
  };
  const urlOf = (port: number) => `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/graphql`;
  const subgraphServers: Partial<Record<SubgraphName, GraphQLHttpService>> = {};
  const serve = async <T extends RequestContext>(sub: Subgraph<T>) => {
    const http = await serveSubgraph(sub, { log: child(sub.name), bodyLimitBytes: config.http.bodyLimitBytes, ready, identity });
    started.push(http);
    subgraphServers[sub.name] = http;
    return urlOf(await http.listen(config.subgraphPorts[sub.name], host));
  };
  const subgraphUrls: Record<SubgraphName, string> = {
    trajectory: await serve(trajectory),
    reward: await serve(reward),
    metrics: await serve(metrics),
    access: await serve(access),
    model: await serve(model),
  };

  const gateway = await createGateway({
    supergraphSdl: readCommittedComposition().supergraphSdl,
    subgraphUrls,
    log: child('gateway'),
    isProduction: config.isProduction,
    bodyLimitBytes: config.http.bodyLimitBytes,
    keys,
    identity,
    security: config.security,
    resilience: config.gateway.resilience,
    websocket: config.gateway.websocket,
    tls: readServerTls(config.tls),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  started.unshift(gateway.http);
  const gatewayPort = await gateway.http.listen(config.gateway.port, host);
  const gatewayUrl = config.tls ? urlOf(gatewayPort).replace(/^http:/, 'https:') : urlOf(gatewayPort);

  let seeded: SeedResult | null = null;
  if (config.demo.seed && config.demo.trajectories > 0 && (await trajectory.store.count()) === 0) {
    seeded = await seedDemoData({
      count: config.demo.trajectories,
      preference: config.demo.educatorPreference,
      ratedShare: config.demo.ratedShare,
      images: config.demo.images,
      rewards: reward.rewards,
      log,
      captureAt: (clock) =>
        new TrajectoryCapture(db, config.capture, { listeners: [reward.rewards], clock, images: trajectory.images }),
    });
  }
  let firstRun: TrainingRunRow | null = null;
  if (seeded && config.demo.trainOnStart && config.model.concurrency > 0) {
    if (seeded.trajectories >= config.model.training.minDatasetSize) {
      // The demo should answer predictions: train on the seed and promote through the gate.
      firstRun = await model.model.queue({ promoteTo: ['staging', 'production'] }, 'STARTUP', 'demo');
    } else {
      log.info(
        { trajectories: seeded.trajectories, needed: config.model.training.minDatasetSize },
        'too few demo trajectories to train a first model',
      );
    }
  }

  return {
    gatewayUrl,
    subgraphUrls,
    subgraphServers: subgraphServers as Record<SubgraphName, GraphQLHttpService>,
    database,
    keys,
    seeded,
    firstRun,
    model: model.model,
    encryption,
    async stop() {
      // Gateway first so no new work reaches the subgraphs, then the subgraphs, then the pool.
      // Only the gateway drains: in one process nothing else talks to the subgraphs by then.
      for (const http of started)
        await http.close(config.http.shutdownTimeoutMs, http === gateway.http ? config.http.shutdownDrainMs : 0);
      await gateway.stop();
      await encryption.stop();
      await model.stop?.();
      await trajectory.stop?.();
      await access.stop?.();
      await metrics.stop?.();
      for (const sub of [trajectory, reward, metrics, access, model]) await sub.apollo.stop();
      if (!options.database) await database.close();
    },
  };
}
