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
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { startPlatform } from '../../app/platform.js';
import { createEphemeralPostgres } from '../../db/ephemeral-database.js';
import { loadConfig } from '../../platform/config.js';
import { fromRoot } from '../../platform/paths.js';
import { IDENTITY_HEADER, IdentityTokens } from '../../platform/security/identity.js';
import { closedLoop, type ClosedLoopResult } from './closed-loop.js';
import { runUserMix, type Operation, type UserRole } from './user-mix.js';
import { percentile, printTable } from '../support/stats.js';
import { processesNamed, processGroup, processOf, threadOf, type ProcessSample } from '../support/proc-cpu.js';

const HIVE = '@graphql-hive/gateway@2.15.1';
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '50,500').split(',').map(Number);
const ADMIN_KEY = 'bench-load-admin-key-0123456789abcdefghijklmnopqrstuvwxyz';
const IDENTITY_SECRET = 'bench-load-identity-secret-0123456789abcdefghij';
const OURS_PORT = 4200;
const HIVE_PORT = 4300;
const ALL_IN_ONE_PORT = 4199;
type Dedupe = 'on' | 'off';
const MODES = (process.env.BENCH_DEDUPE ?? 'on,off').split(',') as Dedupe[];
const USERS = (process.env.BENCH_USERS ?? '50,200,500').split(',').filter(Boolean).map(Number);
const MIX_SECONDS = Number(process.env.BENCH_MIX_SECONDS ?? 45);
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
const database = await createEphemeralPostgres(PG_URL, 'mi_bench_load', Number(process.env.BENCH_POOL ?? 20));
const config = loadConfig({
  DATABASE_URL: database.location,
  IDENTITY_SECRET,
  ADMIN_API_KEY: ADMIN_KEY,
  PORT: String(ALL_IN_ONE_PORT),
  DEMO_TRAJECTORIES: '300',
  TRAINING_EPOCHS: '5',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_ADMIN: '1000000000',
  ...(process.env.TRAINING_NICE ? { TRAINING_NICE: process.env.TRAINING_NICE } : {}),
});
const platform = await startPlatform(config, pino({ level: 'warn' }), { database });
if (platform.firstRun) for await (const event of platform.model.events.follow(platform.firstRun.id)) void event;

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

interface Gateways {
  ours: ChildProcess;
  hive: ChildProcess;
  stop(): Promise<void>;
}

