import { openDatabase } from '../../db/client.js';
import { prepareFieldEncryption } from '../../platform/field-encryption.js';
import { loadConfigOrExit } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { startTracing } from '../../platform/tracing.js';
import { ApiKeyStore } from '../../platform/security/api-keys.js';
import { IdentityTokens } from '../../platform/security/identity.js';
import { runUntilSignal } from '../../platform/shutdown.js';
import { requireSharedSettings } from '../standalone.js';
import { readClientTls, readServerTls } from '../../platform/tls.js';
import { readCommittedComposition } from '../../schema/load.js';
import { createGateway } from '../../gateway/gateway.js';

const config = loadConfigOrExit();
const log = createLogger('gateway', config.log.level);
const tracing = startTracing('gateway', config.tracing);
try {
  const identitySecret = requireSharedSettings(config, log);
  // The gateway reads API keys (a small pool: one cached lookup per key every few seconds).
  const database = await openDatabase({ url: config.db.url, poolMax: 2 });
  // Key names are stored encrypted when ENCRYPTION_KEYS is set; the services rotate, not the gateway.
  await prepareFieldEncryption(database, config.encryption, log, { rotate: false });
  const keys = new ApiKeyStore(database.db);
  if (config.security.adminApiKey) await keys.register(config.security.adminApiKey, 'admin', 'ADMIN_API_KEY');
  const gateway = await createGateway({
    supergraphSdl: readCommittedComposition().supergraphSdl,
    subgraphUrls: config.gateway.subgraphUrls,
    log,
    isProduction: config.isProduction,
    bodyLimitBytes: config.http.bodyLimitBytes,
    keys,
    identity: new IdentityTokens(identitySecret),
    security: config.security,
    resilience: config.gateway.resilience,
    websocket: config.gateway.websocket,
    tls: readServerTls(config.tls),
    subgraphTls: readClientTls(config.internalTls.client),
  });
  const port = await gateway.http.listen(config.gateway.port, config.http.host);
  log.info({ url: `http://${config.http.host}:${port}/graphql`, subgraphs: config.gateway.subgraphUrls }, 'gateway listening');
  runUntilSignal(log, async () => {
    await gateway.http.close(config.http.shutdownTimeoutMs, config.http.shutdownDrainMs);
    await gateway.stop();
    await database.close();
    await tracing?.shutdown();
  });
} catch (err) {
  log.fatal({ err }, 'gateway failed to start');
  process.exit(1);
}
