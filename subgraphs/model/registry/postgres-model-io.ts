import type * as tf from '@tensorflow/tfjs-core';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { modelVersions, type ModelVersionRow } from '../../../db/schema/index.js';
import { weightBytes } from '../training/reward-network.js';
import { PostgresWeightStore, type WeightStore, type WeightStores } from './weight-store.js';

export type VersionDraft = Omit<
  typeof modelVersions.$inferInsert,
  'id' | 'topology' | 'weightSpecs' | 'weights' | 'weightsStore' | 'parameterCount'
> & { parameterCount: number };

const POSTGRES_ONLY: WeightStores = { write: new PostgresWeightStore(), read: () => new PostgresWeightStore() };

/**
 * TensorFlow.js IO handlers over the model_versions table: `tf.loadLayersModel(loadFrom(db, id))`
 * reads a version's topology and weight specs from its row and the weights from the store the
 * row names (registry/weight-store.ts); `saveTo(db, draft)` writes a new version as a model
 * saves itself.
 */
export function loadFrom(db: Executor, versionId: string, stores: WeightStores = POSTGRES_ONLY): tf.io.IOHandler {
  return {
    load: async () => {
      const [row] = await db
        .select({ topology: modelVersions.topology, weightSpecs: modelVersions.weightSpecs, store: modelVersions.weightsStore })
        .from(modelVersions)
        .where(eq(modelVersions.id, versionId));
      if (!row) throw new Error(`model version ${versionId} does not exist`);
      const bytes = await stores.read(row.store).get(db, versionId);
      return {
        modelTopology: row.topology,
        weightSpecs: row.weightSpecs,
        // A copy that starts at offset 0: drivers may hand back a view into a larger buffer.
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
        format: 'layers-model',
      };
    },
  };
}

export function saveTo(
  db: Executor,
  draft: VersionDraft,
  store: WeightStore = POSTGRES_ONLY.write,
): tf.io.IOHandler & { saved(): ModelVersionRow } {
  let row: ModelVersionRow | undefined;
  return {
    save: async (artifacts) => {
      if (!artifacts.modelTopology || !artifacts.weightSpecs) throw new Error('artifacts need a topology and weight specs');
      const bytes = weightBytes(artifacts);
      // In Postgres the bytes go in with the row (one statement); elsewhere the row first names
      // the store, then the store writes (a version whose write failed fails to load, loudly).
      const inRow = store.name === 'postgres';
      const [inserted] = await db
        .insert(modelVersions)
        .values({
          ...draft,
          topology: artifacts.modelTopology,
          weightSpecs: artifacts.weightSpecs,
          weights: inRow ? bytes : null,
          weightsStore: store.name,
        })
        .returning();
      if (!inserted) throw new Error('insert returned no row');
      if (!inRow) await store.put(db, inserted.id, bytes);
      row = { ...inserted, weights: store.name === 'postgres' ? bytes : null };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
    },
    saved: () => {
      if (!row) throw new Error('save() has not run');
      return row;
    },
  };
}
