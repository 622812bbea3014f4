import { useMemo, useState } from 'react';
import { TrendChart } from '../charts.js';
import { fixed, percent, when, words } from '../format.js';
import { useQuery } from '../hooks.js';
import { Markdown } from '../markdown.js';
import { Status } from '../status.js';
import { ConsoleOverviewDocument, type BusinessMetric } from '../../../examples/generated/graphql.js';

const METRICS: BusinessMetric[] = [
  'ASSESSMENTS',
  'AVERAGE_REWARD',
  'AVERAGE_QUALITY',
  'CAPTURE_RATE',
  'EDUCATOR_RATINGS',
  'AVERAGE_RATING',
  'ACTIVE_USERS',
];

export function OverviewPage() {
  const [metric, setMetric] = useState<BusinessMetric>('ASSESSMENTS');
  // The last 48 hours, hourly; fixed per metric choice so the query is not re-sent on each render.
  const range = useMemo(() => {
    const to = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
    return { from: new Date(to.getTime() - 48 * 3_600_000).toISOString(), to: to.toISOString() };
  }, [metric]);
  const { data, error, loading } = useQuery(ConsoleOverviewDocument, { range, metric, bucket: 'HOUR' });
  const o = data?.systemOverview;
  const trend = data?.trend;
  // The last report the schedule stored; before the first one, the day so far, computed now.
  const stored = data?.reports[0];
  const report = stored
    ? { ...stored.report, note: `generated ${when(stored.generatedAt)}` }
    : data
      ? { ...data.today, note: 'computed now (no stored report yet)' }
      : null;
  return (
    <>
      <h1>Overview</h1>
      <Status loading={loading} error={error} />
      {o && (
        <section aria-labelledby="figures-title">
          <h2 id="figures-title" className="visually-hidden">
            System figures
          </h2>
          <dl className="tiles" id="overview-figures">
            <Tile label="Trajectories" value={o.totalTrajectories.toLocaleString()} />
            <Tile label="Ratings" value={o.totalRatings.toLocaleString()} />
            <Tile label="Assessments last hour" value={o.assessmentsLastHour.toLocaleString()} />
            <Tile label="Mean reward (24 h)" value={fixed(o.averageReward24h)} />
            <Tile label="Mean quality (24 h)" value={fixed(o.averageQuality24h)} />
            <Tile label="Capture rate (24 h)" value={percent(o.captureRate24h)} />
            <Tile label="Active users (24 h)" value={String(o.activeUsers24h)} />
            <Tile label="Active rubric" value={`v${o.activeRubricVersion}`} />
          </dl>
        </section>
      )}
      <section aria-labelledby="trend-title">
        <h2 id="trend-title">Trend, last 48 hours</h2>
        <label>
          Metric{' '}
          <select value={metric} onChange={(e) => setMetric(e.target.value as BusinessMetric)}>
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {words(m)}
              </option>
            ))}
          </select>
        </label>
        {trend && (
          <>
            <p id="trend-summary">
              {words(trend.direction)} ({fixed(trend.slopePerBucket, 3)} per hour, confidence {percent(trend.confidence)});{' '}
              {trend.anomalies.length} anomal{trend.anomalies.length === 1 ? 'y' : 'ies'}.
            </p>
            <TrendChart
              title={words(metric)}
              points={trend.series.points.map((p) => ({ at: String(p.bucketStart), value: p.value ?? null }))}
              forecast={trend.forecast.map((f) => ({
                at: String(f.bucketStart),
                value: f.value,
                lower: f.lower,
                upper: f.upper,
              }))}
              anomalies={trend.anomalies.map((a) => ({
                at: String(a.bucketStart),
                value: a.value,
                kind: a.kind,
                robustZ: a.robustZ,
              }))}
            />
          </>
        )}
      </section>
      <section aria-labelledby="report-title" id="latest-report">
        <h2 id="report-title">Latest daily report</h2>
        {report ? (
          <>
            <p>
              {when(report.from)} – {when(report.to)}, {report.note}
            </p>
            {/* The report's own text: its highlights come first in it, so they are not listed twice. */}
            <Markdown text={report.markdown} />
          </>
        ) : null}
      </section>
    </>
  );
}

function Tile({ label, value }: { label: string; value: string }) {
  return (
    <div className="tile">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
