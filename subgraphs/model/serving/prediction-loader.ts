import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { trajectories } from '../../../db/schema/index.js';
import { isUuid } from '../../../platform/ids.js';
import type { FeatureCache } from './feature-cache.js';
import type { Prediction, RewardPredictor } from './reward-predictor.js';

/**
 * One loader per model version per request: a page of trajectories becomes one predict call.
 * States are read (one query, cache misses only) and featurized once per process.
 */
export function createPredictionLoaders(db: Database, predictor: RewardPredictor, cache: FeatureCache) {
  const loaders = new Map<string, DataLoader<string, Prediction | null>>();
  return (versionId: string | null) => {
    const key = versionId ?? '';
    let loader = loaders.get(key);
    if (!loader) {
      loader = new DataLoader<string, Prediction | null>(
        async (ids) => {
          const missing = ids.filter((id) => isUuid(id) && !cache.get(id));
          if (missing.length > 0) {
            const rows = await db
              .select({ id: trajectories.id, state: trajectories.state })
              .from(trajectories)
              .where(inArray(trajectories.id, missing));
            for (const r of rows) cache.of(r.id, r.state);
          }
          const known = ids.flatMap((id) => {
            const features = cache.get(id);
            return features ? [{ id, features }] : [];
          });
          const predictions = await predictor.predictVectors(
            known.map((k) => k.features),
            versionId,
          );
          const byId = new Map(known.map((k, i) => [k.id, predictions[i] ?? null]));
          return ids.map((id) => byId.get(id) ?? null);
        },
        { maxBatchSize: 500 },
      );
      loaders.set(key, loader);
    }
    return loader;
  };
}
