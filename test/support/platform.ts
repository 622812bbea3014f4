import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startPlatform, type RunningPlatform } from '../../app/platform.js';
import type { DatabaseHandle } from '../../db/client.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import type { Logger } from '../../platform/logger.js';
import { createTestDatabase } from './database.js';
import { TEST_ADMIN_KEY } from './graphql-client.js';

export interface TestPlatform {
  database: DatabaseHandle;
  platform: RunningPlatform;
  stop(): Promise<void>;
}

/**
 * The whole platform in this process on a fresh in-memory PGlite: free ports, the test admin
 * key, no training at start unless `env` asks for it.
 */
export async function startTestPlatform(
  env: Record<string, string> = {},
  options: { log?: Logger; clock?: () => Date } = {},
): Promise<TestPlatform> {
  const database = await createTestDatabase('pglite');
  const config = loadConfig({
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    ...EPHEMERAL_PORTS,
    TRAIN_ON_START: 'false',
    SHUTDOWN_DRAIN_MS: '0',
    // Image bytes in a folder of this platform's own, not the developer's .data; the demo's
    // drawn images only where a test looks at them (the console's), as they cost seeding time.
    IMAGE_DIR: mkdtempSync(join(tmpdir(), 'mi-images-')),
    DEMO_IMAGES: 'false',
    ...env,
  });
  const platform = await startPlatform(config, options.log ?? pino({ level: 'silent' }), {
    database,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    database,
    platform,
    async stop() {
      await platform.stop();
      await database.close();
    },
  };
}
