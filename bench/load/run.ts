// Read throughput of this gateway side by side with Hive Gateway, in front of the same subgraphs,
// on the same query, in the same run (npm run bench:load). Each gateway runs in a process of its
// own; the subgraphs run in this process (the all-in-one shape without its gateway in the path)
// on a fresh Postgres database (BENCH_DATABASE_URL, default the machine's Postgres); the clients
// run in a worker thread. Legs alternate (ours, Hive, ours, Hive) to spread drift over both.
//
// Hive Gateway (@graphql-hive/gateway, pinned below) is fetched by npx on first use, so it is
// not an install of the project. It has no API keys; the load client sends it the signed
// identity header our gateway would add, and it forwards it (hive-gateway.config.mjs).
import { spawn, type ChildProcess } from 'node:child_process';
import { pino } from 'pino';
import { startPlatform } from '../../app/platform.js';
import { createEphemeralPostgres } from '../../db/ephemeral-database.js';
import { loadConfig } from '../../platform/config.js';
import { fromRoot } from '../../platform/paths.js';
import { IDENTITY_HEADER, IdentityTokens } from '../../platform/security/identity.js';
import { closedLoop, type ClosedLoopResult } from './closed-loop.js';
import { percentile, printTable } from '../support/stats.js';

const HIVE = '@graphql-hive/gateway@2.15.1';
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '50,500').split(',').map(Number);
const ADMIN_KEY = 'bench-load-admin-key-0123456789abcdefghijklmnopqrstuvwxyz';
const IDENTITY_SECRET = 'bench-load-identity-secret-0123456789abcdefghij';
const OURS_PORT = 4200;
const HIVE_PORT = 4300;
// Three subgraphs per request: trajectories (Trajectory), reward (Reward), predictedReward (Model).
const QUERY =
  'query Dashboard { trajectories(first: 20) { edges { node { id reward { total components { name score } } predictedReward { value } } } } }';

async function waitReady(url: string, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{__typename}"}',
    })
      .then((r) => r.status < 500)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not start`);
}

process.stdout.write(`bench:load — creating a database on ${PG_URL.replace(/\/\/[^@]*@/, '//')} and training a small model\n`);
const database = await createEphemeralPostgres(PG_URL, 'mi_bench_load', 20);
const config = loadConfig({
  DATABASE_URL: database.location,
  IDENTITY_SECRET,
  ADMIN_API_KEY: ADMIN_KEY,
  PORT: '4199',
  DEMO_TRAJECTORIES: '300',
  TRAINING_EPOCHS: '5',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_ADMIN: '1000000000',
});
const platform = await startPlatform(config, pino({ level: 'warn' }), { database });
if (platform.firstRun) for await (const event of platform.model.events.follow(platform.firstRun.id)) void event;

const children: ChildProcess[] = [];
const env = {
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: database.location,
  IDENTITY_SECRET,
  ADMIN_API_KEY: ADMIN_KEY,
  RATE_LIMIT_ADMIN: '1000000000',
  ...Object.fromEntries(Object.entries(platform.subgraphUrls).map(([n, u]) => [`${n.toUpperCase()}_URL`, u])),
};
// BENCH_PROFILE=1: a V8 CPU profile of this gateway under the load, in bench/results/.
const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${fromRoot('bench', 'results')}`] : [];
const ours = spawn(process.execPath, [...profile, '--import', 'tsx', fromRoot('app', 'services', 'gateway.ts')], {
  env: { ...env, PORT: String(OURS_PORT) },
  stdio: ['ignore', 'ignore', 'inherit'],
});
children.push(ours);
process.stdout.write(`starting Hive Gateway (${HIVE}; npx fetches it the first time)\n`);
const hive = spawn(
  'npx',
  [
    '-y',
    HIVE,
    'supergraph',
    fromRoot('schema', 'supergraph.graphql'),
    '--port',
    String(HIVE_PORT),
    '-c',
    fromRoot('bench', 'load', 'hive-gateway.config.mjs'),
  ],
  // Its own process group: npx starts the gateway as a child, and both must stop at the end.
  { env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'inherit'], detached: true },
);
children.push(hive);

try {
  const oursUrl = `http://127.0.0.1:${OURS_PORT}/graphql`;
  const hiveUrl = `http://127.0.0.1:${HIVE_PORT}/graphql`;
  await Promise.all([waitReady(oursUrl, ours, 'our gateway'), waitReady(hiveUrl, hive, 'Hive Gateway')]);
  const signer = new IdentityTokens(IDENTITY_SECRET);
  const admin = { kind: 'api_key', keyId: '00000000-0000-4000-8000-00000000b001', name: 'bench', role: 'admin' } as const;
  const body = JSON.stringify({ query: QUERY });
  // Same answer from both, before timing anything.
  const check = async (url: string, headers: Record<string, string>) =>
    (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).json();
  const hiveHeaders = async () => ({ [IDENTITY_HEADER]: await signer.sign(admin) });
  const a = JSON.stringify(await check(oursUrl, { authorization: `Bearer ${ADMIN_KEY}` }));
  const b = JSON.stringify(await check(hiveUrl, await hiveHeaders()));
  if (a !== b) throw new Error(`the gateways answer differently:\n${a.slice(0, 300)}\n${b.slice(0, 300)}`);

  const rows: (string | number)[][] = [];
  const results: Record<string, ClosedLoopResult[]> = {};
  for (const connections of CONNECTIONS) {
    for (const round of [1, 2]) {
      for (const [name, url] of [
        ['this gateway', oursUrl],
        ['Hive Gateway', hiveUrl],
      ] as const) {
        // Identities live 60 s; each leg gets a fresh one (the subgraphs check the signature either way).
        const headers = name === 'this gateway' ? { authorization: `Bearer ${ADMIN_KEY}` } : await hiveHeaders();
        const r = await closedLoop({ url, body, headers, connections, seconds: SECONDS });
        (results[`${name}@${connections}`] ??= []).push(r);
        const errors =
          Object.entries(r.errors)
            .map(([k, v]) => `${k}:${v}`)
            .join(' ') || '0';
        rows.push([
          name,
          connections,
          round,
          r.ok / r.seconds,
          percentile(r.latencies, 50),
          percentile(r.latencies, 95),
          percentile(r.latencies, 99),
          errors,
        ]);
        process.stdout.write(`  ${name}, ${connections} connections, round ${round}: ${(r.ok / r.seconds).toFixed(0)} req/s\n`);
      }
    }
  }
  printTable(
    `Closed loop, ${SECONDS} s per leg, query: ${QUERY}`,
    ['gateway', 'connections', 'round', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'],
    rows,
  );
  const ratioRows = CONNECTIONS.map((c) => {
    const rate = (name: string) => {
      const legs = results[`${name}@${c}`] ?? [];
      return legs.reduce((s, r) => s + r.ok, 0) / legs.reduce((s, r) => s + r.seconds, 0);
    };
    const oursRate = rate('this gateway');
    const hiveRate = rate('Hive Gateway');
    return [c, oursRate, hiveRate, oursRate / hiveRate];
  });
  printTable('Throughput ratio (both rounds)', ['connections', 'this gateway req/s', 'Hive Gateway req/s', 'ratio'], ratioRows);
} finally {
  for (const child of children) {
    if (child.pid && child === hive) process.kill(-child.pid, 'SIGTERM');
    else child.kill('SIGTERM');
  }
  await platform.stop();
  await database.close();
}
