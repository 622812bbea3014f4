/**
 * Writes the four Grafana dashboards from the compact definitions below:
 *   npx tsx monitoring/grafana/build-dashboards.ts
 * Generated JSON is committed (Grafana provisioning reads it); a test fails when it is stale
 * and when a query names a metric no service exports.
 */
import { writeFileSync } from 'node:fs';
import { fromRoot } from '../../platform/paths.js';

interface Panel {
  title: string;
  type?: 'timeseries' | 'stat' | 'text' | 'logs';
  /** For `logs` panels: a LogQL query against Loki (the services' JSON log lines). */
  logql?: string;
  unit?: string;
  exprs?: [expr: string, legend: string][];
  text?: string;
  w?: number;
}

interface Dashboard {
  /** Text boxes the panels' queries read as $name (e.g. a request id to follow). */
  variables?: { name: string; label: string }[];
  uid: string;
  title: string;
  file: string;
  description: string;
  panels: Panel[];
}

export const DASHBOARDS: Dashboard[] = [
  {
    uid: 'mi-system-overview',
    title: 'System Overview',
    file: 'system-overview.json',
    description: 'Is the platform up, fast and taking in assessments?',
    panels: [
      { title: 'Services up', type: 'stat', exprs: [['up', '{{job}}']] },
      { title: 'Assessments in the last hour', type: 'stat', exprs: [['mi_assessments_per_hour', 'assessments']] },
      { title: 'Capture rate (1h)', type: 'stat', unit: 'percentunit', exprs: [['mi_capture_rate', 'capture rate']] },
      { title: 'Active users (1h)', type: 'stat', exprs: [['mi_users_active', 'users']] },
      {
        title: 'GraphQL operations/s by service',
        unit: 'ops',
        exprs: [['sum by (service) (rate(mi_graphql_requests_total[5m]))', '{{service}}']],
      },
      {
        title: 'Gateway error ratio (server errors)',
        unit: 'percentunit',
        exprs: [
          [
            'sum(rate(mi_graphql_requests_total{service="gateway",outcome="server_error"}[5m])) / sum(rate(mi_graphql_requests_total{service="gateway"}[5m]))',
            'error ratio',
          ],
        ],
      },
      {
        title: 'p95 latency by service',
        unit: 's',
        exprs: [
          [
            'histogram_quantile(0.95, sum by (le, service) (rate(mi_graphql_request_duration_seconds_bucket[5m])))',
            '{{service}}',
          ],
        ],
      },
      { title: 'Average reward (24h)', unit: 'percentunit', exprs: [['mi_average_reward', 'average reward']] },
      // The host, from node-exporter. The CPU gate of the plan is 70% (alert HostCpuHigh).
      {
        title: 'CPU used by mode (gate: 70% in all)',
        unit: 'percentunit',
        exprs: [
          ['instance:node_cpu_utilisation:rate5m', 'all, {{instance}}'],
          [
            'sum by (mode) (rate(node_cpu_seconds_total{mode!="idle"}[5m])) / scalar(count(node_cpu_seconds_total{mode="idle"}))',
            '{{mode}}',
          ],
        ],
      },
      {
        title: 'Memory',
        unit: 'bytes',
        exprs: [
          ['node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes', 'used, {{instance}}'],
          ['node_memory_MemTotal_bytes', 'total, {{instance}}'],
        ],
      },
      {
        title: 'Disk I/O',
        unit: 'Bps',
        exprs: [
          ['sum by (instance) (rate(node_disk_read_bytes_total[5m]))', 'read, {{instance}}'],
          ['sum by (instance) (rate(node_disk_written_bytes_total[5m]))', 'written, {{instance}}'],
        ],
      },
      {
        title: 'Network',
        unit: 'Bps',
        exprs: [
          ['sum by (instance) (rate(node_network_receive_bytes_total{device!="lo"}[5m]))', 'received, {{instance}}'],
          ['sum by (instance) (rate(node_network_transmit_bytes_total{device!="lo"}[5m]))', 'sent, {{instance}}'],
        ],
      },
      {
        title: 'Disk space used',
        unit: 'percentunit',
        exprs: [
          [
            '1 - node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs"}',
            '{{instance}} {{mountpoint}}',
          ],
        ],
      },
    ],
  },
  {
    uid: 'mi-assessment-performance',
    title: 'Assessment Performance',
    file: 'assessment-performance.json',
    description: 'How assessments arrive, how long the agents take, and how good the results are.',
    panels: [
      {
        title: 'Assessments stored/s by audience',
        unit: 'ops',
        exprs: [['sum by (audience) (rate(mi_assessments_total[5m]))', '{{audience}}']],
      },
      {
        title: 'Assessments stored/s by status',
        unit: 'ops',
        exprs: [['sum by (status) (rate(mi_assessments_total[5m]))', '{{status}}']],
      },
      {
        title: 'Agent execution time p50 / p95',
        unit: 's',
        exprs: [
          ['histogram_quantile(0.5, sum by (le, agent) (rate(mi_agent_execution_seconds_bucket[15m])))', 'p50 {{agent}}'],
          ['histogram_quantile(0.95, sum by (le, agent) (rate(mi_agent_execution_seconds_bucket[15m])))', 'p95 {{agent}}'],
        ],
      },
      {
        title: 'Rejected submissions/s by reason',
        unit: 'ops',
        exprs: [['sum by (reason) (rate(mi_trajectory_rejections_total[5m]))', '{{reason}}']],
      },
      { title: 'Average data quality (24h)', unit: 'percentunit', exprs: [['mi_average_quality_score', 'quality']] },
      {
        title: 'Median reward of new captures',
        unit: 'percentunit',
        exprs: [['histogram_quantile(0.5, sum by (le) (rate(mi_reward_value_bucket[1h])))', 'median reward']],
      },
      {
        title: 'submitTrajectory(ies) latency p95 at the gateway',
        unit: 's',
        exprs: [
          [
            'histogram_quantile(0.95, sum by (le, operation) (rate(mi_graphql_request_duration_seconds_bucket{service="gateway",operation_type="mutation"}[5m])))',
            '{{operation}}',
          ],
        ],
      },
    ],
  },
  {
    uid: 'mi-training-system',
    title: 'Training System',
    file: 'training-system.json',
    description: 'The data the reward model learns from: volume, quality, educator signal.',
    panels: [
      { title: 'Training data collected', type: 'stat', exprs: [['mi_training_data_collected', '{{kind}}']] },
      { title: 'Educator ratings/s', unit: 'ops', exprs: [['sum(rate(mi_educator_ratings_total[15m]))', 'ratings']] },
      {
        title: 'Rewards computed/s by rubric version',
        unit: 'ops',
        exprs: [['sum by (rubric_version) (rate(mi_rewards_computed_total[15m]))', 'rubric v{{rubric_version}}']],
      },
      {
        title: 'Low-quality share of new captures',
        unit: 'percentunit',
        exprs: [
          ['sum(rate(mi_assessments_total{status="LOW_QUALITY"}[1h])) / sum(rate(mi_assessments_total[1h]))', 'low quality'],
        ],
      },
      {
        title: 'Reward distribution (share of rewards ≤ bucket)',
        unit: 'percentunit',
        exprs: [
          [
            'sum by (le) (rate(mi_reward_value_bucket[1h])) / ignoring(le) group_left sum(rate(mi_reward_value_count[1h]))',
            '≤ {{le}}',
          ],
        ],
      },
      {
        title: 'Training runs ended (24h) by status',
        type: 'stat',
        exprs: [['sum by (status) (increase(mi_training_runs_total[24h]))', '{{status}}']],
      },
      {
        title: 'Production model accuracy (within ±0.1, held-out test)',
        unit: 'percentunit',
        exprs: [['mi_production_model_accuracy', 'accuracy']],
      },
      { title: 'Production model version', type: 'stat', exprs: [['mi_production_model_version', 'version']] },
      {
        title: 'Live agreement with ratings since the production model (within ±0.1)',
        unit: 'percentunit',
        exprs: [
          ['mi_model_live_agreement{measure="within"}', 'within ±0.1'],
          ['mi_model_live_agreement{measure="mae"}', 'MAE'],
        ],
      },
      {
        title: 'Input drift: PSI per feature group (0.25 = large shift)',
        exprs: [['max by (group) (mi_model_input_psi)', '{{group}}']],
      },
      {
        title: 'Training throughput (last run)',
        unit: 'ops',
        exprs: [['mi_training_samples_per_second', '{{service}} samples/s']],
      },
      { title: 'TensorFlow.js backend', type: 'stat', exprs: [['mi_tfjs_backend_info', '{{backend}}']] },
      {
        title: 'Predictions/s by model version',
        unit: 'ops',
        exprs: [['sum by (model_version) (rate(mi_model_predictions_total[5m]))', 'v{{model_version}}']],
      },
      {
        title: 'Batched prediction time p95',
        unit: 's',
        exprs: [['histogram_quantile(0.95, sum by (le) (rate(mi_model_prediction_duration_seconds_bucket[5m])))', 'p95']],
      },
    ],
  },
  {
    uid: 'mi-alerts-incidents',
    title: 'Alerts & Incidents',
    file: 'alerts-incidents.json',
    description: 'What is firing, how fast the error budgets burn, and where errors come from.',
    variables: [
      { name: 'request_id', label: 'Request id (x-request-id)' },
      { name: 'trace_id', label: 'Trace id' },
    ],
    panels: [
      {
        title: 'Firing alerts',
        type: 'stat',
        exprs: [['sum by (alertname, severity) (ALERTS{alertstate="firing"})', '{{alertname}} ({{severity}})']],
      },
      {
        title: 'Availability burn rate (× budget)',
        exprs: [
          ['slo:gateway_errors:ratio_rate1h / 0.001', '1h'],
          ['slo:gateway_errors:ratio_rate6h / 0.001', '6h'],
          ['slo:gateway_errors:ratio_rate3d / 0.001', '3d'],
        ],
      },
      {
        title: 'Latency burn rate (× budget)',
        exprs: [
          ['slo:gateway_slow:ratio_rate1h / 0.01', '1h'],
          ['slo:gateway_slow:ratio_rate6h / 0.01', '6h'],
          ['slo:gateway_slow:ratio_rate3d / 0.01', '3d'],
        ],
      },
      {
        title: 'GraphQL errors/s by code',
        unit: 'ops',
        exprs: [['sum by (code) (rate(mi_graphql_errors_total[5m]))', '{{code}}']],
      },
      {
        title: 'HTTP responses/s by status class',
        unit: 'ops',
        exprs: [['sum by (service, status_class) (rate(mi_http_requests_total[5m]))', '{{service}} {{status_class}}']],
      },
      {
        // Prometheus keeps ALERTS only while an alert is active, sampled every evaluation (15 s):
        // firing samples × 15 s is the time firing; each new ALERTS_FOR_STATE value is an incident.
        title: 'Mean time to resolve per alert (7 days)',
        type: 'stat',
        unit: 's',
        exprs: [
          [
            'sum by (alertname) (count_over_time(ALERTS{alertstate="firing"}[7d])) * 15 / sum by (alertname) (changes(ALERTS_FOR_STATE[7d]) + 1)',
            '{{alertname}}',
          ],
        ],
      },
      {
        title: 'Incidents per alert (7 days)',
        type: 'stat',
        exprs: [['sum by (alertname) (changes(ALERTS_FOR_STATE[7d]) + 1)', '{{alertname}}']],
      },
      { title: 'Event loop lag p99', unit: 's', exprs: [['nodejs_eventloop_lag_p99_seconds', '{{service}}']] },
      { title: 'Resident memory', unit: 'bytes', exprs: [['process_resident_memory_bytes', '{{service}}']] },
      {
        // Loki: every service's JSON lines (shipped by Promtail); each line's trace_id links to its
        // trace in Jaeger, and a trace's spans link back here (provisioning/datasources).
        title: 'Logs (narrow them with Request id or Trace id above)',
        type: 'logs',
        w: 24,
        logql: '{job="containers"} | json | requestId=~"${request_id:regex}.*" | trace_id=~"${trace_id:regex}.*"',
      },
    ],
  },
];

