import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { rowsHolding, rowsOnDisk } from '../support/encrypted-rows.js';
import { RUNS_PGLITE } from '../support/database.js';
import { exampleVariables, post } from '../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

const KEY = `k2026:${randomBytes(32).toString('base64')}`;
const RATER_KEY_NAME = 'Prof. Ines Encrypted-Rater';
const COMMENT = 'labels crowd the left ventricle; a remark meant for the team only';
const SUBMITTER_DISPLAY = 'ward-7-tablet (encrypted)';

/**
 * The whole platform started with ENCRYPTION_KEYS: the demo data seeded at start is encrypted in
 * the background, what arrives through GraphQL is written encrypted, and everything reads back
 * through the gateway as if nothing were encrypted.
 */
describe.runIf(RUNS_PGLITE)('encryption at rest through the graph', () => {
  let t: TestPlatform;
  let url: string;

  beforeAll(async () => {
    t = await startTestPlatform({
      ENCRYPTION_KEYS: KEY,
      ENCRYPT_MODEL_WEIGHTS: 'true',
      DEMO_TRAJECTORIES: '60',
      TRAIN_ON_START: 'true',
      TRAINING_EPOCHS: '2',
      TRAINING_MIN_DATASET: '20',
    });
    url = t.platform.gatewayUrl;
    const first = t.platform.firstRun;
    if (first) for await (const event of t.platform.model.events.follow(first.id)) void event;
    await t.platform.encryption.rotation;
  }, 180_000);
  afterAll(async () => t?.stop());

  it('submits, rates and reads back through the gateway; on disk the names and the comment are ciphertext', async () => {
    const created = await post<{ createApiKey: { secret: string } }>(
      url,
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      { input: { name: RATER_KEY_NAME, role: 'ANNOTATOR' } },
    );
    const rater = { authorization: `Bearer ${created.body.data?.createApiKey.secret ?? ''}` };
    const { input } = exampleVariables<{ input: Record<string, unknown> }>('submit-trajectory');
    const submitted = await post<{ submitTrajectory: { trajectory: { id: string } } }>(
      url,
      `mutation ($input: SubmitTrajectoryInput!) { submitTrajectory(input: $input) { trajectory { id } } }`,
      { input: { ...input, idempotencyKey: 'enc-e2e-1', submittedBy: SUBMITTER_DISPLAY } },
      rater,
    );
    const id = submitted.body.data?.submitTrajectory.trajectory.id ?? '';
    expect(submitted.body.errors).toBeUndefined();
    const rated = await post(
      url,
      `mutation ($id: ID!) { rateTrajectory(trajectoryId: $id, score: 0.35, comment: ${JSON.stringify(COMMENT)}) { id } }`,
      { id },
      rater,
    );
    expect(rated.body.errors).toBeUndefined();

    const read = await post<{
      trajectories: { edges: { node: { id: string; submitter: string; feedback: { rater: string; comment: string }[] } }[] };
    }>(
      url,
      `query ($by: String!) { trajectories(first: 5, filter: { submittedBy: $by }) { edges { node { id submitter feedback { rater comment } } } } }`,
      { by: SUBMITTER_DISPLAY },
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data?.trajectories.edges.map((e) => e.node)).toEqual([
      { id, submitter: RATER_KEY_NAME, feedback: [{ rater: RATER_KEY_NAME, comment: COMMENT }] },
    ]);
    const audit = await post<{ auditLog: { edges: { node: { keyName: string | null } }[] } }>(
      url,
      `{ auditLog(first: 50) { edges { node { keyName } } } }`,
    );
    expect(audit.body.data?.auditLog.edges.map((e) => e.node.keyName)).toContain(RATER_KEY_NAME);

    const disk = await rowsOnDisk(t.database);
    for (const secret of [RATER_KEY_NAME, COMMENT, SUBMITTER_DISPLAY, 'dr.okafor'])
      expect(rowsHolding(disk, secret), secret).toEqual([]);
  });

  it('the model trained at start was stored encrypted and still answers predictions', async () => {
    const [head] = rowsOf<{ head: string }>(
      await t.database.db.execute(sql`select encode(substring(weights from 1 for 7), 'escape') as head from model_versions`),
    );
    expect(head?.head).toBe('MIENC1:');
    const predicted = await post<{ predictReward: { value: number } }>(
      url,
      `query ($state: AssessmentStateInput!) { predictReward(state: $state) { value } }`,
      exampleVariables('predict-reward'),
    );
    expect(predicted.body.errors).toBeUndefined();
    expect(predicted.body.data?.predictReward.value).toBeGreaterThanOrEqual(-1);
  });
});
