import DataLoader from 'dataloader';
import type { FeedbackRow } from '../../db/schema/reward.js';
import type { Reward } from './reward.mappers.js';
import type { RewardService } from './reward-service.js';

export interface RewardLoaders {
  reward(version: number | null): DataLoader<string, Reward | null>;
  feedback: DataLoader<string, FeedbackRow[]>;
}

/** Per-request loaders: a page of trajectories costs one query per field, not one per row. */
export function createRewardLoaders(service: RewardService): RewardLoaders {
  const byVersion = new Map<number | null, DataLoader<string, Reward | null>>();
  return {
    reward(version) {
      let loader = byVersion.get(version);
      if (!loader) {
        loader = new DataLoader((ids) => service.rewardsFor(ids, version));
        byVersion.set(version, loader);
      }
      return loader;
    },
    feedback: new DataLoader((ids) => service.feedbackFor(ids)),
  };
}
