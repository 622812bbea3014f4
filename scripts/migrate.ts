import { openDatabase } from '../db/client.js';
import { DatabaseLockedError } from '../db/embedded-lock.js';
import { loadConfigOrExit } from '../platform/config.js';
import { gatewayClient } from './cli-platform.js';

const config = loadConfigOrExit();
try {
  const database = await openDatabase({ url: config.db.url, dataDir: config.db.dataDir, poolMax: 1 });
  try {
    await database.migrate();
    process.stdout.write(`migrations applied to ${database.kind} (${database.location})\n`);
  } finally {
    await database.close();
  }
} catch (err) {
  const gateway = gatewayClient(config, {});
  if (err instanceof DatabaseLockedError && (await gateway.answers())) {
    // Every service applies pending migrations when it starts, under the same lock; the running
    // platform is the process holding the database, so there is nothing left to do.
    process.stdout.write(
      `The platform at ${gateway.url} (process ${err.holder.pid}) holds the embedded database and applied its migrations when it started; nothing to do.\n`,
    );
  } else {
    process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
