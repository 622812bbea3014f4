import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { loadConfigOrExit, type Config } from '../platform/config.js';
import type { SubgraphName } from '../platform/subgraph-catalog.js';
import { createLogger, type Logger } from '../platform/logger.js';
import type { RequestContext } from '../platform/request-context.js';
import { prepareFieldEncryption } from '../platform/field-encryption.js';
import { runUntilSignal } from '../platform/shutdown.js';
import { startTracing } from '../platform/tracing.js';
import { AuditLog } from '../platform/security/audit-log.js';
import { IdentityTokens } from '../platform/security/identity.js';
import { serveSubgraph, type Subgraph } from '../platform/subgraph.js';
import { readServerTls } from '../platform/tls.js';

/**
 * Runs one subgraph as its own process (the production shape): config, database, migrations,
 * HTTP on its configured port, orderly shutdown. Processes share data through Postgres, so
 * DATABASE_URL should be set; on PGlite only one process can open the data directory.
 */
export async function runStandaloneSubgraph<T extends RequestContext>(
  name: SubgraphName,
  build: (deps: { database: DatabaseHandle; log: Logger; config: Config; auditLog: AuditLog }) => Promise<Subgraph<T>>,
): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(`${name}-subgraph`, config.log.level);
  const tracing = startTracing(name, config.tracing);
  try {
    const identitySecret = requireSharedSettings(config, log);
    const database = await openDatabase({ url: config.db.url, dataDir: config.db.dataDir, poolMax: config.db.poolMax });
    await database.migrate();
    const encryption = await prepareFieldEncryption(database, config.encryption, log, { rotate: true });
    const subgraph = await build({ database, log, config, auditLog: new AuditLog(database.db) });
    await subgraph.start?.();
    const http = await serveSubgraph(subgraph, {
      log,
      bodyLimitBytes: config.http.bodyLimitBytes,
      ready: async () => (await database.ping(), true),
      identity: new IdentityTokens(identitySecret, config.security.identitySecretPrevious),
      tls: readServerTls(config.internalTls.server),
    });
    const port = await http.listen(config.subgraphPorts[name], config.http.host);
    const scheme = config.internalTls.server ? 'https' : 'http';
    const mutual = config.internalTls.server?.clientCaFile ? ' (mutual TLS)' : '';
    log.info(
      { url: `${scheme}://${config.http.host}:${port}/graphql${mutual}`, database: database.kind },
      `${name} subgraph listening`,
    );
    runUntilSignal(log, async () => {
      await http.close(config.http.shutdownTimeoutMs, config.http.shutdownDrainMs);
      await encryption.stop();
      await subgraph.stop?.();
      await subgraph.apollo.stop();
      await database.close();
      await tracing?.shutdown();
    });
  } catch (err) {
    log.fatal({ err }, `${name} subgraph failed to start`);
    process.exit(1);
  }
}

/**
 * Separate processes share data and trust: they need one Postgres (PGlite can be opened by one
 * process only) and one identity secret (the gateway signs, the subgraphs verify).
 */
export function requireSharedSettings(config: Config, log: Logger): string {
  const missing = [
    config.db.url ? null : 'DATABASE_URL (separate processes share one Postgres)',
    config.security.identitySecret
      ? null
      : 'IDENTITY_SECRET (at least 32 characters, the same for the gateway and every subgraph)',
  ].filter((m): m is string => m !== null);
  if (missing.length > 0 || !config.security.identitySecret) {
    log.fatal({ missing }, `running services separately needs: ${missing.join('; ')}`);
    process.exit(1);
  }
  return config.security.identitySecret;
}
