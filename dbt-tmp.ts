import { desc, getTableColumns, count } from 'drizzle-orm';
import { pino } from 'pino';
import { startPlatform } from './platform/all-in-one.js';
import { EPHEMERAL_PORTS, loadConfig } from './platform/config.js';
import { trajectories } from './db/schema/index.js';
import { percentile } from './bench/support/stats.js';
const config = loadConfig({ ...EPHEMERAL_PORTS, LOG_LEVEL: 'warn', DATA_DIR: '', TRAIN_ON_START: 'false', DATABASE_URL: process.argv[2] || undefined } as Record<string, string>);
const p = await startPlatform(config, pino({ level: 'warn' }));
const db = p.database.db;
const { state: _s, ...noState } = getTableColumns(trajectories);
async function lat(name: string, fn: () => Promise<unknown>, n = 100) {
  for (let i = 0; i < 20; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await fn(); xs.push(performance.now() - t); }
  xs.sort((a, b) => a - b);
  console.log(name.padEnd(40), percentile(xs, 50).toFixed(2), percentile(xs, 95).toFixed(2));
}
await lat('full rows 101', () => db.select().from(trajectories).orderBy(desc(trajectories.submittedAt), desc(trajectories.id)).limit(101));
await lat('rows without state 101', () => db.select(noState).from(trajectories).orderBy(desc(trajectories.submittedAt), desc(trajectories.id)).limit(101));
await lat('count', () => db.select({ n: count() }).from(trajectories));
await p.stop();
