import type * as tf from '@tensorflow/tfjs-core';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { modelVersions, type ModelVersionRow } from '../../../db/schema/index.js';
import { weightBytes } from '../training/reward-network.js';

export type VersionDraft = Omit<
  typeof modelVersions.$inferInsert,
  'id' | 'topology' | 'weightSpecs' | 'weights' | 'parameterCount'
> & { parameterCount: number };

/**
 * TensorFlow.js IO handlers over the model_versions table: `tf.loadLayersModel(loadFrom(db, id))`
 * reads a version's topology and weights; `saveTo(db, draft)` writes a new version as a model
 * saves itself. Weights are one bytea, so a version is one row and moves with a pg_dump.
 */
export function loadFrom(db: Executor, versionId: string): tf.io.IOHandler {
  return {
    load: async () => {
      const [row] = await db
        .select({ topology: modelVersions.topology, weightSpecs: modelVersions.weightSpecs, weights: modelVersions.weights })
        .from(modelVersions)
        .where(eq(modelVersions.id, versionId));
      if (!row) throw new Error(`model version ${versionId} does not exist`);
      const bytes = row.weights;
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

export function saveTo(db: Executor, draft: VersionDraft): tf.io.IOHandler & { saved(): ModelVersionRow } {
  let row: ModelVersionRow | undefined;
  return {
    save: async (artifacts) => {
      if (!artifacts.modelTopology || !artifacts.weightSpecs) throw new Error('artifacts need a topology and weight specs');
      const [inserted] = await db
        .insert(modelVersions)
        .values({
          ...draft,
          topology: artifacts.modelTopology,
          weightSpecs: artifacts.weightSpecs,
          weights: weightBytes(artifacts),
        })
        .returning();
      row = inserted;
      return {
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: inserted?.weights.byteLength },
      };
    },
    saved: () => {
      if (!row) throw new Error('save() has not run');
      return row;
    },
  };
}
