import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Executor } from '../../db/client.js';
import { BadUserInputError } from '../../platform/errors.js';
import { captureRate } from '../../domain/capture.js';

export const BUSINESS_METRICS = [
  'ASSESSMENTS',
  'AVERAGE_REWARD',
  'AVERAGE_QUALITY',
  'CAPTURE_RATE',
  'ACTIVE_USERS',
  'EDUCATOR_RATINGS',
  'AVERAGE_RATING',
] as const;
export type BusinessMetric = (typeof BUSINESS_METRICS)[number];
export type Bucket = 'HOUR' | 'DAY';

export const BUCKET_MS: Record<Bucket, number> = { HOUR: 3_600_000, DAY: 86_400_000 };
export const MAX_BUCKETS = 2000;
/** Counts are 0 in an empty bucket; averages and rates have no value there. */
const COUNT_METRICS = new Set<BusinessMetric>(['ASSESSMENTS', 'ACTIVE_USERS', 'EDUCATOR_RATINGS']);

export interface Point {
  bucketStart: Date;
  value: number | null;
  sampleCount: number;
}

export interface Window {
  from: Date;
  to: Date;
}

/** UTC-aligned bucket starts covering [from, to). */
export function bucketStarts(range: Window, bucket: Bucket): Date[] {
  const step = BUCKET_MS[bucket];
  const first = Math.floor(range.from.getTime() / step) * step;
  const out: Date[] = [];
  for (let t = first; t < range.to.getTime(); t += step) out.push(new Date(t));
  return out;
}

export function checkRange(range: { from: string; to: string }, bucket: Bucket): Window {
  const from = new Date(range.from);
  const to = new Date(range.to);
  if (!(from < to))
    throw new BadUserInputError('range.from must be before range.to', [{ path: 'range', message: 'from must be before to' }]);
  const n = Math.ceil((to.getTime() - Math.floor(from.getTime() / BUCKET_MS[bucket]) * BUCKET_MS[bucket]) / BUCKET_MS[bucket]);
  if (n > MAX_BUCKETS) {
    throw new BadUserInputError(`range spans ${n} ${bucket} buckets; at most ${MAX_BUCKETS}`, [
      { path: 'range', message: `at most ${MAX_BUCKETS} buckets` },
    ]);
  }
  return { from, to };
}

const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Business figures straight from the tables: series bucketed by hour or day, the overview, and
 * report windows. Buckets are computed with date_bin against a UTC origin, so results do not
 * depend on the session time zone.
 */
export class BusinessMetrics {
  constructor(private readonly db: Executor) {}

  private async query(q: SQL): Promise<Record<string, unknown>[]> {
    return rowsOf(await this.db.execute(q));
  }

  async series(metric: BusinessMetric, range: Window, bucket: Bucket): Promise<Point[]> {
    const stride = sql.raw(`'${bucket === 'HOUR' ? '1 hour' : '1 day'}'::interval`);
    const bin = (col: SQL) => sql`date_bin(${stride}, ${col}, timestamptz '2000-01-01 00:00:00+00')`;
    const inRange = (col: SQL) =>
      sql`${col} >= ${range.from.toISOString()}::timestamptz and ${col} < ${range.to.toISOString()}::timestamptz`;
    const t = sql`t.submitted_at`;
    let q: SQL;
    switch (metric) {
      case 'ASSESSMENTS':
        q = sql`select ${bin(t)} as b, count(*)::float8 as v, count(*)::int as n from trajectories t where ${inRange(t)} group by 1`;
        break;
      case 'AVERAGE_QUALITY':
        q = sql`select ${bin(t)} as b, avg(t.quality_score)::float8 as v, count(*)::int as n from trajectories t where ${inRange(t)} group by 1`;
        break;
      case 'ACTIVE_USERS':
        q = sql`select ${bin(t)} as b, count(distinct t.submitted_by_index)::float8 as v, count(*)::int as n from trajectories t where ${inRange(t)} group by 1`;
        break;
      case 'AVERAGE_REWARD':
        q = sql`select ${bin(t)} as b, avg(r.total)::float8 as v, count(*)::int as n
                from trajectories t join rewards r on r.trajectory_id = t.id
                  and r.rubric_version = (select version from rubrics where active)
                where ${inRange(t)} group by 1`;
        break;
      case 'EDUCATOR_RATINGS':
      case 'AVERAGE_RATING': {
        const c = sql`f.created_at`;
        const v = metric === 'EDUCATOR_RATINGS' ? sql`count(*)::float8` : sql`avg(f.score)::float8`;
        q = sql`select ${bin(c)} as b, ${v} as v, count(*)::int as n from educator_feedback f where ${inRange(c)} group by 1`;
        break;
      }
      case 'CAPTURE_RATE': {
        const r = sql`x.rejected_at`;
        q = sql`with a as (select ${bin(t)} as b, count(*) as n from trajectories t where ${inRange(t)} group by 1),
                     j as (select ${bin(r)} as b, count(*) as n from trajectory_rejections x where ${inRange(r)} group by 1)
                select coalesce(a.b, j.b) as b,
                       coalesce(a.n, 0)::float8 / (coalesce(a.n, 0) + coalesce(j.n, 0)) as v,
                       (coalesce(a.n, 0) + coalesce(j.n, 0))::int as n
                from a full join j on a.b = j.b`;
        break;
      }
    }
    const rows = await this.query(q);
    const byBucket = new Map(rows.map((row) => [new Date(row.b as string | Date).getTime(), row]));
    return bucketStarts(range, bucket).map((bucketStart) => {
      const row = byBucket.get(bucketStart.getTime());
      if (!row) return { bucketStart, value: COUNT_METRICS.has(metric) ? 0 : null, sampleCount: 0 };
      return { bucketStart, value: toNumber(row.v), sampleCount: Number(row.n) };
    });
  }

