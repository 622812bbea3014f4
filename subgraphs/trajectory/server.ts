import DataLoader from 'dataloader';
import type { Database } from '../../db/client.js';
import { present } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { AuditLog } from '../../platform/security/audit-log.js';
import { ServiceMetrics } from '../../platform/metrics.js';
import { createSubgraphApollo, type Subgraph } from '../../platform/subgraph.js';
import { CaptureMetrics } from './trajectory-metrics.js';
import { subgraphTypeDefs } from '../../schema/load.js';
import type { TrajectoryContext } from './context.js';
import { resolvers } from './resolvers/index.js';
import { TrajectoryCapture, type TrajectoryCaptureListener, type CaptureOptions } from './trajectory-capture.js';
import { TrajectoryStore } from './trajectory-store.js';
import { ImageLibrary, type ImageSettings } from './images/image-library.js';
import { imageRoute } from './images/image-route.js';
import { objectStore, type ObjectStoreSettings } from './images/object-store.js';

export interface TrajectorySubgraphDeps {
  db: Database;
  auditLog: AuditLog;
  log: Logger;
  isProduction: boolean;
  capture: CaptureOptions;
  /** Run in the capture transaction; the platform passes the Reward subgraph's ledger here. */
  listeners: TrajectoryCaptureListener[];
  /** Where the assessed images' bytes are kept, and the limits on taking them. */
  images: ImageSettings & { store: ObjectStoreSettings };
}

export function createTrajectorySubgraph(
  deps: TrajectorySubgraphDeps,
): Subgraph<TrajectoryContext> & { store: TrajectoryStore; capture: TrajectoryCapture; images: ImageLibrary } {
  const store = new TrajectoryStore(deps.db);
  const metrics = new ServiceMetrics('trajectory');
  const images = new ImageLibrary(deps.db, objectStore(deps.images.store), deps.images);
  let orphanSweep: NodeJS.Timeout | undefined;
  const capture = new TrajectoryCapture(deps.db, deps.capture, {
    listeners: deps.listeners,
    observer: new CaptureMetrics(metrics, deps.capture.requiredAgents),
    images,
  });
  return {
    name: 'trajectory',
    images,
    routes: [imageRoute(images)],
    // Images stored for a submission that was then refused, or left after a removal listener failed.
    start: async () => {
      orphanSweep = setInterval(() => {
        images.deleteOrphans().catch((err: unknown) => deps.log.error({ err }, 'image orphan sweep failed'));
      }, 3_600_000);
      orphanSweep.unref();
    },
    stop: async () => clearInterval(orphanSweep),
    auditLog: deps.auditLog,
    store,
    capture,
    metrics,
    apollo: createSubgraphApollo<TrajectoryContext>({
      name: 'trajectory',
      typeDefs: subgraphTypeDefs('trajectory'),
      resolvers,
      log: deps.log,
      isProduction: deps.isProduction,
      metrics,
    }),
    context: (base) => {
      const states = new DataLoader((ids: readonly string[]) => store.statesByIds(ids));
      return {
        ...base,
        store,
        capture,
        trajectoryById: new DataLoader((ids) => store.byIds(ids)),
        imageHeld: new DataLoader((shas: readonly string[]) => images.held(shas)),
        stateOf: async (row) => row.state ?? present(await states.load(row.id), `state of trajectory ${row.id}`),
      };
    },
  };
}
