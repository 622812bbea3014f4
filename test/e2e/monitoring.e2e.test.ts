import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { DatabaseHandle } from '../../db/client.js';
import { DASHBOARDS } from '../../monitoring/grafana/build-dashboards.js';
import { startPlatform, type RunningPlatform } from '../../app/platform.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import { fromRoot } from '../../platform/paths.js';
import { createTestDatabase, RUNS_PGLITE } from '../support/database.js';
import {
  SubmitTrajectoryDocument,
  TrajectoriesWithRewardsDocument,
  type SubmitTrajectoryMutationVariables,
  type TrajectoriesWithRewardsQueryVariables,
} from '../../examples/generated/graphql.js';
import { exampleVariables, post, run, TEST_ADMIN_KEY } from '../support/graphql-client.js';
import { exportedNames, metricNamesIn, prometheusOwnNames } from '../support/prometheus-names.js';

const installed = (...commands: string[]) => {
  try {
    for (const c of commands) execFileSync(c, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const hasPrometheus = installed('promtool', 'prometheus');
/** Debian's node-exporter: the host's CPU, memory, disk and network for the System Overview. */
const hasNodeExporter = installed('prometheus-node-exporter');
// CI installs Prometheus and node-exporter and sets REQUIRE_PROMETHEUS=1, so there a missing binary fails.
if ((!hasPrometheus || !hasNodeExporter) && process.env.REQUIRE_PROMETHEUS === '1')
  throw new Error('REQUIRE_PROMETHEUS=1 but promtool/prometheus/prometheus-node-exporter are not installed');

const SERVICES = ['gateway', 'trajectory', 'reward', 'metrics', 'access', 'model'] as const;

describe.runIf(RUNS_PGLITE)('metrics endpoints and monitoring', () => {
  let database: DatabaseHandle;
  let platform: RunningPlatform;
  const metricsUrl = (service: (typeof SERVICES)[number]) =>
    (service === 'gateway' ? platform.gatewayUrl : platform.subgraphUrls[service]).replace('/graphql', '/metrics');
  const scrape = async (service: (typeof SERVICES)[number]) => (await fetch(metricsUrl(service))).text();
  /** The sum over every series of `name` that has all of `labels` (known label sets start at 0). */
  const sample = (text: string, name: string, labels: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(`${name}{`) && labels.split(',').every((kv) => l.includes(kv)))
      .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);

  let nodeExporter: ChildProcess | undefined;
  let nodeExporterHost = '';
  const scrapeNodeExporter = async () => (await fetch(`http://${nodeExporterHost}/metrics`)).text();

  beforeAll(async () => {
    if (hasNodeExporter) {
      nodeExporterHost = `127.0.0.1:${await freePort()}`;
      nodeExporter = spawn('prometheus-node-exporter', [`--web.listen-address=${nodeExporterHost}`], { stdio: 'ignore' });
      const deadline = Date.now() + 15_000;
      while (
        !(await scrapeNodeExporter().then(
          () => true,
          () => false,
        ))
      ) {
        if (Date.now() > deadline) throw new Error('node-exporter did not answer');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    database = await createTestDatabase('pglite');
    const config = loadConfig({
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      ...EPHEMERAL_PORTS,
      DEMO_TRAJECTORIES: '20',
      TRAIN_ON_START: 'false',
    });
    platform = await startPlatform(config, pino({ level: 'silent' }), { database });
  });
  afterAll(async () => {
    nodeExporter?.kill('SIGTERM');
    await platform?.stop();
    await database?.close();
  });

  it('on a fresh platform, before any traffic, every metric the dashboards and rules use has a value', async () => {
    const withValue = new Set<string>();
    for (const service of SERVICES)
      for (const line of (await scrape(service)).split('\n'))
        if (line && !line.startsWith('#')) withValue.add(line.split(/[{ ]/)[0] ?? '');
    const rules = parse(readFileSync(fromRoot('monitoring', 'alerts', 'alert_rules.yml'), 'utf8')) as {
      groups: { rules: { expr: string }[] }[];
    };
    const exprs = [
      ...DASHBOARDS.flatMap((d) => d.panels.flatMap((p) => (p.exprs ?? []).map(([expr]) => expr))),
      ...rules.groups.flatMap((g) => g.rules.map((r) => r.expr)),
    ];
    // Per-version prediction counters and the live-drift gauges start with a production model; this platform has none yet.
    const needsModel = new Set([
      'mi_model_predictions_total',
      'mi_production_model_accuracy',
      'mi_production_model_version',
      'mi_model_live_agreement',
      'mi_model_input_psi',
    ]);
    const missing = [...new Set(exprs.flatMap(metricNamesIn))].filter(
      (n) => n.startsWith('mi_') && !needsModel.has(n) && !withValue.has(n),
    );
    expect(missing).toEqual([]);
    for (const name of ['mi_graphql_errors_total', 'mi_trajectory_rejections_total', 'mi_training_runs_total'])
      expect(withValue.has(name), name).toBe(true);
  });

  it('every service exposes /metrics, and its counters move when traffic flows', async () => {
    const before = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await scrape(s)] as const)));
    const vars = exampleVariables<SubmitTrajectoryMutationVariables>('submit-trajectory');
    vars.input.idempotencyKey = `metrics-${Date.now()}`;
    await run(platform.gatewayUrl, SubmitTrajectoryDocument, vars);
    await run(
      platform.gatewayUrl,
      TrajectoriesWithRewardsDocument,
      exampleVariables<TrajectoriesWithRewardsQueryVariables>('trajectories-with-rewards'),
    );
    await post(platform.gatewayUrl, '{ systemOverview { totalTrajectories } }');
    const after = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await scrape(s)] as const)));

    const gw = 'mi_graphql_requests_total';
    expect(sample(after.gateway!, gw, 'operation="SubmitTrajectory",outcome="success"')).toBe(
      sample(before.gateway!, gw, 'operation="SubmitTrajectory",outcome="success"') + 1,
    );
    expect(sample(after.trajectory!, gw, 'operation="SubmitTrajectory"')).toBeGreaterThan(
      sample(before.trajectory!, gw, 'operation="SubmitTrajectory"'),
    );
    // the gateway's entity fetch for reward fields reaches the Reward subgraph
    expect(sample(after.reward!, gw, 'operation_type="query"')).toBeGreaterThan(
      sample(before.reward!, gw, 'operation_type="query"'),
    );
    expect(sample(after.metrics!, gw, 'operation_type="query"')).toBeGreaterThan(
      sample(before.metrics!, gw, 'operation_type="query"'),
    );
    expect(sample(after.trajectory!, 'mi_assessments_total', 'audience="MEDICAL_STUDENT"')).toBe(
      sample(before.trajectory!, 'mi_assessments_total', 'audience="MEDICAL_STUDENT"') + 1,
    );
    expect(sample(after.trajectory!, 'mi_agent_execution_seconds_count', 'agent="medical_terms"')).toBeGreaterThan(
      sample(before.trajectory!, 'mi_agent_execution_seconds_count', 'agent="medical_terms"'),
    );
    expect(sample(after.reward!, 'mi_rewards_computed_total', 'rubric_version="1"')).toBe(
      sample(before.reward!, 'mi_rewards_computed_total', 'rubric_version="1"') + 1,
    );
    expect(after.metrics).toMatch(/mi_training_data_collected\{kind="valid_trajectories",service="metrics"\} \d+/);
    // One process (npm start): its memory and event loop are reported once, by the gateway.
    expect(after.gateway).toMatch(/process_resident_memory_bytes\{service="gateway"\} \d+/);
    for (const s of SERVICES.filter((s) => s !== 'gateway')) expect(after[s]).not.toMatch(/process_resident_memory_bytes/);
  });

  it('bad input shows as a client error, by code, without raw input in labels', async () => {
    const before = await scrape('gateway');
    await post(platform.gatewayUrl, 'query Whatever { trajectories(first: 500) { totalCount } }');
    const after = await scrape('gateway');
    expect(sample(after, 'mi_graphql_errors_total', 'operation="Whatever",code="BAD_USER_INPUT"')).toBe(
      sample(before, 'mi_graphql_errors_total', 'operation="Whatever",code="BAD_USER_INPUT"') + 1,
    );
    expect(sample(after, 'mi_graphql_requests_total', 'operation="Whatever",outcome="client_error"')).toBeGreaterThan(0);
  });

  it('every metric a dashboard queries is exported by a service or node-exporter (or made by Prometheus itself)', async () => {
    const exported = new Set([...prometheusOwnNames()]);
    for (const s of SERVICES) for (const n of exportedNames(await scrape(s))) exported.add(n);
    if (hasNodeExporter) for (const n of exportedNames(await scrapeNodeExporter())) exported.add(n);
    const missing = DASHBOARDS.flatMap((d) =>
      d.panels.flatMap((p) =>
        (p.exprs ?? []).flatMap(([expr]) =>
          metricNamesIn(expr)
            // Without node-exporter here (a developer machine), only the host's names go unchecked.
            .filter((n) => !exported.has(n) && (hasNodeExporter || !n.startsWith('node_')))
            .map((n) => `${d.title}: ${n}`),
        ),
      ),
    );
    expect(missing).toEqual([]);
  });

  describe.skipIf(!hasPrometheus || !hasNodeExporter)('with Prometheus and node-exporter from Debian', () => {
    let prometheus: ChildProcess | undefined;
    let dir: string;
    let promUrl: string;

    afterAll(() => {
      prometheus?.kill('SIGTERM');
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('promtool checks the config, the rules, and passes the rule unit tests; amtool checks Alertmanager', () => {
      const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe' });
      expect(run('promtool', ['check', 'config', fromRoot('monitoring', 'prometheus', 'prometheus.yml')])).toMatch(/SUCCESS/);
      expect(run('promtool', ['check', 'rules', fromRoot('monitoring', 'alerts', 'alert_rules.yml')])).toMatch(
        /SUCCESS: \d+ rules found/,
      );
      expect(run('promtool', ['test', 'rules', fromRoot('monitoring', 'alerts', 'alert_rules.test.yml')])).toMatch(/SUCCESS/);
      let amtool = true;
      try {
        run('amtool', ['--version']);
      } catch {
        amtool = false;
      }
      if (amtool || process.env.REQUIRE_PROMETHEUS === '1') {
        expect(run('amtool', ['check-config', fromRoot('monitoring', 'alertmanager', 'alertmanager.yml')])).toMatch(/SUCCESS/);
      }
    });

    it('every alert has a severity, a summary and a runbook section, and every alert has a firing test', () => {
      const rules = parse(readFileSync(fromRoot('monitoring', 'alerts', 'alert_rules.yml'), 'utf8')) as {
        groups: {
          rules: { alert?: string; labels?: { severity?: string }; annotations?: { summary?: string; runbook_url?: string } }[];
        }[];
      };
      const tests = readFileSync(fromRoot('monitoring', 'alerts', 'alert_rules.test.yml'), 'utf8');
      const runbook = readFileSync(fromRoot('docs', 'runbook.md'), 'utf8');
      const alerts = rules.groups.flatMap((g) => g.rules.filter((r) => r.alert));
      expect(alerts.length).toBeGreaterThanOrEqual(11);
      for (const a of alerts) {
        expect(['page', 'ticket'], a.alert).toContain(a.labels?.severity);
        expect(a.annotations?.summary, a.alert).toBeTruthy();
        const anchor = a.annotations?.runbook_url?.split('#')[1];
        expect(anchor, a.alert).toBe(a.alert?.toLowerCase());
        expect(runbook, `runbook section for ${a.alert}`).toMatch(new RegExp(`^## ${a.alert}$`, 'm'));
        expect(tests, `firing test for ${a.alert}`).toMatch(
          new RegExp(`alertname: ${a.alert}\\n\\s+exp_alerts:\\n\\s+- exp_labels`),
        );
        expect(tests, `not-firing test for ${a.alert}`).toMatch(new RegExp(`alertname: ${a.alert}\\n\\s+exp_alerts: \\[\\]`));
      }
    });

    it('a real Prometheus scrapes every service and answers a request-rate query', async () => {
      dir = mkdtempSync(join(tmpdir(), 'mi-prometheus-'));
      const port = await freePort();
      promUrl = `http://127.0.0.1:${port}`;
      const config = parse(readFileSync(fromRoot('monitoring', 'prometheus', 'prometheus.yml'), 'utf8')) as {
        global: Record<string, unknown>;
        rule_files: string[];
        alerting?: unknown;
        scrape_configs: { job_name: (typeof SERVICES)[number] | 'node'; static_configs: { targets: string[] }[] }[];
      };
      config.global.scrape_interval = '1s';
      config.global.evaluation_interval = '1s';
      config.rule_files = [fromRoot('monitoring', 'alerts', 'alert_rules.yml')];
      delete config.alerting;
      for (const job of config.scrape_configs)
        job.static_configs = [{ targets: [job.job_name === 'node' ? nodeExporterHost : new URL(metricsUrl(job.job_name)).host] }];
      writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
      prometheus = spawn(
        'prometheus',
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        {
          stdio: 'ignore',
        },
      );

      const query = async (q: string) => {
        const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
        return ((await res.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data
          .result;
      };
      const until = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
        const deadline = Date.now() + 30_000;
        for (;;) {
          const v = await probe().catch(() => undefined);
          if (v !== undefined) return v;
          if (Date.now() > deadline) throw new Error(`Prometheus never showed ${what}`);
          await new Promise((r) => setTimeout(r, 500));
        }
      };

      const up = await until(async () => {
        const r = await query('up');
        return r.length === SERVICES.length + 1 && r.every((s) => s.value[1] === '1') ? r : undefined;
      }, 'every target up');
      expect(up.map((s) => s.metric.job).sort()).toEqual([...SERVICES, 'node'].sort());
      // The host's CPU, through the recording rule the CPU alert and the System Overview use.
      const cpu = await until(async () => {
        const r = await query('instance:node_cpu_utilisation:rate5m');
        return r.length ? r : undefined;
      }, 'the CPU utilisation recording rule');
      expect(Number(cpu[0]!.value[1])).toBeGreaterThan(0);
      expect(Number(cpu[0]!.value[1])).toBeLessThanOrEqual(1);

      const stop = Date.now() + 4000;
      while (Date.now() < stop) {
        await post(platform.gatewayUrl, '{ trajectories(first: 2) { totalCount } }');
        await new Promise((r) => setTimeout(r, 100));
      }
      const rate = await until(async () => {
        const r = await query('sum by (service) (rate(mi_graphql_requests_total{service="gateway"}[10s]))');
        return r[0] && Number(r[0].value[1]) > 0 ? r : undefined;
      }, 'a positive gateway request rate');
      expect(Number(rate[0]!.value[1])).toBeGreaterThan(1);
      const recorded = await until(async () => {
        const r = await query('slo:gateway_errors:ratio_rate5m');
        return r.length ? r : undefined;
      }, 'the availability recording rule');
      expect(Number(recorded[0]!.value[1])).toBe(0);
      const business = await query('mi_training_data_collected{kind="valid_trajectories"}');
      expect(Number(business[0]?.value[1])).toBeGreaterThan(0);
    }, 90_000);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
