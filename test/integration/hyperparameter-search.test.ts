import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { AuditLog } from '../../platform/security/audit-log.js';
import { createModelSubgraph } from '../../subgraphs/model/server.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { seedTrajectories, testModelOptions } from '../support/model.js';
import { exec, silentLog } from '../support/subgraphs.js';

interface Trial {
  id: string;
  status: string;
  trigger: string;
  bestValidationLoss: number | null;
  config: { learningRate: number; batchSize: number; hiddenUnits: number[]; epochs: number };
  modelVersion: { id: string; run: { search: { id: string } | null } } | null;
}
interface Search {
  id: string;
  status: string;
  learningRates: number[];
  trials: Trial[];
  best: { id: string } | null;
}

const SEARCH = `fragment S on HyperparameterSearch {
  id status learningRates batchSizes hiddenUnits
  trials { id status trigger bestValidationLoss config { learningRate batchSize hiddenUnits epochs }
           modelVersion { id run { search { id } } } }
  best { id }
}`;

describe.each(BACKENDS)('hyperparameter search (%s)', (backend) => {
  let database: DatabaseHandle;
  let subgraph: ReturnType<typeof createModelSubgraph>;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await seedTrajectories(database, 120);
    subgraph = createModelSubgraph({
      database,
      auditLog: new AuditLog(database.db),
      log: silentLog,
      isProduction: false,
      options: testModelOptions({}, { epochs: 3 }),
    });
    await subgraph.start!();
  }, 60_000);
  afterAll(async () => {
    await subgraph?.stop!();
    await database?.close();
  });

  /** The search as a viewer sees it once every trial has ended. */
  async function afterAllTrials(search: Search): Promise<Search> {
    for (const t of search.trials) for await (const _ of subgraph.model.events.follow(t.id));
    const done = await exec(
      subgraph,
      `query ($id: ID!) { hyperparameterSearch(id: $id) { ...S } } ${SEARCH}`,
      { id: search.id },
      'viewer',
    );
    expect(done.errors).toBeUndefined();
    return done.data!.hyperparameterSearch as Search;
  }

  it('queues one trial per combination, each a version with lineage to the search, and names the best', async () => {
    const started = await exec(
      subgraph,
      `mutation ($input: HyperparameterSearchInput!) { startHyperparameterSearch(input: $input) { ...S } } ${SEARCH}`,
      { input: { learningRates: [0.001, 0.01], batchSizes: [32], hiddenUnits: [[64, 32], [32]], epochs: 2 } },
      'ml_engineer',
    );
    expect(started.errors).toBeUndefined();
    const search = started.data!.startHyperparameterSearch as Search;
    expect(search.status).toBe('RUNNING');
    expect(search.trials.map((t) => [t.config.learningRate, t.config.hiddenUnits])).toEqual([
      [0.001, [64, 32]],
      [0.001, [32]],
      [0.01, [64, 32]],
      [0.01, [32]],
    ]);
    expect(search.trials.every((t) => t.trigger === 'SEARCH' && t.config.epochs === 2)).toBe(true);

    const result = await afterAllTrials(search);
    expect(result.status).toBe('COMPLETED');
    expect(result.trials.every((t) => t.status === 'COMPLETED')).toBe(true);
    // Every trial registered a version whose run leads back to the search.
    expect(result.trials.map((t) => t.modelVersion?.run.search?.id)).toEqual(result.trials.map(() => search.id));
    const losses = result.trials.map((t) => t.bestValidationLoss!);
    expect(result.best?.id).toBe(result.trials[losses.indexOf(Math.min(...losses))]!.id);
    const card = (await subgraph.model.registry.get(result.trials[0]!.modelVersion!.id))!.modelCard;
    expect(card).toContain(`A trial of hyperparameter search \`${search.id}\` (learning rate 0.001, batch 32, hidden 64-32)`);
  }, 180_000);

  it('cancels the trials still queued or running; a second cancel says there is nothing left', async () => {
    const started = await exec(
      subgraph,
      `mutation ($input: HyperparameterSearchInput!) { startHyperparameterSearch(input: $input) { ...S } } ${SEARCH}`,
      { input: { learningRates: [0.001, 0.003, 0.01], batchSizes: [32], hiddenUnits: [[16]], epochs: 5000, patience: 5000 } },
      'ml_engineer',
    );
    const search = started.data!.startHyperparameterSearch as Search;
    // Wait until the first trial trains, so both kinds (running, queued) are cancelled.
    for await (const e of subgraph.model.events.follow(search.trials[0]!.id)) if (e.kind === 'PROGRESS') break;
    const cancel = `mutation ($id: ID!) { cancelHyperparameterSearch(id: $id) { ...S } } ${SEARCH}`;
    const cancelled = await exec(subgraph, cancel, { id: search.id }, 'ml_engineer');
    expect(cancelled.errors).toBeUndefined();
    const result = await afterAllTrials(search);
    expect(result.trials.map((t) => t.status)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED']);
    expect(result.status).toBe('CANCELLED');
    expect(result.best).toBeNull();
    const again = await exec(subgraph, cancel, { id: search.id }, 'ml_engineer');
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const unknown = await exec(subgraph, cancel, { id: '00000000-0000-4000-8000-000000000000' }, 'ml_engineer');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // The list puts this search, the newer one, before the first test's.
    const listed = await exec(
      subgraph,
      '{ hyperparameterSearches { id status } one: hyperparameterSearches(first: 1) { id } }',
      {},
      'viewer',
    );
    expect(listed.errors).toBeUndefined();
    const list = listed.data!.hyperparameterSearches as { id: string; status: string }[];
    expect(list).toHaveLength(2);
    expect(list[0]).toEqual({ id: search.id, status: 'CANCELLED' });
    expect(list[1]!.status).toBe('COMPLETED');
    expect(listed.data!.one).toEqual([{ id: search.id }]);
  }, 120_000);

  it('refuses a grid that is too large or has a bad value, and queues nothing', async () => {
    const before = (await subgraph.model.runs.list({ first: 100, after: null, status: null })).length;
    const tooLarge = await exec(
      subgraph,
      'mutation ($input: HyperparameterSearchInput!) { startHyperparameterSearch(input: $input) { id } }',
      { input: { learningRates: [0.1, 0.01, 0.001, 0.0001], batchSizes: [16, 32, 64, 128], hiddenUnits: [[8]] } },
      'ml_engineer',
    );
    expect(tooLarge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooLarge.errors?.[0]?.message).toMatch(/at most 12 trials; this grid has 16/);
    const bad = await exec(
      subgraph,
      'mutation ($input: HyperparameterSearchInput!) { startHyperparameterSearch(input: $input) { id } }',
      { input: { learningRates: [0.001, -1], batchSizes: [32], hiddenUnits: [[8]] } },
      'ml_engineer',
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/learningRate/);
    const denied = await exec(
      subgraph,
      'mutation ($input: HyperparameterSearchInput!) { startHyperparameterSearch(input: $input) { id } }',
      { input: { learningRates: [0.001], batchSizes: [32], hiddenUnits: [[8]] } },
      'viewer',
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await subgraph.model.runs.list({ first: 100, after: null, status: null })).length).toBe(before);
  });
});
