/**
 * The console's weight and first-load time (on demand: npm run bench:console). The platform in
 * one process on PGlite with 300 demo trajectories; headless Chromium (Debian's) loads each page
 * ROUNDS times, each time in a fresh browser context (cold cache, nothing stored), with every
 * request to another origin aborted:
 *   - the console signed in (the credential already in the tab), until the Overview's figures show;
 *   - the console's sign-in page, until the form shows (the first visit);
 *   - GraphiQL, the baseline, until its editor shows its tabs.
 * Per page: bytes over the wire (gzip, as the gateway sends them), requests, and the median and
 * p95 of the time to the page being usable; the ratio is page ÷ GraphiQL. Then the bundle's
 * files, raw and gzipped, from dist/web.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { chromium, type Browser } from 'playwright-core';
import { startPlatform } from '../../app/platform.js';
import { openDatabase } from '../../db/client.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import { buildWeb, bundleSizes } from '../../scripts/build-web.js';
import { percentile, printTable } from '../support/stats.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const CHROMIUM = '/usr/bin/chromium';
const KEY = `bench-admin-${randomBytes(24).toString('hex')}`;
const log = (line: string) => process.stderr.write(`  ${line}\n`);

interface Load {
  ms: number;
  bytes: number;
  requests: number;
  /** The files of dist/web the page fetched. */
  files: string[];
}

async function load(browser: Browser, origin: string, path: string, ready: string, signedIn: boolean): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  let bytes = 0;
  let requests = 0;
  const files: string[] = [];
  await context.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
  if (signedIn) await context.addInitScript({ content: `sessionStorage.setItem('mi-credential', ${JSON.stringify(KEY)})` });
  const page = await context.newPage();
  page.on('response', (res) => {
    requests++;
    bytes += Number(res.headers()['content-length'] ?? 0);
    const path = new URL(res.url()).pathname;
    if (path.startsWith('/assets/')) files.push(path.slice(1));
  });
  const started = performance.now();
  await page.goto(`${origin}${path}`);
  await page.waitForSelector(ready, { timeout: 30_000 });
  const ms = performance.now() - started;
  await context.close();
  return { ms, bytes, requests, files };
}

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is needed (apt-get install chromium)`);
  log(`building dist/web: ${await buildWeb({ log })}`);
  const database = await openDatabase({});
  const config = loadConfig({
    ...EPHEMERAL_PORTS,
    ADMIN_API_KEY: KEY,
    DEMO_TRAJECTORIES: '300',
    TRAIN_ON_START: 'false',
    LOG_LEVEL: 'silent',
  });
  const platform = await startPlatform(config, pino({ level: 'silent' }), { database });
  const origin = new URL(platform.gatewayUrl).origin;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const pages = [
    { name: 'console, signed in: Overview with data', path: '/#/overview', ready: '#overview-figures dd', signedIn: true },
    { name: 'console, first visit: sign-in form', path: '/', ready: '#credential', signedIn: false },
    { name: 'GraphiQL (baseline): editor with tabs', path: '/graphiql', ready: '.graphiql-tab', signedIn: true },
  ];
  const results = new Map<string, Load[]>();
  try {
    for (const p of pages) await load(browser, origin, p.path, p.ready, p.signedIn); // warm the server, not the browser
    for (let round = 1; round <= ROUNDS; round++) {
      for (const p of pages) {
        const r = await load(browser, origin, p.path, p.ready, p.signedIn);
        results.set(p.name, [...(results.get(p.name) ?? []), r]);
      }
      log(`round ${round}/${ROUNDS}`);
    }
  } finally {
    await browser.close();
    await platform.stop();
    await database.close();
  }
  const summary = pages.map((p) => {
    const rs = results.get(p.name) ?? [];
    const ms = rs.map((r) => r.ms).sort((a, b) => a - b);
    return {
      name: p.name,
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      bytes: rs[0]?.bytes ?? 0,
      requests: rs[0]?.requests ?? 0,
    };
  });
  const base = summary.at(-1) ?? { bytes: 1, p50: 1 };
  printTable(
    `First load, cold cache, ${ROUNDS} rounds (Chromium ${browser.version()}, this machine)`,
    ['page', 'requests', 'KiB over the wire', 'p50 ms', 'p95 ms', 'KiB ÷ GraphiQL', 'p50 ÷ GraphiQL'],
    summary.map((s) => [
      s.name,
      s.requests,
      (s.bytes / 1024).toFixed(1),
      s.p50.toFixed(0),
      s.p95.toFixed(0),
      (s.bytes / base.bytes).toFixed(3),
      (s.p50 / base.p50).toFixed(3),
    ]),
  );
  const sizes = bundleSizes();
  // What a first visit to the console fetches: its HTML and the assets it asked for.
  const firstVisit = results.get('console, first visit: sign-in form')?.[0];
  const fetched = new Set(['index.html', ...(firstVisit?.files ?? [])]);
  const consoleFiles = sizes.filter((s) => fetched.has(s.file));
  const total = (xs: typeof sizes) => ({
    raw: xs.reduce((a, s) => a + s.bytes, 0) / 1024,
    gzip: xs.reduce((a, s) => a + s.gzipBytes, 0) / 1024,
  });
  const ours = total(consoleFiles);
  const all = total(sizes);
  printTable(
    'Bundle (dist/web)',
    ['files', 'KiB', 'KiB gzip'],
    [
      ...consoleFiles.map((s) => [s.file, (s.bytes / 1024).toFixed(1), (s.gzipBytes / 1024).toFixed(1)]),
      ['console total', ours.raw.toFixed(1), ours.gzip.toFixed(1)],
      ['everything (GraphiQL, Monaco, workers included)', all.raw.toFixed(1), all.gzip.toFixed(1)],
    ],
  );
}

await main();
