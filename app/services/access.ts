import { runStandaloneSubgraph } from '../standalone.js';
import { createAccessSubgraph } from '../../subgraphs/access/server.js';
import { ImageLibrary } from '../../subgraphs/trajectory/images/image-library.js';
import { objectStore } from '../../subgraphs/trajectory/images/object-store.js';

await runStandaloneSubgraph('access', async ({ database, log, config, auditLog }) =>
  createAccessSubgraph({
    db: database.db,
    log,
    isProduction: config.isProduction,
    auditLog,
    retention: config.retention,
    // Erasure and retention remove the images too; the store is shared with the Trajectory service.
    removalListeners: [new ImageLibrary(database.db, objectStore(config.images.store), config.images)],
  }),
);
