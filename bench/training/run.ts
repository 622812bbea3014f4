/**
 * Reward-model benchmark (on demand: npm run bench:training).
 *
 * 1. Training throughput of the default network (512→256→128→64→1, Adam, MSE) on this
 *    project's TensorFlow.js backend against PyTorch CPU (Debian's python3-torch, when
 *    present) on the same data in the same run, with the ratio.
 * 2. Prediction latency: in-process, and through the gateway (predictReward; a page of 100
 *    trajectories with predictedReward).
 * 3. Query latency through the gateway while a run trains, against the same query idle.
 *
 * Parts 2 and 3 run on PGlite, or on Postgres when BENCH_DATABASE_URL is set (a fresh
 * database is created there and dropped). BENCH_SKIP_THROUGHPUT=1 skips part 1.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createEphemeralPostgres } from '../../db/ephemeral-database.js';
import { generateTrajectories } from '../../demo/trajectory-generator.js';
import { startPlatform } from '../../app/platform.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import { present } from '../../platform/errors.js';
import { fromRoot } from '../../platform/paths.js';
import { calculateReward } from '../../domain/rubric/reward-calculator.js';
import { DEFAULT_THRESHOLDS, DEFAULT_WEIGHTS } from '../../domain/rubric/rubric-definition.js';
import { FEATURE_DIM, featurize } from '../../subgraphs/model/featurizer.js';
import { measureLatency } from '../support/latency-client.js';
import { percentile, printTable } from '../support/stats.js';

const N = Number(process.env.BENCH_TRAINING_N ?? 4000);
const EPOCHS = Number(process.env.BENCH_TRAINING_EPOCHS ?? 4);
const BATCHES = (process.env.BENCH_TRAINING_BATCHES ?? '32,128').split(',').map(Number);
const LATENCY_N = Number(process.env.BENCH_LATENCY_N ?? 300);
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const KEY = 'mi-bench-admin-key-0123456789abcdefghijklmnopqrstuvwxyz';

interface Throughput {
  framework: string;
  backend?: string;
  threads: number;
  batch: number;
  samples_per_second: number;
  /** Best per-epoch MSE on the held-out 15% (same split on both sides): the convergence check. */
  validation_mse: number;
}

function jsonLines(command: string, args: string[]): Promise<Throughput[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${command} exited with ${code}`));
      resolve(
        out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Throughput),
      );
    });
  });
}

function torchAvailable(): string | null {
  try {
    return execFileSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

// --- 1. training throughput -------------------------------------------------------------
process.stderr.write(`Featurizing ${N} generated trajectories…\n`);
const rubric = { version: 1, weights: DEFAULT_WEIGHTS, thresholds: DEFAULT_THRESHOLDS };
const states = generateTrajectories({ count: N, seed: 1 }).map((g) => g.input.state);
const data = new Float32Array(N * FEATURE_DIM + N);
states.forEach((s, i) => {
  data.set(featurize(s), i * FEATURE_DIM);
  data[N * FEATURE_DIM + i] = calculateReward(s, rubric).total;
});
const dir = mkdtempSync(join(tmpdir(), 'mi-bench-'));
const file = join(dir, 'dataset.f32');
writeFileSync(file, Buffer.from(data.buffer));

const SKIP_THROUGHPUT = process.env.BENCH_SKIP_THROUGHPUT === '1';
const tsx = fromRoot('node_modules', '.bin', 'tsx');
const trainer = fromRoot('bench', 'training', 'tfjs-trainer.ts');
const results: Throughput[] = [];
const torch = torchAvailable();
if (!SKIP_THROUGHPUT) {
  process.stderr.write(`Training ${EPOCHS} epochs on TensorFlow.js (auto backend)…\n`);
  results.push(...(await jsonLines(tsx, [trainer, file, String(N), String(EPOCHS), BATCHES.join(','), 'auto'])));
  process.stderr.write('Training 1 epoch on the plain-JS cpu backend (for scale)…\n');
  results.push(...(await jsonLines(tsx, [trainer, file, String(N), '1', String(BATCHES[0]), 'cpu'])));
}
if (torch && !SKIP_THROUGHPUT) {
  process.stderr.write(`Training ${EPOCHS} epochs on PyTorch ${torch} (CPU)…\n`);
  results.push(
    ...(await jsonLines(PYTHON, [
      fromRoot('bench', 'training', 'pytorch_baseline.py'),
      file,
      String(N),
      String(EPOCHS),
      BATCHES.join(','),
      '2,1',
    ])),
  );
} else if (!torch) {
  process.stderr.write(`PyTorch not found for ${PYTHON}: install Debian's python3-torch for the baseline.\n`);
}
rmSync(dir, { recursive: true, force: true });

const baseline = (batch: number) => results.find((r) => r.framework === 'pytorch' && r.batch === batch && r.threads === 2);
const bestTorch = (batch: number) =>
  Math.max(0, ...results.filter((r) => r.framework === 'pytorch' && r.batch === batch).map((r) => r.samples_per_second));
