import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/client.js';
import type { Logger } from './logger.js';

type QueueBehaviour = Omit<PgBoss.ConstructorOptions, 'db' | 'connectionString' | 'max' | 'schema'>;

/**
 * A pg-boss instance on the platform's database, in the one `pgboss` schema every service shares:
 * its own small pool on Postgres, our connection on PGlite. Errors go to the log as `what`.
 */
export function createJobQueue(database: DatabaseHandle, behaviour: QueueBehaviour, log: Logger, what: string): PgBoss {
  const conn = database.jobQueue;
  const boss = new PgBoss({
    ...('db' in conn ? { db: conn.db } : { connectionString: conn.connectionString, max: conn.max }),
    schema: 'pgboss',
    ...behaviour,
  });
  boss.on('error', (err) => log.error({ err }, `${what} error`));
  return boss;
}
