import { openDatabase } from '../db/client.js';
import { loadConfigOrExit } from '../platform/config.js';

const config = loadConfigOrExit();
const database = await openDatabase({ url: config.db.url, dataDir: config.db.dataDir, poolMax: 1 });
try {
  await database.migrate();
  process.stdout.write(`migrations applied to ${database.kind} (${database.location})\n`);
} catch (err) {
  process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