  /** Aggregates over one window, for the overview and reports. */
  async window(w: Window) {
    const from = w.from.toISOString();
    const to = w.to.toISOString();
    const [row] = await this.query(sql`
      select
        (select count(*) from trajectories where submitted_at >= ${from}::timestamptz and submitted_at < ${to}::timestamptz)::int as accepted,
        (select count(*) from trajectory_rejections where rejected_at >= ${from}::timestamptz and rejected_at < ${to}::timestamptz)::int as rejected,
        (select count(*) from trajectories where status = 'LOW_QUALITY' and submitted_at >= ${from}::timestamptz and submitted_at < ${to}::timestamptz)::int as low_quality,
        (select avg(quality_score) from trajectories where submitted_at >= ${from}::timestamptz and submitted_at < ${to}::timestamptz)::float8 as avg_quality,
        (select count(distinct submitted_by_index) from trajectories where submitted_at >= ${from}::timestamptz and submitted_at < ${to}::timestamptz)::int as users,
        (select avg(r.total) from trajectories t join rewards r on r.trajectory_id = t.id and r.rubric_version = (select version from rubrics where active)
           where t.submitted_at >= ${from}::timestamptz and t.submitted_at < ${to}::timestamptz)::float8 as avg_reward,
        (select count(*) from educator_feedback where created_at >= ${from}::timestamptz and created_at < ${to}::timestamptz)::int as ratings,
        (select max(submitted_at) from trajectories) as last_submitted_at
    `);
    const r = row ?? {};
    const accepted = Number(r.accepted ?? 0);
    const rejected = Number(r.rejected ?? 0);
    return {
      accepted,
      rejected,
      lowQuality: Number(r.low_quality ?? 0),
      captureRate: captureRate(accepted, rejected),
      averageQuality: toNumber(r.avg_quality),
      averageReward: toNumber(r.avg_reward),
      activeUsers: Number(r.users ?? 0),
      ratings: Number(r.ratings ?? 0),
      lastSubmittedAt: r.last_submitted_at ? new Date(r.last_submitted_at as string | Date) : null,
    };
  }

  async totals() {
    const [row] = await this.query(sql`
      select (select count(*) from trajectories)::int as trajectories,
             (select count(*) from trajectories where status = 'VALID')::int as valid,
             (select count(*) from educator_feedback)::int as ratings,
             (select version from rubrics where active) as rubric`);
    return {
      trajectories: Number(row?.trajectories ?? 0),
      validTrajectories: Number(row?.valid ?? 0),
      ratings: Number(row?.ratings ?? 0),
      activeRubricVersion: Number(row?.rubric ?? 0),
    };
  }

  /**
   * The reward model's changes in a window: training runs that finished (with the version they
   * registered) and every promotion and rollback of an alias, oldest first.
   */
  async modelEvents(w: Window): Promise<string[]> {
    const from = w.from.toISOString();
    const to = w.to.toISOString();
    const rows = await this.query(sql`
      select at, line from (
        select r.finished_at as at,
               'Training run ' || left(r.id::text, 8) || ' ' || r.status || ' (' || lower(r.trigger) || ')'
               || coalesce(' → model v' || v.version, '') || coalesce(': ' || left(r.error, 200), '') as line
        from training_runs r left join model_versions v on v.id = r.model_version_id
        where r.finished_at >= ${from}::timestamptz and r.finished_at < ${to}::timestamptz
        union all
        select h.at,
               h.action || ' ' || h.alias || ' → model v' || v.version || ' by ' || h.actor
               || case when h.forced = 1 then ' (forced)' else '' end as line
        from model_alias_history h join model_versions v on v.id = h.to_version_id
        where h.at >= ${from}::timestamptz and h.at < ${to}::timestamptz
      ) e order by at`);
    // The period's last live-drift check of the production model (Model subgraph, drift-monitor.ts).
    const [drift] = await this.query(sql`
      select version, live_count, live_within, live_mae, psi from model_drift_checks
      where at >= ${from}::timestamptz and at < ${to}::timestamptz order by at desc limit 1`);
    return [...rows.map((r) => String(r.line)), ...(drift ? [driftLine(drift)] : [])];
  }

  /** Rubric versions created or activated in a window. */
  async rubricChanges(w: Window): Promise<string[]> {
    const rows = await this.query(sql`
      select version, active, created_at, updated_at from rubrics
      where (created_at >= ${w.from.toISOString()}::timestamptz and created_at < ${w.to.toISOString()}::timestamptz)
         or (active and updated_at >= ${w.from.toISOString()}::timestamptz and updated_at < ${w.to.toISOString()}::timestamptz)
      order by version`);
    return rows.flatMap((r) => {
      const out: string[] = [];
      const created = new Date(r.created_at as string | Date);
      if (created >= w.from && created < w.to) out.push(`Rubric v${String(r.version)} created`);
      const updated = new Date(r.updated_at as string | Date);
      if (r.active && updated >= w.from && updated < w.to) out.push(`Rubric v${String(r.version)} active`);
      return out;
    });
  }
}

function driftLine(row: Record<string, unknown>): string {
  const psi = (typeof row.psi === 'string' ? JSON.parse(row.psi) : row.psi) as Record<string, number>;
  const [group, worst] = Object.entries(psi).sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
  const within = row.live_within === null ? null : Number(row.live_within);
  const live =
    within === null
      ? 'no ratings since it yet'
      : `live agreement ${within.toFixed(3)} within ±0.1 (MAE ${Number(row.live_mae).toFixed(3)}) on ${String(row.live_count)} trajectories rated since it`;
  return `Drift of model v${String(row.version)}: ${live}; largest input PSI ${Number(worst).toFixed(3)} (${group})`;
}