/** Both gateways, each in its own process, sharing identical subgraph queries in flight or not. */
async function startGateways(dedupe: Dedupe): Promise<Gateways> {
  const ours = spawn(process.execPath, [...profile, '--import', 'tsx', fromRoot('app', 'services', 'gateway.ts')], {
    env: { ...env, PORT: String(OURS_PORT), SUBGRAPH_DEDUPLICATE_QUERIES: String(dedupe === 'on') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
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
    {
      env: { ...process.env, NODE_ENV: 'production', BENCH_DEDUPE: dedupe },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    },
  );
  const stop = async () => {
    const exited = (child: ChildProcess) =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((r) => child.once('exit', () => r()));
    const done = Promise.all([exited(ours), exited(hive)]);
    ours.kill('SIGTERM');
    if (hive.pid) process.kill(-hive.pid, 'SIGTERM');
    await done;
  };
  try {
    await Promise.all([waitReady(oursUrl, ours, 'our gateway'), waitReady(hiveUrl, hive, 'Hive Gateway')]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { ours, hive, stop };
}

const oursUrl = `http://127.0.0.1:${OURS_PORT}/graphql`;
const hiveUrl = `http://127.0.0.1:${HIVE_PORT}/graphql`;
const signer = new IdentityTokens(IDENTITY_SECRET);
const admin = { kind: 'api_key', keyId: '00000000-0000-4000-8000-00000000b001', name: 'bench', role: 'admin' } as const;
const hiveHeaders = async () => ({ [IDENTITY_HEADER]: await signer.sign(admin) });
const body = JSON.stringify({ query: QUERY });
// The all-in-one process (npm start's shape: gateway and subgraphs on one event loop) is this
// process's own gateway; its CPU is this process's main thread.
const ALL_IN_ONE = 'this gateway, all-in-one';
const LEGS = [
  ['this gateway', oursUrl],
  ['Hive Gateway', hiveUrl],
  [ALL_IN_ONE, `http://127.0.0.1:${ALL_IN_ONE_PORT}/graphql`],
] as const;
const rows: (string | number)[][] = [];
const results: Record<string, ClosedLoopResult[]> = {};
let running: Gateways | undefined;

/**
 * People at dashboards (bench/load/user-mix.ts) against this gateway in its own process, while a
 * training run trains and one subscriber per 50 users follows it. Every user has a key of their
 * own with the default rate limits: 70 % viewers, 20 % annotators, 10 % ingest clients.
 */
async function userMix(ours: ChildProcess): Promise<void> {
  const adminHeaders = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` };
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(oursUrl, { method: 'POST', headers: adminHeaders, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
    if (!body.data || body.errors) throw new Error(`bench setup failed: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const page = await gql<{ trajectories: { edges: { node: { id: string } }[] } }>(
    '{ trajectories(first: 100) { edges { node { id } } } }',
  );
  const trajectoryIds = page.trajectories.edges.map((e) => e.node.id);
  const opRows: (string | number)[][] = [];
  const phaseRows: (string | number)[][] = [];
  for (const [phase, users] of USERS.entries()) {
    const roleOf = (i: number): UserRole => (i % 10 < 7 ? 'viewer' : i % 10 < 9 ? 'annotator' : 'ingest');
    const keys = await Promise.all(
      Array.from({ length: users }, async (_, i) => {
        const role = roleOf(i);
        const created = await platform.keys.create({
          name: `bench-user-${phase}-${i}`,
          role: role === 'viewer' ? 'viewer' : 'annotator',
          createdBy: 'bench:load',
        });
        return { key: created.token, role };
      }),
    );
    const subscriber = await platform.keys.create({ name: `bench-subscriber-${phase}`, role: 'viewer', createdBy: 'bench:load' });
    // A run long enough to train through the whole phase (no early stop); cancelled after it.
    const run = await gql<{ startTraining: { id: string } }>(
      'mutation ($input: StartTrainingInput) { startTraining(input: $input) { id } }',
      { input: { epochs: 10_000, patience: 10_000, minDatasetSize: 10, seed: phase + 1 } },
    );
    const sample = () => ({
      gateway: processOf(ours.pid ?? 0),
      subgraphs: processOf(process.pid),
      subgraphsLoop: threadOf(process.pid, process.pid),
      postgres: processesNamed('postgres'),
    });
    const before = sample();
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    process.stdout.write(`  user mix: ${users} users for ${MIX_SECONDS} s, training run ${run.startTraining.id} running\n`);
    const result = await runUserMix({
      url: oursUrl,
      users: keys,
      seconds: MIX_SECONDS,
      trajectoryIds,
      trainingRunId: run.startTraining.id,
      subscriberKey: subscriber.token,
      seed: 1000 + phase,
    });
    const after = sample();
    loopDelay.disable();
    await gql('mutation ($id: ID!) { cancelTraining(runId: $id) { id } }', { id: run.startTraining.id }).catch(() => undefined);
    const cpuPercent = (part: keyof typeof before) => (100 * (after[part].cpuSeconds - before[part].cpuSeconds)) / result.seconds;
    let total = 0;
    let errors = 0;
    for (const [op, r] of Object.entries(result.operations) as [Operation, (typeof result.operations)[Operation]][]) {
      const failed = Object.values(r.errors).reduce((a, b) => a + b, 0);
      total += r.latencies.length;
      errors += failed;
      opRows.push([
        users,
        op,
        r.latencies.length,
        r.latencies.length / result.seconds,
        percentile(r.latencies, 50),
        percentile(r.latencies, 95),
        percentile(r.latencies, 99),
        Object.entries(r.errors)
          .map(([k, v]) => `${k}:${v}`)
          .join(' ') || '0',
      ]);
    }
    phaseRows.push([
      users,
      total / result.seconds,
      errors,
      `${result.subscriptions.opened} / ${result.subscriptions.events}`,
      cpuPercent('gateway'),
      cpuPercent('subgraphs'),
      cpuPercent('subgraphsLoop'),
      cpuPercent('postgres'),
      loopDelay.percentile(99) / 1e6,
      after.gateway.rssBytes / 2 ** 20,
      after.subgraphs.rssBytes / 2 ** 20,
    ]);
  }
  printTable(
    `User mix: each user pauses 1–3 s between operations, ${MIX_SECONDS} s per level, a training run in progress`,
    ['users', 'operation', 'count', 'per s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'],
    opRows,
  );
  printTable(
    'User mix, per level (CPU in % of one core; the subgraphs process also trains and runs the clients)',
    [
      'users',
      'req/s',
      'errors',
      'subscriptions / events',
      'gateway CPU %',
      'subgraphs CPU %',
      'their event loop CPU %',
      'Postgres CPU %',
      'subgraphs loop delay p99 ms',
      'gateway RSS MiB',
      'subgraphs RSS MiB',
    ],
    phaseRows,
  );
}

try {
  for (const dedupe of MODES) {
    running = await startGateways(dedupe);
    const { ours, hive } = running;
    // Same answer from both, before timing anything.
    const check = async (url: string, headers: Record<string, string>) =>
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).json();
    const a = JSON.stringify(await check(oursUrl, { authorization: `Bearer ${ADMIN_KEY}` }));
    const b = JSON.stringify(await check(hiveUrl, await hiveHeaders()));
    if (a !== b) throw new Error(`the gateways answer differently:\n${a.slice(0, 300)}\n${b.slice(0, 300)}`);
    if (dedupe === MODES[0] && USERS.length > 0) await userMix(ours);
    for (const connections of CONNECTIONS) {
      for (const round of [1, 2]) {
        for (const [name, url] of LEGS) {
          // The all-in-one process was configured once, with the default (sharing on).
          if (name === ALL_IN_ONE && dedupe === 'off') continue;
          // Identities live 60 s; each leg gets a fresh one (the subgraphs check the signature either way).
          const headers = name !== 'Hive Gateway' ? { authorization: `Bearer ${ADMIN_KEY}` } : await hiveHeaders();
          const gatewayCpu = (): ProcessSample =>
            name === 'this gateway'
              ? processOf(ours.pid ?? 0)
              : name === 'Hive Gateway'
                ? processGroup(hive.pid ?? 0)
                : threadOf(process.pid, process.pid);
          const before = {
            gateway: gatewayCpu(),
            subgraphs: threadOf(process.pid, process.pid),
            postgres: processesNamed('postgres'),
          };
          const r = await closedLoop({ url, body, headers, connections, seconds: SECONDS });
          const after = {
            gateway: gatewayCpu(),
            subgraphs: threadOf(process.pid, process.pid),
            postgres: processesNamed('postgres'),
          };
          // CPU milliseconds per answered request, per part of the system.
          const perRequest = (part: keyof typeof before) =>
            ((after[part].cpuSeconds - before[part].cpuSeconds) * 1000) / Math.max(1, r.ok);
          (results[`${dedupe}@${name}@${connections}`] ??= []).push(r);
          const errors =
            Object.entries(r.errors)
              .map(([k, v]) => `${k}:${v}`)
              .join(' ') || '0';
          rows.push([
            dedupe,
            name,
            connections,
            round,
            r.ok / r.seconds,
            percentile(r.latencies, 50),
            percentile(r.latencies, 95),
            percentile(r.latencies, 99),
            perRequest('gateway'),
            perRequest('subgraphs'),
            perRequest('postgres'),
            after.gateway.rssBytes / 2 ** 20,
            errors,
          ]);
          process.stdout.write(
            `  dedupe ${dedupe}, ${name}, ${connections} connections, round ${round}: ${(r.ok / r.seconds).toFixed(0)} req/s\n`,
          );
        }
      }
    }
    await running.stop();
    running = undefined;
  }
  printTable(
    `Closed loop, ${SECONDS} s per leg, query: ${QUERY}`,
    [
      'dedupe',
      'gateway',
      'connections',
      'round',
      'req/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'gateway CPU ms/req',
      'subgraphs CPU ms/req',
      'Postgres CPU ms/req',
      'gateway RSS MiB',
      'errors',
    ],
    rows,
  );
  const rate = (key: string) => {
    const legs = results[key] ?? [];
    return legs.reduce((s, r) => s + r.ok, 0) / legs.reduce((s, r) => s + r.seconds, 0);
  };
  const ratioRows = MODES.flatMap((dedupe) =>
    CONNECTIONS.map((c) => {
      const hiveRate = rate(`${dedupe}@Hive Gateway@${c}`);
      const oursRate = rate(`${dedupe}@this gateway@${c}`);
      const allInOne = rate(`${dedupe}@${ALL_IN_ONE}@${c}`);
      // The all-in-one leg runs with sharing on only (see above).
      return [
        dedupe,
        c,
        oursRate,
        hiveRate,
        oursRate / hiveRate,
        ...(dedupe === 'on' ? [allInOne, allInOne / hiveRate] : ['–', '–']),
      ];
    }),
  );
  printTable(
    'Throughput ratio (both rounds)',
    ['dedupe', 'connections', 'this gateway req/s', 'Hive Gateway req/s', 'ratio', 'npm start shape req/s', 'ratio to Hive'],
    ratioRows,
  );
} finally {
  await running?.stop();
  await platform.stop();
  await database.close();
}
