import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { modelVersions } from '../../db/schema/index.js';
import type { ModelService } from '../../subgraphs/model/model-service.js';
import { exportVersion, importVersion, readArtifactFiles } from '../../subgraphs/model/registry/model-artifacts.js';
import { weightStores, type WeightStoreName } from '../../subgraphs/model/registry/weight-store.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { exampleState, hex64, stateWith } from '../support/fixtures.js';
import { createModelService, seedTrajectories, TEST_TRAINING, testModelOptions } from '../support/model.js';

const STORES: WeightStoreName[] = ['postgres', 'filesystem'];

describe.each(BACKENDS.flatMap((b) => STORES.map((s) => [b, s] as const)))(
  'model artifacts on %s, weights in %s',
  (backend, store) => {
    let database: DatabaseHandle;
    let model: ModelService;
    let versionId: string;
    const dir = mkdtempSync(join(tmpdir(), 'mi-weights-'));
    const exported = mkdtempSync(join(tmpdir(), 'mi-export-'));
    const stores = weightStores({ store, dir });
    const states = [
      exampleState(),
      stateWith((s) => void (s.image.sha256 = hex64(5))),
      stateWith((s) => void (s.visual!.contrast = 0.2)),
    ];

    beforeAll(async () => {
      database = await createTestDatabase(backend);
      await seedTrajectories(database, 120);
      model = createModelService(database, { ...testModelOptions(), weights: { store, dir } });
      await model.start();
      const run = await model.queue({ epochs: 4 }, 'MANUAL', 'test');
      for await (const _ of model.events.follow(run.id));
      versionId = (await model.runs.get(run.id))!.modelVersionId!;
    }, 120_000);
    afterAll(async () => {
      await model?.stop();
      await database?.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(exported, { recursive: true, force: true });
    });

    it('writes the weights to the configured store and serves them from there', async () => {
      const [row] = await database.db
        .select({ store: modelVersions.weightsStore, weights: modelVersions.weights })
        .from(modelVersions)
        .where(eq(modelVersions.id, versionId));
      expect(row?.store).toBe(store);
      const file = join(dir, `${versionId}.weights.bin`);
      if (store === 'filesystem') {
        expect(row?.weights).toBeNull();
        expect(statSync(file).size).toBeGreaterThan(100_000);
      } else {
        expect(row?.weights?.byteLength).toBeGreaterThan(100_000);
        expect(existsSync(file)).toBe(false);
      }
      const [p] = await model.predictor.predictStates([exampleState()], versionId);
      expect(p!.value).toBeGreaterThanOrEqual(0);
    });

    it('exports a TensorFlow.js model directory and imports it back as a new version that predicts the same', async () => {
      await exportVersion(database.db, stores, versionId, exported);
      const json = JSON.parse(readFileSync(join(exported, 'model.json'), 'utf8')) as {
        format: string;
        userDefinedMetadata: { medillustrator: { featurizerVersion: string } };
        weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[];
      };
      expect(json.format).toBe('layers-model');
      expect(json.userDefinedMetadata.medillustrator.featurizerVersion).toBe('featurizer-v3');
      const floats = json.weightsManifest[0]!.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
      expect(statSync(join(exported, 'weights.bin')).size).toBe(floats * 4);
      expect(readFileSync(join(exported, 'model-card.md'), 'utf8')).toMatch(/^# Reward model v\d+/);

      const imported = await importVersion(database.db, model.registry, await readArtifactFiles(exported), {
        by: 'test import',
        source: exported,
        defaults: TEST_TRAINING,
      });
      expect(imported.id).not.toBe(versionId);
      const [a, b] = await Promise.all([
        model.predictor.predictStates(states, versionId),
        model.predictor.predictStates(states, imported.id),
      ]);
      b.forEach((p, i) => {
        expect(p.value).toBeCloseTo(a[i]!.value, 6);
        expect(p.uncertainty).toEqual(a[i]!.uncertainty);
      });
      const info = (await model.registry.get(imported.id))!;
      expect(info.createdBy).toBe('test import');
      expect(info.modelCard).toMatch(/^> Imported from/);
    });

    it('refuses an artifact trained with a featurizer this platform cannot produce, saying why', async () => {
      const path = join(exported, 'model.json');
      const json = JSON.parse(readFileSync(path, 'utf8')) as {
        userDefinedMetadata: { medillustrator: { featurizerVersion: string } };
      };
      json.userDefinedMetadata.medillustrator.featurizerVersion = 'featurizer-v9';
      writeFileSync(path, JSON.stringify(json));
      await expect(
        importVersion(database.db, model.registry, await readArtifactFiles(exported), {
          by: 't',
          source: exported,
          defaults: TEST_TRAINING,
        }),
      ).rejects.toThrow(/trained with featurizer-v9; this platform serves featurizer-v1, featurizer-v2, featurizer-v3/);
    });
  },
);