if (!SKIP_THROUGHPUT) {
  printTable(
    `Training throughput: ${N} samples × ${EPOCHS} epochs, 512→256→128→64→1, Adam, MSE (this machine: 2 cores)`,
    ['framework / backend', 'threads', 'batch', 'samples/s', '× PyTorch 2 threads', '× fastest PyTorch', 'validation MSE'],
    results.map((r) => {
      const base = baseline(r.batch);
      const best = bestTorch(r.batch);
      return [
        r.framework === 'tfjs' ? `TensorFlow.js ${r.backend}` : `PyTorch ${torch ?? ''} CPU`,
        r.threads,
        r.batch,
        Math.round(r.samples_per_second),
        base ? (r.samples_per_second / base.samples_per_second).toFixed(2) : 'n/a',
        best ? (r.samples_per_second / best).toFixed(2) : 'n/a',
        r.validation_mse.toFixed(5),
      ];
    }),
  );
}

// --- 2 and 3. serving latency, and queries while training -------------------------------
const database = process.env.BENCH_DATABASE_URL
  ? await createEphemeralPostgres(process.env.BENCH_DATABASE_URL, 'mi_bench')
  : undefined;
process.stderr.write(
  `Starting the platform (${database ? 'Postgres' : 'PGlite'}, 800 demo trajectories) and training a first model…\n`,
);
const config = loadConfig({
  ...EPHEMERAL_PORTS,
  ADMIN_API_KEY: KEY,
  LOG_LEVEL: 'warn',
  RATE_LIMIT_ADMIN: String(1e12),
  DATA_DIR: '',
});
const platform = await startPlatform(config, pino({ level: 'warn' }), database ? { database } : {});
if (!platform.firstRun) throw new Error('no first run was queued');
for await (const _ of platform.model.events.follow(platform.firstRun.id));

async function latency(n: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < Math.min(30, n); i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  xs.sort((a, b) => a - b);
  return { p50: percentile(xs, 50), p95: percentile(xs, 95) };
}

async function gateway(query: string, n: number, variables: Record<string, unknown> = {}): Promise<{ p50: number; p95: number }> {
  const r = await measureLatency({ url: platform.gatewayUrl, apiKey: KEY, query, variables, n, warmup: 30 });
  if (r.errors.length > 0) throw new Error(`${query}: ${r.errors.join('; ')}`);
  return r;
}

const state = present(states[0], 'a generated state');
const page = states.slice(0, 100);
const predictor = platform.model.predictor;
const PREDICT = 'query Predict($s: AssessmentStateInput!) { predictReward(state: $s) { value } }';
const SCORE = 'query Score($s: AssessmentStateInput!) { scoreAssessment(state: $s) { total } }';
const PAGE = 'query Page { trajectories(first: 100) { edges { node { id predictedReward { value } } } } }';
const PAGE_IDS = 'query PageIds { trajectories(first: 100) { edges { node { id } } } }';
const SIMPLE = 'query Simple { trajectories(first: 5) { edges { node { id audience } } } }';

const rows: (string | number)[][] = [];
const add = (what: string, l: { p50: number; p95: number }, target: string) => rows.push([what, l.p50, l.p95, target]);
add('predictStates, 1 state (in process)', await latency(LATENCY_N, () => predictor.predictStates([state], null)), '');
add('predictStates, 100 states (in process)', await latency(LATENCY_N, () => predictor.predictStates(page, null)), '');
const predict = await gateway(PREDICT, LATENCY_N, { s: state });
const score = await gateway(SCORE, LATENCY_N, { s: state });
add('predictReward through the gateway', predict, 'p95 < 5 ms');
add('scoreAssessment, same state (no model: baseline)', score, '');
const withPredictions = await gateway(PAGE, Math.ceil(LATENCY_N / 3));
const ids = await gateway(PAGE_IDS, Math.ceil(LATENCY_N / 3));
add('page of 100 with predictedReward, gateway', withPredictions, '< 20 ms');
add('page of 100 ids only (baseline)', ids, '');
add('what the 100 predictions add (difference)', { p50: withPredictions.p50 - ids.p50, p95: withPredictions.p95 - ids.p95 }, '');
printTable(
  'Prediction latency (ms; gateway figures from a client in a worker thread)',
  ['operation', 'p50', 'p95', 'target'],
  rows,
);

const idle = await gateway(SIMPLE, LATENCY_N);
const run = await platform.model.queue({ epochs: 10_000, patience: 10_000 }, 'MANUAL', 'bench');
while ((await platform.model.runs.get(run.id))?.iterations === 0) await new Promise((r) => setTimeout(r, 100));
const busy = await gateway(SIMPLE, LATENCY_N);
const progressed = present(await platform.model.runs.get(run.id), 'the benchmark run');
await platform.model.training.cancel(run.id);
for await (const _ of platform.model.events.follow(run.id));
printTable(
  'Simple query through the gateway while a run trains (ms)',
  ['state', 'p50', 'p95', 'p95 ratio to idle'],
  [
    ['idle', idle.p50, idle.p95, '1.00'],
    [
      `training (worker thread, ${progressed.iterations} iterations during the run)`,
      busy.p50,
      busy.p95,
      (busy.p95 / idle.p95).toFixed(2),
    ],
  ],
);
await platform.stop();
await database?.close();
