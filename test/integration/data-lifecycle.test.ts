import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { educatorFeedback } from '../../db/schema/reward.js';
import { apiKeys, auditLog, subjectDeletions } from '../../db/schema/security.js';
import { trainingRuns } from '../../db/schema/model.js';
import { trajectories } from '../../db/schema/trajectory.js';
import { ApiKeyStore } from '../../platform/security/api-keys.js';
import { provenIdentity, type Caller } from '../../platform/security/caller.js';
import { DataLifecycle, ERASED } from '../../subgraphs/access/data-lifecycle.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { hex64, ratingAuditRow, stateWith } from '../support/fixtures.js';
import { createSubgraphs, silentLog, TEST_IDENTITY } from '../support/subgraphs.js';

const ADMIN = { id: 'api_key:admin', name: 'the-admin' };
const KEEP_FOREVER = { trajectoryDays: 0, auditDays: 0, checkIntervalMs: 3_600_000 };

describe.each(BACKENDS)('data lifecycle on %s', (backend) => {
  let database: DatabaseHandle;
  let subgraphs: Awaited<ReturnType<typeof createSubgraphs>>;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    subgraphs = await createSubgraphs(database);
  });
  afterAll(async () => database?.close());

  const submit = async (n: number, by: { id: string; name: string }) =>
    (
      await subgraphs.trajectory.capture.submit(
        { state: stateWith((s) => void (s.image.sha256 = hex64(n))), submittedBy: by.name },
        by,
      )
    ).trajectory.id;

  it('deleteSubjectData removes a person’s ratings, anonymises their submissions, key and audit rows, and records it', async () => {
    const { row: key } = await new ApiKeyStore(database.db).create({
      name: 'dr.erase-me',
      role: 'annotator',
      createdBy: 'admin',
    });
    const caller: Caller = { kind: 'api_key', keyId: key.id, name: key.name, role: 'annotator' };
    const person = provenIdentity(caller);
    const theirs = [await submit(9001, person), await submit(9002, person)];
    const someoneElses = await submit(9003, TEST_IDENTITY);
    await subgraphs.reward.rewards.rate({ trajectoryId: someoneElses, score: 0.4, comment: 'from dr.erase-me' }, person);
    await subgraphs.reward.rewards.rate({ trajectoryId: someoneElses, score: 0.7 }, TEST_IDENTITY);
    await database.db.insert(auditLog).values(ratingAuditRow({ keyId: key.id, keyName: key.name }));
    const [runsBefore] = await database.db.select({ n: count() }).from(trainingRuns);

    const lifecycle = new DataLifecycle(database.db, new ApiKeyStore(database.db), KEEP_FOREVER, silentLog);
    const record = await lifecycle.deleteSubject(key.publicId, ADMIN);

    expect(record).toMatchObject({
      requestedBy: 'the-admin',
      ratingsDeleted: 1,
      trajectoriesAnonymised: 2,
      auditRowsAnonymised: 1,
    });
    expect(record.subjectDigest).not.toContain(key.id);
    // Their rating is gone, the other rater's stays.
    const ratings = await database.db.select().from(educatorFeedback).where(eq(educatorFeedback.trajectoryId, someoneElses));
    expect(ratings.map((r) => r.score)).toEqual([0.7]);
    // Their submissions stay as assessments, with nobody named.
    const rows = await database.db
      .select()
      .from(trajectories)
      .where(sql`${trajectories.id} in (${sql.join(theirs, sql`, `)})`);
    expect(rows.map((r) => [r.submitterId, r.submitterName, r.submittedBy])).toEqual([
      [ERASED, ERASED, ERASED],
      [ERASED, ERASED, ERASED],
    ]);
    const [keyRow] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(keyRow?.name).toBe(ERASED);
    expect(keyRow?.revokedAt).not.toBeNull();
    // Nothing left on disk names them: not in any table's text.
    for (const table of ['trajectories', 'educator_feedback', 'audit_log', 'api_keys', 'subject_deletions']) {
      const found = await database.db.execute(
        sql.raw(`select count(*)::int as n from ${table} t where t::text like '%dr.erase-me%'`),
      );
      const n = Array.isArray(found) ? found[0]?.n : (found as { rows: { n: number }[] }).rows[0]?.n;
      expect(n, table).toBe(0);
    }
    // Recorded, and nothing retrained.
    const [recorded] = await database.db.select({ n: count() }).from(subjectDeletions);
    expect(recorded?.n).toBe(1);
    const [runsAfter] = await database.db.select({ n: count() }).from(trainingRuns);
    expect(runsAfter?.n).toBe(runsBefore?.n);
  });

  it('retention deletes trajectories and audit rows older than configured, and nothing when unset', async () => {
    const old = await submit(9101, TEST_IDENTITY);
    const recent = await submit(9102, TEST_IDENTITY);
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    await database.db.update(trajectories).set({ submittedAt: longAgo }).where(eq(trajectories.id, old));
    await database.db.insert(auditLog).values({
      at: new Date(Date.now() - 100 * 86_400_000),
      requestId: 'ancient',
      subgraph: 'reward',
      operationName: 'Old',
      fields: [],
      variablesDigest: 'x',
      outcome: 'ALLOWED',
    });

    expect(await new DataLifecycle(database.db, new ApiKeyStore(database.db), KEEP_FOREVER, silentLog).applyRetention()).toEqual({
      trajectoriesDeleted: 0,
      auditRowsDeleted: 0,
    });
    const kept = { trajectoryDays: 30, auditDays: 90, checkIntervalMs: 3_600_000 };
    const result = await new DataLifecycle(database.db, new ApiKeyStore(database.db), kept, silentLog).applyRetention();
    expect(result.trajectoriesDeleted).toBeGreaterThanOrEqual(1);
    expect(result.auditRowsDeleted).toBe(1);
    const left = await database.db
      .select({ id: trajectories.id })
      .from(trajectories)
      .where(sql`${trajectories.id} in (${old}, ${recent})`);
    expect(left.map((r) => r.id)).toEqual([recent]);
  });
});
