import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS, dashboardPath, renderDashboard } from '../../monitoring/grafana/build-dashboards.js';
import { metricNamesIn } from '../support/prometheus-names.js';

describe('Grafana dashboards', () => {
  it('there are the four agreed dashboards', () => {
    expect(DASHBOARDS.map((d) => d.title)).toEqual([
      'System Overview',
      'Assessment Performance',
      'Training System',
      'Alerts & Incidents',
    ]);
  });

  it.each(DASHBOARDS.map((d) => [d.file, d] as const))(
    '%s matches its definition (run npx tsx monitoring/grafana/build-dashboards.ts)',
    (_f, d) => {
      expect(readFileSync(dashboardPath(d), 'utf8')).toBe(renderDashboard(d));
    },
  );

  it.each([
    [
      'sum by (le, service) (rate(mi_graphql_request_duration_seconds_bucket{service="gateway",le="1"}[5m]))',
      ['mi_graphql_request_duration_seconds_bucket'],
    ],
    ['slo:gateway_errors:ratio_rate1h / 0.001', ['slo:gateway_errors:ratio_rate1h']],
    ['sum(rate(a_total[1h])) / ignoring(le) group_left sum(rate(b_count[1h]))', ['a_total', 'b_count']],
  ])('metricNamesIn(%s)', (expr, names) => {
    expect(metricNamesIn(expr).sort()).toEqual([...names].sort());
  });
});