const DATASOURCE = { type: 'prometheus', uid: 'prometheus' };
const LOKI = { type: 'loki', uid: 'loki' };

export function renderDashboard(d: Dashboard): string {
  let x = 0;
  let y = 0;
  const panels = d.panels.map((p, id) => {
    const w = p.w ?? (p.type === 'stat' ? 6 : 12);
    const h = p.type === 'stat' ? 5 : 8;
    if (x + w > 24) {
      x = 0;
      y += 8;
    }
    const gridPos = { h, w, x, y };
    x += w;
    if (p.type === 'text')
      return { id: id + 1, type: 'text', title: p.title, gridPos, options: { mode: 'markdown', content: p.text } };
    if (p.type === 'logs')
      return {
        id: id + 1,
        type: 'logs',
        title: p.title,
        datasource: LOKI,
        gridPos: { ...gridPos, h: 12 },
        options: { showTime: true, wrapLogMessage: true, sortOrder: 'Descending', enableLogDetails: true },
        targets: [{ refId: 'A', datasource: LOKI, expr: p.logql ?? '' }],
      };
    return {
      id: id + 1,
      type: p.type ?? 'timeseries',
      title: p.title,
      datasource: DATASOURCE,
      gridPos,
      fieldConfig: { defaults: { unit: p.unit ?? 'short' }, overrides: [] },
      targets: (p.exprs ?? []).map(([expr, legendFormat], i) => ({
        refId: String.fromCharCode(65 + i),
        datasource: DATASOURCE,
        expr,
        legendFormat,
      })),
    };
  });
  const dashboard = {
    uid: d.uid,
    title: d.title,
    description: d.description,
    tags: ['medillustrator'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: (d.variables ?? []).map((v) => ({
        name: v.name,
        label: v.label,
        type: 'textbox',
        query: '',
        current: { text: '', value: '' },
      })),
    },
    panels,
  };
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

export const dashboardPath = (d: Dashboard) => fromRoot('monitoring', 'grafana', 'dashboards', d.file);

if (process.argv[1]?.endsWith('build-dashboards.ts')) {
  for (const d of DASHBOARDS) writeFileSync(dashboardPath(d), renderDashboard(d));
  process.stdout.write(`wrote ${DASHBOARDS.length} dashboards\n`);
}
