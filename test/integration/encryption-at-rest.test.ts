import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type DatabaseHandle } from '../../db/client.js';
import { EncryptionConfigError, startFieldEncryption } from '../../db/encryption/data-keys.js';
import {
  BYTES_MAGIC,
  ENCRYPTION_OFF,
  fieldKeyring,
  installFieldKeyring,
  FieldKeyring,
  type EncryptionSettings,
  type KeyEncryptionKey,
} from '../../db/encryption/field-keyring.js';
import { rotateFieldEncryption } from '../../db/encryption/rotation.js';
import { educatorFeedback } from '../../db/schema/reward.js';
import { auditLog, subjectDeletions } from '../../db/schema/security.js';
import { trajectories } from '../../db/schema/trajectory.js';
import { modelVersions } from '../../db/schema/model.js';
import { DataLifecycle } from '../../subgraphs/access/data-lifecycle.js';
import { ApiKeyStore } from '../../platform/security/api-keys.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { hex64, ratingAuditRow, stateWith } from '../support/fixtures.js';
import { rowsHolding, rowsOnDisk } from '../support/encrypted-rows.js';
import { createModelService, seedTrajectories } from '../support/model.js';
import { createSubgraphs, silentLog } from '../support/subgraphs.js';
import { sql } from 'drizzle-orm';

const kek = (id: string): KeyEncryptionKey => ({ id, key: randomBytes(32) });
const K1 = kek('k1');
const K2 = kek('k2');
const settings = (keys: KeyEncryptionKey[], active: string | null, modelWeights = true): EncryptionSettings => ({
  keys,
  activeKeyId: active,
  modelWeights,
});

/** What must never be on disk in the clear once a key is configured. */
const SECRETS = {
  apiKeyName: 'Dr. Keyholder Plaintext',
  submitter: 'Dr. Ada Plaintext-Submitter',
  rater: 'Prof. Ravi Plaintext-Rater',
  comment: 'the arrow labels overlap the aorta — a private remark',
  keyName: 'dr.keyname-plaintext',
};

