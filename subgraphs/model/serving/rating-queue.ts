import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../../db/client.js';
import { indexMatches } from '../../../db/encryption/columns.js';
import { educatorFeedback } from '../../../db/schema/index.js';
import type { ProvenIdentity } from '../../../platform/security/caller.js';
import type { Prediction } from './reward-predictor.js';

/** How many of the least-rated trajectories are scored by the model to pick the queue from. */
const POOL = 400;

export interface RatingCandidate {
  trajectory: { id: string };
  rubricReward: number;
  predictedReward: number | null;
  disagreement: number | null;
  uncertainty: number | null;
  ratings: number;
  reason: string;
}

export interface RatingQueue {
  candidates: RatingCandidate[];
  unrated: number;
  ratedByYou: number;
  total: number;
}

/**
 * What an educator should rate next (active learning). A rating teaches the model most where it
 * has none yet, where the model is unsure (its uncertainty), and where it departs from the rubric
 * (either it learnt something the rubric misses, or it is wrong there): so the least-rated
 * trajectories first, and among them the largest disagreement + uncertainty. The caller's own ratings are excluded, so a rater never sees a
 * trajectory twice.
 */
export async function ratingQueue(
  db: Database,
  rater: ProvenIdentity,
  first: number,
  predict: (ids: readonly string[]) => Promise<(Prediction | null)[]>,
  /** Only trajectories of this modality (an educator who reads endoscopy, say); the counts too. */
  modality: string | null = null,
): Promise<RatingQueue> {
  const mine = indexMatches(educatorFeedback.raterIdIndex, rater.id);
  const ofModality = modality === null ? sql`true` : sql`t.modality = ${modality}`;
  const current = sql`select trajectory_id, count(*)::int as n, bool_or(${mine}) as mine
    from educator_feedback where superseded_at is null group by trajectory_id`;
  const rows = rowsOf<{ id: string; total: number; n: number }>(
    await db.execute(sql`
    with current as (${current})
    select t.id, r.total, coalesce(c.n, 0) as n
    from trajectories t
    join rewards r on r.trajectory_id = t.id and r.rubric_version = (select version from rubrics where active)
    left join current c on c.trajectory_id = t.id
    where not coalesce(c.mine, false) and ${ofModality}
    order by coalesce(c.n, 0), t.submitted_at desc, t.id
    limit ${POOL}`),
  );
  const [counts] = rowsOf<{ total: number; rated: number; mine: number }>(
    await db.execute(sql`
    with current as (${current})
    select (select count(*)::int from trajectories t where ${ofModality}) as total,
           (select count(*)::int from current c join trajectories t on t.id = c.trajectory_id where ${ofModality}) as rated,
           (select count(*)::int from current c join trajectories t on t.id = c.trajectory_id where c.mine and ${ofModality}) as mine`),
  );
  const predictions = await predict(rows.map((r) => r.id));
  const candidates = rows.map((row, i): RatingCandidate => {
    const predicted = predictions[i]?.value ?? null;
    const uncertainty = predictions[i]?.uncertainty ?? null;
    const disagreement = predicted === null ? null : Math.abs(predicted - Number(row.total));
    return {
      trajectory: { id: row.id },
      rubricReward: Number(row.total),
      predictedReward: predicted,
      disagreement,
      uncertainty,
      ratings: Number(row.n),
      reason: reasonFor(Number(row.n), predicted, Number(row.total), uncertainty),
    };
  });
  const worth = (c: RatingCandidate) => (c.disagreement ?? 0) + (c.uncertainty ?? 0);
  candidates.sort((a, b) => a.ratings - b.ratings || worth(b) - worth(a));
  const c = counts ?? { total: 0, rated: 0, mine: 0 };
  return {
    candidates: candidates.slice(0, first),
    unrated: Number(c.total) - Number(c.rated),
    ratedByYou: Number(c.mine),
    total: Number(c.total),
  };
}

function reasonFor(ratings: number, predicted: number | null, rubric: number, uncertainty: number | null): string {
  const rated = ratings === 0 ? 'nobody has rated it' : `${ratings} rating${ratings === 1 ? '' : 's'} so far`;
  if (predicted === null) return `${rated}; no production model yet`;
  const gap = predicted - rubric;
  const sure = uncertainty === null ? '' : ` (± ${(1.645 * uncertainty).toFixed(2)})`;
  return `${rated}; the model says ${predicted.toFixed(2)}${sure}, ${Math.abs(gap).toFixed(2)} ${gap >= 0 ? 'above' : 'below'} the rubric's ${rubric.toFixed(2)}`;
}
