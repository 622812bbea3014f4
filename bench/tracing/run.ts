/**
 * What tracing costs per request (on demand: npm run bench:tracing). The whole platform in one
 * process on PGlite with demo data; one query that spans three subgraphs (trajectories, their
 * rewards, the overview), measured with tracing off (no provider: every span is a no-op) and on
 * (every request sampled, spans batched and exported by OTLP/HTTP to a local collector stand-in
 * that counts what it receives), ROUNDS times each in alternating order, each leg in a process
 * of its own (tracing is process-wide: once registered, it stays). Figures: sequential latency
 * p50/p95, throughput at 8 in flight, CPU per request of the leg's process. Then one trace of
 * that query, drawn as a tree.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { pino } from 'pino';
import { openDatabase } from '../../db/client.js';
import { startPlatform } from '../../app/platform.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import { startTracing } from '../../platform/tracing.js';
import { percentile, printTable } from '../support/stats.js';

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 300);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 800);
const KEY = `bench-admin-${randomBytes(24).toString('hex')}`;
const QUERY = `query ThreeSubgraphs { trajectories(first: 10) { edges { node { id audience reward { total } } } } systemOverview { totalTrajectories } }`;

const mode = process.argv[2] === '--leg' ? process.argv[3] : undefined;

interface Leg {
  p50: number;
  p95: number;
  rps: number;
  cpuMs: number;
  exports: number;
  exportedBytes: number;
}

if (mode) await runLeg(mode);
else await orchestrate();

/** One leg in this process: `off`, `on` (OTLP to a local stand-in), or `trace` (print one trace). */
async function runLeg(leg: string): Promise<void> {
  // A stand-in for the OTLP collector: takes every export and counts it.
  let exportedBytes = 0;
  let exports = 0;
  const collector = createServer((req, res) => {
    req.on('data', (c: Buffer) => (exportedBytes += c.length));
    req.on('end', () => {
      exports++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  const memory = new InMemorySpanExporter();
  const tracing =
    leg === 'on'
      ? startTracing('medillustrator-bench', {
          otlpEndpoint: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
          sampleRatio: 1,
        })
      : leg === 'trace'
        ? startTracing('medillustrator', { otlpEndpoint: undefined, sampleRatio: 1 }, memory)
        : null;
  const database = await openDatabase({});
  await database.migrate();
  const config = loadConfig({
    ...EPHEMERAL_PORTS,
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: KEY,
    DEMO_TRAJECTORIES: '300',
    TRAIN_ON_START: 'false',
    RATE_LIMIT_ADMIN: String(1e9),
    // One query is measured, not the gateway's sharing of identical fetches.
    SUBGRAPH_DEDUPLICATE_QUERIES: 'false',
  });
  const platform = await startPlatform(config, pino({ level: 'warn' }), { database });
  const ask = async (headers: Record<string, string> = {}) => {
    const res = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...headers },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = (await res.json()) as { errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors[0]?.message);
  };
  try {
    for (let i = 0; i < 50; i++) await ask();
    if (leg === 'trace') {
      memory.reset();
      const traceId = randomBytes(16).toString('hex');
      await ask({ traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
      await new Promise((r) => setTimeout(r, 100));
      process.stdout.write(
        drawTrace(
          memory.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId),
          traceId,
        ),
      );
      return;
    }
    const ms: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const t = performance.now();
      await ask();
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    const cpu = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next++ < CONCURRENT) await ask();
      }),
    );
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    await tracing?.shutdown();
    const figures: Leg = {
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      rps: CONCURRENT / (wall / 1000),
      cpuMs: (used.user + used.system) / 1000 / CONCURRENT,
      exports,
      exportedBytes,
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await platform.stop();
    await database.close();
    collector.close();
  }
}

function drawTrace(spans: ReadableSpan[], traceId: string): string {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const ms = (s: ReadableSpan) => s.duration[0] * 1000 + s.duration[1] / 1e6;
  const draw = (parent: string | undefined, depth: number): string[] =>
    spans
      .filter((s) =>
        parent === undefined ? !ids.has(s.parentSpanContext?.spanId ?? '') : s.parentSpanContext?.spanId === parent,
      )
      .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])
      .flatMap((s) => {
        const label = s.attributes.service ? ` (${String(s.attributes.service)})` : '';
        const text = s.name === 'db.query' ? `: ${String(s.attributes['db.query.text']).slice(0, 60).replace(/\s+/g, ' ')}…` : '';
        return [
          `${'  '.repeat(depth)}${s.name}${label}${text}  ${ms(s).toFixed(2)} ms`,
          ...draw(s.spanContext().spanId, depth + 1),
        ];
      });
  return `\nOne trace (${traceId}), ${spans.length} spans:\n${draw(undefined, 0).join('\n')}\n`;
}

async function child(leg: string): Promise<string> {
  const { stdout } = await run(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--leg', leg], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

async function orchestrate(): Promise<void> {
  const legs: Record<'off' | 'on', Leg[]> = { off: [], on: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const on of round % 2 === 0 ? [false, true] : [true, false]) {
      process.stderr.write(`  round ${round + 1}/${ROUNDS}: tracing ${on ? 'on' : 'off'}\n`);
      const out = await child(on ? 'on' : 'off');
      legs[on ? 'on' : 'off'].push(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Leg);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const of = (k: keyof Leg, s: 'off' | 'on') => median(legs[s].map((l) => l[k]));
  const rows: [string, keyof Leg][] = [
    ['latency p50, ms (sequential)', 'p50'],
    ['latency p95, ms (sequential)', 'p95'],
    ['requests/s at 8 in flight', 'rps'],
    ['CPU per request, ms (gateway and subgraphs, one process)', 'cpuMs'],
  ];
  printTable(
    `Tracing cost: the three-subgraph query (median of ${ROUNDS} rounds; ratio = on ÷ off, measured in this run)`,
    ['figure', 'tracing off', 'tracing on (OTLP export)', 'ratio'],
    rows.map(([label, k]) => [label, of(k, 'off'), of(k, 'on'), of(k, 'on') / of(k, 'off')]),
  );
  const on = legs.on.at(-1);
  process.stdout.write(
    `\nexported per "on" leg: ${on?.exports ?? 0} OTLP requests, ${((on?.exportedBytes ?? 0) / 1e6).toFixed(1)} MB\n`,
  );
  process.stdout.write(await child('trace'));
  process.stdout.write(`\nnode ${process.version}, ${new Date().toISOString()}\n`);
}
