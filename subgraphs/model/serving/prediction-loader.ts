import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { trajectories } from '../../../db/schema/index.js';
import type { Prediction, RewardPredictor } from './reward-predictor.js';

/** One loader per model version per request: a page of trajectories becomes one predict call. */
export function createPredictionLoaders(db: Database, predictor: RewardPredictor) {
  const loaders = new Map<string, DataLoader<string, Prediction | null>>();
  return (versionId: string | null) => {
    const key = versionId ?? '';
    let loader = loaders.get(key);
    if (!loader) {
      loader = new DataLoader<string, Prediction | null>(
        async (ids) => {
          const rows = await db.select({ id: trajectories.id, state: trajectories.state }).from(trajectories).where(inArray(trajectories.id, [...ids]));
          const byId = new Map(rows.map((r) => [r.id, r.state]));
          const known = ids.filter((id) => byId.has(id));
          const predictions = await predictor.predictStates(
            known.map((id) => byId.get(id)!),
            versionId,
          );
          const out = new Map(known.map((id, i) => [id, predictions[i]!]));
          return ids.map((id) => out.get(id) ?? null);
        },
        { maxBatchSize: 500 },
      );
      loaders.set(key, loader);
    }
    return loader;
  };
}
