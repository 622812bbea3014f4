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

const DEADLOCK = '40P01';

/**
 * Creates a queue if it is missing. pg-boss adds a partition with a foreign key to its queue
 * table for each new queue, so two processes creating different queues at the same moment
 * (the Model and Metrics services starting together) can deadlock; Postgres aborts one of
 * them, which then simply tries again.
 */
export async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(name, { name, ...options });
      return;
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (code !== DEADLOCK || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
    }
  }
}
