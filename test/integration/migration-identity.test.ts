import { readdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../platform/paths.js';

const MIGRATIONS = fromRoot('db', 'migrations');
const statements = (file: string) =>
  readFileSync(`${MIGRATIONS}/${file}`, 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * 0003_proven_identity on a database that already holds rows from before identities were
 * recorded: each row stays readable, says it is unverified, and a rater who rated a trajectory
 * twice keeps one current rating (the latest), the other as history.
 */
describe('migration 0003: proven identity on existing rows', () => {
  it('marks old rows unverified and keeps one current rating per rater and trajectory', async () => {
    const db = new PGlite();
    const files = readdirSync(MIGRATIONS)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const before = files.filter((f) => f < '0003');
    for (const file of before) for (const s of statements(file)) await db.exec(s);
    const trajectoryId = '11111111-1111-4111-8111-111111111111';
    await db.query(
      `insert into trajectories (id, payload_hash, content_hash, image_sha256, audience, topic, modality, state, submitted_by, status, quality_score, flagged, quality_issues, total_duration_ms)
       values ($1, 'p', 'c', 's', 'PATIENT', 't', 'ILLUSTRATION', '{}'::jsonb, 'assessment-app', 'VALID', 1, false, '[]'::jsonb, 0)`,
      [trajectoryId],
    );
    for (const [rater, score, at] of [
      ['dr.a', 0.2, '2026-01-01T00:00:00Z'],
      ['dr.a', 0.8, '2026-01-02T00:00:00Z'],
      ['dr.b', 0.5, '2026-01-01T00:00:00Z'],
    ] as const)
      await db.query(`insert into educator_feedback (trajectory_id, score, rated_by, created_at) values ($1, $2, $3, $4)`, [
        trajectoryId,
        score,
        rater,
        at,
      ]);

    for (const s of statements(files.find((f) => f.startsWith('0003'))!)) await db.exec(s);

    const t = await db.query<{ submitter_id: string; submitter_name: string }>(
      'select submitter_id, submitter_name from trajectories',
    );
    expect(t.rows).toEqual([{ submitter_id: 'unverified:assessment-app', submitter_name: 'unverified:assessment-app' }]);
    const current = await db.query<{ rater_id: string; score: number }>(
      'select rater_id, score from educator_feedback where superseded_at is null order by rater_id',
    );
    expect(current.rows).toEqual([
      { rater_id: 'unverified:dr.a', score: 0.8 },
      { rater_id: 'unverified:dr.b', score: 0.5 },
    ]);
    const all = await db.query<{ n: number }>('select count(*)::int as n from educator_feedback');
    expect(all.rows[0]?.n).toBe(3);
    // The index now holds: a second current rating by the same rater is refused.
    await expect(
      db.query(
        `insert into educator_feedback (trajectory_id, score, rated_by, rater_id, rater_name) values ($1, 1, 'x', 'unverified:dr.a', 'x')`,
        [trajectoryId],
      ),
    ).rejects.toThrow(/educator_feedback_current_uq/);
    await db.close();
  });
});