describe.each(BACKENDS)('encryption at rest on %s', (backend) => {
  let database: DatabaseHandle;
  let subgraphs: Awaited<ReturnType<typeof createSubgraphs>>;
  let ratedId: string;
  let versionId: string;
  let predictionBefore: number;
  const submitter = { id: 'api_key:submitter-1', name: SECRETS.submitter };
  const rater = { id: 'api_key:rater-1', name: SECRETS.rater };

  beforeAll(async () => {
    installFieldKeyring(new FieldKeyring(ENCRYPTION_OFF));
    database = await createTestDatabase(backend);
    subgraphs = await createSubgraphs(database);
    // Data written before encryption was turned on, as on an existing deployment.
    await seedTrajectories(database, 40);
    const out = await subgraphs.trajectory.capture.submit(
      { state: stateWith((s) => void (s.image.sha256 = hex64(7001))), submittedBy: SECRETS.submitter },
      submitter,
    );
    ratedId = out.trajectory.id;
    await subgraphs.reward.rewards.rate({ trajectoryId: ratedId, score: 0.3, comment: SECRETS.comment }, rater);
    await new ApiKeyStore(database.db).create({ name: SECRETS.apiKeyName, role: 'annotator', createdBy: 'admin' });
    await database.db.insert(auditLog).values(ratingAuditRow({ requestId: 'enc-1', keyName: SECRETS.keyName }));
    const model = createModelService(database);
    await model.start();
    try {
      const run = await model.queue({ epochs: 2 }, 'MANUAL', 'encryption-test');
      for await (const event of model.events.follow(run.id)) void event;
      const [version] = await database.db.select({ id: modelVersions.id }).from(modelVersions);
      versionId = version?.id ?? '';
      predictionBefore = (await model.predictor.predictStates([out.trajectory.state], versionId))[0]?.value ?? Number.NaN;
    } finally {
      await model.stop();
    }
  }, 180_000);
  afterAll(async () => {
    await database?.close();
    installFieldKeyring(new FieldKeyring(ENCRYPTION_OFF));
  });

  it('without a key everything is plaintext, as before', async () => {
    const disk = await rowsOnDisk(database);
    for (const secret of Object.values(SECRETS)) expect(rowsHolding(disk, secret).length, secret).toBeGreaterThan(0);
  });

  it('a key turned on: rotation encrypts every existing row; nothing identifying stays on disk in the clear', async () => {
    await startFieldEncryption(database.db, settings([K1], 'k1'));
    const progress: string[] = [];
    const done = await rotateFieldEncryption(database.db, { onProgress: (table) => progress.push(table) });
    expect(done.trajectories).toBeGreaterThanOrEqual(41);
    expect(done.educator_feedback).toBeGreaterThanOrEqual(21);
    expect(done.audit_log).toBeGreaterThanOrEqual(1);
    expect(done.model_versions).toBe(1);
    expect(progress).toContain('trajectories');

    const disk = await rowsOnDisk(database);
    for (const secret of [...Object.values(SECRETS), 'api_key:rater-1', 'api_key:submitter-1', 'test:direct'])
      expect(rowsHolding(disk, secret), secret).toEqual([]);
    // Each value names its data key; blind indexes name the key-encryption key.
    const [raw] = rowsOf<{ submitted_by: string; submitted_by_index: string; weights_head: string }>(
      await database.db.execute(sql`
        select t.submitted_by, t.submitted_by_index,
               (select encode(substring(weights from 1 for ${BYTES_MAGIC.length}), 'escape') from model_versions limit 1) as weights_head
        from trajectories t where t.id = ${ratedId}`),
    );
    const dek = fieldKeyring().activeDataKey?.id ?? '';
    expect(raw?.submitted_by).toMatch(new RegExp(`^enc:v1:${dek}:`));
    expect(raw?.submitted_by_index).toMatch(/^k1:[0-9a-f]{64}$/);
    expect(raw?.weights_head).toBe(BYTES_MAGIC.toString('latin1'));
    // Nothing left to do: a second pass rewrites no row.
    expect(Object.values(await rotateFieldEncryption(database.db)).every((n) => n === 0)).toBe(true);
  });

  it('reads, filters, one-rating-per-rater and the model all work on encrypted data', async () => {
    const page = await subgraphs.trajectory.store.list({ first: 10, filter: { submittedBy: SECRETS.submitter } });
    expect(page.rows.map((r) => r.id)).toEqual([ratedId]);
    expect(page.rows[0]).toMatchObject({ submitterName: SECRETS.submitter, submitterId: submitter.id });

    // A new rating by the same rater supersedes the one written before encryption (found by its blind index).
    await subgraphs.reward.rewards.rate({ trajectoryId: ratedId, score: 0.8, comment: 'second thoughts' }, rater);
    const current = await database.db
      .select()
      .from(educatorFeedback)
      .where(and(eq(educatorFeedback.trajectoryId, ratedId), isNull(educatorFeedback.supersededAt)));
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ score: 0.8, comment: 'second thoughts', raterName: SECRETS.rater });
    const disk = await rowsOnDisk(database);
    expect(rowsHolding(disk, 'second thoughts')).toEqual([]);

    const model = createModelService(database);
    await model.start();
    const [state] = await subgraphs.trajectory.store.statesByIds([ratedId]);
    const after = await model.predictor
      .predictStates([state ?? stateWith(() => undefined)], versionId)
      .finally(() => model.stop());
    expect(after[0]?.value).toBeCloseTo(predictionBefore, 6);
  }, 60_000);

  it('rotation to a new key re-encrypts every row; the old key can then be removed and every row still reads', async () => {
    const before = await database.db.select().from(trajectories).orderBy(asc(trajectories.id));
    const ratingsBefore = await database.db.select().from(educatorFeedback).orderBy(asc(educatorFeedback.id));
    await startFieldEncryption(database.db, settings([K1, K2], 'k2'));
    const done = await rotateFieldEncryption(database.db);
    expect(done.trajectories).toBe(before.length);
    expect(done.educator_feedback).toBe(ratingsBefore.length);

    // Only the new key configured: everything still reads, and equals what was there.
    const status = await startFieldEncryption(database.db, settings([K2], 'k2'));
    expect(status.unreadableDataKeys).toHaveLength(1);
    const strip = <T extends Record<string, unknown>>(rows: T[], drop: string[]) =>
      rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k))));
    const after = await database.db.select().from(trajectories).orderBy(asc(trajectories.id));
    const ratingsAfter = await database.db.select().from(educatorFeedback).orderBy(asc(educatorFeedback.id));
    const indexes = ['submittedByIndex', 'submitterIdIndex', 'raterIdIndex', 'updatedAt'];
    expect(strip(after, indexes)).toEqual(strip(before, indexes));
    expect(strip(ratingsAfter, indexes)).toEqual(strip(ratingsBefore, indexes));
    expect(after.every((r) => r.submittedByIndex.startsWith('k2:'))).toBe(true);
    const [weights] = await database.db.select({ w: modelVersions.weights }).from(modelVersions);
    expect(weights?.w?.byteLength).toBeGreaterThan(100_000);

    // Erasure finds a person by blind index under the new key, and the record holds no plaintext.
    const keys = new ApiKeyStore(database.db);
    const erased = await new DataLifecycle(
      database.db,
      keys,
      { trajectoryDays: 0, auditDays: 0, checkIntervalMs: 60_000 },
      silentLog,
    ).deleteSubject(rater.id, { id: 'api_key:admin', name: 'the-admin' });
    expect(erased.ratingsDeleted).toBe(2);
    const [record] = rowsOf<{ requested_by: string; subject_digest: string }>(
      await database.db.execute(sql`select requested_by, subject_digest from ${subjectDeletions}`),
    );
    expect(record?.requested_by).toMatch(/^enc:v1:/);
    expect(record?.subject_digest).toMatch(/^k2:/);
  });

  it('refuses to start without keys once data is encrypted, and names what to do', async () => {
    await expect(startFieldEncryption(database.db, ENCRYPTION_OFF)).rejects.toBeInstanceOf(EncryptionConfigError);
    await expect(startFieldEncryption(database.db, ENCRYPTION_OFF)).rejects.toThrow(/ENCRYPTION_KEYS is empty/);
  });
});
