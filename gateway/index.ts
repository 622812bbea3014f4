import { loadConfigOrExit } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { runUntilSignal } from '../platform/shutdown.js';
import { readCommittedComposition } from '../schema/load.js';
import { createGateway } from './gateway.js';

const config = loadConfigOrExit();
const log = createLogger('gateway', config.log.level);
try {
  const gateway = await createGateway({
    supergraphSdl: readCommittedComposition().supergraphSdl,
    subgraphUrls: config.gateway.subgraphUrls,
    log,
    isProduction: config.isProduction,
    bodyLimitBytes: config.http.bodyLimitBytes,
  });
  const port = await gateway.http.listen(config.gateway.port, config.http.host);
  log.info({ url: `http://${config.http.host}:${port}/graphql`, subgraphs: config.gateway.subgraphUrls }, 'gateway listening');
  runUntilSignal(log, async () => {
    await gateway.http.close(config.http.shutdownTimeoutMs);
    await gateway.apollo.stop();
  });
} catch (err) {
  log.fatal({ err }, 'gateway failed to start');
  process.exit(1);
}
